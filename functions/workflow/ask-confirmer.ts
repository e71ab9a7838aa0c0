// Task of the state machine's Map, run with .waitForTaskToken: one confirmer's wait begins.
import { askTask, deps } from '../../shared/runtime';
import { declareFunction } from '../declare';
import { askConfirmer } from '../../shared/usecases/ask-confirmer';
import type { AskConfirmerEvent } from '../../shared/workflow/events';

export const handler = async (event: AskConfirmerEvent): Promise<void> =>
  askTask()(event, (requestId, nic) => askConfirmer(deps(), requestId, nic));

// Ends its own wait when the request already ended or was answered before the wait began.
export const askConfirmerFunction = declareFunction({
  name: 'ask-confirmer',
  handler,
  needs: {
    items: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
    mail: true,
    workflow: ['states:SendTaskSuccess', 'states:SendTaskFailure'],
  },
});
