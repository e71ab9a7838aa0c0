// Carrying out a move, and sending what people hear: `commitAndTell` writes a decision and does what
// it names (the notices of shared/domain/notices.ts, the workflow's word); each person's codes.
// One email per person and occasion, in their language and time zone, naming people by name and
// handle; the links in it start at PUBLIC_BASE_URL.
import { hashCode, MAX_WRONG_CODES, newCode as makeCode } from '../domain/codes';
import { LONGEST_CALL_MS } from '../domain/batch';
import { awaitingAnswerOf, concernedBy, endedFor, ownNotices } from '../domain/batch-notices';
import { codeSent, newCode } from '../domain/confirmers';
import type { Account, ContactChangeRecord, FinalState, Handle, Language } from '../domain/model';
import {
  StaleWriteError,
  type BusinessMetric,
  type ContactChangeSummary,
  type EmailMessage,
  type Recipient,
} from '../domain/ports';
import { receiptNotices, refusalNotices } from '../domain/lifecycle';
import { timeZoneOf } from '../domain/time-zone';
import { leavesNoticesOwed, type Notice, type Transition, type WorkflowCall } from '../domain/transition';
import { namedBy } from '../domain/view';
import { inGroups, isoNow, readAhead, templateOf, type Deps } from './deps';

export const summaryOf = (request: ContactChangeRecord): ContactChangeSummary => ({
  id: request.id,
  serviceId: request.serviceId,
  serviceName: request.serviceName,
  roles: request.roles,
  from: request.from,
  to: request.to,
  askedBy: request.askedBy,
  state: request.state,
  notified: request.notified,
  expiresAt: request.expiresAt,
  completedAt: request.completedAt,
  why: request.why,
  confirmations: request.confirmers.map(({ nic, status, at }) =>
    at ? { nic, status, at } : { nic, status },
  ),
});

export const recipientOf = (account: Account): Recipient => ({
  nic: account.nic,
  email: account.email,
  name: account.name,
  language: account.language,
  timeZone: timeZoneOf(account),
});

const base = (deps: Deps) => deps.settings.publicBaseUrl.replace(/\/$/, '');

/** The confirm page with the code filled in. */
export const confirmLink = (deps: Deps, requestId: string, code: string): string =>
  `${base(deps)}/confirm/${encodeURIComponent(requestId)}?token=${encodeURIComponent(code)}`;

/**
 * The confirm page without a code, where the reader types the one they were sent. It cannot know
 * whose code will be typed, so the link says which language to ask in.
 */
export const codePromptLink = (deps: Deps, requestId: string, language: Language): string =>
  `${base(deps)}/confirm/${encodeURIComponent(requestId)}?lang=${language}`;

/**
 * The request's page in the control panel. A code email's link carries the code, so the panel fills
 * in the field; the panel takes it out of the address bar at once.
 */
export const panelLink = (deps: Deps, requestId: string, code?: string): string =>
  `${base(deps)}/panel/requests/${encodeURIComponent(requestId)}` +
  (code === undefined ? '' : `?code=${encodeURIComponent(code)}`);

/** The accounts of `nics` in one read; those the caller has already read are not read again. */
async function accountsOf(
  deps: Deps,
  nics: readonly Handle[],
  known: ReadonlyMap<Handle, Account>,
): Promise<Map<Handle, Account>> {
  const missing = [...new Set(nics)].filter((nic) => !known.has(nic));
  const read = missing.length > 0 ? await deps.store.getAccounts(missing) : new Map<Handle, Account>();
  return new Map([...known, ...read]);
}

const namesOf = (accounts: ReadonlyMap<Handle, Account>): Record<Handle, string> =>
  Object.fromEntries([...accounts].map(([nic, account]) => [nic, account.name]));

/** Every account the notices of a move name: whom they go to, and everyone they speak of. */
const noticeReaders = (request: ContactChangeRecord, notices: readonly Notice[]): Handle[] => [
  ...notices.flatMap((n) => n.to),
  ...namedBy(request),
];

/**
 * Sends what a Transition says: each notice to its people, with one read of every account. A notice
 * that cannot be sent is logged, never thrown: the state change it reports has already happened and
 * must not be undone by a mail outage.
 */
export async function tellNotices(
  deps: Deps,
  request: ContactChangeRecord,
  notices: readonly Notice[],
  known: ReadonlyMap<Handle, Account> = new Map(),
): Promise<void> {
  if (notices.length === 0) return;
  const accounts = await accountsOf(deps, noticeReaders(request, notices), known);
  const names = namesOf(accounts);
  const sends = notices.flatMap((notice) =>
    [...new Set(notice.to)].flatMap((nic) => {
      const account = accounts.get(nic);
      if (!account) return [];
      const message: EmailMessage = {
        kind: notice.kind,
        to: recipientOf(account),
        names,
        request: summaryOf(request),
        panelLink: panelLink(deps, request.id),
        // The reminder carries no code: its link opens the page where the emailed one is typed.
        ...(notice.kind === 'reminder' && { link: codePromptLink(deps, request.id, account.language) }),
        ...notice.details,
      };
      return [
        deps.mailer.send(message, templateOf(deps, notice.kind)).catch((error: unknown) =>
          deps.log.warn('A notice could not be sent', {
            kind: notice.kind,
            requestId: request.id,
            nic,
            error: String(error),
          }),
        ),
      ];
    }),
  );
  await Promise.all(sends);
}

const ENDINGS: Record<FinalState, BusinessMetric> = {
  done: 'RequestsApplied',
  refused: 'RequestsRefused',
  expired: 'RequestsExpired',
  cancelled: 'RequestsCancelled',
  failed: 'RequestsFailed',
};

/**
 * Commits a decision and carries out what it names: the metrics, the notices, the workflow's word.
 * StaleWriteError when someone else moved the request first. `then: 'apply'` when nothing waited for
 * the last acceptance (the wait timed out, or the execution was lost): the change is applied here, so
 * that an answer is never recorded and then forgotten.
 */
export async function commitAndTell(deps: Deps, transition: Transition): Promise<Told> {
  // The accounts the notices name are read beside the write, not after it: a move's parties are
  // known before it lands. Nobody is told anything unless the write holds; when it does not, the read
  // was all it cost.
  // Awaited below once the write holds; a lost write ignores it.
  const readers = readAhead(readersOf(deps, [transition]));
  const next = await deps.store.commit(transition);
  return tellCommitted(deps, transition, next, await readers);
}

/** What a committed move came to: the request as stored, and `apply` when it is to be applied here. */
export interface Told {
  next: ContactChangeRecord;
  then?: 'apply';
}

/**
 * Commits many decisions at once (ContactStore.commitEach: a few transactions rather than one each)
 * and carries out what each that held names, as commitAndTell does; each decision's outcome in order,
 * a StaleWriteError for one whose request moved first (nothing of it written, nobody told).
 */
export async function commitAllAndTell(
  deps: Deps,
  transitions: readonly Transition[],
): Promise<(Told | StaleWriteError)[]> {
  // One read of every account that any of the notices names, beside the writes.
  const readers = readAhead(readersOf(deps, transitions));
  const stored = await deps.store.commitEach([...transitions]);
  const known = stored.some((s) => !(s instanceof StaleWriteError))
    ? await readers
    : new Map<Handle, Account>();
  const outcomes = transitions.map((transition, i) => ({ transition, next: stored[i]! }));
  return inGroups(outcomes, async ({ transition, next }) => {
    if (next instanceof StaleWriteError) return next;
    const own = noticeReaders(transition.next, ownNotices(transition.next, transition.notices));
    const mine = new Map([...known].filter(([nic]) => own.includes(nic)));
    return tellCommitted(deps, transition, next, mine);
  });
}

/**
 * The accounts that the notices of `transitions` name, in one read (none when nobody is told). Notices
 * handed to the workflow (`toldBy`) are not read for: it usually hears them, and when it does not,
 * tellNotices reads them then.
 */
function readersOf(deps: Deps, transitions: readonly Transition[]): Promise<Map<Handle, Account>> {
  const nics = transitions.flatMap((t) => {
    if (t.toldBy) return [];
    const notices = ownNotices(t.next, t.notices);
    return notices.length > 0 ? noticeReaders(t.next, notices) : [];
  });
  return nics.length > 0 ? deps.store.getAccounts([...new Set(nics)]) : Promise.resolve(new Map());
}

/** What follows a write that held: the metrics, the notices, the batch's outcome, the workflow's word. */
async function tellCommitted(
  deps: Deps,
  transition: Transition,
  next: ContactChangeRecord,
  readers: ReadonlyMap<Handle, Account>,
): Promise<Told> {
  // Counted by the one writer whose decision held, so never twice.
  const ended = transition.changes.find((change) => change.kind === 'end');
  if (ended) deps.metrics.count(ENDINGS[ended.state]);
  const locked = transition.changes
    .flatMap((change) => (change.kind === 'wrong_code' ? change.nics : []))
    .filter((nic) => next.confirmers.find((c) => c.nic === nic)?.attempts === MAX_WRONG_CODES);
  if (locked.length > 0) deps.metrics.count('AttemptsLocked', locked.length);
  const notices = ownNotices(next, transition.notices);
  // The emails and the workflow's word go out side by side: both are outside calls (SES, Step
  // Functions) and neither waits on the other. Both are awaited before the answer, whichever fails.
  const hearing = tellWorkflow(deps, next, transition.workflow);
  const [told, heard] = await Promise.allSettled([
    (async () => {
      // Notices handed to the workflow (`toldBy`: an acceptance's receipt, a refusal's) are its own
      // once a wait heard the word; only when none did (or it could not be reached) are they sent
      // here, after its word. Those left owed (a refusal's) are claimed first: a close step may run
      // anyway (an ask task that found the request ended, a timeout), and the claim makes exactly one
      // sender. A receipt needs none: only the wait that heard it sends it. A crash between the claim
      // and SES loses them, as a crash before SES always did.
      const mine =
        !transition.toldBy ||
        (!(await hearing.then(
          ({ heard }) => heard,
          () => false,
        )) &&
          (!leavesNoticesOwed(transition) || (await deps.store.claimRefusalNotices(next.id))));
      if (mine) await tellNotices(deps, next, notices, readers);
      if (ended && next.batchId !== undefined) await tellBatchOutcome(deps, next.batchId, next);
    })(),
    hearing,
  ]);
  if (told.status === 'rejected') throw told.reason;
  if (heard.status === 'rejected') throw heard.reason;
  return { next, then: heard.value.then };
}

/** What the workflow's word came to: `heard` when a wait took it; `then: 'apply'` as in Told. */
interface Heard {
  heard: boolean;
  then?: 'apply';
}

async function tellWorkflow(
  deps: Deps,
  next: ContactChangeRecord,
  word: WorkflowCall | undefined,
): Promise<Heard> {
  switch (word?.call) {
    case undefined:
      return { heard: false };
    case 'accepted': {
      const heard = await deps.workflow.accepted(next, word.nic, word.receipt).catch((error: unknown) => {
        // The answer is already safe in the table; an unreachable workflow only means we carry on here.
        deps.log.warn('The workflow did not hear an acceptance; finishing here', { error: String(error) });
        return false;
      });
      return word.applyUnheard && !heard ? { heard, then: 'apply' } : { heard };
    }
    case 'refused':
      return { heard: await deps.workflow.refused(next, word.nic) };
    case 'ended':
      await deps.workflow.ended(next);
      return { heard: false };
  }
}

/**
 * The workflow's close step, whatever ended its execution (the refusal it heard, or another wait's
 * failure or timeout just before), and the sweep once no Close can still be running: a request that
 * ended refused with its notices still owed has them claimed and, when this caller took the claim, sent
 * as the refusal's row names them, from the request as stored. Nothing when they were claimed already
 * (by the committer, when no wait heard the refusal), nor for any other request. True when this call
 * sent them. A crash between the claim and SES loses them; a notice that fails is logged, as
 * tellNotices does.
 */
export async function tellOwedRefusal(deps: Deps, request: ContactChangeRecord): Promise<boolean> {
  if (request.state !== 'refused' || request.refusalNoticesOwed !== true) return false;
  if (!(await deps.store.claimRefusalNotices(request.id))) return false;
  await tellNotices(deps, request, ownNotices(request, refusalNotices(request)));
  return true;
}

/**
 * The workflow's receipt step, run only in the iteration whose wait heard `nic`'s acceptance with the
 * receipt handed over (`toldBy`): the answerer's "waiting" notice, from the request as it is now. None
 * once the request moved on (its next notice tells all), nor for a request of a batch. True when sent
 * (tried: a notice that fails is logged, as tellNotices does).
 */
export async function tellReceipt(deps: Deps, requestId: string, nic: Handle): Promise<boolean> {
  const request = await deps.store.getRequest(requestId);
  const notices = request ? ownNotices(request, receiptNotices(request, nic)) : [];
  if (!request || notices.length === 0) return false;
  await tellNotices(deps, request, notices);
  return true;
}

/** A code just issued to one confirmer of one request, and not yet sent. */
export interface IssuedCode {
  request: ContactChangeRecord;
  nic: Handle;
  code: string;
}

export interface CodeEmailOptions {
  /** The asker of a new submission: their email also says who else was emailed. */
  asker?: Handle;
  /** The codes replace ones sent before. */
  resent?: boolean;
  /** Accounts the caller has already read. */
  known?: ReadonlyMap<Handle, Account>;
}

/**
 * Emails codes, one email per person, listing each of their requests with its own code and link.
 * Every person is tried; returns those whose email could not be sent.
 */
export async function sendCodes(
  deps: Deps,
  issued: readonly IssuedCode[],
  { asker, resent = false, known = new Map() }: CodeEmailOptions = {},
): Promise<Handle[]> {
  const requests = [...new Set(issued.map((i) => i.request))];
  const people = [...new Set(issued.map((i) => i.nic))];
  const accounts = await accountsOf(deps, [...people, ...requests.flatMap(namedBy)], known);
  const names = namesOf(accounts);
  const template = templateOf(deps, 'code');
  const results = await Promise.allSettled(
    people.map(async (nic) => {
      const account = accounts.get(nic);
      if (!account) throw new Error(`Confirmer ${nic} has no account`);
      await deps.mailer.send(
        {
          kind: 'code',
          to: recipientOf(account),
          names,
          asks: issued
            .filter((i) => i.nic === nic)
            .map(({ request, code }) => ({
              request: summaryOf(request),
              code,
              link: confirmLink(deps, request.id, code),
              panelLink: panelLink(deps, request.id, code),
            })),
          ...(nic === asker && { others: people.filter((other) => other !== nic) }),
          ...(resent && { resent }),
        },
        template,
      );
    }),
  );
  // Whose email did not go out: their codes are marked unsent, so that a retried or resumed ask
  // sends a working one (the error itself is logged, never the code).
  return people.filter((nic, i) => {
    const result = results[i];
    if (result?.status !== 'rejected') return false;
    deps.log.warn('A code email could not be sent', { nic, error: String(result.reason) });
    return true;
  });
}

/**
 * Issues a fresh code to each of `nics` (each old one dies with its write), emails them, and records
 * which went out. Returns those whose email failed. A confirmer who answered meanwhile, or a request
 * that ended, loses the write: StaleWriteError, unless `onStale` takes it (it may throw, or let that
 * confirmer be skipped while the others get their codes). One read of the accounts names everyone in
 * every email, however many confirmers.
 */
export async function sendNewCodes(
  deps: Deps,
  request: ContactChangeRecord,
  nics: readonly Handle[],
  options: CodeEmailOptions = {},
  onStale?: (error: StaleWriteError) => Promise<void>,
): Promise<Handle[]> {
  // Each new key id differs from every other one the request holds or is given here.
  const taken: (string | undefined)[] = request.confirmers.map((c) => c.keyId);
  const codes = nics.map((nic) => {
    const code = makeCode(taken);
    taken.push(code.keyId);
    return { nic, ...code };
  });
  // The accounts the emails name are read beside the new codes' writes (the people are known now).
  // Awaited once a code is written; when none is, the read was all it cost.
  const named = readAhead(accountsOf(deps, [...nics, ...namedBy(request)], options.known ?? new Map()));
  const issued = (
    await Promise.all(
      codes.map(async ({ nic, code, keyId }) => {
        const codeHash = hashCode(code);
        try {
          const updated = await deps.store.commit(newCode(request, nic, codeHash, isoNow(deps), keyId));
          return [{ request: updated, nic, code, codeHash }];
        } catch (error) {
          if (!(error instanceof StaleWriteError) || !onStale) throw error;
          await onStale(error);
          return [];
        }
      }),
    )
  ).flat();
  if (issued.length === 0) return [];
  const unsent = await sendCodes(deps, issued, { ...options, known: await named });
  await Promise.all(
    issued
      .filter(({ nic }) => !unsent.includes(nic))
      .map(async ({ request: updated, nic, codeHash }) => {
        try {
          await deps.store.commit(codeSent(updated, nic, codeHash, isoNow(deps)));
        } catch (error) {
          // Answered or replaced meanwhile: the email went out either way, and nothing waits on the mark.
          if (!(error instanceof StaleWriteError)) throw error;
        }
      }),
  );
  return unsent;
}

/** The batch's confirm page with the code filled in (API.md: `/confirm/batch/<batchId>?token=<code>`). */
export const batchConfirmLink = (deps: Deps, batchId: string, code: string): string =>
  `${base(deps)}/confirm/batch/${encodeURIComponent(batchId)}?token=${encodeURIComponent(code)}`;

/** "My requests" in the control panel, where every request of a batch is listed. */
const panelRequestsLink = (deps: Deps): string => `${base(deps)}/panel/requests`;

/**
 * Emails each person asked in a batch their one code, in one email listing every request of the batch
 * where they are asked. Every person is tried; returns those whose email could not be sent.
 */
export async function sendBatchCodes(
  deps: Deps,
  batchId: string,
  requests: readonly ContactChangeRecord[],
  codes: ReadonlyMap<Handle, string>,
  { asker, resent = false, known = new Map() }: CodeEmailOptions = {},
): Promise<Handle[]> {
  const people = [...codes.keys()];
  const accounts = await accountsOf(deps, [...people, ...requests.flatMap(namedBy)], known);
  const names = namesOf(accounts);
  const template = templateOf(deps, 'batch_code');
  const results = await Promise.allSettled(
    people.map(async (nic) => {
      const account = accounts.get(nic);
      if (!account) throw new Error(`Confirmer ${nic} has no account`);
      const code = codes.get(nic)!;
      await deps.mailer.send(
        {
          kind: 'batch_code',
          to: recipientOf(account),
          names,
          batch: {
            id: batchId,
            code,
            link: batchConfirmLink(deps, batchId, code),
            panelLink: panelRequestsLink(deps),
            // Where the code answers: a resend's code is not written where the reader already answered.
            requests: requests
              .filter((r) => r.confirmers.some((c) => c.nic === nic && c.status === 'pending'))
              .map(summaryOf),
          },
          ...(nic === asker && { others: people.filter((other) => other !== nic) }),
          ...(resent && { resent }),
        },
        template,
      );
    }),
  );
  return people.filter((nic, i) => {
    const result = results[i];
    if (result?.status !== 'rejected') return false;
    deps.log.warn('A batch code email could not be sent', { nic, batchId, error: String(result.reason) });
    return true;
  });
}

/** When an outcome email claimed now may be sent again: no call that claimed it can still be running. */
const outcomeRetryAt = (deps: Deps) => new Date(deps.now().getTime() + LONGEST_CALL_MS).toISOString();

/**
 * After `ended`, a request of batch `batchId`, ended: each person it concerns whose every request of the
 * batch has now ended gets one email saying how each ended. The ending is recorded on the batch item in
 * one write that returns how far the batch has got, so of two requests ending at once the later write
 * sees both; the claim on the batch item is conditional, so only one of them sends. The email stays owed
 * until it is sent: one that fails (or a crash before it) is sent again by the sweep.
 */
async function tellBatchOutcome(deps: Deps, batchId: string, ended: ContactChangeRecord): Promise<void> {
  const progress = await deps.store.recordBatchEnding(batchId, ended.id);
  if (!progress) return;
  const due = concernedBy(ended).flatMap((nic) => {
    const ids = endedFor(progress, nic);
    return ids ? [{ nic, ids }] : [];
  });
  const retryAt = outcomeRetryAt(deps);
  const claimed = await Promise.all(due.map(({ nic }) => deps.store.claimOutcome(batchId, nic, retryAt)));
  await sendOutcomes(
    deps,
    batchId,
    due.filter((_, i) => claimed[i]),
  );
}

/**
 * The sweep: every outcome email of the batch still owed once no one can still be sending it, sent
 * again (one conditional write lets one sweep take them). Returns how many went out.
 */
export async function sendOwedOutcomes(deps: Deps, batchId: string): Promise<number> {
  const { owed, concerns } = await deps.store.retakeOwedOutcomes(batchId, isoNow(deps), outcomeRetryAt(deps));
  return sendOutcomes(
    deps,
    batchId,
    owed.map((nic) => ({ nic, ids: concerns[nic] ?? [] })),
  );
}

/**
 * Each person's outcome email, listing their requests (`ids`, all ended) as they ended, with one read
 * of the requests and one of the accounts for all of them. Each email sent is marked so; one that fails
 * is logged and stays owed. Returns how many went out.
 */
async function sendOutcomes(
  deps: Deps,
  batchId: string,
  people: readonly { nic: Handle; ids: readonly string[] }[],
): Promise<number> {
  if (people.length === 0) return 0;
  const template = templateOf(deps, 'batch_outcome');
  const requests = new Map(
    (await deps.store.getRequests([...new Set(people.flatMap((p) => p.ids))])).map((r) => [r.id, r]),
  );
  const theirs = people.map(({ nic, ids }) => ({
    nic,
    requests: ids.flatMap((id) => requests.get(id) ?? []),
  }));
  const accounts = await accountsOf(
    deps,
    [...people.map((p) => p.nic), ...[...requests.values()].flatMap(namedBy)],
    new Map(),
  );
  const names = namesOf(accounts);
  const sent = await Promise.all(
    theirs.map(async ({ nic, requests: listed }) => {
      const account = accounts.get(nic);
      try {
        // An account gone has no address left to write to: nothing more is owed to it.
        if (account) {
          await deps.mailer.send(
            {
              kind: 'batch_outcome',
              to: recipientOf(account),
              names,
              outcome: { id: batchId, panelLink: panelRequestsLink(deps), requests: listed.map(summaryOf) },
            },
            template,
          );
        }
      } catch (error) {
        deps.log.warn('A batch outcome email could not be sent; the sweep sends it again', {
          batchId,
          nic,
          error: String(error),
        });
        return false;
      }
      await deps.store.outcomeSent(batchId, nic);
      return account !== undefined;
    }),
  );
  return sent.filter(Boolean).length;
}

/**
 * The one email that lists the requests of batch `batchId` still awaiting `nic`, to `to`, once the
 * batch item's `notice` mark `key` holds (a second sweep, or a repeated SES notice, finds it marked and
 * sends nothing). Like a request's own notices, an email that fails is logged, not retried: the requests
 * still wait, and the panel shows them. True when this call sent it.
 */
async function tellWaitingInBatch(
  deps: Deps,
  batchId: string,
  {
    kind,
    notice,
    key,
    nic,
    to,
  }: {
    kind: 'batch_reminder' | 'batch_code_bounced';
    notice: 'reminded' | 'bounced';
    key: string;
    nic: Handle;
    to: Handle;
  },
): Promise<boolean> {
  const template = templateOf(deps, kind);
  if (!(await deps.store.markBatchNotice(batchId, notice, key))) return false;
  const batch = await deps.store.getBatch(batchId);
  if (!batch) return false;
  const waiting = awaitingAnswerOf(await deps.store.getRequests(batch.requestIds), nic);
  if (waiting.length === 0) return false;
  const accounts = await accountsOf(deps, [to, ...waiting.flatMap(namedBy)], new Map());
  const account = accounts.get(to);
  if (!account) return false;
  try {
    await deps.mailer.send(
      {
        kind,
        to: recipientOf(account),
        names: namesOf(accounts),
        waiting: { id: batchId, panelLink: panelRequestsLink(deps), requests: waiting.map(summaryOf) },
        ...(kind === 'batch_code_bounced' && { bounced: nic }),
      },
      template,
    );
    return true;
  } catch (error) {
    deps.log.warn(`A ${kind} email could not be sent`, { batchId, nic: to, error: String(error) });
    return false;
  }
}

/**
 * `nic`'s one reminder of batch `batchId`, listing every request of it still awaiting them: the sweep
 * calls it for each request it marks reminded, and the batch item's `reminded` mark lets one send.
 */
export const remindInBatch = (deps: Deps, batchId: string, nic: Handle): Promise<boolean> =>
  tellWaitingInBatch(deps, batchId, { kind: 'batch_reminder', notice: 'reminded', key: nic, nic, to: nic });

/**
 * The batch code email to `nic`, carrying the code issued at `issuedAt`, bounced: the asker hears once,
 * with every request of the batch still awaiting `nic`. Nobody when `nic` is the asker: that address bounces.
 */
export async function tellBatchBounce(
  deps: Deps,
  request: ContactChangeRecord & { batchId: string },
  nic: Handle,
  issuedAt: string,
): Promise<void> {
  if (request.askedBy === nic) return;
  await tellWaitingInBatch(deps, request.batchId, {
    kind: 'batch_code_bounced',
    notice: 'bounced',
    key: `${nic}#${issuedAt}`,
    nic,
    to: request.askedBy,
  });
}
