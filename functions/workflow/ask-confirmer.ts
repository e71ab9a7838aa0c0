// Task of the state machine's Map, run with .waitForTaskToken: one confirmer's wait begins.
import { deps } from '../../shared/runtime';
import { askConfirmer } from '../../shared/usecases/ask-confirmer';
import type { AskConfirmerEvent } from '../../shared/workflow/events';

export const handler = async ({ requestId, nic, taskToken }: AskConfirmerEvent): Promise<void> =>
  askConfirmer(deps(), requestId, nic, taskToken);
