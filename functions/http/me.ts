// The caller's own account: GET /me, the verified address change (PUT /me/email starts it,
// POST /me/email/confirm finishes it with the code sent to the new address, DELETE /me/email stops
// it), and its language.
import type { Account } from '../../shared/domain/model';
import { timeZoneOf } from '../../shared/domain/time-zone';
import { declareRoute } from '../declare';
import {
  accountSchema,
  codeBodySchema,
  emailBodySchema,
  languageBodySchema,
} from '../../shared/http/api-schemas';
import { jsonRoute, reply } from '../../shared/http/middleware';
import { defineRoute } from '../../shared/http/openapi';
import { deps } from '../../shared/runtime';
import { EMAIL_CHANGE_EMAILS } from '../../shared/email/kinds/email-change';
import { cancelEmailChange, confirmEmailChange, startEmailChange } from '../../shared/usecases/email-change';
import { setLanguage } from '../../shared/usecases/queries';
import { getMe } from '../../shared/usecases/reads';

/** The API's Account: the waiting change shows as its address only, never its code. */
const account = ({ nic, email, name, language, zone, timeZone, pendingEmail }: Account) => ({
  nic,
  email,
  name,
  language,
  zone,
  timeZone: timeZoneOf({ language, timeZone }),
  pendingEmail: pendingEmail?.email ?? null,
});

const getMeRoute = defineRoute({
  method: 'GET',
  path: '/me',
  auth: true,
  summary: "The caller's account",
  tags: ['account'],
  responses: { 200: { description: 'The account.', schema: accountSchema } },
  errors: ['not_found'],
});

export const getMeHandler = jsonRoute(getMeRoute, async ({ caller }) => account(await getMe(deps(), caller)));

export const getMeFunction = declareRoute({
  name: 'get-me',
  route: getMeRoute,
  handler: getMeHandler,
  needs: { items: ['dynamodb:GetItem'] },
});

const putEmailRoute = defineRoute({
  method: 'PUT',
  path: '/me/email',
  auth: true,
  summary: "Starts a change of the account's email address",
  description:
    'A code goes to the new address and the old address is told. Nothing changes until the code is ' +
    'confirmed with POST /me/email/confirm within 24 hours; codes keep going to the old address until then.',
  tags: ['account'],
  body: emailBodySchema,
  responses: {
    202: {
      description: 'The change waits for its code: the account with `pendingEmail`.',
      schema: accountSchema,
    },
  },
  errors: ['not_found', 'no_change', 'too_many_requests'],
});

export const putEmailHandler = jsonRoute(putEmailRoute, async ({ caller, body }) =>
  reply(202, account(await startEmailChange(deps(EMAIL_CHANGE_EMAILS), caller, body.email))),
);

// Reads the account, counts the start (a rate counter: a Query of its window's buckets, an update),
// keeps the change waiting, emails both addresses.
export const putEmailFunction = declareRoute({
  name: 'put-email',
  route: putEmailRoute,
  handler: putEmailHandler,
  needs: { items: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], query: ['table'], mail: true },
});

const confirmEmailRoute = defineRoute({
  method: 'POST',
  path: '/me/email/confirm',
  auth: true,
  summary: 'Confirms the address change with the code sent to the new address',
  description:
    'The address changes and the old address is told. Five wrong codes lock the change until it is started again.',
  tags: ['account'],
  body: codeBodySchema,
  responses: { 200: { description: 'The account with its new address.', schema: accountSchema } },
  errors: ['not_found', 'nothing_pending', 'invalid_token', 'too_many_attempts'],
});

export const confirmEmailHandler = jsonRoute(confirmEmailRoute, async ({ caller, body }) =>
  account(await confirmEmailChange(deps(EMAIL_CHANGE_EMAILS), caller, body.token)),
);

// The address and its email claim move in one transaction (Update, Delete, Put).
export const confirmEmailFunction = declareRoute({
  name: 'confirm-email',
  route: confirmEmailRoute,
  handler: confirmEmailHandler,
  needs: {
    items: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
    mail: true,
  },
});

const deleteEmailRoute = defineRoute({
  method: 'DELETE',
  path: '/me/email',
  auth: true,
  summary: 'Stops the waiting address change',
  description:
    'The address stays and the code sent to the new address stops working; so does the stop link emailed ' +
    'to the old address, which does the same without signing in.',
  tags: ['account'],
  responses: { 200: { description: 'The account, with nothing pending.', schema: accountSchema } },
  errors: ['not_found', 'nothing_pending'],
});

export const deleteEmailHandler = jsonRoute(deleteEmailRoute, async ({ caller }) =>
  account(await cancelEmailChange(deps(), caller)),
);

// Reads the account, then drops its waiting change with one conditional UpdateItem.
export const deleteEmailFunction = declareRoute({
  name: 'delete-email',
  route: deleteEmailRoute,
  handler: deleteEmailHandler,
  needs: { items: ['dynamodb:GetItem', 'dynamodb:UpdateItem'] },
});

const putLanguageRoute = defineRoute({
  method: 'PUT',
  path: '/me/language',
  auth: true,
  summary: "Changes the account's language",
  description: 'Emails, confirm pages and the control panel speak it from now on.',
  tags: ['account'],
  body: languageBodySchema,
  responses: { 200: { description: 'The account in its new language.', schema: accountSchema } },
  errors: ['not_found'],
});

export const putLanguageHandler = jsonRoute(putLanguageRoute, async ({ caller, body }) =>
  account(await setLanguage(deps(), caller, body.language)),
);

export const putLanguageFunction = declareRoute({
  name: 'put-language',
  route: putLanguageRoute,
  handler: putLanguageHandler,
  needs: { items: ['dynamodb:UpdateItem'] },
});
