// "My contacts": every service where the caller holds a role, 50 at a time ("show more" follows the
// API's cursor), filtered by role (the API's ?role=) and by text (over what is loaded).
import { useCallback, useMemo, useState } from 'preact/hooks';
import { api, call, ROLES, type Role, type Service } from '../../lib/api/client';
import { useWords } from '../../lib/i18n';
import { useLoad } from '../../lib/load';
import { loadOpenRequests } from '../../lib/open-requests';
import { preload, takeOrLoad } from '../../lib/preload';
import { Page } from '../../components/Page';
import { ProblemAlert } from '../../components/Problem';
import { ContactsTable } from './ContactsTable';
import { ChangeDialog } from './ChangeDialog';
import { SelectionBar } from './SelectionBar';

const PAGE_SIZE = 50;

const fetchPage = (role: Role | '', cursor?: string) =>
  call(
    api.GET('/me/services', {
      params: { query: { limit: PAGE_SIZE, ...(role ? { role } : {}), ...(cursor ? { cursor } : {}) } },
    }),
  );

/** Starts the first page when a link to this screen is followed (Routes registers it). */
export const preloadMyContacts = () => preload('my-services', () => fetchPage(''));

interface Loaded {
  items: Service[];
  nextCursor?: string;
}

export function MyContacts({ me }: { me: string }) {
  const { t } = useWords();
  const [role, setRole] = useState<Role | ''>('');
  const [text, setText] = useState('');
  const [more, setMore] = useState<Loaded>({ items: [] });
  const [changing, setChanging] = useState<{ services: Service[]; batch: boolean }>();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());

  const first = useLoad(async () => {
    const page = await (role ? fetchPage(role) : takeOrLoad('my-services', () => fetchPage('')));
    setMore({ items: [] });
    return page;
  }, [role]);
  // After the first page, not beside it: the table is what the reader waits for, and the two
  // requests would share the same server; the markers follow a moment later.
  const listed = first.data !== undefined;
  const open = useLoad(async () => (listed ? loadOpenRequests() : undefined), [listed]);
  const [moreProblem, setMoreProblem] = useState<Error>();
  const [loadingMore, setLoadingMore] = useState(false);

  // Computed once per list, filter or tick, not on every render (the open-request markers arriving,
  // a dialog opening): with "show more" a list holds up to every service of the account.
  const services = useMemo(() => [...(first.data?.items ?? []), ...more.items], [first.data, more.items]);
  const cursor = more.items.length ? more.nextCursor : (first.data?.nextCursor ?? undefined);
  const needle = text.trim().toLowerCase();
  const shown = useMemo(
    () =>
      needle
        ? services.filter((s) =>
            [s.name, s.serviceId, s.type, ...Object.values(s.contacts), ...Object.values(s.names)].some((v) =>
              v.toLowerCase().includes(needle),
            ),
          )
        : services,
    [services, needle],
  );

  // The same functions from render to render, so that a tick re-renders only the row ticked.
  const select = useCallback(
    (ids: string[], on: boolean) =>
      setSelected((old) => {
        const next = new Set(old);
        for (const id of ids) {
          if (on) next.add(id);
          else next.delete(id);
        }
        return next;
      }),
    [],
  );
  const selectOne = useCallback((id: string, on: boolean) => select([id], on), [select]);
  const changeOne = useCallback((service: Service) => setChanging({ services: [service], batch: false }), []);
  const chosen = useMemo(() => services.filter((s) => selected.has(s.serviceId)), [services, selected]);

  const showMore = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const page = await fetchPage(role, cursor);
      setMore({ items: [...more.items, ...page.items], nextCursor: page.nextCursor ?? undefined });
      setMoreProblem(undefined);
    } catch (error) {
      setMoreProblem(error as Error);
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <Page title={t.contacts.title}>
      <p>{t.contacts.intro}</p>
      <form
        class="filters"
        role="search"
        aria-label={t.contacts.filters}
        onSubmit={(e) => e.preventDefault()}
      >
        <div class="field">
          <label for="role-filter">{t.contacts.role}</label>
          <select id="role-filter" value={role} onChange={(e) => setRole(e.currentTarget.value as Role | '')}>
            <option value="">{t.contacts.anyRole}</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t.roles[r]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="text-filter">{t.contacts.text}</label>
          <input
            id="text-filter"
            type="search"
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
          />
        </div>
      </form>
      <ProblemAlert problem={first.problem} />
      {first.loading && !first.data ? (
        <p role="status">{t.loading}</p>
      ) : (
        <>
          <p role="status" class="count">
            {t.contacts.count(shown.length, services.length, Boolean(cursor))}
          </p>
          <SelectionBar
            shown={shown}
            selected={chosen}
            onSelect={select}
            onChange={() => setChanging({ services: chosen, batch: true })}
          />
          {shown.length === 0 ? (
            <p>{t.contacts.none}</p>
          ) : (
            <ContactsTable
              services={shown}
              open={open.data}
              selected={selected}
              onSelect={selectOne}
              onChange={changeOne}
            />
          )}
          <ProblemAlert problem={moreProblem as never} />
          {cursor && (
            <button type="button" class="secondary" onClick={showMore} disabled={loadingMore}>
              {loadingMore ? t.loading : t.showMore}
            </button>
          )}
        </>
      )}
      {changing && (
        <ChangeDialog
          services={changing.services}
          batch={changing.batch}
          me={me}
          open={open.data}
          onClose={() => setChanging(undefined)}
          onCreated={() => {
            // The services asked for now link to their open requests; a new change starts afresh.
            if (changing.batch) setSelected(new Set());
            void open.reload();
          }}
          onLeaveOut={(ids) => select(ids, false)}
        />
      )}
    </Page>
  );
}
