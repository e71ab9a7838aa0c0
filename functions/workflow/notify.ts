// Task after the change was applied: tell everyone it concerns.
import { deps } from '../../shared/runtime';
import { notifyDone } from '../../shared/usecases/finish';
import type { NotifyEvent } from '../../shared/workflow/events';

export const handler = async ({ requestId }: NotifyEvent): Promise<void> => notifyDone(deps(), requestId);
