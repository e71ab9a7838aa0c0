// The life of a request (DESIGN.md, "Lifecycle of a request") as one table, and the pure function
// that reads it: given a request, what happened and the time, `decide` returns the Transition that
// the store carries out (the changes, the expectation that keeps them safe against a concurrent
// writer) and who is told what. Nothing outside this file decides a request's next state.
import {
  isFinal,
  type ChangeState,
  type ContactChangeRecord,
  type FinalState,
  type Handle,
  type Why,
} from './model';
import { whyInEnglish } from './messages';
import { MAX_WRONG_CODES } from './codes';
import { doneNotices, endedNotice, waitingNotice } from './notices';
import type { Change, Expectation, Notice, ToldBy, Transition, WorkflowCall } from './transition';
import { withChanges } from './transition';
import { ownNotices } from './batch-notices';
import { LONGEST_CALL_MS } from './batch';
import type { Contacts, Service } from './model';

export type LifecycleEvent =
  /** A confirmer accepted with their own, current code (see answers.ts for how a code is judged). */
  | { type: 'accepted'; nic: Handle }
  | { type: 'refused'; nic: Handle }
  /** A code matched nobody: it counts against these pending confirmers. */
  | { type: 'wrong_code'; nics: readonly Handle[] }
  /** The asker or a current admin of the service withdrew the request. */
  | { type: 'cancelled'; by: Handle }
  | { type: 'window_passed' }
  /** Just before applying, everything the change needs still holds; `service` is as read. */
  | { type: 'preconditions_met'; service: Service }
  | { type: 'preconditions_broken'; why: Why }
  /** A step could not be carried out, for good (not a transient error); `reason` says which, in English. */
  | { type: 'step_failed'; reason: string };

export type EventType = LifecycleEvent['type'];

/** The rule that names who hears of a move. */
export type TellRule =
  'nobody' | 'the answerer' | 'everyone' | 'everyone, and an old contact left with no role';

/**
 * What the workflow hears of a move made outside it (by an answer, a cancel, the sweep). A move the
 * workflow's own steps report, it already knows.
 */
export type WorkflowRule =
  | 'nothing'
  /** The confirmer's wait is answered (and told when it owes the answerer's receipt: `toldBy`). */
  | 'the acceptance'
  /** The last wait is answered; when nothing waits any more, the change is applied here. */
  | 'the last acceptance'
  /** The waits fail with the refusal, which ends the execution. */
  | 'the refusal'
  /** The request ended: so do the execution and its waits. */
  | 'the end';

export interface LifecycleRule {
  from: ChangeState;
  on: EventType;
  /** Only acceptances tell two cases apart. */
  when?: 'others still pending' | 'the last acceptance';
  to: ChangeState;
  tell: TellRule;
  workflow: WorkflowRule;
  /** The event means another here: nothing is written, and the request is settled with that one. */
  means?: 'apply';
  /**
   * Who sends the notices (`tell`). By default whoever commits the move. An acceptance's receipt and a
   * refusal's notices are handed to the workflow with its word, so that the answer waits on no email:
   * the workflow sends them when a wait heard the word; the committer only when nothing heard it (no
   * wait had begun, it timed out, the execution is gone, or the workflow could not be reached). Each
   * is then sent by exactly one, in the way its hearing allows:
   * - an acceptance's word is heard by its confirmer's wait alone, and it says so (`receipt`): only that
   *   wait's iteration of the Map goes on to the receipt step (an ask task ending its own wait, or the
   *   answers given again to other waits, carry no such word). One word, one sender: nothing is written;
   * - a refusal ends the execution, whose close step runs whatever ended it (the refusal, or another
   *   wait's failure or timeout just before), so the word alone cannot tell it that it is the sender:
   *   the write leaves the notices owed on the request (`refusal_notices_owed`), and whoever sends them
   *   claims them first: the close step, the committer when nothing heard it, or at last the sweep.
   */
  toldBy?: ToldBy;
}

/** The receipt's and the refusal's (`toldBy`). */
const WORKFLOW_WHEN_HEARD: ToldBy = 'the workflow when it hears, else the committer';

/**
 * Every move a request can make. A state and event with no row change nothing: a final request stays
 * final; an `applying` request is not cancelled or failed by a passing error (the apply is tried
 * again, by the workflow's retries or the sweep) — it ends done, or failed when a rule breaks.
 * A failed step is reported by the workflow itself, or by a start that failed: nobody else to tell.
 */
export const LIFECYCLE: readonly LifecycleRule[] = [
  {
    from: 'awaiting_confirmation',
    on: 'accepted',
    when: 'others still pending',
    to: 'awaiting_confirmation',
    tell: 'the answerer',
    workflow: 'the acceptance',
    toldBy: WORKFLOW_WHEN_HEARD,
  },
  {
    from: 'awaiting_confirmation',
    on: 'accepted',
    when: 'the last acceptance',
    to: 'applying',
    tell: 'nobody',
    workflow: 'the last acceptance',
  },
  {
    from: 'awaiting_confirmation',
    on: 'refused',
    to: 'refused',
    tell: 'everyone',
    workflow: 'the refusal',
    toldBy: WORKFLOW_WHEN_HEARD,
  },
  {
    from: 'awaiting_confirmation',
    on: 'wrong_code',
    to: 'awaiting_confirmation',
    tell: 'nobody',
    workflow: 'nothing',
  },
  { from: 'awaiting_confirmation', on: 'cancelled', to: 'cancelled', tell: 'everyone', workflow: 'the end' },
  {
    from: 'awaiting_confirmation',
    on: 'window_passed',
    to: 'expired',
    tell: 'everyone',
    workflow: 'the end',
  },
  { from: 'awaiting_confirmation', on: 'step_failed', to: 'failed', tell: 'everyone', workflow: 'nothing' },
  // Everyone accepted before the window passed (or the apply is overdue, as the sweep sees it): such
  // a request ends applied, or failed by a broken rule, never expired.
  {
    from: 'applying',
    on: 'window_passed',
    to: 'applying',
    tell: 'nobody',
    workflow: 'nothing',
    means: 'apply',
  },
  {
    from: 'applying',
    on: 'preconditions_met',
    to: 'done',
    tell: 'everyone, and an old contact left with no role',
    workflow: 'the end',
  },
  { from: 'applying', on: 'preconditions_broken', to: 'failed', tell: 'everyone', workflow: 'the end' },
];

/**
 * How long a request may stay `applying` before the sweep applies it itself: the workflow applies it
 * within seconds, so one still applying after this lost its last callback or its execution.
 */
export const STUCK_APPLYING_SECONDS = 300;

/**
 * Whether the sweep must look at the request at some point: while it is open, and once refused while
 * its refusal's emails are still owed (no one claimed them: the workflow's Close may never run).
 */
export const sweptLater = (request: Pick<ContactChangeRecord, 'state' | 'refusalNoticesOwed'>): boolean =>
  !isFinal(request.state) || (request.state === 'refused' && request.refusalNoticesOwed === true);

/**
 * When the sweep must look at a request it is to look at (`sweptLater`): an open one at its window's
 * end, or when its apply is overdue; a refused one once no call that could claim its emails (the
 * workflow's Close) can still be running, the delay after which a batch's outcome email is sent again.
 */
export function sweepDueAt(
  request: Pick<ContactChangeRecord, 'state' | 'expiresAt' | 'applyingSince' | 'completedAt'>,
): string {
  if (request.state === 'refused' && request.completedAt)
    return new Date(Date.parse(request.completedAt) + LONGEST_CALL_MS).toISOString();
  if (request.state !== 'applying' || !request.applyingSince) return request.expiresAt;
  const overdue = new Date(Date.parse(request.applyingSince) + STUCK_APPLYING_SECONDS * 1000).toISOString();
  return overdue < request.expiresAt ? overdue : request.expiresAt;
}

const isLastAcceptance = (request: ContactChangeRecord, nic: Handle): boolean =>
  request.confirmers.every((c) => c.nic === nic || c.status === 'accepted');

/** The row for this event, or undefined when it changes nothing. */
export function ruleFor(request: ContactChangeRecord, event: LifecycleEvent): LifecycleRule | undefined {
  const when =
    event.type === 'accepted'
      ? isLastAcceptance(request, event.nic)
        ? 'the last acceptance'
        : 'others still pending'
      : undefined;
  return LIFECYCLE.find(
    (rule) => rule.from === request.state && rule.on === event.type && rule.when === when,
  );
}

const statusesOf = (request: ContactChangeRecord) =>
  Object.fromEntries(request.confirmers.map((c) => [c.nic, c.status]));

const codeOf = (request: ContactChangeRecord, nic: Handle) => ({
  nic,
  hash: request.confirmers.find((c) => c.nic === nic)?.codeHash ?? null,
});

/** Why a request that ends without being applied ended: as data, and in the API's English words. */
function endingOf(request: ContactChangeRecord, event: LifecycleEvent): { why: Why; reason: string } | null {
  const because = (code: Why['code'], nics: Handle[] = []): Why => ({ code, nics });
  switch (event.type) {
    case 'refused':
      return english(request, because('refused', [event.nic]));
    case 'cancelled':
      return english(request, because('cancelled', [event.by]));
    case 'window_passed':
      return english(
        request,
        because(
          'not_confirmed_in_time',
          request.confirmers.filter((c) => c.status === 'pending').map((c) => c.nic),
        ),
      );
    case 'preconditions_broken':
      return english(request, event.why);
    case 'step_failed':
      // The failure's own words tell an operator more than a general sentence would.
      return { why: because('fault'), reason: event.reason };
    default:
      return null;
  }
}

const english = (request: ContactChangeRecord, why: Why) => ({ why, reason: whyInEnglish(why, request) });

/** The changes and the expectation of a move, before the request afterwards is known. */
function writeFor(
  request: ContactChangeRecord,
  event: LifecycleEvent,
  rule: LifecycleRule,
  now: string,
): { changes: Change[]; expect: Expectation } {
  const ending = endingOf(request, event);
  const end = (state: FinalState): Change => ({
    kind: 'end',
    state,
    reason: ending?.reason ?? null,
    why: ending?.why ?? null,
    at: now,
  });
  switch (event.type) {
    case 'accepted':
    case 'refused': {
      const status = event.type;
      const answer: Change = { kind: 'answer', nic: event.nic, status, at: now };
      const expect: Expectation = {
        state: 'awaiting_confirmation',
        code: codeOf(request, event.nic),
        openAt: now,
        // Every confirmer as read: two acceptances at once must not both think the other is still
        // pending, or the request would wait forever with everyone accepted.
        statuses: statusesOf(request),
      };
      if (rule.to === 'applying') return { changes: [answer, { kind: 'applying', at: now }], expect };
      if (rule.to === 'refused') return { changes: [answer, end('refused')], expect };
      return { changes: [answer], expect };
    }
    case 'wrong_code':
      return {
        changes: [{ kind: 'wrong_code', nics: event.nics }],
        expect: {
          state: 'awaiting_confirmation',
          statuses: Object.fromEntries(event.nics.map((nic) => [nic, 'pending' as const])),
          attemptsBelow: { nics: event.nics, limit: MAX_WRONG_CODES },
        },
      };
    case 'preconditions_met':
      return {
        changes: [
          { kind: 'apply', service: event.service, after: contactsAfter(request, event.service.contacts) },
          end('done'),
        ],
        expect: { state: 'applying' },
      };
    default:
      // Every other row ends the request from what was read; an answer landing in between voids it.
      return {
        changes: [end(rule.to as FinalState)],
        expect: { state: request.state, statuses: statusesOf(request) },
      };
  }
}

export const contactsAfter = (request: ContactChangeRecord, contacts: Contacts): Contacts => ({
  ...contacts,
  ...Object.fromEntries(request.roles.map((role) => [role, request.to])),
});

function noticesFor(rule: LifecycleRule, next: ContactChangeRecord, event: LifecycleEvent): Notice[] {
  switch (rule.tell) {
    case 'nobody':
      return [];
    case 'the answerer':
      return event.type === 'accepted' ? [waitingNotice(next, event.nic)] : [];
    case 'everyone':
      return [endedNotice(next)];
    case 'everyone, and an old contact left with no role':
      return event.type === 'preconditions_met'
        ? doneNotices(next, contactsAfter(next, event.service.contacts))
        : [];
  }
}

/** `handed`: the move's notices go to the workflow with its word (`toldBy`). */
function workflowCallFor(
  rule: LifecycleRule,
  event: LifecycleEvent,
  handed: boolean,
): WorkflowCall | undefined {
  switch (rule.workflow) {
    case 'nothing':
      return undefined;
    case 'the acceptance':
    case 'the last acceptance':
      return event.type === 'accepted'
        ? {
            call: 'accepted',
            nic: event.nic,
            applyUnheard: rule.workflow === 'the last acceptance',
            receipt: handed,
          }
        : undefined;
    case 'the refusal':
      return event.type === 'refused' ? { call: 'refused', nic: event.nic } : undefined;
    case 'the end':
      return { call: 'ended' };
  }
}

/**
 * The notices of the refusal that ended `refused`, as its row names them: what the workflow's close step
 * sends when it claims them (`toldBy`), or the sweep when no close step did. None for a request that did
 * not end refused.
 */
export function refusalNotices(refused: ContactChangeRecord): Notice[] {
  const nic = refused.why?.code === 'refused' ? refused.why.nics[0] : undefined;
  const rule = LIFECYCLE.find((r) => r.on === 'refused' && r.to === 'refused');
  if (refused.state !== 'refused' || nic === undefined || !rule) return [];
  return noticesFor(rule, refused, { type: 'refused', nic });
}

/**
 * The receipt of `nic`'s acceptance, as its row names it (the "waiting" notice, saying who is still
 * pending): what the workflow's receipt step sends once the confirmer's wait heard it (`toldBy`). None
 * unless `nic` accepted and the request still awaits others: a request that moved on since (applying,
 * or ended) tells the answerer all in its next notice.
 */
export function receiptNotices(request: ContactChangeRecord, nic: Handle): Notice[] {
  const accepted = request.confirmers.some((c) => c.nic === nic && c.status === 'accepted');
  const rule = LIFECYCLE.find((r) => r.on === 'accepted' && r.when === 'others still pending');
  if (request.state !== 'awaiting_confirmation' || !accepted || !rule) return [];
  return noticesFor(rule, request, { type: 'accepted', nic });
}

/** What `event` stands for on `request` when a row says it means another (and so writes nothing). */
export const meaningOf = (request: ContactChangeRecord, event: LifecycleEvent): 'apply' | undefined =>
  ruleFor(request, event)?.means;

/**
 * What `event` does to `request` at `now`: the Transition to commit, or undefined when it changes
 * nothing (the request already ended, or is past the point where this event matters, or the event
 * means another here: see `meaningOf`).
 */
export function decide(
  request: ContactChangeRecord,
  event: LifecycleEvent,
  now: string,
): Transition | undefined {
  const rule = ruleFor(request, event);
  if (!rule || rule.means) return undefined;
  const written = writeFor(request, event, rule, now);
  const after = withChanges(request, written.changes);
  const notices = noticesFor(rule, after, event);
  // A request of a batch has no notices of its own to hand over (it is told in the batch's outcome
  // email). Handed-over notices of a move that ends the request, and so the execution, stay owed on
  // the request, in the same write, until claimed (`toldBy` says why a refusal's need the mark and
  // a receipt's do not).
  const toldBy = ownNotices(after, notices).length > 0 ? rule.toldBy : undefined;
  const owed = !!toldBy && isFinal(rule.to);
  const changes: Change[] = owed ? [...written.changes, { kind: 'refusal_notices_owed' }] : written.changes;
  const workflow = workflowCallFor(rule, event, !!toldBy);
  return {
    read: request,
    expect: written.expect,
    changes,
    next: owed ? withChanges(request, changes) : after,
    notices,
    ...(toldBy && { toldBy }),
    ...(workflow && { workflow }),
  };
}
