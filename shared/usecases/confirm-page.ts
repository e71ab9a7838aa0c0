// The public page behind the emailed link, as a view for the handler to render: the request is read
// once, with the accounts it names; the code says whose it is, and so which language the page speaks
// and whether it offers Accept and Refuse. Possession of the code is the proof. Showing the page
// changes nothing; answering settles the request with the code (settle.ts), from the copy read here.
import { mayAnswer } from '../domain/actions';
import { codeOwner, type Decision } from '../domain/answers';
import { DomainError, isDomainError } from '../domain/errors';
import type { ContactChangeRecord, Handle, Language } from '../domain/model';
import { DEFAULT_TIME_ZONES, timeZoneOf } from '../domain/time-zone';
import { namedBy } from '../domain/view';
import { isoNow, type Deps } from './deps';
import { settleAnswer } from './settle';

/** Who reads the page: the code's owner, in their language and time zone, or a stranger in `fallback`. */
export interface PageReader {
  language: Language;
  timeZone: string;
  /** Names of the accounts the request names, by handle. */
  names: Record<Handle, string>;
}

export type ConfirmPageView = { reader: PageReader } &
  /** A problem, and nothing of the request: only the owner of a code sees it (issue 22). */
  (
    | { page: 'problem'; error: DomainError }
    /** A reminder's link carries no code: the reader types the one they were sent. */
    | { page: 'enter_code' }
    /** Accept and Refuse, the code filled in. */
    | { page: 'confirm'; request: ContactChangeRecord; confirmer: Handle }
    /** Where the request stands, for the code's owner: after their answer (`fresh`), or whenever they come back. */
    | { page: 'status'; request: ContactChangeRecord; confirmer: Handle; fresh: boolean; status: number }
  );

export interface PageVisit {
  /** Undefined when the link's id is not a request id at all. */
  id: string | undefined;
  /** The code as given; '' when there is none. */
  token: string;
  /** The language for a reader the code does not name (the link's or the browser's). */
  fallback: Language;
}

interface Seen {
  request?: ContactChangeRecord;
  /** Whose code was given: held now, or held when they answered or the request ended. */
  owner?: { nic: Handle; current: boolean };
  reader: PageReader;
}

/** The one read: the request, whose code it is, and the accounts the page names. */
async function read(deps: Deps, { id, token, fallback }: PageVisit): Promise<Seen> {
  const stranger: Seen = {
    reader: { language: fallback, timeZone: DEFAULT_TIME_ZONES[fallback], names: {} },
  };
  const request = id === undefined ? undefined : await deps.store.getRequest(id);
  if (!request) return stranger;
  const owner = token ? codeOwner(request, token) : undefined;
  const accounts = await deps.store.getAccounts(namedBy(request));
  const account = owner && accounts.get(owner.nic);
  const language = account?.language ?? fallback;
  const names = Object.fromEntries([...accounts].map(([nic, a]) => [nic, a.name]));
  return {
    request,
    owner,
    reader: { language, timeZone: account ? timeZoneOf(account) : DEFAULT_TIME_ZONES[language], names },
  };
}

const problem = (reader: PageReader, error: DomainError): ConfirmPageView => ({
  reader,
  page: 'problem',
  error,
});

const invalidCode = () => new DomainError('invalid_token', 'This code is wrong, used or replaced.');
const notALink = () => new DomainError('validation_failed', 'This link or form is not valid.');

/** The page a link opens. */
export async function showConfirmPage(deps: Deps, visit: PageVisit): Promise<ConfirmPageView> {
  const { request, owner, reader } = await read(deps, visit);
  if (visit.id === undefined) return problem(reader, notALink());
  if (!request) return problem(reader, new DomainError('not_found', 'No such contact change.'));
  if (!visit.token) return { reader, page: 'enter_code' };
  if (!owner) return problem(reader, invalidCode());
  // Only the code its owner holds now answers, and only while the request takes answers: a spent code
  // (answered with, or its request ended) is the owner's no more pending, so `mayAnswer` says no.
  if (mayAnswer(request, owner.nic, isoNow(deps)))
    return { reader, page: 'confirm', request, confirmer: owner.nic };
  return { reader, page: 'status', request, confirmer: owner.nic, fresh: false, status: 200 };
}

/** The page after Accept or Refuse; `decision` undefined when the form named none it knows. */
export async function answerOnPage(
  deps: Deps,
  visit: PageVisit & { decision: Decision | undefined; source?: string },
): Promise<ConfirmPageView> {
  const { request, owner, reader } = await read(deps, visit);
  if (visit.decision === undefined || visit.id === undefined) return problem(reader, notALink());
  if (!visit.token) return problem(reader, invalidCode());
  if (!request) return problem(reader, new DomainError('not_found', 'No such contact change.'));
  const answer = { code: visit.token, decision: visit.decision, source: visit.source };
  const settled = await settleAnswer(deps, visit.id, answer, request).catch((error: unknown) => {
    // The request kept changing under the answer: a refusal like any other, shown on what was read.
    if (isDomainError(error)) return { request, refusal: error };
    throw error;
  });
  if (!settled) return problem(reader, new DomainError('not_found', 'No such contact change.'));
  if (!settled.refusal)
    return {
      reader,
      page: 'status',
      request: settled.request,
      confirmer: settled.nic,
      fresh: true,
      status: 200,
    };
  const { refusal } = settled;
  if (refusal.code === 'already_answered' || refusal.code === 'request_closed') {
    // The owner's code, used before or on a request that has moved on: say where it stands now.
    if (owner) {
      return {
        reader,
        page: 'status',
        request: settled.request,
        confirmer: owner.nic,
        fresh: false,
        status: refusal.status,
      };
    }
    // Every code dies with its request; one that was never the request's is simply wrong.
    return problem(reader, invalidCode());
  }
  return problem(reader, refusal);
}
