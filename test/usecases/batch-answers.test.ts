// API.md "Batches": one person's batch code answers every request of the batch that still awaits them,
// from the signed-in endpoints or the batch confirm page, each request through the one loop; the page
// never changes anything on GET, shows nothing of the batch to a wrong code, and a wrong code counts
// once, as on a single request.
import { describe, expect, it } from 'vitest';
import { MAX_WRONG_CODES } from '../../shared/domain/codes';
import { StaleWriteError } from '../../shared/domain/ports';
import type { Transition } from '../../shared/domain/transition';
import { answerBatch, answerBatchOnPage, showBatchPage } from '../../shared/usecases/answer-batch';
import { requestBatchChange } from '../../shared/usecases/create-batch';
import type { MemoryDeps } from '../support/memory';
import { AA, BB, WORDS, ZZ, accept, emails, outcome, refusalOf, world, AINO_ADMIN_ZED_TECH } from './world';
import { servicesForABatch } from '../support/batch-services';

const batchCode = (deps: MemoryDeps, nic: string) => emails(deps, nic, 'batch_code').at(-1)!.batch!.code;

async function aBatch(n: number, language: 'en' | 'fi' = 'en') {
  const deps = world(language);
  const services = servicesForABatch(deps, n, AINO_ADMIN_ZED_TECH);
  const { batch } = await requestBatchChange(deps, AA, { services, tech: BB });
  return { deps, batch, ids: batch.requests.map((r) => r.id) };
}

/** Every write that would apply request `id` (move it to done) fails with `error`. */
function failApplying(deps: MemoryDeps, id: string, error: Error) {
  deps.store.faults.push((call, [transition]) => {
    const { next } = transition as Transition;
    if (call === 'commit' && next.id === id && next.state === 'done') throw error;
  });
}
const visit = (id: string, token: string) => ({ id, token, fallback: 'en' as const });
const states = (deps: MemoryDeps, ids: string[]) => ids.map((id) => deps.store.requests.get(id)!.state);
const statusOf = (deps: MemoryDeps, id: string, nic: string) =>
  deps.store.requests.get(id)!.confirmers.find((c) => c.nic === nic)!.status;

describe('answering a batch with one code', () => {
  it('accepts every request awaiting each person, one through the page and one signed in: all apply', async () => {
    const { deps, batch, ids } = await aBatch(40);
    const page = await answerBatchOnPage(deps, {
      ...visit(batch.id, batchCode(deps, BB)),
      decision: 'accept',
      source: '198.51.100.7',
    });
    expect(page.page).toBe('status');
    expect(page.page === 'status' && page.fresh && page.requests.length).toBe(40);
    expect(ids.map((id) => statusOf(deps, id, BB))).toEqual(ids.map(() => 'accepted'));
    expect(states(deps, ids)).toEqual(ids.map(() => 'awaiting_confirmation'));

    const view = await answerBatch(deps, AA, batch.id, batchCode(deps, AA), 'accept');
    expect(view.requests.map((r) => r.state)).toEqual(ids.map(() => 'applying'));
    expect(view.requests.every((r) => r.batchId === batch.id)).toBe(true);
  });

  it('answers only what still awaits the person: one request answered alone stays as it was', async () => {
    const { deps, batch, ids } = await aBatch(3);
    await accept(deps, ids[0]!, BB, batchCode(deps, BB));
    await answerBatchOnPage(deps, { ...visit(batch.id, batchCode(deps, BB)), decision: 'refuse' });
    expect(states(deps, ids)).toEqual(['awaiting_confirmation', 'refused', 'refused']);
    expect(statusOf(deps, ids[0]!, BB)).toBe('accepted');
    // Nothing awaits Bob now: his code says where things stand, and answers nothing.
    const again = await answerBatchOnPage(deps, {
      ...visit(batch.id, batchCode(deps, BB)),
      decision: 'accept',
    });
    expect(again.page === 'status' && !again.fresh && again.status).toBe(409);
    expect(states(deps, ids)).toEqual(['awaiting_confirmation', 'refused', 'refused']);
    expect(await outcome(answerBatch(deps, BB, batch.id, batchCode(deps, BB), 'accept'))).toBe(
      'already_answered',
    );
  });

  it('shows the services awaiting the code’s owner in their language, and changes nothing', async () => {
    const { deps, batch, ids } = await aBatch(2, 'fi');
    const before = structuredClone([...deps.store.requests.values()]);
    const view = await showBatchPage(deps, visit(batch.id, batchCode(deps, BB)));
    expect(view.page).toBe('confirm');
    expect(view.reader.language).toBe('fi');
    expect(view.page === 'confirm' && view.requests.map((r) => r.serviceName)).toEqual([
      'Service 0',
      'Service 1',
    ]);
    expect([...deps.store.requests.values()]).toEqual(before);
    await answerBatch(deps, BB, batch.id, batchCode(deps, BB), 'accept');
    const after = await showBatchPage(deps, visit(batch.id, batchCode(deps, BB)));
    expect(after.page === 'status' && after.requests.map((r) => r.id)).toEqual(ids);
  });

  it('shows nothing of the batch to a wrong code, no code, an unknown batch or no batch id, only why in words', async () => {
    const { deps, batch } = await aBatch(2);
    for (const [id, token, code] of [
      [batch.id, 'AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH', 'invalid_token'],
      [batch.id, '', 'invalid_token'],
      ['00000000-0000-4000-8000-000000000000', batchCode(deps, BB), 'not_found'],
    ] as const) {
      const view = await showBatchPage(deps, visit(id, token));
      expect(view.page === 'problem' && view.error).toMatchObject({ code, message: WORDS });
      expect(view.reader.names).toEqual({});
    }
    const view = await showBatchPage(deps, { id: undefined, token: batchCode(deps, BB), fallback: 'en' });
    expect(view.page === 'problem' && view.error).toMatchObject({
      code: 'validation_failed',
      message: WORDS,
    });
  });

  it('counts a junk code on the page once, not once per request, against the source’s limit', async () => {
    const { deps, batch, ids } = await aBatch(5);
    deps.settings.limits = { ...deps.settings.limits, unownedCodesPerSourcePerHour: 2 };
    const junk = () =>
      answerBatchOnPage(deps, {
        ...visit(batch.id, 'AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH'),
        decision: 'refuse',
        source: '198.51.100.7',
      }).then((view) => (view.page === 'problem' ? view.error.code : view.page));
    expect(await junk()).toBe('invalid_token');
    expect(await junk()).toBe('invalid_token');
    expect(await junk()).toBe('too_many_requests');
    expect(states(deps, ids)).toEqual(ids.map(() => 'awaiting_confirmation'));
  });

  it('a signed-in caller’s wrong code counts against them once per try, and the lock holds for the whole batch, said in words', async () => {
    const { deps, batch, ids } = await aBatch(3);
    const right = batchCode(deps, BB);
    for (let i = 0; i < MAX_WRONG_CODES; i++) {
      expect(await outcome(answerBatch(deps, BB, batch.id, batchCode(deps, AA), 'accept'))).toBe(
        'not_a_party',
      );
      expect(
        await outcome(answerBatch(deps, BB, batch.id, 'AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH', 'accept')),
      ).toBe('invalid_token');
    }
    const attempts = ids.map(
      (id) => deps.store.requests.get(id)!.confirmers.find((c) => c.nic === BB)!.attempts,
    );
    expect(attempts).toEqual([MAX_WRONG_CODES, 0, 0]);
    expect(await outcome(answerBatch(deps, BB, batch.id, right, 'accept'))).toBe('too_many_attempts');
    const onPage = await answerBatchOnPage(deps, { ...visit(batch.id, right), decision: 'accept' });
    expect(onPage.page === 'problem' && onPage.error).toMatchObject({
      code: 'too_many_attempts',
      message: WORDS,
    });
    expect(ids.map((id) => statusOf(deps, id, BB))).toEqual(['pending', 'pending', 'pending']);
  });

  it('is not found for someone outside the batch, or a batch that does not exist', async () => {
    const { deps, batch } = await aBatch(1);
    expect(await outcome(answerBatch(deps, ZZ, batch.id, batchCode(deps, BB), 'accept'))).not.toBe('ok');
    expect(
      await outcome(
        answerBatch(deps, BB, '00000000-0000-4000-8000-000000000000', batchCode(deps, BB), 'accept'),
      ),
    ).toBe('not_found');
  });

  it('applies each request itself when the workflow did not hear the last acceptance; a broken rule fails only its own', async () => {
    const { deps, batch, ids } = await aBatch(3);
    await answerBatch(deps, BB, batch.id, batchCode(deps, BB), 'accept');
    deps.workflow.hears = false;
    // Aino no longer holds the admin role of the second service: that change may not be applied.
    deps.store.services.get('s1.fi')!.contacts.admin = ZZ;
    const view = await answerBatch(deps, AA, batch.id, batchCode(deps, AA), 'accept');
    expect(view.requests.map((r) => r.state)).toEqual(['done', 'failed', 'done']);
    expect(states(deps, ids)).toEqual(['done', 'failed', 'done']);
    expect(deps.store.services.get('s0.fi')!.contacts.tech).toBe(BB);
    expect(deps.store.services.get('s1.fi')!.contacts.tech).toBe(ZZ);
    // The workflow's wait is over: it hears nothing of how the requests ended.
    expect(deps.workflow.calls.filter((c) => c.call === 'ended')).toEqual([]);
  });

  it('refuses, in words, an accepted request whose apply keeps losing its write, after a bounded number of tries', async () => {
    const { deps, batch, ids } = await aBatch(1);
    await answerBatch(deps, BB, batch.id, batchCode(deps, BB), 'accept');
    deps.workflow.hears = false;
    let lost = 0;
    deps.store.faults.push((call, [transition]) => {
      if (call !== 'commit' || (transition as Transition).next.state !== 'done') return;
      lost++;
      throw new StaleWriteError('Another writer was first');
    });
    expect(await refusalOf(answerBatch(deps, AA, batch.id, batchCode(deps, AA), 'accept'))).toMatchObject({
      code: 'request_closed',
      message: WORDS,
    });
    expect(lost).toBe(5);
    expect(states(deps, ids)).toEqual(['applying']);
  });

  it('an apply that keeps losing costs only its own request; the others of the batch are applied', async () => {
    const { deps, batch, ids } = await aBatch(2);
    await answerBatch(deps, BB, batch.id, batchCode(deps, BB), 'accept');
    deps.workflow.hears = false;
    failApplying(deps, ids[0]!, new StaleWriteError('Another writer was first'));
    const view = await answerBatch(deps, AA, batch.id, batchCode(deps, AA), 'accept');
    expect(view.requests[1]!.state).toBe('done');
    // The loser stays accepted and waits for the sweep to apply it.
    expect(states(deps, ids)).toEqual(['applying', 'done']);
  });

  it('a store that fails while applying fails the call, even with other requests applied: an outage is not passed off as a refusal', async () => {
    const { deps, batch, ids } = await aBatch(2);
    await answerBatch(deps, BB, batch.id, batchCode(deps, BB), 'accept');
    deps.workflow.hears = false;
    failApplying(deps, ids[0]!, new Error('table unreachable'));
    await expect(answerBatch(deps, AA, batch.id, batchCode(deps, AA), 'accept')).rejects.toThrow(
      'table unreachable',
    );
  });
});
