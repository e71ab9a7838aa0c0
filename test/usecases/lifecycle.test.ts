// Every row of the lifecycle table (shared/domain/lifecycle.ts), reached the way production reaches
// it: through the use cases, over the in-memory ports. What the store holds, who is emailed and what
// the workflow hears are checked for each.
import { describe, expect, it } from 'vitest';
import { LIFECYCLE } from '../../shared/domain/lifecycle';
import { cancelChange } from '../../shared/usecases/cancel-resend';
import { requestContactChange } from '../../shared/usecases/create-change';
import { tellOwedRefusal, tellReceipt } from '../../shared/usecases/notify';
import { settle } from '../../shared/usecases/settle';
import { sweepStaleRequests } from '../../shared/usecases/sweep';
import { AA, accept, ask, BB, emails, outcome, refuse, SERVICE, stateOf, world, ZZ } from './world';

const DAY = 24 * 3600;

describe('each row of the lifecycle, through the use cases', () => {
  const reached = new Set<string>();
  const row = (from: string, on: string, when?: string) => reached.add(`${from}/${on}/${when ?? ''}`);

  it('awaiting --accepted (others still pending)--> awaiting: the answerer hears whom it waits for', async () => {
    const deps = world();
    const { id } = await ask(deps);
    await accept(deps, id, AA);
    expect(stateOf(deps, id)).toBe('awaiting_confirmation');
    // Nothing heard the receipt handed over (the memory workflow hears none), so the answer sent it.
    expect(emails(deps, AA, 'waiting')).toHaveLength(1);
    expect(emails(deps, AA, 'waiting')[0]?.others).toEqual([BB]);
    expect(deps.workflow.calls).toContainEqual({ call: 'accepted', id, nic: AA, receipt: true });
    row('awaiting_confirmation', 'accepted', 'others still pending');
  });

  it('an acceptance the workflow hears: the answer sends no receipt, the receipt step sends it, and only while it still waits', async () => {
    const deps = world();
    const { id } = await ask(deps);
    deps.workflow.hearsReceipts = true;
    await accept(deps, id, AA);
    expect(deps.workflow.calls).toContainEqual({ call: 'accepted', id, nic: AA, receipt: true });
    expect(emails(deps, AA, 'waiting')).toEqual([]);
    expect(await tellReceipt(deps, id, AA)).toBe(true); // the step of the wait that heard it
    expect(emails(deps, AA, 'waiting')).toHaveLength(1);
    expect(emails(deps, AA, 'waiting')[0]?.others).toEqual([BB]);
    expect(await tellReceipt(deps, id, BB)).toBe(false); // BB has not accepted: no receipt of theirs
    // Once the request moved on (here, the last acceptance), a late receipt step sends nothing.
    await accept(deps, id, BB);
    expect(await tellReceipt(deps, id, AA)).toBe(false);
    expect(emails(deps, AA, 'waiting')).toHaveLength(1);
    expect(await tellReceipt(deps, 'no-such-request', AA)).toBe(false);
  });

  it('awaiting --accepted (the last acceptance)--> applying, then the workflow applies it', async () => {
    const deps = world();
    const { id } = await ask(deps);
    await accept(deps, id, AA);
    const last = await accept(deps, id, BB);
    expect(last.request.state).toBe('applying'); // the workflow heard it and applies next
    row('awaiting_confirmation', 'accepted', 'the last acceptance');

    const done = await settle(deps, id, { type: 'apply' }); // the Apply task
    expect(done?.state).toBe('done');
    expect(deps.store.services.get(SERVICE)?.contacts.tech).toBe(BB);
    for (const nic of [AA, BB, ZZ]) expect(emails(deps, nic, 'done')).toHaveLength(1);
    // ZZ lost its only role: its one email says so, and no second one follows.
    expect(emails(deps, ZZ, 'done')[0]?.fromHasNoRole).toBe(true);
    expect(deps.mailer.to(ZZ)).toHaveLength(1);
    expect(deps.store.guards.size).toBe(0);
    row('applying', 'preconditions_met');
  });

  it('awaiting --refused--> refused: everyone is told who said no, and the workflow hears it', async () => {
    const deps = world();
    const { id } = await ask(deps);
    await refuse(deps, id, BB);
    expect(stateOf(deps, id)).toBe('refused');
    // Nothing waited for it (the memory workflow hears no refusal), so the answer told everyone, once.
    for (const nic of [AA, BB, ZZ]) {
      expect(emails(deps, nic, 'refused')).toHaveLength(1);
      expect(emails(deps, nic, 'refused')[0]?.request?.why).toEqual({ code: 'refused', nics: [BB] });
    }
    expect(deps.workflow.calls).toContainEqual({ call: 'refused', id, nic: BB });
    expect(deps.store.history.map((r) => r.id)).toEqual([id]);
    // The answer took the claim: a close step that runs anyway (a timeout, say) sends nothing more.
    expect(deps.store.requests.get(id)!.refusalNoticesOwed).toBeUndefined();
    await tellOwedRefusal(deps, (await settle(deps, id, { type: 'window_passed' }))!);
    for (const nic of [AA, BB, ZZ]) expect(emails(deps, nic, 'refused')).toHaveLength(1);
    row('awaiting_confirmation', 'refused');
  });

  it('a refusal the workflow hears: the answer sends no notice, they are owed to the close step, which sends them once', async () => {
    const deps = world();
    const { id } = await ask(deps);
    deps.workflow.hearsRefusals = true;
    await refuse(deps, id, BB);
    expect(stateOf(deps, id)).toBe('refused');
    expect(deps.workflow.calls).toContainEqual({ call: 'refused', id, nic: BB });
    for (const nic of [AA, BB, ZZ]) expect(emails(deps, nic, 'refused')).toEqual([]);
    expect(deps.store.requests.get(id)!.refusalNoticesOwed).toBe(true);
    // The past keeps no such mark.
    expect(deps.store.history.find((r) => r.id === id)?.refusalNoticesOwed).toBeUndefined();
    // Two close steps at once (the refusal's, and one for another wait's failure): exactly one sends.
    const refused = (await settle(deps, id, { type: 'step_failed', reason: 'Cancelled' }))!;
    await Promise.all([tellOwedRefusal(deps, refused), tellOwedRefusal(deps, refused)]);
    for (const nic of [AA, BB, ZZ]) expect(emails(deps, nic, 'refused')).toHaveLength(1);
    expect(deps.store.requests.get(id)!.refusalNoticesOwed).toBeUndefined();
  });

  it('awaiting --wrong_code--> awaiting: counted, invalid_token, nothing else moves', async () => {
    const deps = world();
    const { id } = await ask(deps);
    expect(await outcome(accept(deps, id, BB, 'AAAA-BBBB'))).toBe('invalid_token');
    expect(deps.store.requests.get(id)?.confirmers[1]).toMatchObject({
      nic: BB,
      status: 'pending',
      attempts: 1,
    });
    row('awaiting_confirmation', 'wrong_code');
  });

  it('awaiting --cancelled--> cancelled: everyone is told and the waits end', async () => {
    const deps = world();
    const { id } = await ask(deps);
    await cancelChange(deps, AA, id);
    expect(stateOf(deps, id)).toBe('cancelled');
    for (const nic of [AA, BB, ZZ]) expect(emails(deps, nic, 'cancelled')).toHaveLength(1);
    expect(deps.workflow.calls.at(-1)).toEqual({ call: 'ended', id, state: 'cancelled' });
    row('awaiting_confirmation', 'cancelled');
  });

  it('awaiting --window_passed--> expired: the sweep ends it and says who did not confirm', async () => {
    const deps = world();
    const { id } = await ask(deps);
    await accept(deps, id, AA);
    deps.advance(14 * DAY + 1);
    expect(await sweepStaleRequests(deps)).toMatchObject({ expired: 1 });
    expect(stateOf(deps, id)).toBe('expired');
    expect(emails(deps, AA, 'expired')[0]?.request?.why).toEqual({
      code: 'not_confirmed_in_time',
      nics: [BB],
    });
    expect(deps.workflow.calls.at(-1)).toEqual({ call: 'ended', id, state: 'expired' });
    row('awaiting_confirmation', 'window_passed');
  });

  it('awaiting --step_failed--> failed: a workflow that cannot start fails the request and frees its guard', async () => {
    const deps = world();
    deps.workflow.started = async () => {
      throw new Error('StartExecution: service unavailable');
    };
    await expect(requestContactChange(deps, AA, SERVICE, { tech: BB })).rejects.toThrow(
      'service unavailable',
    );
    const [request] = [...deps.store.requests.values()];
    expect(request).toMatchObject({
      state: 'failed',
      reason: expect.stringContaining('could not be started'),
    });
    expect(deps.store.guards.size).toBe(0);
    expect(emails(deps, AA, 'failed')).toHaveLength(1);
    row('awaiting_confirmation', 'step_failed');
  });

  it('applying --preconditions_broken--> failed: an invoice unpaid since the request, and nothing changes', async () => {
    const deps = world();
    const { id } = await ask(deps, { billing: BB });
    await accept(deps, id, AA);
    deps.store.accounts.get(BB)!.unpaidInvoices = 1;
    await accept(deps, id, BB);
    const failed = await settle(deps, id, { type: 'apply' });
    expect(failed).toMatchObject({
      state: 'failed',
      reason: expect.stringContaining('unpaid invoices'),
      why: { code: 'unpaid_invoices', nics: [BB] },
    });
    expect(deps.store.services.get(SERVICE)?.contacts.billing).toBe(AA);
    expect(emails(deps, BB, 'failed')).toHaveLength(1);
    row('applying', 'preconditions_broken');
  });

  it('applying --window_passed--> means apply: everyone accepted in time, so the sweep applies it, never expires it', async () => {
    const deps = world();
    const { id } = await ask(deps);
    await accept(deps, id, AA);
    await accept(deps, id, BB); // the workflow heard it, then lost its execution: nobody applies
    deps.advance(14 * DAY + 1);
    expect(await sweepStaleRequests(deps)).toMatchObject({ expired: 0, finished: 1 });
    expect(stateOf(deps, id)).toBe('done');
    expect(deps.store.services.get(SERVICE)?.contacts.tech).toBe(BB);
    expect(emails(deps, AA, 'expired')).toHaveLength(0);
    // The sweep's apply is made outside the workflow: its waits end.
    expect(deps.workflow.calls.at(-1)).toEqual({ call: 'ended', id, state: 'done' });
    row('applying', 'window_passed');
  });

  it('reaches every row of the table', () => {
    expect([...reached].sort()).toEqual(LIFECYCLE.map((r) => `${r.from}/${r.on}/${r.when ?? ''}`).sort());
  });
});

describe('what must still hold when everyone has accepted', () => {
  async function confirmed(changes = { tech: BB }) {
    const deps = world();
    const { id } = await ask(deps, changes);
    await accept(deps, id, AA);
    await accept(deps, id, BB);
    return { deps, id };
  }

  it('the contacts changed after everyone confirmed: the request fails and people are told', async () => {
    const { deps, id } = await confirmed();
    deps.store.services.get(SERVICE)!.contacts.tech = 'cc4-ovh'; // support moved it by hand
    expect(await settle(deps, id, { type: 'apply' })).toMatchObject({
      state: 'failed',
      reason: 'The tech contact changed while the request was open.',
      why: { code: 'contacts_moved', nics: [] },
    });
    expect(emails(deps, AA, 'failed')).toHaveLength(1);
  });

  it('the asker lost the authority to ask: the request fails with that reason', async () => {
    const { deps, id } = await confirmed();
    deps.store.services.get(SERVICE)!.contacts.admin = 'cc4-ovh';
    expect(await settle(deps, id, { type: 'apply' })).toMatchObject({
      state: 'failed',
      reason: `${AA} no longer holds a role that may change the tech contact.`,
      why: { code: 'authority_lost', nics: [AA] },
    });
    expect(deps.store.services.get(SERVICE)?.contacts.tech).toBe(ZZ);
  });

  it('the API applies it itself after a lost callback, and a broken rule fails it there too', async () => {
    const deps = world();
    const { id } = await ask(deps, { billing: BB });
    await accept(deps, id, AA);
    deps.workflow.hears = false;
    deps.store.accounts.get(AA)!.unpaidInvoices = 2;
    const last = await accept(deps, id, BB);
    expect(last.request).toMatchObject({
      state: 'failed',
      reason: expect.stringContaining('unpaid invoices'),
    });
    // Nothing of the workflow waits any more: it hears nothing of the ending.
    expect(deps.workflow.calls.filter((c) => c.call === 'ended')).toEqual([]);
  });

  it('an applying request is not cancelled, expired or failed by a passing fault: it is applied', async () => {
    const { deps, id } = await confirmed();
    expect(await outcome(cancelChange(deps, AA, id))).toBe('request_closed');
    expect((await settle(deps, id, { type: 'step_failed', reason: 'Lambda timed out' }))?.state).toBe(
      'applying',
    );
    deps.advance(14 * DAY + 1);
    expect(await sweepStaleRequests(deps)).toMatchObject({ finished: 1 });
    expect(stateOf(deps, id)).toBe('done');
  });
});
