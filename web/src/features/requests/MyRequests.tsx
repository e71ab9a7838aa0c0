// "My requests": the caller's requests by state (open by default), each with its actions; the requests
// of a batch show as one item (the batch, read whole). While an open request is on screen the list
// refreshes itself, so an answer given elsewhere shows up; a batch is read again only when the list
// says one of its requests changed (or, for those the page does not list, every half minute).
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  CHANGE_STATES,
  api,
  call,
  type Account,
  type Batch,
  type ChangeState,
  type ContactChange,
} from '../../lib/api/client';
import { useWords } from '../../lib/i18n';
import { useAutoRefresh, useLoad } from '../../lib/load';
import { navigate } from '../../lib/router';
import { Page } from '../../components/Page';
import { ProblemAlert } from '../../components/Problem';
import { Link } from '../../components/Link';
import { RequestDetails } from './RequestDetails';
import { RequestActions } from './RequestActions';
import { BatchCard } from './BatchCard';
import { stillCurrent, type ReadBatch } from './batch-reads';
import { paths } from '../../lib/paths';

const PAGE_SIZE = 20;

interface Listed {
  items: ContactChange[];
  nextCursor?: string | null;
  /** The batches of these items, each read whole: a page may hold only some of a batch's requests. */
  batches: Batch[];
}

type Entry = ContactChange | Batch;
const isBatch = (entry: Entry): entry is Batch => 'services' in entry;

/** Answered in this view: id → whether it is a batch. */
type Kept = Map<string, boolean>;

/**
 * `fresh` with each of `kept` that it no longer holds put back where it was (`before`, the ids shown
 * last): a request accepted here leaves the "open" list at the next refresh, but its card, the words
 * saying what happened and the focus on them stay until the reader moves on.
 */
function keepInPlace(fresh: Entry[], kept: Entry[], before: string[]): Entry[] {
  const entries = [...fresh];
  const shown = new Set(fresh.map((e) => e.id));
  const missing = kept.filter((e) => !shown.has(e.id));
  missing.sort((a, b) => before.indexOf(a.id) - before.indexOf(b.id));
  for (const entry of missing) {
    const at = before.indexOf(entry.id);
    entries.splice(at < 0 ? 0 : Math.min(at, entries.length), 0, entry);
  }
  return entries;
}

/** Each kept entry the page does not list, read again (one gone or no longer visible is dropped). */
async function readKept(kept: Kept, page: Listed): Promise<Entry[]> {
  const listed = new Set([...page.items.map((r) => r.id), ...page.batches.map((b) => b.id)]);
  const again = await Promise.all(
    [...kept].flatMap(([id, batch]) =>
      listed.has(id)
        ? []
        : [
            (batch
              ? call(api.GET('/contact-changes/batches/{id}', { params: { path: { id } } }))
              : call(api.GET('/contact-changes/{id}', { params: { path: { id } } }))
            ).catch(() => undefined),
          ],
    ),
  );
  return again.filter((e): e is Entry => e !== undefined);
}

/**
 * The batches `items` belong to, except those in `known`: each from `reads` while the list says
 * nothing of it changed, else read again (and kept in `reads`).
 */
async function batchesOf(
  items: ContactChange[],
  reads: Map<string, ReadBatch>,
  known: ReadonlySet<string> = new Set(),
): Promise<Batch[]> {
  const now = Date.now();
  const listed = new Map<string, ContactChange[]>();
  for (const r of items)
    if (r.batchId && !known.has(r.batchId)) listed.set(r.batchId, [...(listed.get(r.batchId) ?? []), r]);
  return Promise.all(
    [...listed].map(async ([id, requests]) => {
      const read = reads.get(id);
      if (read && stillCurrent(read, requests, now)) return read.batch;
      const batch = await call(api.GET('/contact-changes/batches/{id}', { params: { path: { id } } }));
      reads.set(id, { batch, at: now });
      return batch;
    }),
  );
}

export function MyRequests({ account, state }: { account: Account; state: string | null }) {
  const { t } = useWords();
  // No parameter: open requests. `all`: every state.
  const filter =
    state === 'all'
      ? undefined
      : CHANGE_STATES.includes(state as ChangeState)
        ? (state as ChangeState)
        : 'awaiting_confirmation';
  // Each batch as last read, across refreshes.
  const batchReads = useRef(new Map<string, ReadBatch>());
  const fetchPage = async (cursor?: string, known?: ReadonlySet<string>): Promise<Listed> => {
    const page = await call(
      api.GET('/me/contact-changes', {
        params: {
          query: { limit: PAGE_SIZE, ...(filter ? { state: filter } : {}), ...(cursor ? { cursor } : {}) },
        },
      }),
    );
    return { ...page, batches: await batchesOf(page.items, batchReads.current, known) };
  };
  // The first page refreshes itself; pages from "show more" are kept as loaded.
  const [more, setMore] = useState<Listed>({ items: [], batches: [] });
  const [answered, setAnswered] = useState<Record<string, ContactChange>>({});
  const [answeredBatches, setAnsweredBatches] = useState<Record<string, Batch>>({});
  // What was answered here, for this filter; and the order of the cards last shown, to keep them in.
  const kept = useRef<{ filter?: ChangeState; ids: Kept }>({ ids: new Map() });
  const lastShown = useRef<string[]>([]);
  const list = useLoad(async () => {
    if (kept.current.filter !== filter) kept.current = { filter, ids: new Map() };
    const page = await fetchPage();
    const again = await readKept(kept.current.ids, page);
    setAnswered({});
    setAnsweredBatches({});
    return { ...page, kept: again };
  }, [filter]);
  useEffect(() => setMore({ items: [], batches: [] }), [filter]);
  const loaded = [
    ...(list.data?.items ?? []),
    ...more.items.filter((r) => !list.data?.items.some((f) => f.id === r.id)),
  ];
  // An answer shows at once (the API returned the request); the next refresh brings the rest.
  const items = loaded.map((request) => answered[request.id] ?? request);
  const batches = new Map(
    [...(list.data?.batches ?? []), ...more.batches].map((b) => [b.id, answeredBatches[b.id] ?? b]),
  );
  const cursor = more.items.length ? more.nextCursor : (list.data?.nextCursor ?? undefined);

  const replace = (updated: ContactChange) => {
    kept.current.ids.set(updated.id, false);
    setAnswered((old) => ({ ...old, [updated.id]: updated }));
  };
  const replaceBatch = (updated: Batch) => {
    kept.current.ids.set(updated.id, true);
    batchReads.current.set(updated.id, { batch: updated, at: Date.now() });
    setAnsweredBatches((old) => ({ ...old, [updated.id]: updated }));
  };
  const showMore = async () => {
    if (!cursor) return;
    const page = await fetchPage(cursor, new Set(batches.keys())).catch(() => undefined);
    if (page)
      setMore({
        items: [...more.items, ...page.items],
        nextCursor: page.nextCursor ?? undefined,
        batches: [...more.batches, ...page.batches],
      });
  };
  // A batch shows once, where its first request is listed; a request whose batch could not be read
  // shows alone.
  const shown = new Set<string>();
  const fresh = items.flatMap((request): Entry[] => {
    const batch = request.batchId ? batches.get(request.batchId) : undefined;
    if (!batch) return [request];
    if (shown.has(batch.id)) return [];
    shown.add(batch.id);
    return [batch];
  });
  const keptEntries = (list.data?.kept ?? []).map(
    (e) => (isBatch(e) ? answeredBatches[e.id] : answered[e.id]) ?? e,
  );
  const entries = keepInPlace(fresh, keptEntries, lastShown.current);
  lastShown.current = entries.map((e) => e.id);
  const requestsShown = entries.flatMap((e) => (isBatch(e) ? e.requests : [e]));
  useAutoRefresh(
    requestsShown.some((r) => r.state === 'awaiting_confirmation' || r.state === 'applying'),
    () => void list.reload(),
  );
  return (
    <Page title={t.requests.title}>
      <p>{t.requests.intro}</p>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="state-filter">{t.requests.state}</label>
          <select
            id="state-filter"
            value={state === 'all' ? 'all' : (filter ?? 'all')}
            onChange={(e) => {
              const value = e.currentTarget.value;
              navigate(
                paths.requests(
                  value === 'awaiting_confirmation' ? undefined : (value as ChangeState | 'all'),
                ),
                { replace: true },
              );
            }}
          >
            <option value="awaiting_confirmation">{t.requests.open}</option>
            <option value="all">{t.requests.all}</option>
            {CHANGE_STATES.filter((s) => s !== 'awaiting_confirmation').map((s) => (
              <option key={s} value={s}>
                {t.states[s]}
              </option>
            ))}
          </select>
        </div>
      </form>
      {requestsShown.some((r) => r.state === 'awaiting_confirmation') && (
        <p class="hint">{t.requests.autoRefresh}</p>
      )}
      <ProblemAlert problem={list.problem} />
      {list.loading && !list.data ? (
        <p role="status">{t.loading}</p>
      ) : entries.length === 0 ? (
        <p>{t.requests.none}</p>
      ) : (
        <ul class="cards">
          {entries.map((entry) =>
            isBatch(entry) ? (
              <li key={entry.id}>
                <BatchCard batch={entry} me={account.nic} onChanged={replaceBatch} />
              </li>
            ) : (
              <li key={entry.id}>
                <article class="card" aria-labelledby={`h-${entry.id}`}>
                  <h2 id={`h-${entry.id}`}>
                    <Link href={paths.request(entry.id)}>{t.requests.requestTitle(entry.serviceName)}</Link>
                  </h2>
                  <RequestDetails request={entry} me={account.nic} />
                  <RequestActions request={entry} me={account.nic} onChanged={replace} />
                </article>
              </li>
            ),
          )}
        </ul>
      )}
      {cursor && (
        <button type="button" class="secondary" onClick={showMore}>
          {t.showMore}
        </button>
      )}
    </Page>
  );
}
