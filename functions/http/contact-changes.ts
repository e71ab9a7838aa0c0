// Asking for contact changes, and reading them.
import {
  changeBodySchema,
  changesQuery,
  contactChangePageSchema,
  contactChangeSchema,
  createdChangesSchema,
  idempotencyHeaders,
  requestParams,
  serviceParams,
} from '../../shared/http/api-schemas';
import { jsonRoute, reply } from '../../shared/http/middleware';
import { declareRoute } from '../declare';
import { defineRoute } from '../../shared/http/openapi';
import { deps } from '../../shared/runtime';
import { REQUEST_CODE_EMAILS } from '../../shared/email/kinds/codes';
import { FAILED_EMAILS } from '../../shared/email/kinds/moves';
import { requestContactChange } from '../../shared/usecases/create-change';
import { once } from '../../shared/usecases/idempotency';
import { getChange, listMyChanges } from '../../shared/usecases/queries';

// The codes; a request whose workflow cannot start ends failed at once, and says so (asking.ts).
export const CREATE_CHANGE_EMAILS = { ...REQUEST_CODE_EMAILS, ...FAILED_EMAILS };

const createRoute = defineRoute({
  method: 'POST',
  path: '/services/{serviceId}/contact-changes',
  auth: true,
  summary: 'Asks for a change of contacts',
  description:
    'Creates one request per pair of accounts the roles move between. Nothing changes until every confirmer ' +
    'has accepted with the code emailed to them. With an Idempotency-Key, the same key and body within 24 hours ' +
    'return the first answer.',
  tags: ['contact changes'],
  params: serviceParams,
  headers: idempotencyHeaders,
  body: changeBodySchema,
  responses: {
    202: {
      description: 'The requests are registered and the codes are on their way.',
      schema: createdChangesSchema,
    },
  },
  errors: [
    'not_found',
    'role_not_allowed',
    'change_pending',
    'no_change',
    'unknown_account',
    'zone_mismatch',
    'unpaid_invoices',
    'no_payment_method',
    'too_many_requests',
  ],
});

export const createHandler = jsonRoute(createRoute, async ({ caller, params, headers, body, deadline }) => {
  const created = await once(
    deps(),
    caller,
    headers['idempotency-key'],
    { params, body },
    () => requestContactChange(deps(CREATE_CHANGE_EMAILS), caller, params.serviceId, body),
    deadline,
  );
  return reply(202, created);
});

// Idempotency records (Put/Get/Update/Delete), the requests' transaction, closing one whose workflow
// failed to start, and a Query of the email claims when a new contact is named by address.
export const createFunction = declareRoute({
  name: 'create-change',
  route: createRoute,
  handler: createHandler,
  needs: {
    items: [
      'dynamodb:GetItem',
      'dynamodb:BatchGetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
    ],
    query: ['table'],
    mail: true,
    workflow: ['states:StartExecution'],
  },
});

const listChangesRoute = defineRoute({
  method: 'GET',
  path: '/me/contact-changes',
  auth: true,
  summary: 'Requests where the caller is asker, confirmer or told, newest first',
  tags: ['contact changes'],
  query: changesQuery,
  responses: { 200: { description: 'A page of contact changes.', schema: contactChangePageSchema } },
});

export const listChangesHandler = jsonRoute(listChangesRoute, async ({ caller, query }) =>
  listMyChanges(deps(), caller, query),
);

export const listChangesFunction = declareRoute({
  name: 'list-changes',
  route: listChangesRoute,
  handler: listChangesHandler,
  // BatchGetItem: the accounts the requests name, and the services of open requests someone else
  // asked, whose admin may cancel them (`actions`), all in one read.
  needs: { items: ['dynamodb:BatchGetItem'], query: ['table', 'changesByPartyState'] },
});

const getChangeRoute = defineRoute({
  method: 'GET',
  path: '/contact-changes/{id}',
  auth: true,
  summary: 'One request the caller is part of',
  tags: ['contact changes'],
  params: requestParams,
  responses: { 200: { description: 'The contact change.', schema: contactChangeSchema } },
  errors: ['not_found'],
});

export const getChangeHandler = jsonRoute(getChangeRoute, async ({ caller, params }) =>
  getChange(deps(), caller, params.id),
);

export const getChangeFunction = declareRoute({
  name: 'get-change',
  route: getChangeRoute,
  handler: getChangeHandler,
  // BatchGetItem: the accounts the request shows, for their names.
  needs: { items: ['dynamodb:GetItem', 'dynamodb:BatchGetItem'] },
});
