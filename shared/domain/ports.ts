// The ports the use cases talk to. Adapters in shared/adapters/ implement them
// (DynamoDB, SES v2, Step Functions); the domain and use cases never import AWS.
import type {
  Account,
  ChangeState,
  ConfirmationStatus,
  ContactChangeRecord,
  FinalState,
  Handle,
  Language,
  Page,
  PageRequest,
  Role,
  Service,
} from './model';

/** A conditional write lost: the item was not in the state the caller read. Use cases re-read and decide. */
export class StaleWriteError extends Error {
  override readonly name = 'StaleWriteError';
}

export type ApplyOutcome =
  | { kind: 'applied'; service: Service; request: ContactChangeRecord }
  /** A contact of the request's roles is no longer `from`: the precondition broke. */
  | { kind: 'contacts_changed'; service: Service | undefined }
  /** The request is not in state `applying` (already applied or closed). */
  | { kind: 'not_applying'; request: ContactChangeRecord | undefined };

export interface ContactStore {
  getAccount(nic: Handle): Promise<Account | undefined>;
  /** One BatchGetItem; missing handles are absent from the map. */
  getAccounts(nics: Handle[]): Promise<Map<Handle, Account>>;
  /** Throws DomainError not_found when the account does not exist. Returns the account as it was before. */
  updateAccountEmail(nic: Handle, email: string): Promise<Account>;
  /** Throws DomainError not_found when the account does not exist. Returns the account as it is now. */
  updateAccountLanguage(nic: Handle, language: Language): Promise<Account>;

  getService(serviceId: string): Promise<Service | undefined>;
  /** One Query per page; with `role`, only the services where the account holds that role. */
  listServicesOf(nic: Handle, query: PageRequest & { role?: Role }): Promise<Page<Service>>;

  /**
   * One transaction: every request, its guard per (service, role) and its pointers per party.
   * Throws DomainError change_pending when a guard exists (an open request for that service and role).
   */
  createRequests(requests: ContactChangeRecord[]): Promise<void>;
  getRequest(id: string): Promise<ContactChangeRecord | undefined>;
  /** Requests where the account is asker, confirmer or notified, newest first. */
  listRequestsOf(
    nic: Handle,
    query: PageRequest & { state?: ChangeState },
  ): Promise<Page<ContactChangeRecord>>;
  /** Final requests of a service, newest first. */
  listHistory(serviceId: string, query: PageRequest): Promise<Page<ContactChangeRecord>>;

  /**
   * Stores a fresh code hash for a pending confirmer of an awaiting request, resets its attempts,
   * and stores the task token when given. Throws StaleWriteError if the request or confirmer is no longer open.
   */
  issueCode(
    id: string,
    nic: Handle,
    code: { codeHash: string; codeIssuedAt: string; taskToken?: string },
  ): Promise<ContactChangeRecord>;
  /**
   * Stores the task token of a confirmer who already has a code (a resumed or retried wait), keeping the
   * code and its attempts. Throws StaleWriteError when the confirmer has no code or the request is closed.
   */
  attachTaskToken(id: string, nic: Handle, taskToken: string): Promise<void>;
  /** Counts one wrong code; conditional on the confirmer still pending. Returns the new count. */
  recordWrongCode(id: string, nic: Handle): Promise<number>;
  /**
   * Records an answer, conditional on everything `read` shows (state awaiting, the confirmer pending with the
   * code hash that was checked, not expired at `at`). When this is the last acceptance, the same write moves the
   * request to `applying`. Throws StaleWriteError when `read` is no longer current.
   */
  recordAnswer(
    read: ContactChangeRecord,
    nic: Handle,
    status: Exclude<ConfirmationStatus, 'pending'>,
    at: string,
  ): Promise<ContactChangeRecord>;
  /** Marks the one reminder as sent; false when it already was. */
  markReminded(id: string, nic: Handle, at: string): Promise<boolean>;

  /**
   * One transaction: the request moves from `read.state` to `state`, its guards go, codes and task tokens are
   * removed, pointers follow, and the final request is written to the service history.
   * Throws StaleWriteError when the request is no longer in `read.state`.
   */
  closeRequest(
    read: ContactChangeRecord,
    state: FinalState,
    reason: string | null,
    at: string,
  ): Promise<ContactChangeRecord>;
  /**
   * One transaction, conditional on the request being `applying` and the contacts of its roles still being
   * `from`: the contacts change, the per-account role index moves, the request is done, guards go, history
   * is written.
   */
  applyChange(id: string, at: string): Promise<ApplyOutcome>;

  /** Open (awaiting_confirmation or applying) requests whose expiry is at or before `before`, oldest first. */
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
  /** Claims `key` for `scope` (the caller), conditionally: only one claim of a live key wins. */
  claim(scope: string, key: string, fingerprint: string, expiresAt: Date): Promise<IdempotencyClaim>;
  complete(scope: string, key: string, response: unknown): Promise<void>;
  /** Frees a claim whose request failed, so that a retry runs it again. */
  release(scope: string, key: string): Promise<void>;
}

export type EmailKind =
  | 'code' // a confirmer's code and link
  | 'reminder' // the request nears its end; no new code
  | 'registered' // to the asker: the request is registered, these people were emailed
  | 'waiting' // to someone who accepted: waiting for the other party
  | 'done'
  | 'refused'
  | 'expired'
  | 'failed'
  | 'cancelled'
  | 'rights_ended' // to an old contact who lost every role on the service
  | 'email_changed'; // to the old address of an account whose email changed

export interface EmailMessage {
  kind: EmailKind;
  to: { nic: Handle; email: string; name: string; language: Language };
  request?: ContactChangeSummary;
  /** Only for `code`: the plain code and the link that fills it in. */
  code?: string;
  link?: string;
  /** Handles still to confirm (waiting), or who was emailed (registered). */
  others?: Handle[];
  /** Why it ended (refused, expired, failed). */
  reason?: string | null;
  /** For refused: who said no, so each language can say it in its own words. */
  refusedBy?: Handle;
  /** For expired: who did not answer in time. */
  notConfirmedBy?: Handle[];
  /** For email_changed: the new address. */
  newEmail?: string;
}

/** What an email says about a request. */
export type ContactChangeSummary = Pick<
  ContactChangeRecord,
  'id' | 'serviceId' | 'serviceName' | 'roles' | 'from' | 'to' | 'askedBy' | 'expiresAt'
>;

export interface Mailer {
  /** Sends one email; retries transient failures itself. */
  send(message: EmailMessage): Promise<void>;
}

/** The callbacks of Step Functions' `.waitForTaskToken` tasks, and starting / stopping executions. */
export interface Workflow {
  /** Starts the execution named by the request id; a second start with the same id is a no-op. */
  start(input: WorkflowInput): Promise<void>;
  /** Returns false when Step Functions no longer waits on the token (TaskTimedOut, TaskDoesNotExist, InvalidToken). */
  succeed(taskToken: string, output: unknown): Promise<boolean>;
  fail(taskToken: string, error: 'Refused' | 'Cancelled', cause: string): Promise<boolean>;
  /** Stops a running execution; no-op when it is not running. */
  stop(requestId: string, cause: string): Promise<void>;
}

export interface WorkflowInput {
  requestId: string;
  confirmers: Handle[];
  /** The validity window of the request in seconds: the timeout of each confirmer's wait. */
  timeoutSeconds: number;
}
