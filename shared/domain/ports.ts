// The ports the use cases talk to. Adapters in shared/adapters/ implement them
// (DynamoDB, SES v2, Step Functions); the domain and use cases never import AWS.
import type { BatchDue, BatchNotice, BatchProgress, BatchRecord, StoredBatch } from './batch';
import type { NoticeDetails } from './notices';
import type { NoticeKind, Transition } from './transition';
import type {
  Account,
  ChangeState,
  Confirmation,
  ContactChangeRecord,
  Handle,
  Language,
  Page,
  PageRequest,
  PendingEmail,
  Role,
  Service,
} from './model';
import type { Bucket, Quota, RateLimit } from './rate-limits';

/** A conditional write lost: the item was not in the state the caller read. Use cases re-read and decide. */
export class StaleWriteError extends Error {
  override readonly name = 'StaleWriteError';
}

export interface ContactStore {
  getAccount(nic: Handle): Promise<Account | undefined>;
  /** One BatchGetItem; missing handles are absent from the map. */
  getAccounts(nics: Handle[]): Promise<Map<Handle, Account>>;
  /**
   * Display names for what a caller reads (API.md `names`), never for a rule or an email: they may
   * lag a change of name by up to a minute (a per-process cache; docs/decisions.md). Missing handles
   * are absent from the map.
   */
  getNames(nics: readonly Handle[]): Promise<Map<Handle, string>>;
  /**
   * The accounts whose current (verified) address is `email`, compared without case; an address
   * only waiting for its code (`pendingEmail`) names nobody. Read strongly consistent.
   */
  accountsWithEmail(email: string): Promise<Account[]>;
  /** Keeps an address change waiting for its code (replacing one that waited); returns the account. */
  startEmailChange(nic: Handle, pending: PendingEmail): Promise<Account>;
  /** Counts a wrong code, conditional on the change read still waiting and below the limit (else StaleWriteError). */
  countWrongEmailCode(nic: Handle, read: PendingEmail): Promise<void>;
  /**
   * The address becomes `read.email`, conditional on that change still waiting (else StaleWriteError);
   * the account's address claim moves from `account.email` to it in the same transaction.
   */
  confirmEmailChange(account: Pick<Account, 'nic' | 'email'>, read: PendingEmail): Promise<Account>;
  /**
   * Drops the waiting change, conditional on it still being `read` (its code and stop link; else
   * StaleWriteError), and remembers its stop link as ended. Returns the account.
   */
  cancelEmailChange(nic: Handle, read: PendingEmail): Promise<Account>;
  /**
   * Marks the account's address as bouncing, conditional on it still being `email` (mail to an
   * address the account has since left says nothing of the new one). False when it is not.
   */
  markEmailBounced(nic: Handle, email: string, at: string): Promise<boolean>;
  /** Throws DomainError not_found when the account does not exist. Returns the account as it is now. */
  updateAccountLanguage(nic: Handle, language: Language): Promise<Account>;

  getService(serviceId: string): Promise<Service | undefined>;
  /** One BatchGetItem per 100 services; missing ids are absent from the map. */
  getServices(serviceIds: string[]): Promise<Map<string, Service>>;
  /** One Query per page; with `role`, only the services where the account holds that role. */
  listServicesOf(nic: Handle, query: PageRequest & { role?: Role }): Promise<Page<Service>>;

  /**
   * One transaction: every request, its guard per (service, role), its pointers per party, and the
   * asker's `quota` counted. Throws DomainError change_pending when a guard exists (an open request
   * for that service and role), too_many_requests when the quota is used up; either writes nothing.
   */
  createRequests(requests: ContactChangeRecord[], quota: Quota): Promise<void>;
  /**
   * The buckets of the asker's `limit` that count at `at` (one Query): read beside a creation's other
   * reads and handed to createRequests or createBatch in the quota, so that they need not wait for it.
   */
  readQuota(limit: RateLimit, at: Date): Promise<Bucket[]>;
  /**
   * Creates a batch and its requests with bounded writes, all or nothing: the requests are written
   * out of sight (with their guards, pointers, and the asker's `quota` counted once), then the batch is
   * published with one conditional write, and every request of it becomes readable at once. A guard
   * another request holds is DomainError batch_refused naming `services[i]` with change_pending; any
   * failure removes what was written. Called again with the same batch and request ids after a crash,
   * it overwrites what the first call left unpublished; a published batch is never written again.
   */
  createBatch(batch: BatchRecord, requests: ContactChangeRecord[], quota: Quota): Promise<void>;
  /** A batch, published or not (a retry resumes one that is not); callers show only published ones. */
  getBatch(id: string): Promise<StoredBatch | undefined>;
  /**
   * Marks a once-per-batch email as sent, on the published batch's item: false when someone marked it
   * already. One conditional write, so that of two writers at once (two requests ending, two sweeps, two
   * SES notices of one bounce) exactly one sends. `key` names whose it is (BatchNotice).
   */
  markBatchNotice(batchId: string, notice: BatchNotice, key: string): Promise<boolean>;
  /**
   * Records on the published batch's item that its request `requestId` has ended, and returns the
   * batch's progress after that: one UpdateItem, idempotent (a set), so an ending learns whose requests
   * have all ended without reading them. Undefined when there is no such published batch.
   */
  recordBatchEnding(batchId: string, requestId: string): Promise<BatchProgress | undefined>;
  /**
   * Claims the sending of `nic`'s outcome email of the batch: false when someone claimed it already. One
   * conditional write, so that of two requests ending at once exactly one sends. The email stays owed
   * until `outcomeSent`; once `retryAt` has passed, the sweep finds the batch and sends it again.
   */
  claimOutcome(batchId: string, nic: Handle, retryAt: string): Promise<boolean>;
  /** `nic`'s outcome email of the batch went out: it is owed no more. */
  outcomeSent(batchId: string, nic: Handle): Promise<void>;
  /**
   * Takes again the outcome emails of the batch still owed once its last claim's `retryAt` is before
   * `now`, until `retryAt`: one conditional write, so that of two sweeps one sends. Nothing when none
   * are owed (the batch then leaves the sweep's list), or not yet, or another sweep took them.
   */
  retakeOwedOutcomes(
    batchId: string,
    now: string,
    retryAt: string,
  ): Promise<{ owed: Handle[]; concerns: BatchProgress['concerns'] }>;
  /**
   * For the sweep, by when each became due: batches owing outcome emails whose retry time is before
   * `before`, and batches left unpublished until after `abandonedAt` (before `before`).
   */
  listBatchesDue(before: string, page: PageRequest): Promise<Page<BatchDue>>;
  /**
   * Removes a batch left unpublished (a creation that crashed): its requests, their guards and
   * pointers, then its item. False when it was published meanwhile, or is gone. A creation retried
   * while this runs is refused (change_pending) and leaves nothing either.
   */
  dropUnpublishedBatch(batchId: string): Promise<boolean>;
  /** The readable requests among `ids`, in that order; one BatchGetItem per 100. */
  getRequests(ids: string[]): Promise<ContactChangeRecord[]>;
  /** Undefined when there is none, or it belongs to a batch not published yet. */
  getRequest(id: string): Promise<ContactChangeRecord | undefined>;
  /** Requests where the account is asker, confirmer or notified, newest first. */
  listRequestsOf(
    nic: Handle,
    query: PageRequest & { state?: ChangeState },
  ): Promise<Page<ContactChangeRecord>>;
  /** Final requests of a service, newest first. */
  listHistory(serviceId: string, query: PageRequest): Promise<Page<ContactChangeRecord>>;

  /**
   * Carries out a decision of the lifecycle as one conditional write (an UpdateItem, or one
   * TransactWriteItems when parties' lists, guards, history or the service move with it) and
   * returns the request as stored afterwards (`transition.next`, or newer where a concurrent counter
   * moved on: the changes land on what the store holds). Throws StaleWriteError, writing nothing, when the request no longer
   * meets `transition.expect` (or, applying, the service's contacts are no longer as read).
   */
  commit(transition: Transition): Promise<ContactChangeRecord>;
  /**
   * Carries out many decisions, each as commit() would, in as few writes as the store allows (a
   * TransactWriteItems holds at most 100 items, and never one item twice), so that answering a batch
   * is not one transaction per request. Each decision's outcome in order: the request as stored, or a
   * StaleWriteError for one whose request no longer meets its expectation (nothing of it written).
   * One such request never costs the others: a group it cancels is committed again one at a time.
   */
  commitEach(transitions: Transition[]): Promise<(ContactChangeRecord | StaleWriteError)[]>;

  /**
   * Takes the emails a refusal still owes (`refusalNoticesOwed`, set by the refusal's own write): one
   * conditional write that removes the mark (and the request from the sweep's listing) only if it is
   * there and the request is refused. True when this caller took it, and so sends them; of two
   * callers at once exactly one does.
   */
  claimRefusalNotices(requestId: string): Promise<boolean>;

  /**
   * The requests the sweep must look at by `before` (lifecycle.ts, `sweepDueAt`), soonest first: open
   * ones (awaiting_confirmation or applying), and refused ones whose emails are still owed (a copy
   * without the mark: a refused request is listed only while it is set).
   */
  listOpenExpiringBefore(before: string, query: PageRequest): Promise<Page<ContactChangeRecord>>;
}

export type IdempotencyClaim =
  | { kind: 'claimed' }
  /** The key was used before with the same request: here is the first answer. */
  | { kind: 'replay'; response: unknown }
  /** The first request with this key is still running. */
  | { kind: 'in_progress' }
  /** The key was used before with a different request. */
  | { kind: 'mismatch' };

/** Records of `Idempotency-Key` headers, so that a retried create returns the first answer. */
export interface IdempotencyStore {
  /**
   * Claims `key` for `scope` (the caller), conditionally: only one claim of a live key wins. A key
   * claimed by a call that can no longer be running (past its `runningUntil`: it timed out or
   * crashed) is free again.
   */
  claim(
    scope: string,
    key: string,
    fingerprint: string,
    times: { expiresAt: Date; runningUntil: Date; now: Date },
  ): Promise<IdempotencyClaim>;
  complete(scope: string, key: string, response: unknown): Promise<void>;
  /** Frees a claim whose request failed, so that a retry runs it again. */
  release(scope: string, key: string): Promise<void>;
}

export type EmailKind =
  | NoticeKind // what a move of the lifecycle tells (see shared/domain/notices.ts)
  | 'code' // one person's codes: every request of one submission (or of a resend) they must confirm
  | 'batch_code' // one person's one code for every request of a batch where they are asked
  | 'batch_outcome' // once every request of a batch concerning the reader has ended: how each ended
  | 'batch_reminder' // the one reminder per person per batch: the services still waiting for their answer
  | 'batch_code_bounced' // to a batch's asker: one person's batch code email bounced; the services it asked
  | 'email_change_code' // to the new address: the code that confirms it
  | 'email_change_started' // to the old address: a change was asked, nothing changes without the code
  | 'email_changed'; // to the old address of an account whose email changed

/** Whom an email goes to, and how they read: in their language, with times in their zone. */
export interface Recipient {
  nic: Handle;
  email: string;
  name: string;
  language: Language;
  /** IANA name, from timeZoneOf (shared/domain/time-zone.ts). */
  timeZone: string;
}

export interface EmailMessage extends NoticeDetails {
  kind: EmailKind;
  to: Recipient;
  /** The name of every account the email may name, by handle, so that people are never handles alone. */
  names?: Readonly<Record<Handle, string>>;
  /** The request a notice is about. */
  request?: ContactChangeSummary;
  /** The request's page in the control panel. */
  panelLink?: string;
  /** Only for `code`: every request the reader is asked to confirm, each with its own code and link. */
  asks?: AskedConfirmation[];
  /** Only for `batch_code`: the batch, the reader's one code for it, and their requests in it. */
  batch?: BatchAsk;
  /** Only for `batch_outcome`: the batch, and every request of it concerning the reader, ended. */
  outcome?: BatchOutcome;
  /**
   * For `batch_reminder`: the requests still awaiting the reader; for `batch_code_bounced`: those still
   * awaiting the person whose code email bounced (`bounced`).
   */
  waiting?: BatchOutcome;
  /** For `code` and `batch_code`: the codes replace ones sent before (a resend). */
  resent?: boolean;
  /**
   * For `reminder`: the confirm page without a code, where the reader types the one emailed before.
   * For email_change_started: the page that stops the change (its own secret, to the old address only).
   */
  link?: string;
  /** For email_change_code: the code that confirms the new address, and `link` fills it in. */
  code?: string;
  /** For the address change: the new address. */
  newEmail?: string;
  /** For email_change_started: until when the code works. */
  until?: string;
}

/** What an email says about a request. */
export type ContactChangeSummary = Pick<
  ContactChangeRecord,
  | 'id'
  | 'serviceId'
  | 'serviceName'
  | 'roles'
  | 'from'
  | 'to'
  | 'askedBy'
  | 'state'
  | 'notified'
  | 'expiresAt'
  | 'completedAt'
  | 'why'
> & { confirmations: Confirmation[] };

/** What a batch code email asks its reader. */
export interface BatchAsk {
  id: string;
  /** The reader's code: plain, as it is typed; it answers every request below. */
  code: string;
  /** The batch's confirm page with the code filled in. */
  link: string;
  /** The reader's requests in the control panel. */
  panelLink: string;
  /** Every request of the batch where the reader is asked, in the batch's order. */
  requests: ContactChangeSummary[];
}

/** Requests of one batch that an email lists: how each ended (the outcome), or that each still waits. */
export interface BatchOutcome {
  id: string;
  /** The reader's requests in the control panel. */
  panelLink: string;
  /** In the batch's order. */
  requests: ContactChangeSummary[];
}

/** One request a code email asks its reader to confirm. */
export interface AskedConfirmation {
  request: ContactChangeSummary;
  /** The reader's code for this request: plain, as it is typed. */
  code: string;
  /** The confirm page with the code filled in. */
  link: string;
  /** The request's page in the control panel. */
  panelLink: string;
}

/**
 * How one kind of email is written: its view and its templates in each language (shared/email/kinds/).
 * The use cases never read one: they find their kind's among their function's emails and hand it to
 * the mailer, so that a function's bundle carries the templates of what it sends and no others.
 */
export interface EmailTemplate<K extends EmailKind> {
  readonly kind: K;
}

/** The kinds of email a function sends, each with its templates: its entry names them. */
export type Emails = { readonly [K in EmailKind]?: EmailTemplate<K> };

export interface Mailer {
  /** Sends one email, written with `template`, its kind's; retries transient failures itself. */
  send(message: EmailMessage, template: EmailTemplate<EmailKind>): Promise<void>;
}

/**
 * The workflow that asks each confirmer and waits for their answer, in the domain's words. How it
 * waits (Step Functions task tokens, the local runner) is the adapter's business alone.
 */
export interface Workflow {
  /** The confirmations of a new (or resumed) request begin; a second start of the same request is a no-op. */
  started(request: ContactChangeRecord, at: string): Promise<void>;
  /**
   * A confirmer accepted. False when nothing waits for that answer any more (the wait timed out or
   * was lost): if it was the last acceptance, the caller applies the change itself. `receipt`: the wait
   * that hears it sends the answerer's receipt (the workflow's receipt step); when none hears it, the
   * caller sends it.
   */
  accepted(request: ContactChangeRecord, nic: Handle, receipt: boolean): Promise<boolean>;
  /**
   * A confirmer refused: the request has ended, and so do its waits. True when a wait heard it: the
   * workflow then sends the refusal's notices itself (its close step claims them). False when nothing
   * waits (no wait has begun yet, or it timed out, or the execution is gone): the caller claims them.
   */
  refused(request: ContactChangeRecord, nic: Handle): Promise<boolean>;
  /** The request ended outside the workflow (cancelled, expired, failed): its waits end too. */
  ended(request: ContactChangeRecord): Promise<void>;
}

/** Who holds a lease taken by another run. */
export interface HeldLease {
  holder: string;
  /** When it lapses by itself (ISO), should its holder never give it back. */
  until: string;
}

/**
 * Leases in the table, each a conditional write with an expiry: the sweep's keeps its runs one at a
 * time at any Lambda concurrency, with no reserved concurrency (which a new account cannot spare).
 */
export interface Leases {
  /** Takes lease `name` for `holder` until `until`, unless another holder's has not lapsed at `now`. */
  take(
    name: string,
    holder: string,
    times: { now: Date; until: Date },
  ): Promise<{ taken: true } | ({ taken: false } & HeldLease)>;
  /** Gives the lease back early, if `holder` still holds it: the next run need not wait for it to lapse. */
  release(name: string, holder: string): Promise<void>;
}

/** Counters of what one person makes the system send, in windows (shared/domain/rate-limits.ts). */
export interface RateLimiter {
  /** Counts one use of `limit` at `now`, unless its window is full: then when to try again. */
  take(
    limit: RateLimit,
    now: Date,
  ): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }>;
  /** Gives back one use taken at `now`, when a call counted against several limits is refused by another. */
  giveBack(limit: RateLimit, now: Date): Promise<void>;
}

/** What the business counts (the dashboard's metrics); counted where it happens, published by the handler. */
export type BusinessMetric =
  | 'RequestsCreated'
  | 'RequestsApplied'
  | 'RequestsRefused'
  | 'RequestsExpired'
  | 'RequestsCancelled'
  | 'RequestsFailed'
  | 'EmailsSent'
  | 'EmailsFailed'
  | 'EmailsBounced'
  | 'AttemptsLocked';

export interface BusinessMetrics {
  count(metric: BusinessMetric, value?: number): void;
}
