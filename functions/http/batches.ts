// Asking for one change on many services at once, and reading a batch (API.md, "Batches").
import {
  batchBodySchema,
  batchParams,
  batchSchema,
  createdBatchSchema,
  idempotencyHeaders,
} from '../../shared/http/api-schemas';
import { jsonRoute, reply } from '../../shared/http/middleware';
import { defineRoute } from '../../shared/http/openapi';
import { deps } from '../../shared/runtime';
import { BATCH_CODE_EMAILS } from '../../shared/email/kinds/codes';
import { BATCH_OUTCOME_EMAILS } from '../../shared/email/kinds/moves';
import { batchIdFor, getBatch, requestBatchChange } from '../../shared/usecases/create-batch';
import { once } from '../../shared/usecases/idempotency';
import { declareRoute } from '../declare';

// The batch codes; a request whose workflow cannot start ends failed at once (asking.ts), which a
// batch's request tells in the batch's outcome email alone (batch-notices.ts).
export const CREATE_BATCH_EMAILS = { ...BATCH_CODE_EMAILS, ...BATCH_OUTCOME_EMAILS };

const createBatchRoute = defineRoute({
  method: 'POST',
  path: '/contact-changes/batches',
  auth: true,
  summary: 'Asks for one change of contacts on many services at once',
  description:
    'Every service is checked first with the rules of a single request; if any would be refused, nothing is ' +
    'created (batch_refused, with one entry per refused service in `errors`). Otherwise each service gets its ' +
    'own request, and each person asked gets one email with one code for all of their requests. With an ' +
    'Idempotency-Key, the same key and body within 24 hours return the first answer.',
  tags: ['contact changes'],
  headers: idempotencyHeaders,
  body: batchBodySchema,
  responses: {
    202: {
      description: 'The batch is registered and the codes are on their way.',
      schema: createdBatchSchema,
    },
  },
  errors: ['batch_refused', 'too_many_requests', 'change_pending'],
});

export const createBatchHandler = jsonRoute(createBatchRoute, async ({ caller, headers, body, deadline }) => {
  const key = headers['idempotency-key'];
  const created = await once(
    deps(),
    caller,
    key,
    { batch: body },
    () => requestBatchChange(deps(CREATE_BATCH_EMAILS), caller, body, batchIdFor(deps(), caller, key, body)),
    deadline,
  );
  return reply(202, created);
});

// Reads the services and accounts, writes the batch in transactions (Put, Update, and Delete to undo
// one that fails), queries the email claims and the rate counters, emails the codes, starts workflows.
export const createBatchFunction = declareRoute({
  name: 'create-batch',
  route: createBatchRoute,
  handler: createBatchHandler,
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

const getBatchRoute = defineRoute({
  method: 'GET',
  path: '/contact-changes/batches/{id}',
  auth: true,
  summary: 'One batch the caller is part of, or of services the caller is admin of',
  tags: ['contact changes'],
  params: batchParams,
  responses: { 200: { description: 'The batch and its requests.', schema: batchSchema } },
  errors: ['not_found'],
});

export const getBatchHandler = jsonRoute(getBatchRoute, async ({ caller, params }) =>
  getBatch(deps(), caller, params.id),
);

export const getBatchFunction = declareRoute({
  name: 'get-batch',
  route: getBatchRoute,
  handler: getBatchHandler,
  needs: { items: ['dynamodb:GetItem', 'dynamodb:BatchGetItem'] },
});
