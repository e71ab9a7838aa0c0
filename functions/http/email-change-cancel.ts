// The page behind the stop link in the email to the old address (issue 22): whoever reads that
// address can stop an address change that a stolen session started. GET shows one button and
// changes nothing, so that mail scanners stop nothing; POST stops the change. Possession of the link's
// token is the proof; the page speaks the account's language, and a wrong link tells nothing of it.
import * as z from '../../shared/zod';
import { isDomainError } from '../../shared/domain/errors';
import type { Account } from '../../shared/domain/model';
import { htmlRoute, reply, type ApiEvent } from '../../shared/http/middleware';
import { defineRoute } from '../../shared/http/openapi';
import { inputSchema } from '../../shared/http/route-spec';
import { pickLanguage } from '../../shared/pages/confirm-pages';
import {
  renderCancelAskPage,
  renderCancelledPage,
  renderCancelProblemPage,
} from '../../shared/pages/email-change-pages';
import { deps } from '../../shared/runtime';
import { cancelEmailChangeByLink, inspectEmailChangeCancel } from '../../shared/usecases/email-change';
import { declareRoute } from '../declare';

// Read leniently and judged by the use case, so that every problem becomes a page.
const linkSchema = inputSchema(() =>
  z.object({
    nic: z.optional(z.string().check(z.maxLength(64))),
    token: z.optional(z.string().check(z.maxLength(128))),
  }),
);

const showRoute = defineRoute({
  method: 'GET',
  path: '/email-change/cancel',
  auth: false,
  format: 'html',
  summary: 'The stop link of an address change: one button that stops it',
  description:
    'Emailed to the old address when an address change starts. Never changes anything, so that link ' +
    'scanners cannot stop a change. A wrong or replaced link shows nothing of the account (422); a change ' +
    'already confirmed, stopped or run out has nothing to stop (409).',
  tags: ['address change'],
  query: linkSchema,
  responses: { 200: { description: 'The page with its button.', contentType: 'text/html' } },
  errors: ['invalid_token', 'nothing_pending'],
});

const cancelRoute = defineRoute({
  method: 'POST',
  path: '/email-change/cancel',
  auth: false,
  format: 'html',
  summary: 'Stops an address change from its stop link',
  description:
    'The waiting change is dropped; the address stays and the code sent to the new one stops working.',
  tags: ['address change'],
  body: linkSchema,
  responses: { 200: { description: 'The change is stopped.', contentType: 'text/html' } },
  errors: ['invalid_token', 'nothing_pending'],
});

const base = (language: Account['language'], nonce: string) => ({
  language,
  nonce,
  providerName: deps().settings.providerName,
});

/** A refusal, in the browser's language: who the link was for is not told to whoever holds a wrong one. */
function problemPage(error: unknown, event: ApiEvent, nonce: string) {
  if (!isDomainError(error)) throw error;
  const language = pickLanguage(event.headers?.['accept-language']);
  return reply(error.status, renderCancelProblemPage({ ...base(language, nonce), code: error.code }));
}

export const showCancelHandler = htmlRoute(
  showRoute,
  async ({ query, event, nonce }) => {
    const { nic = '', token = '' } = query;
    try {
      const account = await inspectEmailChangeCancel(deps(), nic, token);
      return renderCancelAskPage({ ...base(account.language, nonce), nic: account.nic, token });
    } catch (error) {
      return problemPage(error, event, nonce);
    }
  },
  errorPage,
);

export const cancelHandler = htmlRoute(
  cancelRoute,
  async ({ body, event, nonce }) => {
    const { nic = '', token = '' } = body ?? {};
    try {
      const account = await cancelEmailChangeByLink(deps(), nic, token);
      return renderCancelledPage(base(account.language, nonce));
    } catch (error) {
      return problemPage(error, event, nonce);
    }
  },
  errorPage,
);

function errorPage(problem: { code: string }, event: ApiEvent, nonce: string): string {
  return renderCancelProblemPage({
    ...base(pickLanguage(event.headers?.['accept-language']), nonce),
    code: problem.code,
  });
}

// Reads the account named by the link, and writes nothing.
export const showCancelFunction = declareRoute({
  name: 'email-change-cancel-page',
  route: showRoute,
  handler: showCancelHandler,
  needs: { items: ['dynamodb:GetItem'] },
});

// Reads the account, then drops its waiting change with one conditional UpdateItem.
export const cancelFunction = declareRoute({
  name: 'email-change-cancel',
  route: cancelRoute,
  handler: cancelHandler,
  needs: { items: ['dynamodb:GetItem', 'dynamodb:UpdateItem'] },
});
