// Task of the state machine's Map, run with .waitForTaskToken: one confirmer's wait begins.
import { observed } from '../../shared/telemetry';
import { askTask, deps } from '../../shared/runtime';
import { askConfirmer } from '../../shared/usecases/ask-confirmer';
import type { AskConfirmerEvent } from '../../shared/workflow/events';

export const handler = observed(async (event: AskConfirmerEvent): Promise<void> =>
  askTask()(event, (requestId, nic) => askConfirmer(deps(), requestId, nic)),
);
