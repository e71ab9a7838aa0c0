// GET /me, PUT /me/email and PUT /me/language: the caller's own account.
import { accountSchema, emailBodySchema, languageBodySchema } from '../../shared/http/api-schemas';
import { jsonRoute } from '../../shared/http/middleware';
import { defineRoute } from '../../shared/http/openapi';
import { deps } from '../../shared/runtime';
import { changeEmail, getMe } from '../../shared/usecases/queries';

const account = ({
  nic,
  email,
  name,
  language,
}: {
  nic: string;
  email: string;
  name: string;
  language: string;
}) => ({
  nic,
  email,
  name,
  language,
});

export const getMeRoute = defineRoute({
  method: 'GET',
  path: '/me',
  auth: true,
  summary: "The caller's account",
  tags: ['account'],
  responses: { 200: { description: 'The account.', schema: accountSchema } },
  errors: ['not_found'],
});

export const getMeHandler = jsonRoute(getMeRoute, async ({ caller }) => account(await getMe(deps(), caller)));

export const putEmailRoute = defineRoute({
  method: 'PUT',
  path: '/me/email',
  auth: true,
  summary: "Changes the account's email address",
  description: 'Code emails go to the new address from now on; the old address is told of the change.',
  tags: ['account'],
  body: emailBodySchema,
  responses: { 200: { description: 'The account with its new address.', schema: accountSchema } },
  errors: ['not_found'],
});

export const putEmailHandler = jsonRoute(putEmailRoute, async ({ caller, body }) =>
  account(await changeEmail(deps(), caller, body.email)),
);

export const putLanguageRoute = defineRoute({
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

// No use case of its own: the language is the account's to set and nobody else needs telling.
export const putLanguageHandler = jsonRoute(putLanguageRoute, async ({ caller, body }) =>
  account(await deps().store.updateAccountLanguage(caller, body.language)),
);
