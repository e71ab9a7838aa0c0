// Task of the state machine's Map, run with .waitForTaskToken: one confirmer's wait begins.
import { observed } from '../../shared/telemetry';
import { askTask, deps } from '../../shared/runtime';
import { CODE_EMAILS } from '../../shared/email/kinds/codes';
import { MOVE_EMAILS } from '../../shared/email/kinds/moves';
import { declareFunction } from '../declare';
import { askConfirmer } from '../../shared/usecases/ask-confirmer';
import type { AskConfirmerEvent } from '../../shared/workflow/events';

// The confirmer's code; a request that cannot be asked ends failed, and says so.
const EMAILS = { ...CODE_EMAILS, ...MOVE_EMAILS };

export const handler = observed(async (event: AskConfirmerEvent): Promise<void> =>
  askTask()(event, (requestId, nic) => askConfirmer(deps(EMAILS), requestId, nic)),
);

// Ends its own wait when the request already ended or was answered before the wait began.
export const askConfirmerFunction = declareFunction({
  name: 'ask-confirmer',
  handler,
  needs: {
    items: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:UpdateItem'],
    mail: true,
    workflow: ['states:SendTaskSuccess', 'states:SendTaskFailure'],
  },
  // The request's creation emailed the code; the task sends one only when that email never went out.
  onlyWhen: {
    'dynamodb:BatchGetItem': 'a code email that did not go out at creation: the accounts it names are read',
    'ses:SendEmail': 'a code email that did not go out at creation is sent again, with a new code',
  },
});
