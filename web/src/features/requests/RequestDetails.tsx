// One request in words: what changes from whom to whom, who asked, each confirmer's answer, the
// deadline, and how it ended, every person as "Name (handle)" and every reason in the reader's language.
import type { ContactChange } from '../../lib/api/client';
import { roleList, useWords } from '../../lib/i18n';
import { personOf } from '../../lib/people';

/** Said in words with a warning sign, so it never rests on the colour alone; a batch's card says it too. */
export function BouncedNote() {
  const { t } = useWords();
  return (
    <p class="warning" role="note">
      <span aria-hidden="true">⚠ </span>
      {t.requests.bounced}
    </p>
  );
}

export function RequestDetails({ request, me }: { request: ContactChange; me: string }) {
  const { t, time } = useWords();
  const you = (nic: string) => personOf(request.names, nic, nic === me ? t.contacts.you : undefined);
  const { reasonCode, reasonBy } = request;
  const reason =
    reasonCode &&
    t.reasons[reasonCode](reasonBy && reasonBy !== me ? personOf(request.names, reasonBy) : null);
  return (
    <dl class="facts">
      <dt>{t.requests.stateLabel}</dt>
      <dd>
        <span class={`state state-${request.state}`}>{t.states[request.state]}</span>
      </dd>
      <dt>{t.requests.change}</dt>
      <dd>{t.requests.fromTo(roleList(t, request.roles), you(request.from), you(request.to))}</dd>
      <dt>{t.requests.askedBy}</dt>
      <dd>
        {you(request.askedBy)}, {time(request.createdAt)}
      </dd>
      <dt>{t.requests.confirmers}</dt>
      <dd>
        <ul class="plain">
          {request.confirmations.map((c) => (
            <li key={c.nic}>
              {/* As on the confirm page: once the request has ended, a pending answer never came. */}
              {you(c.nic)}:{' '}
              {c.status === 'pending' && request.completedAt ? t.requests.didNotAnswer : t.statuses[c.status]}
              {c.at && `, ${time(c.at)}`}
              {c.emailBounced && <BouncedNote />}
            </li>
          ))}
        </ul>
      </dd>
      {request.notified.length > 0 && (
        <>
          <dt>{t.requests.told}</dt>
          <dd>{request.notified.map(you).join(', ')}</dd>
        </>
      )}
      {request.completedAt ? (
        <>
          <dt>{t.requests.completed}</dt>
          <dd>{time(request.completedAt)}</dd>
        </>
      ) : (
        <>
          <dt>{t.requests.deadline}</dt>
          <dd>{time(request.expiresAt)}</dd>
        </>
      )}
      {reason && (
        <>
          <dt>{t.requests.reason}</dt>
          <dd>{reason}</dd>
        </>
      )}
    </dl>
  );
}
