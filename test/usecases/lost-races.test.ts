// A cancel or a new code that loses its write to the request's end says how the request ended,
// rather than a bare refusal: the caller sees what happened to it meanwhile.
import { describe, expect, it } from 'vitest';
import { askConfirmer } from '../../shared/usecases/ask-confirmer';
import { cancelChange, resendCodes } from '../../shared/usecases/cancel-resend';
import { settle } from '../../shared/usecases/settle';
import type { MemoryDeps } from '../support/memory';
import { StaleWriteError } from '../../shared/domain/ports';
import { answerChange } from '../../shared/usecases/answer';
import { answerBatch } from '../../shared/usecases/answer-batch';
import { requestBatchChange } from '../../shared/usecases/create-batch';
import { servicesForABatch } from '../support/batch-services';
import { AA, AINO_ADMIN_ZED_TECH, BB, ZZ, ask, outcome, stateOf, world } from './world';

const DAY_S = 86_400;

/** Just before the next write, the request's window passes and the sweep expires it. */
function expireBeforeNextCommit(deps: MemoryDeps, id: string) {
  let done = false;
  deps.store.faults.push(async (call) => {
    if (call !== 'commit' || done) return;
    done = true;
    deps.advance(15 * DAY_S);
    await settle(deps, id, { type: 'window_passed' });
  });
}

describe('losing to the end of the request', () => {
  it('a cancel is request_closed, naming how the request ended', async () => {
    const deps = world();
    const { id } = await ask(deps, { tech: BB });
    expireBeforeNextCommit(deps, id);
    await expect(cancelChange(deps, AA, id)).rejects.toMatchObject({
      code: 'request_closed',
      message: 'The request ended as expired before it could be cancelled.',
    });
  });

  it('a new code is request_closed, naming the state the request is in', async () => {
    const deps = world();
    const { id } = await ask(deps, { tech: BB });
    expireBeforeNextCommit(deps, id);
    await expect(resendCodes(deps, AA, id, false)).rejects.toMatchObject({
      code: 'request_closed',
      message: 'The request is no longer awaiting confirmation (expired).',
    });
    expect(deps.mailer.to(BB).filter((m) => m.kind === 'code')).toHaveLength(1);
  });
});

describe("the workflow's ask step, when there is nobody to ask", () => {
  it('ends the wait for a request that does not exist, emailing nobody', async () => {
    const deps = world();
    expect(await askConfirmer(deps, '00000000-0000-4000-8000-000000000000', BB)).toBe('ended');
    expect(deps.mailer.sent).toEqual([]);
  });

  it('ends the wait for someone the request does not ask, emailing nobody', async () => {
    const deps = world();
    const { id } = await ask(deps, { billing: BB });
    const sent = deps.mailer.sent.length;
    expect((await deps.store.getRequest(id))?.confirmers.map((c) => c.nic)).not.toContain(ZZ);
    expect(await askConfirmer(deps, id, ZZ)).toBe('ended');
    expect(deps.mailer.sent).toHaveLength(sent);
  });
});

describe('settling a request (settle.ts)', () => {
  it('an answer whose write keeps losing to other writers is tried five times, then request_closed', async () => {
    const deps = world();
    const { id, code } = await ask(deps);
    let commits = 0;
    deps.store.faults.push((call) => {
      if (call !== 'commit') return;
      // A bound, so that a loop that never stops fails here rather than hanging.
      if (++commits > 20) throw new Error('tried too often');
      throw new StaleWriteError('Another writer was first');
    });
    expect(await outcome(answerChange(deps, { id, code: code(BB), decision: 'accept', caller: BB }))).toBe(
      'request_closed',
    );
    expect(commits).toBe(5);
  });

  it('a signed-in answer from someone who may not see the request is not_found, never a hint that it exists', async () => {
    const deps = world();
    const { id, code } = await ask(deps);
    deps.store.accounts.set('cc4-ovh', { ...deps.store.accounts.get(BB)!, nic: 'cc4-ovh' });
    expect(
      await outcome(answerChange(deps, { id, code: code(BB), decision: 'accept', caller: 'cc4-ovh' })),
    ).toBe('not_found');
    expect(stateOf(deps, id)).toBe('awaiting_confirmation');
  });

  it('apply before everyone accepted leaves the request as it is, and checks nothing', async () => {
    const deps = world();
    const { id } = await ask(deps);
    const before = structuredClone(deps.store.requests.get(id));
    const reads: string[] = [];
    deps.store.faults.push((call) => {
      if (call === 'getService' || call === 'getAccounts') reads.push(call);
    });
    expect(await settle(deps, id, { type: 'apply' })).toEqual(before);
    expect(deps.store.requests.get(id)).toEqual(before);
    expect(reads).toEqual([]);
  });

  it('settling an id that names no request is undefined', async () => {
    const deps = world();
    expect(
      await settle(deps, '00000000-0000-4000-8000-000000000000', { type: 'window_passed' }),
    ).toBeUndefined();
  });

  it('settle throws the refusal of an answer it was given', async () => {
    const deps = world();
    const { id } = await ask(deps);
    expect(
      await outcome(
        settle(deps, id, { type: 'answer', answer: { code: 'not-a-code', decision: 'accept', caller: BB } }),
      ),
    ).toBe('invalid_token');
  });

  it('a batch answer that is the last acceptance, unheard by a workflow that no longer waits, applies the request there', async () => {
    const deps = world();
    const services = servicesForABatch(deps, 2, AINO_ADMIN_ZED_TECH);
    const { batch } = await requestBatchChange(deps, AA, { services, tech: BB });
    const codeOf = (nic: string) => deps.mailer.to(nic).find((m) => m.kind === 'batch_code')!.batch!.code;
    await answerBatch(deps, AA, batch.id, codeOf(AA), 'accept');
    deps.workflow.hears = false;
    await answerBatch(deps, BB, batch.id, codeOf(BB), 'accept');
    expect(batch.requests.map((r) => stateOf(deps, r.id))).toEqual(['done', 'done']);
  });

  it('a batch answer hands its requests’ writes to the store together, not one write each', async () => {
    const deps = world();
    const services = servicesForABatch(deps, 3, AINO_ADMIN_ZED_TECH);
    const { batch } = await requestBatchChange(deps, AA, { services, tech: BB });
    const code = deps.mailer.to(AA).find((m) => m.kind === 'batch_code')!.batch!.code;
    // The memory store's commitEach writes each through commit (its faults apply to each): what is
    // counted is what the use case handed to the store at once.
    const together: number[] = [];
    deps.store.faults.push((call, args) => {
      if (call === 'commitEach') together.push((args[0] as unknown[]).length);
    });
    await answerBatch(deps, AA, batch.id, code, 'accept');
    expect(together).toEqual([3]);
  });
});
