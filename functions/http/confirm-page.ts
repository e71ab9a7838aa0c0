// The public page behind the emailed link. GET shows the request with the code filled in and changes
// nothing, so that mail systems' link scanners cannot accept anything; POST answers. Possession of
// the code is the proof, and the page speaks the language of the code's owner.
import * as z from 'zod';
import { declareRoute } from '../declare';
import { codeMatches } from '../../shared/domain/codes';
import { isFinal } from '../../shared/domain/lifecycle';
import { DomainError, isDomainError } from '../../shared/domain/errors';
import { toContactChange } from '../../shared/domain/view';
import type { ContactChangeRecord } from '../../shared/domain/model';
import { requestIdSchema, codeSchema } from '../../shared/http/api-schemas';
import { htmlRoute, reply, type ApiEvent } from '../../shared/http/middleware';
import { defineRoute } from '../../shared/http/openapi';
import {
  pickLanguage,
  renderAnswerPage,
  renderConfirmPage,
  renderProblemPage,
  type PageLanguage,
} from '../../shared/pages/confirm-pages';
import { deps } from '../../shared/runtime';
import { closedError } from '../../shared/domain/answers';
import { answerChange } from '../../shared/usecases/answer';
import type { Deps } from '../../shared/usecases/deps';

// Inputs are read leniently here and checked below, so that every problem becomes a page in the right language.
const params = z.object({ id: z.string() });

const showRoute = defineRoute({
  method: 'GET',
  path: '/confirm/{id}',
  auth: false,
  format: 'html',
  summary: 'The confirm page: the request in words, the code filled in, Accept and Refuse',
  description: 'Never changes anything, so that link scanners cannot accept a request.',
  tags: ['confirm page'],
  params,
  query: z.object({ token: z.string().optional() }),
  responses: { 200: { description: 'The page.', contentType: 'text/html' } },
  errors: ['not_found', 'invalid_token', 'request_closed', 'already_answered'],
});

const answerRoute = defineRoute({
  method: 'POST',
  path: '/confirm/{id}',
  auth: false,
  format: 'html',
  summary: 'Accepts or refuses from the confirm page',
  tags: ['confirm page'],
  params,
  body: z.object({ token: z.string().optional(), decision: z.string().optional() }),
  responses: { 200: { description: 'The answer page.', contentType: 'text/html' } },
  errors: ['not_found', 'invalid_token', 'request_closed', 'already_answered', 'too_many_attempts'],
});

interface Seen {
  request?: ContactChangeRecord;
  /** The confirmer whose code was given, when it matches one. */
  confirmer?: string;
  language: PageLanguage;
}

/** Who the code belongs to, and so which language the page speaks; an unknown code gets the browser's. */
async function whoseCode(d: Deps, id: string, token: string, event: ApiEvent): Promise<Seen> {
  const fallback = pickLanguage(event.headers?.['accept-language']);
  if (!requestIdSchema.safeParse(id).success) return { language: fallback };
  const request = await d.store.getRequest(id);
  const confirmer = request?.confirmers.find((c) => codeMatches(token, c.codeHash))?.nic;
  const account = confirmer ? await d.store.getAccount(confirmer) : undefined;
  return { request, confirmer, language: account?.language ?? fallback };
}

function problemPage(seen: Seen, nonce: string, id: string, token: string, error: unknown) {
  if (!isDomainError(error)) throw error;
  const { request, confirmer, language } = seen;
  const html = renderProblemPage({
    language,
    nonce,
    code: error.code,
    detail: error.message,
    requestId: id,
    token,
    ...(request && confirmer
      ? { request: toContactChange(request), serviceName: request.serviceName, confirmer }
      : {}),
  });
  return reply(error.status, html);
}

export const showHandler = htmlRoute(showRoute, async ({ params, query, event, nonce }) => {
  const d = deps();
  const token = query.token ?? '';
  const seen = await whoseCode(d, params.id, token, event);
  try {
    const id = requestIdSchema.parse(params.id, { error: () => 'not a request id' });
    const { request, confirmer } = seen; // read once, by whoseCode
    if (!request) throw new DomainError('not_found', 'No such contact change.');
    if (!confirmer && isFinal(request.state)) throw closedError(request);
    if (!confirmer) return problemPage(seen, nonce, id, token, invalidCode());
    return renderConfirmPage({
      language: seen.language,
      nonce,
      request: toContactChange(request),
      serviceName: request.serviceName,
      confirmer,
      token,
    });
  } catch (error) {
    return problemPage(seen, nonce, params.id, token, asPageError(error));
  }
});

export const showFunction = declareRoute({
  name: 'confirm-page',
  route: showRoute,
  handler: showHandler,
  needs: { items: ['dynamodb:GetItem'] },
});

export const answerHandler = htmlRoute(answerRoute, async ({ params, body, event, nonce }) => {
  const d = deps();
  const token = codeSchema.safeParse(body?.token).data ?? '';
  const seen = await whoseCode(d, params.id, token, event);
  try {
    const decision = z.enum(['accept', 'refuse']).parse(body?.decision);
    const id = requestIdSchema.parse(params.id);
    if (!token) throw invalidCode();
    const { request, nic } = await answerChange(d, { id, code: token, decision });
    return renderAnswerPage({
      language: seen.language,
      nonce,
      request: toContactChange(request),
      serviceName: request.serviceName,
      confirmer: nic,
      decision,
    });
  } catch (error) {
    return problemPage(seen, nonce, params.id, token, asPageError(error));
  }
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
    mail: true,
    workflow: ['states:SendTaskSuccess', 'states:SendTaskFailure'],
  },
});

const invalidCode = () => new DomainError('invalid_token', 'This code is wrong, used or replaced.');

/** A malformed id or form is, to the person holding the link, simply a link that does not work. */
const asPageError = (error: unknown) =>
  error instanceof z.ZodError
    ? new DomainError('validation_failed', 'This link or form is not valid.')
    : error;
