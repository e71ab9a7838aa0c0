// One service: its contacts and its history of changes (deep link from the table and the emails).
import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { api, call, ROLES, type ContactChange } from '../../lib/api/client';
import { roleList, useWords } from '../../lib/i18n';
import { useLoad } from '../../lib/load';
import { Page } from '../../components/Page';
import { ProblemAlert } from '../../components/Problem';
import { Link } from '../../components/Link';
import { paths } from '../../lib/paths';
import { personOf } from '../../lib/people';
import { Person } from '../../components/Person';

export function ServicePage({ serviceId }: { serviceId: string }) {
  const { t, time } = useWords();
  const path = { path: { serviceId } };
  const service = useLoad(() => call(api.GET('/services/{serviceId}', { params: path })), [serviceId]);
  const history = useLoad(
    () => call(api.GET('/services/{serviceId}/history', { params: path })),
    [serviceId],
  );
  const [older, setOlder] = useState<{ items: ContactChange[]; nextCursor?: string }>({ items: [] });
  const items = [...(history.data?.items ?? []), ...older.items];
  const cursor = older.items.length ? older.nextCursor : (history.data?.nextCursor ?? undefined);
  const showMore = async () => {
    if (!cursor) return;
    const page = await call(
      api.GET('/services/{serviceId}/history', { params: { ...path, query: { cursor } } }),
    ).catch(() => undefined);
    if (page) setOlder({ items: [...older.items, ...page.items], nextCursor: page.nextCursor ?? undefined });
  };

  return (
    <Page title={t.service.title(service.data?.name ?? serviceId)}>
      <ProblemAlert problem={service.problem ?? history.problem} />
      {service.data && (
        <section aria-labelledby="contacts-h">
          <h2 id="contacts-h">{t.service.contacts}</h2>
          <dl class="facts">
            <dt>{t.contacts.type}</dt>
            <dd>{t.types[service.data.type]}</dd>
            {ROLES.map((role) => (
              <Fragment key={role}>
                <dt>{t.roles[role]}</dt>
                <dd>
                  <Person
                    names={service.data!.names}
                    nic={service.data!.contacts[role]}
                    you={service.data!.myRoles.includes(role) ? t.contacts.you : undefined}
                  />
                </dd>
              </Fragment>
            ))}
          </dl>
        </section>
      )}
      {history.data && (
        <section aria-labelledby="history-h">
          <h2 id="history-h">{t.service.history}</h2>
          {items.length === 0 ? (
            <p>{t.service.noHistory}</p>
          ) : (
            <ul class="plain history">
              {items.map((change) => (
                <li key={change.id}>
                  <Link href={paths.request(change.id)}>
                    {time(change.completedAt ?? change.createdAt)}: {t.states[change.state]}
                  </Link>{' '}
                  –{' '}
                  {t.requests.fromTo(
                    roleList(t, change.roles),
                    personOf(change.names, change.from),
                    personOf(change.names, change.to),
                  )}{' '}
                  ({t.requests.askedBy.toLowerCase()} {personOf(change.names, change.askedBy)})
                </li>
              ))}
            </ul>
          )}
          {cursor && (
            <button type="button" class="secondary" onClick={showMore}>
              {t.showMore}
            </button>
          )}
        </section>
      )}
    </Page>
  );
}
