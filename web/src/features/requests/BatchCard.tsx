// One batch in "My requests": the change, who asked, each person's answers over its services, every
// service by name with its own state (each links to its request, which can be answered alone), and
// the batch's actions.
import { ROLES, type Batch } from '../../lib/api/client';
import { useWords } from '../../lib/i18n';
import { Link } from '../../components/Link';
import { paths } from '../../lib/paths';
import { personOf } from '../../lib/people';
import { BatchActions } from './BatchActions';
import { BouncedNote } from './RequestDetails';

/** Each confirmer of the batch with their answers over its requests, in the order first asked. */
function answersOf(batch: Batch) {
  const people = new Map<string, { statuses: string[]; bounced: boolean }>();
  for (const request of batch.requests)
    for (const c of request.confirmations) {
      const person = people.get(c.nic) ?? { statuses: [], bounced: false };
      person.statuses.push(c.status);
      person.bounced ||= c.emailBounced === true;
      people.set(c.nic, person);
    }
  return [...people];
}

export function BatchCard({
  batch,
  me,
  onChanged,
}: {
  batch: Batch;
  me: string;
  onChanged(batch: Batch): void;
}) {
  const { t, time } = useWords();
  const names = Object.assign({}, ...batch.requests.map((r) => r.names)) as Record<string, string>;
  const you = (nic: string) => personOf(names, nic, nic === me ? t.contacts.you : undefined);
  const ended = batch.state === 'settled';
  const answer = (statuses: string[]) => {
    const [first] = statuses;
    if (statuses.every((s) => s === first) && (first === 'accepted' || first === 'refused'))
      return t.statuses[first];
    if (statuses.every((s) => s === 'pending')) return ended ? t.requests.didNotAnswer : t.statuses.pending;
    return t.requests.answeredOf(statuses.filter((s) => s === 'accepted').length, statuses.length);
  };
  const heading = `h-${batch.id}`;
  return (
    <article class="card" aria-labelledby={heading}>
      <h2 id={heading}>{t.requests.batchTitle(batch.services.length)}</h2>
      <dl class="facts">
        <dt>{t.requests.stateLabel}</dt>
        <dd>
          <span class={`state state-${batch.state}`}>{t.requests.batchState[batch.state]}</span>
        </dd>
        <dt>{t.requests.change}</dt>
        <dd>
          {ROLES.filter((role) => batch.change[role]).map((role) => (
            <p key={role} class="line">
              {t.requests.batchChange(t.roles[role], you(batch.change[role]!))}
            </p>
          ))}
        </dd>
        <dt>{t.requests.askedBy}</dt>
        <dd>
          {you(batch.askedBy)}, {time(batch.createdAt)}
        </dd>
        <dt>{t.requests.confirmers}</dt>
        <dd>
          <ul class="plain">
            {answersOf(batch).map(([nic, { statuses, bounced }]) => (
              <li key={nic}>
                {you(nic)}: {answer(statuses)}
                {bounced && <BouncedNote />}
              </li>
            ))}
          </ul>
        </dd>
        {!ended && (
          <>
            <dt>{t.requests.deadline}</dt>
            <dd>{time(batch.expiresAt)}</dd>
          </>
        )}
      </dl>
      <h3 id={`${heading}-services`}>{t.requests.services}</h3>
      <ul class="plain batch-services" aria-labelledby={`${heading}-services`}>
        {batch.requests.map((request) => (
          <li key={request.id}>
            <Link href={paths.request(request.id)}>{request.serviceName}</Link>:{' '}
            <span class={`state state-${request.state}`}>{t.states[request.state]}</span>
          </li>
        ))}
      </ul>
      {!ended && <p class="hint one-alone">{t.requests.oneAlone}</p>}
      <BatchActions batch={batch} me={me} onChanged={onChanged} />
    </article>
  );
}
