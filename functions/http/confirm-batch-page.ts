// The public batch confirm page behind the batch code email's link (API.md, "Batches"). GET shows
// every service awaiting the code's owner and changes nothing, so that link scanners cannot accept
// anything; POST answers all of them. The use case (answer-batch.ts) decides; the handlers only read
// the inputs and render what it chose.
import * as z from '../../shared/zod';
import type { ContactChangeRecord } from '../../shared/domain/model';
import { toContactChange } from '../../shared/domain/view';
import { batchParams, codeSchema } from '../../shared/http/link-schemas';
import { htmlRoute, reply } from '../../shared/http/middleware';
import { defineRoute } from '../../shared/http/openapi';
import { inputSchema } from '../../shared/http/route-spec';
import {
  renderBatchConfirmPage,
  renderBatchStatusPage,
  renderProblemPage,
} from '../../shared/pages/confirm-pages';
import { deps } from '../../shared/runtime';
import { MOVE_EMAILS } from '../../shared/email/kinds/moves';
import { answerBatchOnPage, showBatchPage, type BatchPageView } from '../../shared/usecases/answer-batch';
import { declareRoute } from '../declare';
import { browserLanguage, unexpectedProblemPage } from './confirm-problem';

// Inputs are read leniently here and checked below, so that every problem becomes a page in the right language.
const pageParams = inputSchema(() => z.object({ id: z.string() }));
const decisionSchema = z.builtOnce(() => z.enum(['accept', 'refuse']));
const batchIdSchema = () => batchParams().shape.id;

const showRoute = defineRoute({
  method: 'GET',
  path: '/confirm/batch/{id}',
  auth: false,
  format: 'html',
  summary: 'The batch confirm page: every service awaiting the code’s owner, one Accept and one Refuse',
  description:
    'Never changes anything, so that link scanners cannot accept a batch. With a code whose owner has ' +
    'nothing left to answer, the page says where each of their services stands (200).',
  tags: ['confirm page'],
  params: pageParams,
  query: inputSchema(() => z.object({ token: z.optional(z.string()) })),
  responses: { 200: { description: 'The page.', contentType: 'text/html' } },
  errors: ['not_found', 'invalid_token'],
});

const answerPageRoute = defineRoute({
  method: 'POST',
  path: '/confirm/batch/{id}',
  auth: false,
  format: 'html',
  summary: 'Accepts or refuses every request of the batch awaiting the code’s owner, from the batch page',
  tags: ['confirm page'],
  params: pageParams,
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

/** Renders the view the use case chose; the handler decides nothing. */
function render(view: BatchPageView, nonce: string, token: string) {
  const { reader } = view;
  const base = { language: reader.language, nonce, providerName: deps().settings.providerName };
  const aboutBatch = (requests: ContactChangeRecord[]) => ({
    ...base,
    batchId: view.page === 'problem' ? '' : view.batch.id,
    askedBy: view.page === 'problem' ? '' : view.batch.askedBy,
    requests: requests.map((request) => toContactChange(request, reader.names)),
    names: reader.names,
  });
  switch (view.page) {
    case 'confirm':
      return renderBatchConfirmPage({ ...aboutBatch(view.requests), confirmer: view.confirmer, token });
    case 'status': {
      const html = renderBatchStatusPage({
        ...aboutBatch(view.requests),
        confirmer: view.confirmer,
        fresh: view.fresh,
      });
      return view.status === 200 ? html : reply(view.status, html);
    }
    case 'problem': {
      const { retryAfterSeconds } = view.error;
      const html = renderProblemPage({
        ...base,
        code: view.error.code,
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

export const showBatchPageHandler = htmlRoute(
  showRoute,
  async ({ params, query, event, nonce }) => {
    const token = query.token ?? '';
    const view = await showBatchPage(deps(), {
      id: batchIdSchema().safeParse(params.id).data,
      token,
      fallback: browserLanguage(event),
    });
    return render(view, nonce, token);
  },
  unexpectedProblemPage,
);

export const answerBatchPageHandler = htmlRoute(
  answerPageRoute,
  async ({ params, body, event, nonce }) => {
    const token = codeSchema().safeParse(body?.token).data ?? '';
    const view = await answerBatchOnPage(deps(MOVE_EMAILS), {
      id: batchIdSchema().safeParse(params.id).data,
      token,
      decision: decisionSchema().safeParse(body?.decision).data,
      source: event.requestContext?.http?.sourceIp,
      fallback: browserLanguage(event),
    });
    return render(view, nonce, token);
  },
  unexpectedProblemPage,
);

// The page reads the batch, its requests and the accounts they name, and writes nothing.
export const showBatchPageFunction = declareRoute({
  name: 'confirm-batch-page',
  route: showRoute,
  handler: showBatchPageHandler,
  needs: { items: ['dynamodb:GetItem', 'dynamodb:BatchGetItem'] },
});

export const answerBatchPageFunction = declareRoute({
  name: 'confirm-batch-answer',
  route: answerPageRoute,
  handler: answerBatchPageHandler,
  // Reads the requests, settles each one the code awaits, and tells as a single answer does.
  needs: {
    items: [
      'dynamodb:GetItem',
      'dynamodb:BatchGetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
    ],
    mail: true,
    // The counters of codes that are nobody's: a Query of each one's sliding window.
    query: ['table'],
    workflow: ['states:SendTaskSuccess', 'states:SendTaskFailure'],
  },
});
