// What the caller may do with a whole batch: answer every service awaiting them with their one code,
// have the batch's codes sent again, cancel it where it is open. The API decides (the batch's `actions`).
import { api, call, type Batch } from '../../lib/api/client';
import { useWords } from '../../lib/i18n';
import { personOf } from '../../lib/people';
import { ActionForms } from './ActionForms';

export function BatchActions({
  batch,
  me,
  onChanged,
}: {
  batch: Batch;
  me: string;
  onChanged(batch: Batch): void;
}) {
  const { t } = useWords();
  const open = batch.requests.filter((r) => r.state === 'awaiting_confirmation');
  // Only to say whom the caller's answer still waits for: what they may do is `actions`.
  const mine = open.flatMap((r) => r.confirmations.filter((c) => c.nic === me));
  const others = new Set(
    open.flatMap((r) =>
      r.confirmations.filter((c) => c.nic !== me && c.status === 'pending').map((c) => c.nic),
    ),
  );
  const names = Object.assign({}, ...batch.requests.map((r) => r.names)) as Record<string, string>;
  const waiting =
    mine.length > 0 && mine.every((c) => c.status === 'accepted') && others.size > 0
      ? t.requests.waitingOthers([...others].map((nic) => personOf(names, nic)).join(', '))
      : undefined;
  const params = { path: { id: batch.id } };
  return (
    <ActionForms
      id={batch.id}
      actions={batch.actions}
      waiting={waiting}
      words={{
        done: t.requests.batchDone,
        codeHint: t.requests.batchCodeHint,
        confirmCancel: t.requests.confirmCancelBatch,
      }}
      calls={{
        answer: async (decision, token) =>
          onChanged(
            await (decision === 'accept'
              ? call(api.POST('/contact-changes/batches/{id}/accept', { params, body: { token } }))
              : call(api.POST('/contact-changes/batches/{id}/refuse', { params, body: { token } }))),
          ),
        resend: async (onlyMe) =>
          onChanged(
            await call(api.POST('/contact-changes/batches/{id}/resend', { params, body: { onlyMe } })),
          ),
        cancel: async () =>
          onChanged(await call(api.POST('/contact-changes/batches/{id}/cancel', { params }))),
      }}
    />
  );
}
