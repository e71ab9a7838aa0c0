// What parties do to an open request: accept or refuse with their code, cancel, have codes resent.
import {
  contactChangeSchema,
  requestParams,
  resendBodySchema,
  codeBodySchema,
} from '../../shared/http/api-schemas';
import { jsonRoute, reply } from '../../shared/http/middleware';
import { declareRoute } from '../declare';
import { defineRoute } from '../../shared/http/openapi';
import { deps } from '../../shared/runtime';
import { CODE_EMAILS } from '../../shared/email/kinds/codes';
import { MOVE_EMAILS } from '../../shared/email/kinds/moves';
import { answerChange, type Decision } from '../../shared/usecases/answer';
import { cancelChange, resendCodes } from '../../shared/usecases/cancel-resend';
import { oneSeenBy } from '../../shared/usecases/reads';

// An answer or a cancel tells what it moved; a resend sends codes, a batch's its batch code.
const EMAILS = { ...MOVE_EMAILS, ...CODE_EMAILS };

const answerRoute = <M extends Decision>(decision: M) =>
  defineRoute({
    method: 'POST',
    path: `/contact-changes/{id}/${decision}`,
    auth: true,
    summary: decision === 'accept' ? 'Accepts with your code' : 'Refuses with your code; the request ends',
    tags: ['contact changes'],
    params: requestParams,
    body: codeBodySchema,
    responses: { 200: { description: 'The contact change after the answer.', schema: contactChangeSchema } },
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
  jsonRoute(route, async ({ caller, params, body }) => {
    const { request } = await answerChange(deps(EMAILS), {
      id: params.id,
      code: body.token,
      decision,
      caller,
    });
    return oneSeenBy(deps(), caller, request);
  });

export const acceptHandler = answerWith(acceptRoute, 'accept');
export const refuseHandler = answerWith(refuseRoute, 'refuse');

// The last acceptance applies the change here when the workflow no longer waits for it; an acceptance
// that leaves others pending sends its receipt here only when no wait heard it (the lifecycle's `toldBy`).
export const acceptFunction = declareRoute({
  name: 'accept',
  route: acceptRoute,
  handler: acceptHandler,
  needs: {
    items: [
      'dynamodb:GetItem',
      'dynamodb:BatchGetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
    ],
    mail: true,
    workflow: ['states:SendTaskSuccess'],
  },
});

export const refuseFunction = declareRoute({
  name: 'refuse',
  route: refuseRoute,
  handler: refuseHandler,
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
  // The workflow's Close step claims and sends a refusal's emails once a wait hears it (the lifecycle's
  // `toldBy`, notify.ts).
  onlyWhen: {
    'ses:SendEmail':
      'a refusal that no wait of the workflow heard (none had begun, or it is gone): its emails are claimed and sent here',
  },
});

const cancelRoute = defineRoute({
  method: 'POST',
  path: '/contact-changes/{id}/cancel',
  auth: true,
  summary: 'The asker, or a current admin of the service, withdraws a request still awaiting confirmation',
  tags: ['contact changes'],
  params: requestParams,
  responses: { 200: { description: 'The cancelled request.', schema: contactChangeSchema } },
  errors: ['not_found', 'not_the_asker', 'request_closed'],
});

export const cancelHandler = jsonRoute(cancelRoute, async ({ caller, params }) =>
  oneSeenBy(deps(), caller, await cancelChange(deps(EMAILS), caller, params.id)),
);

export const cancelFunction = declareRoute({
  name: 'cancel',
  route: cancelRoute,
  handler: cancelHandler,
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

const resendRoute = defineRoute({
  method: 'POST',
  path: '/contact-changes/{id}/resend',
  auth: true,
  summary: 'Emails a new code to each confirmer who has not answered, or only to you',
  tags: ['contact changes'],
  params: requestParams,
  body: resendBodySchema,
  responses: {
    202: { description: 'New codes are on their way; old ones no longer work.', schema: contactChangeSchema },
  },
  errors: ['not_found', 'not_a_party', 'request_closed', 'already_answered', 'too_many_requests'],
});

export const resendHandler = jsonRoute(resendRoute, async ({ caller, params, body }) =>
  reply(
    202,
    await oneSeenBy(
      deps(),
      caller,
      await resendCodes(deps(EMAILS), caller, params.id, body?.onlyMe ?? false),
    ),
  ),
);

export const resendFunction = declareRoute({
  name: 'resend',
  route: resendRoute,
  handler: resendHandler,
  // The rate counter's Query reads the buckets of its sliding window.
  needs: {
    items: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:UpdateItem'],
    query: ['table'],
    mail: true,
  },
});
