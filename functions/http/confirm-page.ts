// The public page behind the emailed link. GET shows the request with the code filled in and changes
// nothing, so that mail systems' link scanners cannot accept anything; POST answers. Possession of
// the code is the proof, and the page speaks the language of the code's owner. The link always tells
// the truth: once its owner has answered, or the request has ended, it says where things stand.
import * as z from 'zod';
import { codeOwner } from '../../shared/domain/answers';
import { declareRoute } from '../declare';
import { DomainError, isDomainError } from '../../shared/domain/errors';
import { LANGUAGES, type ContactChangeRecord, type Handle } from '../../shared/domain/model';
import { DEFAULT_TIME_ZONES, timeZoneOf } from '../../shared/domain/time-zone';
import { namedBy, toContactChange } from '../../shared/domain/view';
import { requestIdSchema, codeSchema } from '../../shared/http/api-schemas';
import { htmlRoute, reply, type ApiEvent } from '../../shared/http/middleware';
import { defineRoute } from '../../shared/http/openapi';
import {
  pickLanguage,
  renderConfirmPage,
  renderEnterCodePage,
  renderProblemPage,
  renderStatusPage,
  type PageLanguage,
} from '../../shared/pages/confirm-pages';
import { deps } from '../../shared/runtime';
import { answerChange } from '../../shared/usecases/answer';
import { isoNow, type Deps } from '../../shared/usecases/deps';

// Inputs are read leniently here and checked below, so that every problem becomes a page in the right language.
const params = z.object({ id: z.string() });
const decisionSchema = z.enum(['accept', 'refuse']);

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
  query: z.object({ token: z.string().optional(), lang: z.string().optional() }),
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
  body: z.object({ token: z.string().optional(), decision: decisionSchema.optional().catch(undefined) }),
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

interface Seen {
  request?: ContactChangeRecord;
  /** Whose code was given: held now, or held when they answered or the request ended. */
  owner?: { nic: Handle; current: boolean };
  /** The owner's language and time zone; the browser's language for a code nobody owns. */
  language: PageLanguage;
  timeZone: string;
  names: Record<Handle, string>;
}

/** Who the code belongs to, and so which language the page speaks, with the names the page shows. */
async function whoseCode(d: Deps, id: string, token: string, event: ApiEvent, asked?: string): Promise<Seen> {
  const fallback =
    LANGUAGES.find((language) => language === asked) ?? pickLanguage(event.headers?.['accept-language']);
  const unknown: Seen = { language: fallback, timeZone: DEFAULT_TIME_ZONES[fallback], names: {} };
  if (!requestIdSchema.safeParse(id).success) return unknown;
  const request = await d.store.getRequest(id);
  if (!request) return unknown;
  const owner = token ? codeOwner(request, token) : undefined;
  const accounts = await d.store.getAccounts(namedBy(request));
  const account = owner && accounts.get(owner.nic);
  const language = account?.language ?? fallback;
  return {
    request,
    owner,
    language,
    timeZone: account ? timeZoneOf(account) : DEFAULT_TIME_ZONES[language],
    names: Object.fromEntries([...accounts].map(([nic, a]) => [nic, a.name])),
  };
}

/** The request as the pages show it, with the reader's language, zone and the names it needs. */
const aboutRequest = (seen: Seen, request: ContactChangeRecord) => ({
  request: toContactChange(request, seen.names),
  serviceName: request.serviceName,
  names: seen.names,
  timeZone: seen.timeZone,
});

const base = (d: Deps, seen: Seen, nonce: string) => ({
  language: seen.language,
  nonce,
  providerName: d.settings.providerName,
});

/** A problem, and nothing of the request: only the owner of a code sees it (issue 22). */
function problemPage(d: Deps, seen: Seen, nonce: string, id: string, token: string, error: unknown) {
  if (!isDomainError(error)) throw error;
  const retryAfterSeconds = error.retryAfterSeconds;
  const html = renderProblemPage({
    ...base(d, seen, nonce),
    code: error.code,
    requestId: id,
    token,
    ...(retryAfterSeconds !== undefined && { retryAfterSeconds }),
  });
  return reply(
    error.status,
    html,
    retryAfterSeconds === undefined ? undefined : { 'retry-after': String(retryAfterSeconds) },
  );
}

/** Where the request stands, for the owner of the code: after their answer, or whenever they come back. */
function statusPage(d: Deps, seen: Seen, nonce: string, request: ContactChangeRecord, fresh: boolean) {
  return renderStatusPage({
    ...base(d, seen, nonce),
    ...aboutRequest(seen, request),
    confirmer: seen.owner!.nic,
    fresh,
    now: isoNow(d),
  });
}

export const showHandler = htmlRoute(
  showRoute,
  async ({ params, query, event, nonce }) => {
    const d = deps();
    const token = query.token ?? '';
    const seen = await whoseCode(d, params.id, token, event, query.lang);
    try {
      const id = requestIdSchema.parse(params.id, { error: () => 'not a request id' });
      const { request, owner } = seen; // read once, by whoseCode
      if (!request) throw new DomainError('not_found', 'No such contact change.');
      // A reminder's link carries no code: the reader types the one they were sent.
      if (!token) return renderEnterCodePage({ ...base(d, seen, nonce), requestId: id });
      if (!owner) throw invalidCode();
      const answerable =
        owner.current && request.state === 'awaiting_confirmation' && request.expiresAt > isoNow(d);
      if (!answerable) return statusPage(d, seen, nonce, request, false);
      return renderConfirmPage({
        ...base(d, seen, nonce),
        ...aboutRequest(seen, request),
        confirmer: owner.nic,
        token,
      });
    } catch (error) {
      return problemPage(d, seen, nonce, params.id, token, asPageError(error));
    }
  },
  errorPage,
);

export const answerHandler = htmlRoute(
  answerRoute,
  async ({ params, body, event, nonce }) => {
    const d = deps();
    const token = codeSchema.safeParse(body?.token).data ?? '';
    const seen = await whoseCode(d, params.id, token, event);
    try {
      const decision = decisionSchema.parse(body?.decision);
      const id = requestIdSchema.parse(params.id);
      if (!token) throw invalidCode();
      const source = event.requestContext?.http?.sourceIp;
      const { request } = await answerChange(d, { id, code: token, decision, source });
      return statusPage(d, seen, nonce, request, true);
    } catch (error) {
      if (isDomainError(error) && (error.code === 'already_answered' || error.code === 'request_closed')) {
        // The owner's code, used before or on a request that has moved on: say where it stands now.
        if (seen.owner) {
          const now = (await d.store.getRequest(params.id)) ?? seen.request!;
          return reply(error.status, statusPage(d, seen, nonce, now, false));
        }
        // Every code dies with its request; one that was never the request's is simply wrong.
        return problemPage(d, seen, nonce, params.id, token, invalidCode());
      }
      return problemPage(d, seen, nonce, params.id, token, asPageError(error));
    }
  },
  errorPage,
);

/** A failure the handler did not expect still gets a page in the browser's language. */
function errorPage(problem: { code: string }, event: ApiEvent, nonce: string): string {
  return renderProblemPage({
    language: pickLanguage(event.headers?.['accept-language']),
    nonce,
    providerName: deps().settings.providerName,
    code: problem.code,
  });
}

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
});

const invalidCode = () => new DomainError('invalid_token', 'This code is wrong, used or replaced.');

/** A malformed id or form is, to the person holding the link, simply a link that does not work. */
const asPageError = (error: unknown) =>
  error instanceof z.ZodError
    ? new DomainError('validation_failed', 'This link or form is not valid.')
    : error;
