// API.md "Batches": which request judges a batch code that answers nothing, so that a wrong code
// counts once and against the right person; what the batch page shows its owner and a stranger; and
// how the lock on wrong codes spans the batch without one person's lock blocking another's answer.
import { describe, expect, it } from 'vitest';
import { MAX_WRONG_CODES } from '../../shared/domain/codes';
import type { Service } from '../../shared/domain/model';
import { answerBatch, answerBatchOnPage, showBatchPage } from '../../shared/usecases/answer-batch';
import { cancelBatch } from '../../shared/usecases/batch-cancel-resend';
import { cancelChange } from '../../shared/usecases/cancel-resend';
import { requestBatchChange } from '../../shared/usecases/create-batch';
import type { MemoryDeps } from '../support/memory';
import { AA, BB, ZZ, accept, before, emails, outcome, world } from './world';

async function aBatch(n: number, changes: { admin?: string; tech?: string } = { tech: BB }) {
  const deps = world();
  const services = Array.from({ length: n }, (_, i) => {
    const service: Service = {
      serviceId: `s${i}.fi`,
      name: `Service ${i}`,
      type: 'domain',
      contacts: { admin: AA, tech: 'zz3-ovh', billing: AA },
    };
    deps.store.services.set(service.serviceId, service);
    return service.serviceId;
  });
  const { batch } = await requestBatchChange(deps, AA, { services, ...changes });
  return { deps, batch, ids: batch.requests.map((r) => r.id) };
}

const batchCode = (deps: MemoryDeps, nic: string) => emails(deps, nic, 'batch_code').at(-1)!.batch!.code;
const JUNK = 'AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH';
/** The code with its last symbol changed: the same key id, so it names its holder, but wrong. */
const mistyped = (code: string) => code.slice(0, -1) + (code.endsWith('0') ? '1' : '0');
const attemptsOf = (deps: MemoryDeps, ids: string[], nic: string) =>
  ids.map((id) => deps.store.requests.get(id)!.confirmers.find((c) => c.nic === nic)!.attempts);
const states = (deps: MemoryDeps, ids: string[]) => ids.map((id) => deps.store.requests.get(id)!.state);
const visit = (id: string, token: string) => ({ id, token, fallback: 'en' as const });
const onPage = (deps: MemoryDeps, id: string, token: string, decision: 'accept' | 'refuse' = 'accept') =>
  answerBatchOnPage(deps, { ...visit(id, token), decision });

describe('the request that judges a batch code answering nothing', () => {
  it('a signed-in caller’s wrong code counts on a request still awaiting them, not one they answered alone', async () => {
    const { deps, batch, ids } = await aBatch(3);
    await accept(deps, ids[0]!, BB, batchCode(deps, BB));
    expect(await outcome(answerBatch(deps, BB, batch.id, JUNK, 'accept'))).toBe('invalid_token');
    expect(attemptsOf(deps, ids, BB)).toEqual([0, 1, 0]);
  });

  it('a signed-in caller’s wrong code counts on a request still open, not on one cancelled', async () => {
    const { deps, batch, ids } = await aBatch(2);
    await cancelChange(deps, AA, ids[0]!);
    expect(await outcome(answerBatch(deps, BB, batch.id, JUNK, 'accept'))).toBe('invalid_token');
    expect(attemptsOf(deps, ids, BB)).toEqual([0, 1]);
  });

  it('a signed-in caller who answered every request still open is told so, not that one was cancelled', async () => {
    const { deps, batch, ids } = await aBatch(2);
    await cancelChange(deps, AA, ids[0]!);
    await accept(deps, ids[1]!, BB, batchCode(deps, BB));
    expect(await outcome(answerBatch(deps, BB, batch.id, JUNK, 'accept'))).toBe('already_answered');
  });

  it('a signed-in caller’s code is judged on their own requests: the admin going to one person, tech to another', async () => {
    const { deps, batch, ids } = await aBatch(1, { admin: ZZ, tech: BB });
    const asks = ids.map((id) =>
      deps.store.requests
        .get(id)!
        .confirmers.map((c) => c.nic)
        .join(),
    );
    const bobs = ids[asks.indexOf(`${AA},${BB}`)]!;
    expect(asks).toEqual([`${AA},${ZZ}`, `${AA},${BB}`]);
    await accept(deps, bobs, BB, batchCode(deps, BB));
    expect(await outcome(answerBatch(deps, BB, batch.id, JUNK, 'accept'))).toBe('already_answered');
  });

  it('a mistyped code on the page counts against the person its key id names, where they are still asked', async () => {
    const { deps, batch, ids } = await aBatch(3);
    await cancelChange(deps, AA, ids[0]!);
    await accept(deps, ids[1]!, BB, batchCode(deps, BB));
    const view = await onPage(deps, batch.id, mistyped(batchCode(deps, BB)));
    expect(view.page === 'problem' && view.error.code).toBe('invalid_token');
    expect(attemptsOf(deps, ids, BB)).toEqual([0, 0, 1]);
    // Aino's key id is not Bob's: a mistype of Bob's code counts nothing against her.
    expect(attemptsOf(deps, ids, AA)).toEqual([0, 0, 0]);
  });

  it('a code that names nobody counts against nobody', async () => {
    const { deps, batch, ids } = await aBatch(2);
    const view = await onPage(deps, batch.id, JUNK);
    expect(view.page === 'problem' && view.error.code).toBe('invalid_token');
    expect([...attemptsOf(deps, ids, AA), ...attemptsOf(deps, ids, BB)]).toEqual([0, 0, 0, 0]);
  });

  it('a stranger’s code learns nothing of a batch whose requests have all ended: it is only wrong', async () => {
    const { deps, batch, ids } = await aBatch(2);
    for (const id of ids) await cancelChange(deps, AA, id);
    const view = await onPage(deps, batch.id, JUNK);
    expect(view.page === 'problem' && view.error.code).toBe('invalid_token');
    // The owner of a code hears where things stand instead.
    const owners = await onPage(deps, batch.id, batchCode(deps, BB));
    expect(owners.page === 'status' && owners.status).toBe(409);
  });
});

describe('the lock on wrong codes across a batch', () => {
  it('is the person’s own: another person locked out does not stop their answer', async () => {
    const { deps, batch, ids } = await aBatch(2);
    for (let i = 0; i < MAX_WRONG_CODES; i++) await onPage(deps, batch.id, mistyped(batchCode(deps, AA)));
    expect(attemptsOf(deps, ids, AA)).toEqual([MAX_WRONG_CODES, 0]);
    expect(await outcome(answerBatch(deps, BB, batch.id, batchCode(deps, BB), 'accept'))).toBe('ok');
    const view = await onPage(deps, batch.id, batchCode(deps, AA));
    expect(view.page === 'problem' && view.error.code).toBe('too_many_attempts');
  });

  it('is not told to someone else: another person’s code, locked out, is to a signed-in caller only not theirs', async () => {
    const { deps, batch, ids } = await aBatch(2);
    for (let i = 0; i < MAX_WRONG_CODES; i++) await onPage(deps, batch.id, mistyped(batchCode(deps, AA)));
    expect(await outcome(answerBatch(deps, BB, batch.id, batchCode(deps, AA), 'accept'))).toBe('not_a_party');
    expect(attemptsOf(deps, ids, BB)).toEqual([0, 0]);
  });

  it('ends with the request it was counted on: the rest of the batch still takes the right code', async () => {
    const { deps, batch, ids } = await aBatch(2);
    for (let i = 0; i < MAX_WRONG_CODES; i++) await onPage(deps, batch.id, mistyped(batchCode(deps, BB)));
    expect(attemptsOf(deps, ids, BB)).toEqual([MAX_WRONG_CODES, 0]);
    await cancelChange(deps, AA, ids[0]!);
    const view = await onPage(deps, batch.id, batchCode(deps, BB));
    expect(view.page === 'status' && view.fresh).toBe(true);
    expect(states(deps, ids)).toEqual(['cancelled', 'awaiting_confirmation']);
    expect(deps.store.requests.get(ids[1]!)!.confirmers.find((c) => c.nic === BB)!.status).toBe('accepted');
  });
});

describe('an answer on the page that loses a race', () => {
  it('to the same person’s answer elsewhere, or to the asker’s cancel: shows where things stand, as 409', async () => {
    for (const meanwhile of [
      (deps: MemoryDeps, id: string) => answerBatch(deps, BB, id, batchCode(deps, BB), 'accept'),
      (deps: MemoryDeps, id: string) => cancelBatch(deps, AA, id),
    ]) {
      const { deps, batch, ids } = await aBatch(1);
      const code = batchCode(deps, BB);
      before(deps, 'commit', () => meanwhile(deps, batch.id));
      const view = await onPage(deps, batch.id, code);
      expect(view.page === 'status' && [view.fresh, view.status, view.requests.map((r) => r.id)]).toEqual([
        false,
        409,
        ids,
      ]);
    }
  });
});

describe('the batch page', () => {
  it('answered: says so with 200, names the accounts of the owner’s requests, and shows it unchanged later', async () => {
    const { deps, batch } = await aBatch(2);
    const code = batchCode(deps, BB);
    const answered = await onPage(deps, batch.id, code);
    expect(answered.page === 'status' && [answered.fresh, answered.status]).toEqual([true, 200]);
    expect(answered.reader.names).toMatchObject({ [AA]: 'Aino Aalto', [BB]: 'Bob Brown' });
    const later = await showBatchPage(deps, visit(batch.id, code));
    expect(later.page === 'status' && [later.fresh, later.status]).toEqual([false, 200]);
  });

  it('for an asker taking a role over on every service, the only one asked: lists every service, then applies', async () => {
    const deps = world();
    const services = ['s0.fi', 's1.fi'];
    for (const serviceId of services)
      deps.store.services.set(serviceId, {
        serviceId,
        name: serviceId,
        type: 'domain',
        contacts: { admin: AA, tech: 'zz3-ovh', billing: AA },
      });
    const { batch } = await requestBatchChange(deps, AA, { services, tech: AA });
    const ids = batch.requests.map((r) => r.id);
    const shown = await showBatchPage(deps, visit(batch.id, batchCode(deps, AA)));
    expect(shown.page === 'confirm' && shown.requests.map((r) => r.id)).toEqual(ids);
    expect(shown.reader.names).toMatchObject({ [AA]: 'Aino Aalto', 'zz3-ovh': 'Zed Zorn' });
    const answered = await onPage(deps, batch.id, batchCode(deps, AA));
    expect(answered.page === 'status' && answered.requests.map((r) => r.id)).toEqual(ids);
    expect(states(deps, ids)).toEqual(['applying', 'applying']);
    const later = await showBatchPage(deps, visit(batch.id, batchCode(deps, AA)));
    expect(later.page === 'status' && later.requests.map((r) => r.id)).toEqual(ids);
  });

  it('offers its owner only the requests still awaiting them: not one they answered alone, not one cancelled', async () => {
    const { deps, batch, ids } = await aBatch(4);
    const code = batchCode(deps, BB);
    await accept(deps, ids[0]!, BB, code);
    await cancelChange(deps, AA, ids[1]!);
    const view = await showBatchPage(deps, visit(batch.id, code));
    expect(view.page === 'confirm' && view.requests.map((r) => r.id)).toEqual(ids.slice(2));
  });

  it('shows each person only their own requests when the batch moves two roles to two people', async () => {
    const { deps, batch, ids } = await aBatch(1, { admin: ZZ, tech: BB });
    const [zeds, bobs] = ids;
    const shown = await showBatchPage(deps, visit(batch.id, batchCode(deps, BB)));
    expect(shown.page === 'confirm' && shown.requests.map((r) => r.id)).toEqual([bobs]);
    const answered = await onPage(deps, batch.id, batchCode(deps, BB));
    expect(answered.page === 'status' && answered.requests.map((r) => r.id)).toEqual([bobs]);
    const later = await showBatchPage(deps, visit(batch.id, batchCode(deps, BB)));
    expect(later.page === 'status' && later.requests.map((r) => r.id)).toEqual([bobs]);
    const again = await onPage(deps, batch.id, batchCode(deps, BB));
    expect(again.page === 'status' && again.requests.map((r) => r.id)).toEqual([bobs]);
    expect(deps.store.requests.get(zeds!)!.confirmers.map((c) => c.nic)).not.toContain(BB);
  });

  it('offers nothing to answer once the window has passed, even before the sweep ends the requests', async () => {
    const { deps, batch, ids } = await aBatch(2);
    const expiresAt = Date.parse(deps.store.requests.get(ids[0]!)!.expiresAt);
    deps.advance((expiresAt - deps.now().getTime()) / 1000);
    const view = await showBatchPage(deps, visit(batch.id, batchCode(deps, BB)));
    expect(view.page === 'status' && view.requests.map((r) => r.id)).toEqual(ids);
  });

  it('refuses a form post with no batch id as not a link, answering nothing', async () => {
    const { deps, batch, ids } = await aBatch(1);
    const view = await answerBatchOnPage(deps, {
      id: undefined,
      token: batchCode(deps, BB),
      fallback: 'en',
      decision: 'accept',
    });
    expect(view.page === 'problem' && view.error.code).toBe('validation_failed');
    expect(attemptsOf(deps, ids, BB)).toEqual([0]);
    expect(deps.store.requests.get(ids[0]!)!.confirmers.find((c) => c.nic === BB)!.status).toBe('pending');
    void batch;
  });
});
