// Withdrawing a batch, and new batch codes (API.md, "Batches").
import { batchParams, batchSchema, resendBodySchema } from '../../shared/http/api-schemas';
import { jsonRoute, reply } from '../../shared/http/middleware';
import { defineRoute } from '../../shared/http/openapi';
import { deps } from '../../shared/runtime';
import { BATCH_CODE_EMAILS } from '../../shared/email/kinds/codes';
import { BATCH_OUTCOME_EMAILS } from '../../shared/email/kinds/moves';
import { cancelBatch, resendBatch } from '../../shared/usecases/batch-cancel-resend';
import { declareRoute } from '../declare';

// A cancel's endings are told in the batch's outcome email alone (batch-notices.ts); a resend sends
// batch codes.
export const BATCH_CANCEL_RESEND_EMAILS = { ...BATCH_OUTCOME_EMAILS, ...BATCH_CODE_EMAILS };

const cancelBatchRoute = defineRoute({
  method: 'POST',
  path: '/contact-changes/batches/{id}/cancel',
  auth: true,
  summary: 'The asker, or a current admin, withdraws every request of a batch still awaiting confirmation',
  description:
    'An admin who is not the asker withdraws only the requests of the services they administer. Each ' +
    'person concerned gets one email once every request of the batch concerning them has ended.',
  tags: ['contact changes'],
  params: batchParams,
  responses: { 200: { description: 'The batch, its requests cancelled.', schema: batchSchema } },
  errors: ['not_found', 'not_the_asker', 'request_closed'],
});

export const cancelBatchHandler = jsonRoute(cancelBatchRoute, async ({ caller, params }) =>
  cancelBatch(deps(BATCH_CANCEL_RESEND_EMAILS), caller, params.id),
);

// Ends each request (its workflow told), reads the batch and its services, marks who was told.
export const cancelBatchFunction = declareRoute({
  name: 'cancel-batch',
  route: cancelBatchRoute,
  handler: cancelBatchHandler,
  needs: {
    items: [
      'dynamodb:GetItem',
      'dynamodb:BatchGetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
    ],
    mail: true,
    workflow: ['states:SendTaskFailure'],
  },
});

const resendBatchRoute = defineRoute({
  method: 'POST',
  path: '/contact-changes/batches/{id}/resend',
  auth: true,
  summary: 'A new batch code to each confirmer who has not answered, or only to you',
  description: 'One email per person; the code sent before no longer works.',
  tags: ['contact changes'],
  params: batchParams,
  body: resendBodySchema,
  responses: {
    202: { description: 'New codes are on their way; old ones no longer work.', schema: batchSchema },
  },
  errors: ['not_found', 'not_a_party', 'request_closed', 'already_answered', 'too_many_requests'],
});

export const resendBatchHandler = jsonRoute(resendBatchRoute, async ({ caller, params, body }) =>
  reply(202, await resendBatch(deps(BATCH_CANCEL_RESEND_EMAILS), caller, params.id, body?.onlyMe ?? false)),
);

// The rate counter's Query reads the buckets of its sliding window.
export const resendBatchFunction = declareRoute({
  name: 'resend-batch',
  route: resendBatchRoute,
  handler: resendBatchHandler,
  needs: {
    items: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:UpdateItem'],
    query: ['table'],
    mail: true,
  },
});
