// Task of the state machine's Map, after a wait that heard its confirmer's acceptance with the receipt
// handed over (`{ nic, receipt: true }`): the answerer's "waiting" email, which the answer left to the
// workflow so as to wait on no email (notify.ts, tellReceipt). Nothing once the request moved on.
import { observed } from '../../shared/telemetry';
import { deps } from '../../shared/runtime';
import { WAITING_EMAILS } from '../../shared/email/kinds/moves';
import { declareFunction } from '../declare';
import { tellReceipt } from '../../shared/usecases/notify';
import type { ReceiptEvent } from '../../shared/workflow/events';

export const handler = observed(
  async ({ requestId, nic }: ReceiptEvent): Promise<{ requestId: string; sent: boolean }> => ({
    requestId,
    sent: await tellReceipt(deps(WAITING_EMAILS), requestId, nic),
  }),
);

// Reads the request, then the accounts the email names, and sends it.
export const receiptFunction = declareFunction({
  name: 'receipt',
  handler,
  needs: { items: ['dynamodb:GetItem', 'dynamodb:BatchGetItem'], mail: true },
});
