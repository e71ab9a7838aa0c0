// Task of every Catch: end the request as refused, cancelled, expired or failed, and tell people.
// The API or the sweep may have ended it already; closing is conditional, so this is then a no-op.
import { deps } from '../../shared/runtime';
import { closeAs } from '../../shared/usecases/finish';
import type { CloseEvent, WorkflowError } from '../../shared/workflow/events';

/** A Lambda error's Cause is the JSON of {errorType, errorMessage}; the message is the reason in words. */
function reasonOf(error: WorkflowError | undefined): string | undefined {
  if (error?.Error !== 'PreconditionFailed' || !error.Cause) return undefined;
  try {
    const cause = JSON.parse(error.Cause) as { errorMessage?: unknown };
    return typeof cause.errorMessage === 'string' ? cause.errorMessage : undefined;
  } catch {
    return error.Cause;
  }
}

export const handler = async ({
  requestId,
  cause,
  error,
}: CloseEvent): Promise<{ requestId: string; state?: string }> => {
  const request = await closeAs(deps(), requestId, cause, reasonOf(error));
  return { requestId, state: request?.state };
};
