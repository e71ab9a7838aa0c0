// The one loop every state change of a request goes through. The API (an answer, a cancel), the
// workflow's steps, the sweep and the local resume all call settle() with what happened: it reads the
// request, judges what that means for it as read, lets the lifecycle decide, commits the decision as
// one conditional write and carries out what the lifecycle's row names: the notices people get and
// the word the workflow hears. Every write is conditional, so when several moves try at once exactly
// one write wins and only the winner tells; the others read again and judge afresh.
import { judgeAnswer, type AnswerAttempt } from '../domain/answers';
import { DomainError, isDomainError } from '../domain/errors';
import { decide, meaningOf, type LifecycleEvent } from '../domain/lifecycle';
import type { Transition } from '../domain/transition';
import type { ContactChangeRecord, Handle } from '../domain/model';
import { StaleWriteError } from '../domain/ports';
import { accountsCheckedAtApply, checkPreconditions } from '../domain/preconditions';
import { unownedCodeLimits } from '../domain/rate-limits';
import { inGroups, isoNow, within, type Deps } from './deps';
import { commitAllAndTell, commitAndTell } from './notify';
import { assertVisible } from './reads';

/** An answer with a code; `source` is where a page answer came from (the client's address), for the limit on nobody's codes. */
export type CodeAnswer = AnswerAttempt & { source?: string };

/** What happened to a request, as whoever saw it reports it: settle() judges what it means. */
export type Ending = (
  | { type: 'cancelled'; by: Handle }
  | { type: 'window_passed' }
  | { type: 'step_failed'; reason: string }
  /** Everyone accepted: check the preconditions, then apply the change or fail the request. */
  | { type: 'apply' }
  /** A confirmer accepts or refuses with a code (answers.ts judges it). */
  | { type: 'answer'; answer: CodeAnswer }
) & {
  /**
   * The workflow knows already (one of its own steps reports it, or nothing of it waits any more):
   * it is told nothing, whatever the lifecycle's row would have it hear.
   */
  workflowKnows?: true;
};

/** Parallel moves of one request lose their conditional writes to each other; each loser re-reads. */
const MAX_ROUNDS = 5;
const APPLY: Ending = { type: 'apply' };

/** What an ending means for the request as read: the event, and a refusal raised once its write holds. */
interface Judged {
  event: LifecycleEvent;
  /** The confirmer an answer is for. */
  nic?: Handle;
  error?: DomainError;
}

/** What the ending means for the request as read; undefined when there is nothing to do. */
async function judge(
  deps: Deps,
  read: ContactChangeRecord,
  ending: Ending,
  now: string,
): Promise<Judged | undefined> {
  switch (ending.type) {
    case 'answer': {
      const { answer } = ending;
      if (answer.caller !== undefined) await assertVisible(deps, read, answer.caller);
      const judged = judgeAnswer(read, answer, now);
      if ('junk' in judged) {
        // Nobody's code: nothing of the request is written; only the guessing is counted and bounded.
        await within(deps, ...unownedCodeLimits(deps.settings.limits, read.id, answer.source));
        throw judged.error;
      }
      return judged;
    }
    case 'apply': {
      if (read.state !== 'applying') return undefined;
      const [service, accounts] = await Promise.all([
        deps.store.getService(read.serviceId),
        deps.store.getAccounts(accountsCheckedAtApply(read)),
      ]);
      return { event: checkPreconditions(read, service, accounts) };
    }
    default:
      return { event: ending };
  }
}

/**
 * Settles request `id` with what happened and returns it as it stands afterwards; undefined when there
 * is no such request. A request the ending does not concern (already final, `applying` and cancelled
 * or failed by a passing fault, or `apply` before everyone accepted) is returned as it is.
 */
export async function settle(
  deps: Deps,
  id: string,
  ending: Ending,
  /**
   * The request as the caller just saw it, to try first instead of reading it again. Every write is
   * conditional on what was read, so a stale copy only costs a re-read.
   */
  seen?: ContactChangeRecord,
): Promise<ContactChangeRecord | undefined> {
  const done = await settled(deps, id, ending, seen);
  if (done?.refusal) throw done.refusal;
  return done?.request;
}

/** A confirmer's answer, settled: whose code it was, or why the rules refused it. */
export type AnswerSettled =
  | { request: ContactChangeRecord; nic: Handle; refusal?: undefined }
  /** `request` is as the refusal saw it (a wrong code: once it is counted). */
  | { request: ContactChangeRecord; refusal: DomainError };

/**
 * Settles request `id` with a confirmer's answer; undefined when there is no such request. A refusal
 * comes back with the request as it was judged, for a page that shows where the request stands.
 */
export async function settleAnswer(
  deps: Deps,
  id: string,
  answer: CodeAnswer,
  seen?: ContactChangeRecord,
): Promise<AnswerSettled | undefined> {
  return toAnswerSettled(await settled(deps, id, { type: 'answer', answer }, seen));
}

/**
 * Settles each of `requests` (as just read) with the same answer, as settleAnswer would each alone,
 * but with the first round's writes committed together (commitAllAndTell: a few transactions, not one
 * per request). A request whose first round is not a plain answer (a refusal, nothing to do, a wrong
 * code), or whose write lost to another, goes through the loop alone, from a fresh read for the
 * latter, so that a concurrent move costs only that request a round.
 */
export async function settleAnswers(
  deps: Deps,
  requests: readonly ContactChangeRecord[],
  answer: CodeAnswer,
): Promise<(AnswerSettled | undefined)[]> {
  const ending: Ending = { type: 'answer', answer };
  const now = isoNow(deps);
  type FirstRound = {
    read: ContactChangeRecord;
    transition?: Transition;
    nic?: Handle;
    refusal?: DomainError;
  };
  const firstRounds = await inGroups(requests, async (read): Promise<FirstRound> => {
    let judged: Judged | undefined;
    try {
      judged = await judge(deps, read, ending, now);
    } catch (error) {
      // Refused as the loop's first round would refuse it (judged once: a guess is counted once).
      if (!isDomainError(error)) throw error;
      return { read, refusal: error };
    }
    if (!judged || judged.error || judged.nic === undefined) return { read };
    if (meaningOf(read, judged.event) === 'apply') return { read };
    const transition = decide(read, judged.event, now);
    return transition ? { read, transition, nic: judged.nic } : { read };
  });
  const grouped = firstRounds.flatMap(({ read, transition, nic }) =>
    transition && nic !== undefined ? [{ read, transition, nic }] : [],
  );
  const told = await commitAllAndTell(
    deps,
    grouped.map(({ transition }) => transition),
  );
  const toldOf = new Map(grouped.map((round, i) => [round.read.id, { nic: round.nic, told: told[i]! }]));
  return inGroups(firstRounds, async ({ read, refusal }): Promise<AnswerSettled | undefined> => {
    if (refusal) return { request: read, refusal };
    const committed = toldOf.get(read.id);
    try {
      if (!committed) return toAnswerSettled(await settled(deps, read.id, ending, read));
      // Another write won: this request alone goes round again, from a fresh read.
      if (committed.told instanceof StaleWriteError)
        return toAnswerSettled(await settled(deps, read.id, ending, undefined));
      const { next, then } = committed.told;
      if (then !== 'apply') return { request: next, nic: committed.nic };
      // Nothing waits for the request any more, as in the loop: it is applied here.
      const applied = await settled(deps, read.id, { ...APPLY, workflowKnows: true }, next);
      return { request: applied?.request ?? next, nic: committed.nic };
    } catch (error) {
      // The request kept changing under the answer: a refusal of this one, like any other.
      if (!isDomainError(error)) throw error;
      return { request: read, refusal: error };
    }
  });
}

const toAnswerSettled = (
  done: { request: ContactChangeRecord; nic?: Handle; refusal?: DomainError } | undefined,
): AnswerSettled | undefined => {
  if (!done) return undefined;
  return done.refusal
    ? { request: done.request, refusal: done.refusal }
    : { request: done.request, nic: done.nic! };
};

/** The loop: read, judge, decide, commit and tell; again from a fresh read when another write won. */
async function settled(
  deps: Deps,
  id: string,
  ending: Ending,
  seen: ContactChangeRecord | undefined,
): Promise<{ request: ContactChangeRecord; nic?: Handle; refusal?: DomainError } | undefined> {
  let wanted = ending;
  let read = seen;
  let nic: Handle | undefined;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    read ??= await deps.store.getRequest(id);
    if (!read) return undefined;
    const now = isoNow(deps);
    let judged: Judged | undefined;
    try {
      judged = await judge(deps, read, wanted, now);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      return { request: read, refusal: error };
    }
    if (!judged) return { request: read, nic };
    if (meaningOf(read, judged.event) === 'apply') {
      wanted = { ...APPLY, ...(wanted.workflowKnows && { workflowKnows: true }) };
      continue;
    }
    const transition = decide(read, judged.event, now);
    if (!transition) return { request: read, nic };
    let told: Awaited<ReturnType<typeof commitAndTell>>;
    try {
      told = await commitAndTell(
        deps,
        wanted.workflowKnows ? { ...transition, workflow: undefined } : transition,
      );
    } catch (error) {
      if (!(error instanceof StaleWriteError)) throw error;
      read = undefined;
      continue;
    }
    if (judged.error) return { request: told.next, refusal: judged.error };
    nic ??= judged.nic;
    if (told.then !== 'apply') return { request: told.next, nic };
    // Nothing waits for the request any more: the workflow has nothing left to hear of it.
    wanted = { ...APPLY, workflowKnows: true };
    read = told.next;
  }
  throw new DomainError('request_closed', 'The request kept changing meanwhile; please reload it.');
}
