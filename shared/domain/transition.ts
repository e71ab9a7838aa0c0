// What a decision of the lifecycle asks the store to do: the changes to one request (and, when it is
// applied, to its service), and the expectation that keeps them safe against a concurrent writer.
// The store carries a Transition out as one conditional write, or not at all (StaleWriteError).
import type {
  ConfirmationStatus,
  ConfirmerRecord,
  ContactChangeRecord,
  Contacts,
  FinalState,
  Handle,
  Service,
  Why,
} from './model';
import type { NoticeDetails } from './notices';

/** What the request must still look like when the write lands; anything else voids the write. */
export interface Expectation {
  state: ContactChangeRecord['state'];
  /** Each named confirmer's status as read: an answer landing in between voids the write. */
  statuses?: Readonly<Record<Handle, ConfirmationStatus>>;
  /** The confirmer's code as it was checked (null: none issued). A resend in between voids the write. */
  code?: { nic: Handle; hash: string | null };
  /** Each of these confirmers is still below this many wrong codes, so the count stops exactly there. */
  attemptsBelow?: { nics: readonly Handle[]; limit: number };
  /** The validity window has not passed at this time. */
  openAt?: string;
  /** This confirmer's one reminder has not gone out yet. */
  notReminded?: Handle;
  /** This confirmer's current code is not marked bounced yet: a repeated SES notice tells nobody twice. */
  notBounced?: Handle;
}

export type Change =
  /** A confirmer answered; the code is single-use, so it goes with the answer. */
  | { kind: 'answer'; nic: Handle; status: Exclude<ConfirmationStatus, 'pending'>; at: string }
  /** One more wrong code for each of these confirmers. */
  | { kind: 'wrong_code'; nics: readonly Handle[] }
  /** A fresh code replaces the old one, and the count of wrong codes starts again. */
  | { kind: 'new_code'; nic: Handle; codeHash: string; issuedAt: string; keyId?: string }
  /** The email carrying this confirmer's current code went out. */
  | { kind: 'code_sent'; nic: Handle; at: string }
  /** It did not, after all: the next ask sends a working code instead. */
  | { kind: 'code_unsent'; nic: Handle }
  | { kind: 'reminded'; nic: Handle; at: string }
  /** The email with this confirmer's current code bounced. */
  | { kind: 'code_bounced'; nic: Handle; at: string }
  /** Every confirmer accepted: the request waits for its change to be applied. */
  | { kind: 'applying'; at: string }
  /** The request ends: guards freed, codes dropped, history written. */
  | { kind: 'end'; state: FinalState; reason: string | null; why: Why | null; at: string }
  /**
   * Beside a refusal's `end`: its notices are owed until someone claims them (the lifecycle's `toldBy`),
   * the committer when no wait of the workflow heard it, else the workflow's close step, else the sweep
   * once no close step can still be running (the store keeps the request in its index until claimed).
   */
  | { kind: 'refusal_notices_owed' }
  /**
   * The service's contacts move from `before` (as read, the condition) to `after`, and every
   * member's "my services" row follows. Always beside an `end` as done.
   */
  | { kind: 'apply'; service: Service; after: Contacts };

/** Who hears what once the write holds. */
export interface Notice {
  kind: NoticeKind;
  to: readonly Handle[];
  details?: NoticeDetails;
}

export type NoticeKind =
  'waiting' | 'done' | 'refused' | 'expired' | 'failed' | 'cancelled' | 'reminder' | 'code_bounced';

/** What the workflow hears once the write holds (the Workflow port's call). */
export type WorkflowCall =
  /**
   * `applyUnheard`: when nothing waits for this answer any more, the change is applied at once.
   * `receipt`: the wait that hears it owes the answerer their receipt (the move's notices, `toldBy`).
   */
  | { call: 'accepted'; nic: Handle; applyUnheard: boolean; receipt: boolean }
  | { call: 'refused'; nic: Handle }
  | { call: 'ended' };

export interface Transition {
  /** The request as the decision saw it. */
  read: ContactChangeRecord;
  expect: Expectation;
  changes: readonly Change[];
  /** The request once the write holds. */
  next: ContactChangeRecord;
  notices: readonly Notice[];
  /**
   * Present when the notices are handed to the workflow (the lifecycle's `toldBy`): whoever commits
   * sends them only when no wait heard the move's word. Absent: whoever commits sends them.
   */
  toldBy?: ToldBy;
  /** Absent when the workflow needs no word: the move is none of its business, or its own. */
  workflow?: WorkflowCall;
}

/** Who sends a move's notices when it is not simply whoever commits it (lifecycle.ts, LifecycleRule). */
export type ToldBy = 'the workflow when it hears, else the committer';

/**
 * The move leaves its notices owed on the request (a refusal's): whoever claims them sends them. Only
 * a handed-over move (`toldBy`) that ends the request does (lifecycle.ts says why).
 */
export const leavesNoticesOwed = (transition: Transition): boolean =>
  transition.changes.some((change) => change.kind === 'refusal_notices_owed');

function changeConfirmer(
  request: ContactChangeRecord,
  nics: readonly Handle[],
  edit: (confirmer: ConfirmerRecord) => ConfirmerRecord,
): ContactChangeRecord {
  return {
    ...request,
    confirmers: request.confirmers.map((c) => (nics.includes(c.nic) ? edit(c) : c)),
  };
}

/** The request after `changes`: what the store will hold, computed without it. */
export function withChanges(read: ContactChangeRecord, changes: readonly Change[]): ContactChangeRecord {
  let request = read;
  for (const change of changes) {
    switch (change.kind) {
      case 'answer':
        request = changeConfirmer(request, [change.nic], ({ codeHash, keyId: _spent, ...c }) => ({
          ...c,
          status: change.status,
          at: change.at,
          ...(codeHash !== undefined && { spentCodeHash: codeHash }),
        }));
        break;
      case 'wrong_code':
        request = changeConfirmer(request, change.nics, (c) => ({ ...c, attempts: c.attempts + 1 }));
        break;
      case 'new_code':
        // A new code goes out in a new email: whether it bounces is for SES to say again.
        request = changeConfirmer(
          request,
          [change.nic],
          ({ codeSentAt: _unsent, bouncedAt: _new, keyId: _old, ...c }) => ({
            ...c,
            codeHash: change.codeHash,
            ...(change.keyId !== undefined && { keyId: change.keyId }),
            codeIssuedAt: change.issuedAt,
            attempts: 0,
          }),
        );
        break;
      case 'code_sent':
        request = changeConfirmer(request, [change.nic], (c) => ({ ...c, codeSentAt: change.at }));
        break;
      case 'code_unsent':
        request = changeConfirmer(request, [change.nic], ({ codeSentAt: _unsent, ...c }) => c);
        break;
      case 'reminded':
        request = changeConfirmer(request, [change.nic], (c) => ({ ...c, remindedAt: change.at }));
        break;
      case 'code_bounced':
        request = changeConfirmer(request, [change.nic], (c) => ({ ...c, bouncedAt: change.at }));
        break;
      case 'applying':
        request = { ...request, state: 'applying', applyingSince: change.at };
        break;
      case 'end':
        request = {
          ...request,
          state: change.state,
          reason: change.reason,
          why: change.why,
          completedAt: change.at,
          // A request that ended keeps no way in; a spent code is kept only to recognise its owner.
          confirmers: request.confirmers.map(({ codeHash, keyId: _spent, ...c }) =>
            codeHash === undefined ? c : { ...c, spentCodeHash: codeHash },
          ),
        };
        break;
      case 'refusal_notices_owed':
        request = { ...request, refusalNoticesOwed: true };
        break;
      case 'apply':
        break; // the service's part; the request's own comes with the `end` beside it
    }
  }
  return request;
}
