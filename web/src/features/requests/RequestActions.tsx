// What the caller may do with one request (a request of a batch too: the batch code answers it alone).
import { api, call, type ContactChange } from '../../lib/api/client';
import { useWords } from '../../lib/i18n';
import { personOf } from '../../lib/people';
import { ActionForms } from './ActionForms';

export function RequestActions({
  request,
  me,
  initialCode = '',
  onChanged,
}: {
  request: ContactChange;
  me: string;
  initialCode?: string;
  onChanged(request: ContactChange): void;
}) {
  const { t } = useWords();
  // Only to say whom the caller's accepted request still waits for: what they may do is `actions`.
  const mine = request.confirmations.find((c) => c.nic === me);
  const waitingFor = request.confirmations
    .filter((c) => c.status === 'pending')
    .map((c) => personOf(request.names, c.nic));
  const waiting =
    request.state === 'awaiting_confirmation' && mine?.status === 'accepted' && waitingFor.length > 0
      ? t.requests.waitingOthers(waitingFor.join(', '))
      : undefined;
  const params = { path: { id: request.id } };
  return (
    <ActionForms
      id={request.id}
      actions={request.actions}
      waiting={waiting}
      initialCode={initialCode}
      words={{ done: t.requests, codeHint: t.requests.codeHint, confirmCancel: t.requests.confirmCancel }}
      calls={{
        answer: async (decision, token) =>
          onChanged(
            await (decision === 'accept'
              ? call(api.POST('/contact-changes/{id}/accept', { params, body: { token } }))
              : call(api.POST('/contact-changes/{id}/refuse', { params, body: { token } }))),
          ),
        resend: async (onlyMe) =>
          onChanged(await call(api.POST('/contact-changes/{id}/resend', { params, body: { onlyMe } }))),
        cancel: async () => onChanged(await call(api.POST('/contact-changes/{id}/cancel', { params }))),
      }}
    />
  );
}
