// GET /me and PUT /me/email: the caller's own account.
import { accountSchema, emailBodySchema } from '../../shared/http/api-schemas';
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
