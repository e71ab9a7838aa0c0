// Task after every confirmer accepted: apply the change, or throw PreconditionFailed for the Catch.
import { deps } from '../../shared/runtime';
import { applyChecked } from '../../shared/usecases/finish';
import type { ApplyEvent } from '../../shared/workflow/events';

export const handler = async ({ requestId }: ApplyEvent): Promise<{ requestId: string; state?: string }> => {
  const request = await applyChecked(deps(), requestId);
  return { requestId, state: request?.state };
};
