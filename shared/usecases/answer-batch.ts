// Answering every request of a batch with one code (API.md, "Batches"): the signed-in endpoints and
// the batch confirm page. The code is one person's for the whole batch; each request it still awaits
// is settled with it through the one loop (settle.ts), as if answered alone, so the rules, the
// notices and each request's workflow are exactly those of a single answer. A code that awaits
// nothing is judged by one request only, so that a wrong code counts once, as on a single request.
import { toBatchView, type BatchView, type StoredBatch } from '../domain/batch';
import { codeOwner, type Decision } from '../domain/answers';
import { codeMatches, keyIdOf, MAX_WRONG_CODES } from '../domain/codes';
import { DomainError, ERROR_STATUS } from '../domain/errors';
import type { ContactChangeRecord, Handle, Language } from '../domain/model';
import { DEFAULT_TIME_ZONES, timeZoneOf } from '../domain/time-zone';
import { namedBy, notFound } from '../domain/view';
import { isoNow, type Deps } from './deps';
import { seenBy } from './reads';
import { settleAnswers, type CodeAnswer } from './settle';

/**
 * The requests of `batch` that `code` answers now: its holder is asked there and has not answered.
 * A code is held (`codeHash`) only until its holder answers or the request ends, which spend it
 * (transition.ts), so a match is enough; `codeOwner` reads it the same way.
 */
const awaitingCode = (requests: readonly ContactChangeRecord[], code: string, caller?: Handle) =>
  requests.filter((request) =>
    request.confirmers.some(
      (c) => (caller === undefined || c.nic === caller) && codeMatches(code, c.codeHash),
    ),
  );

/**
 * The one request that judges a code awaiting nothing: where it would count (the caller's, or the
 * confirmer its key id names, still asked), else an open one of the caller's, else one of theirs,
 * else the first. A batch that moves two roles to two people asks each on their own requests only.
 */
function judgeOf(requests: readonly ContactChangeRecord[], code: string, caller?: Handle) {
  const keyId = keyIdOf(code);
  const open = (request: ContactChangeRecord) => request.state === 'awaiting_confirmation';
  const asked = (request: ContactChangeRecord) =>
    open(request) &&
    request.confirmers.some(
      (c) => c.status === 'pending' && (caller === undefined ? c.keyId === keyId : c.nic === caller),
    );
  const party = (request: ContactChangeRecord) =>
    caller === undefined || request.confirmers.some((c) => c.nic === caller);
  return (
    requests.find(asked) ?? requests.find((r) => party(r) && open(r)) ?? requests.find(party) ?? requests[0]
  );
}

interface BatchAnswered {
  /** Every request of the batch, as it stands after the answer (those answered, as settled). */
  requests: ContactChangeRecord[];
  /** Whose code it was, once it answered at least one request. */
  nic?: Handle;
  /** Why nothing was answered. */
  refusal?: DomainError;
}

/** Settles every request of the batch still awaiting the code's holder; `requests` as just read. */
async function answerAll(
  deps: Deps,
  requests: ContactChangeRecord[],
  answer: CodeAnswer,
): Promise<BatchAnswered> {
  const awaiting = awaitingCode(requests, answer.code, answer.caller);
  // Wrong codes lock the holder's batch code on every request of the batch, not only where counted.
  const holders = new Set(
    awaiting.flatMap((r) =>
      r.confirmers.filter((c) => codeMatches(answer.code, c.codeHash)).map((c) => c.nic),
    ),
  );
  if (answer.caller !== undefined) holders.add(answer.caller);
  const locked = requests.some(
    (r) =>
      r.state === 'awaiting_confirmation' &&
      r.confirmers.some((c) => holders.has(c.nic) && c.status === 'pending' && c.attempts >= MAX_WRONG_CODES),
  );
  if (locked) return { requests, refusal: lockedOut() };
  const targets = awaiting.length > 0 ? awaiting : [judgeOf(requests, answer.code, answer.caller)!];
  // The answers' writes go together (a few transactions for the batch); each request is still settled
  // as if answered alone, and one that moved meanwhile costs only itself a round.
  const settled = await settleAnswers(deps, targets, answer);
  const after = new Map(settled.flatMap((s) => (s ? [[s.request.id, s.request] as const] : [])));
  const answered = settled.find((s) => s && !s.refusal);
  return {
    requests: requests.map((request) => after.get(request.id) ?? request),
    ...(answered && !answered.refusal && { nic: answered.nic }),
    ...(!answered && { refusal: settled.find((s) => s?.refusal)?.refusal ?? notFound() }),
  };
}

const lockedOut = () =>
  new DomainError(
    'too_many_attempts',
    'Too many wrong codes. Choose “Send my code again” in the control panel to get a new code.',
  );

/** Who reads the page: the code's owner, in their language and time zone, or a stranger in `fallback`. */
export interface PageReader {
  language: Language;
  timeZone: string;
  /** Names of the accounts the owner's requests name, by handle. */
  names: Record<Handle, string>;
}

const noBatch = () => new DomainError('not_found', 'No such batch among yours.');

async function publishedBatch(deps: Deps, id: string): Promise<StoredBatch | undefined> {
  const batch = await deps.store.getBatch(id);
  return batch?.published ? batch : undefined;
}

/**
 * The signed-in caller answers every request of the batch that awaits them, with their batch code.
 * A code that is not theirs is refused as on a single request (and a wrong one counted against them).
 */
export async function answerBatch(
  deps: Deps,
  caller: Handle,
  id: string,
  code: string,
  decision: Decision,
): Promise<BatchView> {
  const batch = await publishedBatch(deps, id);
  if (!batch) throw noBatch();
  const read = await deps.store.getRequests(batch.requestIds);
  const { requests, refusal } = await answerAll(deps, read, { code, decision, caller });
  if (refusal) throw refusal;
  return toBatchView(batch, await seenBy(deps, caller, requests));
}

export type BatchPageView = { reader: PageReader } &
  /** A problem, and nothing of the batch: only the owner of a code sees it. */
  (
    | { page: 'problem'; error: DomainError }
    /** Every request awaiting the code's owner, Accept and Refuse. */
    | { page: 'confirm'; batch: StoredBatch; requests: ContactChangeRecord[]; confirmer: Handle }
    /** Where each of the owner's requests stands: after their answer (`fresh`), or whenever they come back. */
    | {
        page: 'status';
        batch: StoredBatch;
        requests: ContactChangeRecord[];
        confirmer: Handle;
        fresh: boolean;
        status: number;
      }
  );

export interface BatchPageVisit {
  /** Undefined when the link's id is not a batch id at all. */
  id: string | undefined;
  /** The code as given; '' when there is none. */
  token: string;
  /** The language for a reader the code does not name. */
  fallback: Language;
}

interface Seen {
  batch?: StoredBatch;
  requests: ContactChangeRecord[];
  owner?: { nic: Handle; current: boolean };
  reader: PageReader;
}

/** The one read: the batch, its requests, whose code it is, and the accounts its owner's requests name. */
async function read(deps: Deps, { id, token, fallback }: BatchPageVisit): Promise<Seen> {
  const stranger: Seen = {
    requests: [],
    reader: { language: fallback, timeZone: DEFAULT_TIME_ZONES[fallback], names: {} },
  };
  const batch = id === undefined ? undefined : await publishedBatch(deps, id);
  if (!batch) return stranger;
  const requests = await deps.store.getRequests(batch.requestIds);
  // The code is held on some requests and spent on those its owner answered: held wins.
  const owners = token ? requests.flatMap((r) => codeOwner(r, token) ?? []) : [];
  const owner = owners.find((o) => o.current) ?? owners[0];
  if (!owner) return { ...stranger, batch, requests };
  const mine = requests.filter((r) => r.confirmers.some((c) => c.nic === owner.nic));
  const accounts = await deps.store.getAccounts([...new Set(mine.flatMap(namedBy))]);
  const account = accounts.get(owner.nic);
  const language = account?.language ?? fallback;
  return {
    batch,
    requests,
    owner,
    reader: {
      language,
      timeZone: account ? timeZoneOf(account) : DEFAULT_TIME_ZONES[language],
      names: Object.fromEntries([...accounts].map(([nic, a]) => [nic, a.name])),
    },
  };
}

const problem = (reader: PageReader, error: DomainError): BatchPageView => ({
  reader,
  page: 'problem',
  error,
});
const invalidCode = () => new DomainError('invalid_token', 'This code is wrong, used or replaced.');
const notALink = () => new DomainError('validation_failed', 'This link or form is not valid.');
const concerning = (requests: ContactChangeRecord[], nic: Handle) =>
  requests.filter((r) => r.confirmers.some((c) => c.nic === nic));

/** The page a batch code email's link opens; it changes nothing. */
export async function showBatchPage(deps: Deps, visit: BatchPageVisit): Promise<BatchPageView> {
  const { batch, requests, owner, reader } = await read(deps, visit);
  if (visit.id === undefined) return problem(reader, notALink());
  if (!batch) return problem(reader, noBatch());
  if (!owner) return problem(reader, invalidCode());
  const now = isoNow(deps);
  const open = owner.current
    ? awaitingCode(requests, visit.token).filter((request) => request.expiresAt > now)
    : [];
  if (open.length > 0) return { reader, page: 'confirm', batch, requests: open, confirmer: owner.nic };
  const mine = concerning(requests, owner.nic);
  return { reader, page: 'status', batch, requests: mine, confirmer: owner.nic, fresh: false, status: 200 };
}

/** The page after Accept or Refuse; `decision` undefined when the form named none it knows. */
export async function answerBatchOnPage(
  deps: Deps,
  visit: BatchPageVisit & { decision: Decision | undefined; source?: string },
): Promise<BatchPageView> {
  const { batch, requests, owner, reader } = await read(deps, visit);
  if (visit.decision === undefined || visit.id === undefined) return problem(reader, notALink());
  if (!visit.token) return problem(reader, invalidCode());
  if (!batch) return problem(reader, noBatch());
  if (owner && awaitingCode(requests, visit.token).length === 0) {
    // The owner's code, used before (then held nowhere) or on requests that have all moved on: say
    // where each stands.
    const mine = concerning(requests, owner.nic);
    const status = ERROR_STATUS.already_answered;
    return { reader, page: 'status', batch, requests: mine, confirmer: owner.nic, fresh: false, status };
  }
  const answer = { code: visit.token, decision: visit.decision, source: visit.source };
  const settled = await answerAll(deps, requests, answer);
  const nic = settled.nic ?? owner?.nic;
  if (!settled.refusal || (owner && ['already_answered', 'request_closed'].includes(settled.refusal.code))) {
    // Answered, or the owner's code on requests that have all moved on: say where each stands now.
    return {
      reader,
      page: 'status',
      batch,
      requests: concerning(settled.requests, nic!),
      confirmer: nic!,
      fresh: !settled.refusal,
      status: settled.refusal?.status ?? 200,
    };
  }
  // A code that was never the batch's is simply wrong, whatever the request judging it said.
  const { refusal } = settled;
  const wrong = !owner && ['already_answered', 'request_closed', 'not_found'].includes(refusal.code);
  return problem(reader, wrong ? invalidCode() : refusal);
}
