// Task of every Catch: the request ends as the workflow saw it end. The API or the sweep has usually
// ended it already (a refusal, a cancel); settling is conditional, so this is then a no-op. A refusal's
// notices still owed are sent from here (notify.ts, tellOwedRefusal).
import { observed } from '../../shared/telemetry';
import { deps } from '../../shared/runtime';
import { MOVE_EMAILS } from '../../shared/email/kinds/moves';
import { declareFunction } from '../declare';
import { tellOwedRefusal } from '../../shared/usecases/notify';
import { settle, type Ending } from '../../shared/usecases/settle';
import type { CloseCause, CloseEvent, WorkflowError } from '../../shared/workflow/events';

/** A Lambda error's Cause is the JSON of {errorType, errorMessage}; the message says what failed. */
function failureOf(error: WorkflowError | undefined): string {
  try {
    const cause = JSON.parse(error?.Cause ?? '') as { errorMessage?: unknown };
    if (typeof cause.errorMessage === 'string') return cause.errorMessage;
  } catch {
    // not a Lambda error's JSON: the error's own name says enough
  }
  return `The confirmations stopped: ${error?.Error ?? 'unknown error'}.`;
}

/** What the execution's end means for the request. */
function endingOf(cause: CloseCause, error: WorkflowError | undefined): Ending {
  // A wait timed out: the validity window has passed. Refusals and cancels were settled by whoever
  // answered; if one was not, the request can only fail here, with what the workflow knows.
  // The workflow reports it itself: it needs no telling.
  if (cause === 'expired') return { type: 'window_passed', workflowKnows: true };
  return { type: 'step_failed', reason: failureOf(error), workflowKnows: true };
}

export const handler = observed(
  async ({ requestId, cause, error }: CloseEvent): Promise<{ requestId: string; state?: string }> => {
    const used = deps(MOVE_EMAILS);
    const request = await settle(used, requestId, endingOf(cause, error));
    // A refusal's notices still owed are claimed and sent here, whatever the cause: another wait of the
    // Map may have failed (or timed out) just as the refusal was heard, and the Map then fails with
    // that. When the answer claimed them (no wait heard it), the claim fails and nothing is sent.
    if (request) await tellOwedRefusal(used, request);
    return { requestId, state: request?.state };
  },
);

export const closeFunction = declareFunction({
  name: 'close',
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
