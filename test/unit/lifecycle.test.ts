// The lifecycle of DESIGN.md, read as a table: every row is exercised through decide(), and every
// state and event without a row changes nothing.
import { describe, expect, it } from 'vitest';
import {
  decide,
  LIFECYCLE,
  meaningOf,
  receiptNotices,
  refusalNotices,
  type EventType,
  type LifecycleEvent,
  type LifecycleRule,
} from '../../shared/domain/lifecycle';
import {
  CHANGE_STATES,
  type ChangeState,
  type ContactChangeRecord,
  type Service,
} from '../../shared/domain/model';
import { leavesNoticesOwed } from '../../shared/domain/transition';

const NOW = '2027-03-01T09:00:00.000Z';
const ASKER = 'aa1-ovh';
const NEW = 'bb2-ovh';
const OLD = 'zz3-ovh';

const service: Service = {
  serviceId: 'example.fi',
  name: 'example.fi',
  type: 'domain',
  contacts: { admin: ASKER, tech: OLD, billing: ASKER },
};

/** aa asks to give tech from zz to bb: aa and bb confirm, zz is told. */
function request(
  state: ChangeState,
  statuses: ('pending' | 'accepted' | 'refused')[] = ['pending', 'pending'],
) {
  const record: ContactChangeRecord = {
    id: 'r1',
    serviceId: service.serviceId,
    serviceName: service.name,
    roles: ['tech'],
    from: OLD,
    to: NEW,
    askedBy: ASKER,
    state,
    confirmers: [ASKER, NEW].map((nic, i) => ({
      nic,
      status: statuses[i]!,
      attempts: 0,
      ...(statuses[i] === 'pending' ? { codeHash: `hash-${nic}` } : { at: NOW }),
    })),
    notified: [OLD],
    createdAt: '2027-02-20T09:00:00.000Z',
    expiresAt: '2027-03-06T09:00:00.000Z',
    completedAt: null,
    reason: null,
    why: null,
  };
  return record;
}

const EVENTS: Record<EventType, LifecycleEvent> = {
  accepted: { type: 'accepted', nic: NEW },
  refused: { type: 'refused', nic: NEW },
  wrong_code: { type: 'wrong_code', nics: [NEW] },
  cancelled: { type: 'cancelled', by: ASKER },
  window_passed: { type: 'window_passed' },
  preconditions_met: { type: 'preconditions_met', service },
  preconditions_broken: { type: 'preconditions_broken', why: { code: 'contacts_moved', nics: [] } },
  step_failed: { type: 'step_failed', reason: 'The confirmations could not be started.' },
};

/** A request in the rule's `from` state that meets its `when`. */
function requestFor(rule: LifecycleRule): ContactChangeRecord {
  if (rule.from === 'applying') return request('applying', ['accepted', 'accepted']);
  return rule.when === 'the last acceptance'
    ? request(rule.from, ['accepted', 'pending'])
    : request(rule.from);
}

const everyone = [ASKER, NEW, OLD];

/** Who each rule's words say is told, and of what. */
const TOLD: Record<LifecycleRule['tell'], (rule: LifecycleRule) => [string, string[]][]> = {
  nobody: () => [],
  'the answerer': () => [['waiting', [NEW]]],
  everyone: (rule) => [[rule.to, everyone]],
  // One notice each: the old contact's "done" says it holds no role any more.
  'everyone, and an old contact left with no role': () => [['done', everyone]],
};

/** What the workflow hears, by each rule's words. */
const HEARS: Record<LifecycleRule['workflow'], unknown> = {
  nothing: undefined,
  // The word that hands the receipt over says so.
  'the acceptance': { call: 'accepted', nic: NEW, applyUnheard: false, receipt: true },
  'the last acceptance': { call: 'accepted', nic: NEW, applyUnheard: true, receipt: false },
  'the refusal': { call: 'refused', nic: NEW },
  'the end': { call: 'ended' },
};

describe('the lifecycle table', () => {
  it.each(
    LIFECYCLE.filter((rule) => !rule.means).map(
      (rule) =>
        [`${rule.from} --${rule.on}${rule.when ? ` (${rule.when})` : ''}--> ${rule.to}`, rule] as const,
    ),
  )('%s', (_name, rule) => {
    const read = requestFor(rule);
    const transition = decide(read, EVENTS[rule.on], NOW)!;
    expect(transition.next.state).toBe(rule.to);
    expect(transition.read).toBe(read);
    // Every write holds only from the state it was decided on.
    expect(transition.expect.state).toBe(rule.from);
    expect(transition.notices.map((n) => [n.kind, [...n.to]])).toEqual(TOLD[rule.tell](rule));
    expect(transition.workflow).toEqual(HEARS[rule.workflow]);
    if (rule.to !== rule.from && rule.to !== 'applying') {
      expect(transition.next.completedAt).toBe(NOW);
      expect(transition.next.confirmers.every((c) => c.codeHash === undefined)).toBe(true);
    }
  });

  // A row that means another event writes nothing: the request is settled with that one instead.
  it.each(
    LIFECYCLE.filter((rule) => rule.means).map(
      (rule) => [`${rule.from} --${rule.on}--> means ${rule.means}`, rule] as const,
    ),
  )('%s', (_name, rule) => {
    const read = requestFor(rule);
    expect(decide(read, EVENTS[rule.on], NOW)).toBeUndefined();
    expect(meaningOf(read, EVENTS[rule.on])).toBe(rule.means);
    expect([rule.to, rule.tell, rule.workflow]).toEqual([rule.from, 'nobody', 'nothing']);
  });

  it('no other event means another', () => {
    const meant = CHANGE_STATES.flatMap((state) =>
      Object.values(EVENTS).filter((event) => meaningOf(request(state, ['accepted', 'accepted']), event)),
    );
    expect(meant).toEqual([EVENTS.window_passed]);
  });

  const rows = new Set(LIFECYCLE.map((rule) => `${rule.from}/${rule.on}`));
  const unlisted = CHANGE_STATES.flatMap((state) =>
    (Object.keys(EVENTS) as EventType[])
      .filter((event) => !rows.has(`${state}/${event}`))
      .map((event) => [state, event] as const),
  );
  it.each(unlisted)('%s and %s: no row, nothing changes', (state, event) => {
    const statuses = state === 'awaiting_confirmation' ? undefined : (['accepted', 'accepted'] as const);
    expect(decide(request(state, statuses ? [...statuses] : undefined), EVENTS[event], NOW)).toBeUndefined();
  });

  it('the receipt and the refusal are handed to the workflow, which sends the very notices their rows name', () => {
    const handed = LIFECYCLE.filter((rule) => rule.toldBy);
    expect(handed.map((rule) => [rule.from, rule.on, rule.when, rule.workflow])).toEqual([
      ['awaiting_confirmation', 'accepted', 'others still pending', 'the acceptance'],
      ['awaiting_confirmation', 'refused', undefined, 'the refusal'],
    ]);
    const refused = decide(request('awaiting_confirmation'), EVENTS.refused, NOW)!;
    expect(refused.toldBy).toBe('the workflow when it hears, else the committer');
    // The same write leaves them owed on the request, for whoever claims them to send.
    expect(leavesNoticesOwed(refused)).toBe(true);
    expect(refused.next.refusalNoticesOwed).toBe(true);
    expect(refusalNotices(refused.next)).toEqual(refused.notices);
    // The receipt: only the wait that hears the word sends it, so nothing is written for it.
    const accepted = decide(request('awaiting_confirmation'), EVENTS.accepted, NOW)!;
    expect(accepted.toldBy).toBe('the workflow when it hears, else the committer');
    expect(accepted.workflow).toMatchObject({ call: 'accepted', receipt: true });
    expect(leavesNoticesOwed(accepted)).toBe(false);
    expect(accepted.changes.map((c) => c.kind)).toEqual(['answer']);
    expect(receiptNotices(accepted.next, NEW)).toEqual(accepted.notices);
    // A request of a batch has no notices of its own to hand over: nothing is owed on it, no receipt.
    const inBatch = { ...request('awaiting_confirmation'), batchId: 'b1' };
    const refusedInBatch = decide(inBatch, EVENTS.refused, NOW)!;
    expect(refusedInBatch.toldBy).toBeUndefined();
    expect(leavesNoticesOwed(refusedInBatch)).toBe(false);
    expect(refusedInBatch.next.refusalNoticesOwed).toBeUndefined();
    const acceptedInBatch = decide(inBatch, EVENTS.accepted, NOW)!;
    expect(acceptedInBatch.toldBy).toBeUndefined();
    expect(acceptedInBatch.workflow).toMatchObject({ call: 'accepted', receipt: false });
    // Every other move's notices are its committer's; a request that did not end refused has none to hand.
    const others = LIFECYCLE.filter((rule) => !rule.toldBy && !rule.means).map((rule) =>
      decide(requestFor(rule), EVENTS[rule.on], NOW)!,
    );
    expect(others.filter((t) => t.toldBy || leavesNoticesOwed(t))).toEqual([]);
    expect(others.flatMap((t) => refusalNotices(t.next))).toEqual([]);
  });

  it('a receipt is owed only while the answerer has accepted and the request still awaits others', () => {
    const waiting = request('awaiting_confirmation', ['pending', 'accepted']);
    expect(receiptNotices(waiting, NEW)).toEqual([
      { kind: 'waiting', to: [NEW], details: { others: [ASKER] } },
    ]);
    expect(receiptNotices(waiting, ASKER)).toEqual([]); // not accepted
    expect(receiptNotices(request('applying', ['accepted', 'accepted']), NEW)).toEqual([]);
    expect(receiptNotices({ ...waiting, state: 'refused' }, NEW)).toEqual([]);
  });

  it('no final state has a way out', () => {
    expect(
      LIFECYCLE.filter((rule) => ['done', 'refused', 'expired', 'failed', 'cancelled'].includes(rule.from)),
    ).toEqual([]);
  });
});

describe('what keeps a decision safe against a concurrent writer', () => {
  it('an answer holds only with the code as checked, every confirmer as read, and the window still open', () => {
    const t = decide(request('awaiting_confirmation'), EVENTS.accepted, NOW)!;
    expect(t.expect).toEqual({
      state: 'awaiting_confirmation',
      code: { nic: NEW, hash: `hash-${NEW}` },
      openAt: NOW,
      statuses: { [ASKER]: 'pending', [NEW]: 'pending' },
    });
    expect(t.next.confirmers[1]).toMatchObject({ status: 'accepted', at: NOW, spentCodeHash: `hash-${NEW}` });
    expect(t.next.confirmers[1]).not.toHaveProperty('codeHash');
  });

  it('a refusal ends the request in the same write as the answer', () => {
    const t = decide(request('awaiting_confirmation'), EVENTS.refused, NOW)!;
    // ...and leaves its emails owed in that write too: no write more for whoever claims them.
    expect(t.changes.map((c) => c.kind)).toEqual(['answer', 'end', 'refusal_notices_owed']);
    expect(t.next.reason).toBe(`${NEW} refused the change.`);
    expect(t.next.why).toEqual({ code: 'refused', nics: [NEW] });
  });

  it('the last acceptance moves the request to applying; a wrong code counts only below the limit', () => {
    expect(
      decide(request('awaiting_confirmation', ['accepted', 'pending']), EVENTS.accepted, NOW)!.changes.map(
        (c) => c.kind,
      ),
    ).toEqual(['answer', 'applying']);
    expect(decide(request('awaiting_confirmation'), EVENTS.wrong_code, NOW)!.expect).toEqual({
      state: 'awaiting_confirmation',
      statuses: { [NEW]: 'pending' },
      attemptsBelow: { nics: [NEW], limit: 5 },
    });
  });

  it('an ending holds only while no answer has landed since the read', () => {
    const t = decide(request('awaiting_confirmation', ['accepted', 'pending']), EVENTS.window_passed, NOW)!;
    expect(t.expect).toEqual({
      state: 'awaiting_confirmation',
      statuses: { [ASKER]: 'accepted', [NEW]: 'pending' },
    });
    expect(t.next.reason).toBe(`Not confirmed in time by ${NEW}.`);
    expect(t.next.why).toEqual({ code: 'not_confirmed_in_time', nics: [NEW] });
  });

  it('the apply moves the service from its contacts as read to the new ones, and ends the request done', () => {
    const t = decide(request('applying', ['accepted', 'accepted']), EVENTS.preconditions_met, NOW)!;
    expect(t.changes).toEqual([
      { kind: 'apply', service, after: { ...service.contacts, tech: NEW } },
      { kind: 'end', state: 'done', reason: null, why: null, at: NOW },
    ]);
    // The old contact held only this role: its one email says it holds none now.
    expect(t.notices).toEqual([{ kind: 'done', to: [ASKER, NEW, OLD], details: { fromHasNoRole: true } }]);
  });

  it('the old contact hears of the apply when left with no role, even if not told when asked, and not when keeping one', () => {
    // Asked while the old contact also held billing (so nobody was told), applied after another
    // request took billing away, and the other way round.
    const untold = { ...request('applying', ['accepted', 'accepted']), notified: [] };
    const alone = decide(untold, EVENTS.preconditions_met, NOW)!;
    expect(alone.notices).toEqual([
      { kind: 'done', to: [ASKER, NEW, OLD], details: { fromHasNoRole: true } },
    ]);
    const keepsBilling = {
      type: 'preconditions_met',
      service: { ...service, contacts: { ...service.contacts, billing: OLD } },
    } as const;
    const kept = decide(untold, keepsBilling, NOW)!;
    expect(kept.notices).toEqual([{ kind: 'done', to: [ASKER, NEW], details: { fromHasNoRole: false } }]);
  });
});

describe('why a request ended, as data beside the English reason', () => {
  it.each([
    [
      'cancelled',
      request('awaiting_confirmation'),
      { code: 'cancelled', nics: [ASKER] },
      `${ASKER} withdrew the request.`,
    ],
    [
      'step_failed',
      request('awaiting_confirmation'),
      { code: 'fault', nics: [] },
      'The confirmations could not be started.',
    ],
    [
      'preconditions_broken',
      request('applying', ['accepted', 'accepted']),
      { code: 'contacts_moved', nics: [] },
      'The tech contact changed while the request was open.',
    ],
  ] as const)('%s', (event, read, why, reason) => {
    const t = decide(read, EVENTS[event], NOW)!;
    expect(t.next).toMatchObject({ why, reason });
  });

  it('a request applied has no why', () => {
    expect(
      decide(request('applying', ['accepted', 'accepted']), EVENTS.preconditions_met, NOW)!.next.why,
    ).toBe(null);
  });
});
