// The table of "My contacts". With many services loaded, two things keep it quick: the first render
// holds only the rows of the first screen (the rest follow after it is painted), and each row renders
// again only when its own service, tick or open request changes, not on every tick of another row.
import { Component } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Role, Service } from '../../lib/api/client';
import { ROLES } from '../../lib/api/client';
import { useWords } from '../../lib/i18n';
import type { OpenRequests } from '../../lib/open-requests';
import { Link } from '../../components/Link';
import { paths } from '../../lib/paths';
import { Person } from '../../components/Person';
import type { Names } from '../../lib/people';

export function ContactsTable({
  services,
  open,
  selected,
  onSelect,
  onChange,
}: {
  services: Service[];
  open?: OpenRequests;
  selected: ReadonlySet<string>;
  /** Both kept the same function from render to render, so that unchanged rows skip theirs. */
  onSelect(serviceId: string, selected: boolean): void;
  onChange(service: Service): void;
}) {
  const { t } = useWords();
  const whole = useAfterFirstPaint();
  const rows = whole ? services : services.slice(0, firstScreenRows());
  return (
    <div class="table-wrap">
      <table class="contacts">
        <caption class="visually-hidden">{t.contacts.caption}</caption>
        <thead>
          <tr>
            <th scope="col">
              <span class="visually-hidden">{t.contacts.selectColumn}</span>
            </th>
            <th scope="col">{t.contacts.service}</th>
            <th scope="col">{t.contacts.type}</th>
            {ROLES.map((role) => (
              <th scope="col" key={role}>
                {t.roles[role]}
              </th>
            ))}
            <th scope="col">{t.contacts.actions}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((service) => (
            <Row
              key={service.serviceId}
              service={service}
              checked={selected.has(service.serviceId)}
              openRequestId={open?.get(service.serviceId)?.[0]?.id}
              onSelect={onSelect}
              onChange={onChange}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The rows a first screen can show (a row is at least a 44 px touch target high): rendered first, so
 * the reader sees the list before the browser has built rows below the fold.
 */
const MIN_ROW_PX = 44;
const firstScreenRows = () => Math.max(1, Math.ceil(innerHeight / MIN_ROW_PX));

/**
 * False for the first render, true once that render is painted. Not useEffect alone: Preact runs a
 * component's pending effects early when it renders again in the same pass (the open-request markers'
 * load starts in that pass), which would add the other rows before the first screen is drawn.
 */
function useAfterFirstPaint() {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    let done = false;
    const paint = () => {
      if (done) return;
      done = true;
      setPainted(true);
    };
    // The task after the next frame is after its paint; a hidden tab draws no frames, hence the timer.
    const frame = requestAnimationFrame(() => setTimeout(paint));
    const fallback = setTimeout(paint, 100);
    return () => {
      done = true;
      cancelAnimationFrame(frame);
      clearTimeout(fallback);
    };
  }, []);
  return painted;
}

interface RowProps {
  service: Service;
  checked: boolean;
  openRequestId?: string;
  onSelect(serviceId: string, selected: boolean): void;
  onChange(service: Service): void;
}

/** A row renders again only when one of its props changes (the words reach it by context anyway). */
class Row extends Component<RowProps> {
  override shouldComponentUpdate(next: RowProps) {
    const now = this.props;
    return (
      next.service !== now.service ||
      next.checked !== now.checked ||
      next.openRequestId !== now.openRequestId ||
      next.onSelect !== now.onSelect ||
      next.onChange !== now.onChange
    );
  }
  override render(props: RowProps) {
    return <ServiceRow {...props} />;
  }
}

function ServiceRow({ service, checked, openRequestId, onSelect, onChange }: RowProps) {
  const { t } = useWords();
  return (
    <tr>
      <td class="select">
        {/* Only a service with a role the caller may change can be part of a change. */}
        {service.editableRoles.length > 0 && (
          <>
            <input
              type="checkbox"
              id={`select-${service.serviceId}`}
              checked={checked}
              onChange={(e) => onSelect(service.serviceId, e.currentTarget.checked)}
            />
            <label for={`select-${service.serviceId}`} class="visually-hidden">
              {t.contacts.select(service.name)}
            </label>
          </>
        )}
      </td>
      <th scope="row">
        <Link href={paths.service(service.serviceId)}>{service.name}</Link>
      </th>
      <td data-label={t.contacts.type}>{t.types[service.type]}</td>
      {ROLES.map((role) => (
        <ContactCell
          key={role}
          role={role}
          names={service.names}
          nic={service.contacts[role]}
          mine={service.myRoles.includes(role)}
        />
      ))}
      <td class="actions">
        {/* A flex box inside the cell: a cell that is itself a flex box leaves the table's rows. */}
        <div class="row-actions">
          {service.editableRoles.length > 0 && (
            <button type="button" id={`change-${service.serviceId}`} onClick={() => onChange(service)}>
              {t.contacts.change}
              <span class="visually-hidden">{t.contacts.changeFor(service.name)}</span>
            </button>
          )}
          {openRequestId && (
            <Link href={paths.request(openRequestId)} class="marker">
              {t.contacts.openRequest}
              <span class="visually-hidden">{t.contacts.openRequestFor(service.name)}</span>
            </Link>
          )}
        </div>
      </td>
    </tr>
  );
}

function ContactCell({ role, names, nic, mine }: { role: Role; names: Names; nic: string; mine: boolean }) {
  const { t } = useWords();
  return (
    <td data-label={t.roles[role]} class={mine ? 'mine' : undefined}>
      <Person names={names} nic={nic} you={mine ? t.contacts.you : undefined} />
    </td>
  );
}
