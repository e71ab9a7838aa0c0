// The green box after a change is asked: who gets an email, each person once (a batch emails each
// person one code for all of its services), and where to follow it.
import { useEffect, useRef } from 'preact/hooks';
import type { ContactChange } from '../../lib/api/client';
import { useWords } from '../../lib/i18n';
import { Link } from '../../components/Link';
import { paths } from '../../lib/paths';
import { personOf } from '../../lib/people';

export function Created({ requests, batch }: { requests: ContactChange[]; batch: boolean }) {
  const { t } = useWords();
  const box = useRef<HTMLDivElement>(null);
  // The form and its Send button are gone: the confirmation takes the focus, inside the dialog.
  useEffect(() => box.current?.focus(), []);
  const names = Object.assign({}, ...requests.map((r) => r.names)) as Record<string, string>;
  const asked = new Set(requests.flatMap((r) => r.confirmations.map((c) => c.nic)));
  const told = new Set(requests.flatMap((r) => r.notified).filter((nic) => !asked.has(nic)));
  return (
    <div class="success" role="status" tabIndex={-1} ref={box}>
      <p>
        <strong>
          {batch ? t.change.doneMany(new Set(requests.map((r) => r.serviceId)).size) : t.change.done}
        </strong>
      </p>
      <p>{batch ? t.change.emailedOnce : t.change.emailed}</p>
      <ul>
        {[...asked].map((nic) => (
          <li key={`${nic}-asked`}>
            {personOf(names, nic)} – {t.change.toConfirm}
          </li>
        ))}
        {[...told].map((nic) => (
          <li key={`${nic}-told`}>
            {personOf(names, nic)} – {t.change.toKnow}
          </li>
        ))}
      </ul>
      {batch ? (
        <p>
          <Link href={paths.requests()}>{t.change.seeBatch}</Link>
        </p>
      ) : (
        requests.map((request) => (
          <p key={request.id}>
            <Link href={paths.request(request.id)}>{t.change.seeRequest}</Link>
          </p>
        ))
      )}
    </div>
  );
}
