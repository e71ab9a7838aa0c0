// The public page behind the emailed link. GET shows the request with the code filled in and changes
// nothing, so that mail systems' link scanners cannot accept anything; POST answers. Possession of
// the code is the proof, and the page speaks the language of the code's owner. The link always tells
// the truth: once its owner has answered, or the request has ended, it says where things stand.
import * as z from '../../shared/zod';
import { declareRoute } from '../declare';
import { browserLanguage, unexpectedProblemPage } from './confirm-problem';
import { LANGUAGES, type ContactChangeRecord } from '../../shared/domain/model';
import { toContactChange } from '../../shared/domain/view';
import { requestIdSchema, codeSchema } from '../../shared/http/link-schemas';
import { htmlRoute, reply, type ApiEvent } from '../../shared/http/middleware';
import { defineRoute } from '../../shared/http/openapi';
import { inputSchema } from '../../shared/http/route-spec';
import {
  renderConfirmPage,
  renderEnterCodePage,
  renderProblemPage,
  renderStatusPage,
} from '../../shared/pages/confirm-pages';
import { deps } from '../../shared/runtime';
import { MOVE_EMAILS } from '../../shared/email/kinds/moves';
import {
  answerOnPage,
  showConfirmPage,
  type ConfirmPageView,
  type PageReader,
} from '../../shared/usecases/confirm-page';
import { isoNow } from '../../shared/usecases/deps';

// Inputs are read leniently here and checked below, so that every problem becomes a page in the right language.
const params = inputSchema(() => z.object({ id: z.string() }));
const decisionSchema = z.builtOnce(() => z.enum(['accept', 'refuse']));

const showRoute = defineRoute({
  method: 'GET',
  path: '/confirm/{id}',
  auth: false,
  format: 'html',
  summary: 'The confirm page: the request in words, the code filled in, Accept and Refuse',
  description:
    'Never changes anything, so that link scanners cannot accept a request. With a code its owner already ' +
    'answered with, or that the request ended with, the page says where the request stands (200). ' +
    'Without a code it asks for the one emailed (the link of a reminder).',
  tags: ['confirm page'],
  params,
  // `lang` only for a page without a code (a reminder's link): a code says whose language to speak.
  query: inputSchema(() => z.object({ token: z.optional(z.string()), lang: z.optional(z.string()) })),
  responses: { 200: { description: 'The page.', contentType: 'text/html' } },
  errors: ['not_found', 'invalid_token'],
});

const answerRoute = defineRoute({
  method: 'POST',
  path: '/confirm/{id}',
  auth: false,
  format: 'html',
  summary: 'Accepts or refuses from the confirm page',
  tags: ['confirm page'],
  params,
  // An unknown decision reads as none, which the handler answers with its own page: the document still
  // says which two there are.
  body: inputSchema(() =>
    z.object({ token: z.optional(z.string()), decision: z.catch(z.optional(decisionSchema()), undefined) }),
  ),
  responses: { 200: { description: 'The answer page.', contentType: 'text/html' } },
  errors: [
    'not_found',
    'invalid_token',
    'request_closed',
    'already_answered',
    'too_many_attempts',
    'too_many_requests',
  ],
});

/** What every page of this handler is given. */
const base = (reader: PageReader, nonce: string) => ({
  language: reader.language,
  nonce,
  providerName: deps().settings.providerName,
});

/** Renders the view the use case chose; the handler decides nothing. */
function render(view: ConfirmPageView, nonce: string, id: string, token: string) {
  const { reader } = view;
  const aboutRequest = (request: ContactChangeRecord) => ({
    ...base(reader, nonce),
    request: toContactChange(request, reader.names),
    serviceName: request.serviceName,
    names: reader.names,
    timeZone: reader.timeZone,
  });
  switch (view.page) {
    case 'enter_code':
      return renderEnterCodePage({ ...base(reader, nonce), requestId: id });
    case 'confirm':
      return renderConfirmPage({ ...aboutRequest(view.request), confirmer: view.confirmer, token });
    case 'status': {
      const html = renderStatusPage({
        ...aboutRequest(view.request),
        confirmer: view.confirmer,
        fresh: view.fresh,
        now: isoNow(deps()),
      });
      return view.status === 200 ? html : reply(view.status, html);
    }
    case 'problem': {
      const { retryAfterSeconds } = view.error;
      const html = renderProblemPage({
        ...base(reader, nonce),
        code: view.error.code,
        requestId: id,
        token,
        ...(retryAfterSeconds !== undefined && { retryAfterSeconds }),
      });
      return reply(
        view.error.status,
        html,
        retryAfterSeconds === undefined ? undefined : { 'retry-after': String(retryAfterSeconds) },
      );
    }
  }
}

/** The language for a reader the code does not name: the link's, else the browser's. */
const fallbackLanguage = (event: ApiEvent, asked?: string) =>
  LANGUAGES.find((language) => language === asked) ?? browserLanguage(event);

export const showHandler = htmlRoute(
  showRoute,
  async ({ params, query, event, nonce }) => {
    const token = query.token ?? '';
    const view = await showConfirmPage(deps(), {
      id: requestIdSchema().safeParse(params.id).data,
      token,
      fallback: fallbackLanguage(event, query.lang),
    });
    return render(view, nonce, params.id, token);
  },
  unexpectedProblemPage,
);

export const answerHandler = htmlRoute(
  answerRoute,
  async ({ params, body, event, nonce }) => {
    const token = codeSchema().safeParse(body?.token).data ?? '';
    const view = await answerOnPage(deps(MOVE_EMAILS), {
      id: requestIdSchema().safeParse(params.id).data,
      token,
      decision: decisionSchema().safeParse(body?.decision).data,
      source: event.requestContext?.http?.sourceIp,
      fallback: fallbackLanguage(event),
    });
    return render(view, nonce, params.id, token);
  },
  unexpectedProblemPage,
);

// The page reads the request and the accounts it names, and writes nothing.
export const showFunction = declareRoute({
  name: 'confirm-page',
  route: showRoute,
  handler: showHandler,
  needs: { items: ['dynamodb:GetItem', 'dynamodb:BatchGetItem'] },
});

export const answerFunction = declareRoute({
  name: 'confirm-answer',
  route: answerRoute,
  handler: answerHandler,
  needs: {
    items: [
      'dynamodb:GetItem',
      'dynamodb:BatchGetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
    ],
    // The counters of codes that are nobody's: a Query of each one's sliding window.
    query: ['table'],
    mail: true,
    workflow: ['states:SendTaskSuccess', 'states:SendTaskFailure'],
  },
  // A wait that hears an answer leaves its emails to the workflow (the lifecycle's `toldBy`, notify.ts).
  onlyWhen: {
    'ses:SendEmail':
      'an answer that no wait of the workflow heard (none had begun, or it is gone): the receipt of an acceptance, the emails of a refusal, or those of the last acceptance applied here',
  },
});
