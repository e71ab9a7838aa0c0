// Task after every confirmer accepted: apply the change, or end the request as failed when a rule
// broke meanwhile. Either is a business outcome, returned as data; only an error retries.
import { observed } from '../../shared/telemetry';
import { deps } from '../../shared/runtime';
import { MOVE_EMAILS } from '../../shared/email/kinds/moves';
import { declareFunction } from '../declare';
import { settle } from '../../shared/usecases/settle';
import type { ApplyEvent } from '../../shared/workflow/events';

export const handler = observed(
  async ({ requestId }: ApplyEvent): Promise<{ requestId: string; state?: string }> => {
    // The workflow's own step: it needs no telling of the end.
    const request = await settle(deps(MOVE_EMAILS), requestId, { type: 'apply', workflowKnows: true });
    return { requestId, state: request?.state };
  },
);

// Reads the request, its service and, when billing moves, both billing accounts; applies in one transaction
// (or ends the request failed), and tells everyone, whose accounts it reads for their addresses.
export const applyFunction = declareFunction({
  name: 'apply',
  handler,
  needs: {
    items: [
      'dynamodb:GetItem',
      'dynamodb:BatchGetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
    ],
    mail: true,
  },
});
