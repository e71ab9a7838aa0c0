// Task after every confirmer accepted: apply the change, or end the request as failed when a rule
// broke meanwhile. Either is a business outcome, returned as data; only an error retries.
import { observed } from '../../shared/telemetry';
import { deps } from '../../shared/runtime';
import { settle } from '../../shared/usecases/settle';
import type { ApplyEvent } from '../../shared/workflow/events';

export const handler = observed(
  async ({ requestId }: ApplyEvent): Promise<{ requestId: string; state?: string }> => {
    const request = await settle(deps(), requestId, { type: 'apply' });
    return { requestId, state: request?.state };
  },
);
