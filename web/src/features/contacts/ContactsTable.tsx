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
  onSelect(serviceId: string, selected: boolean): void;
  onChange(service: Service): void;
}) {
  const { t } = useWords();
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
          {services.map((service) => {
            const openRequest = open?.get(service.serviceId)?.[0];
            return (
              <tr key={service.serviceId}>
                <td class="select">
                  {/* Only a service with a role the caller may change can be part of a change. */}
                  {service.editableRoles.length > 0 && (
                    <>
                      <input
                        type="checkbox"
                        id={`select-${service.serviceId}`}
                        checked={selected.has(service.serviceId)}
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
                      <button
                        type="button"
                        id={`change-${service.serviceId}`}
                        onClick={() => onChange(service)}
                      >
                        {t.contacts.change}
                        <span class="visually-hidden">{t.contacts.changeFor(service.name)}</span>
                      </button>
                    )}
                    {openRequest && (
                      <Link href={paths.request(openRequest.id)} class="marker">
                        {t.contacts.openRequest}
                        <span class="visually-hidden">{t.contacts.openRequestFor(service.name)}</span>
                      </Link>
                    )}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
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
