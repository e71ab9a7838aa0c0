// POST /_local/token hands out a JWT for an existing account, in place of signing in to Cognito;
// GET /_local/accounts lists the accounts for the panel's local sign-in page.
// Local only; never part of the deployed API or its OpenAPI document.
import * as z from 'zod';
import { DomainError } from '../../shared/domain/errors';
import type { Handle } from '../../shared/domain/model';
import { jsonRoute, type RouteHandler } from '../../shared/http/middleware';
import { answerSchema, defineRoute } from '../../shared/http/openapi';
import { handleSchema } from '../../shared/http/schemas';

export const tokenRoute = defineRoute({
  method: 'POST',
  path: '/_local/token',
  auth: false,
  summary: 'A token for an existing account (local mode only)',
  body: z.object({ nic: handleSchema() }),
  responses: {
    200: { description: 'A signed JWT.', schema: answerSchema(() => z.object({ token: z.string() })) },
  },
  errors: ['unknown_account'],
});

export const accountsRoute = defineRoute({
  method: 'GET',
  path: '/_local/accounts',
  auth: false,
  summary: 'The loaded accounts, to sign in as one (local mode only)',
  responses: {
    200: {
      description: 'Every account, by handle.',
      schema: answerSchema(() =>
        z.object({ accounts: z.array(z.object({ nic: handleSchema(), name: z.string() })) }),
      ),
    },
  },
});

export interface TokenRouteDeps {
  issueToken(nic: Handle): Promise<string>;
  accountExists(nic: Handle): Promise<boolean>;
}

export function createAccountsHandler(
  listAccounts: () => Promise<{ nic: Handle; name: string }[]>,
): RouteHandler {
  return jsonRoute(accountsRoute, async () => ({
    accounts: (await listAccounts()).sort((a, b) => a.nic.localeCompare(b.nic)),
  }));
}

export function createTokenHandler({ issueToken, accountExists }: TokenRouteDeps): RouteHandler {
  return jsonRoute(tokenRoute, async ({ body }) => {
    if (!(await accountExists(body.nic)))
      throw new DomainError('unknown_account', `No account has the handle ${body.nic}.`);
    return { token: await issueToken(body.nic) };
  });
}
