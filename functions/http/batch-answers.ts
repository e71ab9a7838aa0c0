// Answering a whole batch with one code, signed in (API.md, "Batches"): accept or refuse every
// request of the batch that awaits the caller. The use case (answer-batch.ts) decides; the public
// batch confirm page is confirm-batch-page.ts.
import type { Decision } from '../../shared/usecases/answer';
import { batchParams, batchSchema, codeBodySchema } from '../../shared/http/api-schemas';
import { jsonRoute } from '../../shared/http/middleware';
import { defineRoute } from '../../shared/http/openapi';
import { deps } from '../../shared/runtime';
import { MOVE_EMAILS } from '../../shared/email/kinds/moves';
import { answerBatch } from '../../shared/usecases/answer-batch';
import { declareRoute } from '../declare';

/** Reads the requests, settles each one the code awaits, and tells as a single answer does. */
const ANSWER_NEEDS = {
  items: [
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
  ],
  mail: true,
} as const;

const answerRoute = <M extends Decision>(decision: M) =>
  defineRoute({
    method: 'POST',
    path: `/contact-changes/batches/{id}/${decision}`,
    auth: true,
    summary:
      decision === 'accept'
        ? 'Accepts, with your batch code, every request of the batch that awaits you'
        : 'Refuses, with your batch code, every request of the batch that awaits you; each ends',
    description:
      'Each request is answered as if alone, with its own rules and notices. A code that is not yours is ' +
      'refused as on a single request, and a wrong one counts against you.',
    tags: ['contact changes'],
    params: batchParams,
    body: codeBodySchema,
    responses: { 200: { description: 'The batch after the answer.', schema: batchSchema } },
    errors: [
      'not_found',
      'not_a_party',
      'request_closed',
      'already_answered',
      'invalid_token',
      'too_many_attempts',
    ],
  } as const);

const acceptRoute = answerRoute('accept');
const refuseRoute = answerRoute('refuse');

const answerWith = (route: typeof acceptRoute | typeof refuseRoute, decision: Decision) =>
  jsonRoute(route, async ({ caller, params, body }) =>
    answerBatch(deps(MOVE_EMAILS), caller, params.id, body.token, decision),
  );

export const acceptBatchHandler = answerWith(acceptRoute, 'accept');
export const refuseBatchHandler = answerWith(refuseRoute, 'refuse');

export const acceptBatchFunction = declareRoute({
  name: 'accept-batch',
  route: acceptRoute,
  handler: acceptBatchHandler,
  needs: { ...ANSWER_NEEDS, items: [...ANSWER_NEEDS.items], workflow: ['states:SendTaskSuccess'] },
  // As accept: the last acceptance applies the change here only when no workflow waits for it any more.
  onlyWhen: {
    'dynamodb:PutItem':
      'the last acceptance of a request whose workflow no longer waits: the change is applied',
    'dynamodb:DeleteItem': 'the last acceptance of a request whose workflow no longer waits: its guards go',
    'ses:SendEmail': 'the last acceptance of a request whose workflow no longer waits: people are told',
  },
});

export const refuseBatchFunction = declareRoute({
  name: 'refuse-batch',
  route: refuseRoute,
  handler: refuseBatchHandler,
  needs: { ...ANSWER_NEEDS, items: [...ANSWER_NEEDS.items], workflow: ['states:SendTaskFailure'] },
});
