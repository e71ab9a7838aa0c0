// API.md "Batches", new batch codes: a resend gives each person still asked one new code for the
// requests that still await them, and only while the batch's window is open; an answer given alone
// keeps; a write that loses a race to an answer is no failure, but a store that fails is one.
import { describe, expect, it } from 'vitest';
import type { Service } from '../../shared/domain/model';
import { StaleWriteError } from '../../shared/domain/ports';
import { answerBatch } from '../../shared/usecases/answer-batch';
import { cancelBatch, resendBatch } from '../../shared/usecases/batch-cancel-resend';
import { requestBatchChange } from '../../shared/usecases/create-batch';
import type { MemoryDeps } from '../support/memory';
import { AA, BB, WORDS, ZZ, accept, emails, outcome, refusalOf, world } from './world';

const CC = 'cc4-ovh';

/** A batch of Aino's over `techs.length` services, each with its tech contact; Bob the new one. */
async function aBatch(techs: string[]) {
  const deps = world();
  deps.store.accounts.set(CC, { ...deps.store.accounts.get(ZZ)!, nic: CC, name: 'Cid Cole' });
  const services = techs.map((tech, i) => {
    const service: Service = {
      serviceId: `s${i}.fi`,
      name: `Service ${i}`,
      type: 'domain',
      contacts: { admin: AA, tech, billing: AA },
    };
    deps.store.services.set(service.serviceId, service);
    return service.serviceId;
  });
  const { batch } = await requestBatchChange(deps, AA, { services, tech: BB });
  return { deps, batch, ids: batch.requests.map((r) => r.id) };
}

const batchCode = (deps: MemoryDeps, nic: string) => emails(deps, nic, 'batch_code').at(-1)!.batch!.code;
const statusOf = (deps: MemoryDeps, id: string, nic: string) =>
  deps.store.requests.get(id)!.confirmers.find((c) => c.nic === nic)!.status;

/** The `nth` commit from now fails with `error`. */
function failCommit(deps: MemoryDeps, nth: number, error: Error) {
  let seen = 0;
  deps.store.faults.push((call) => {
    if (call === 'commit' && ++seen === nth) throw error;
  });
}

describe('new batch codes', () => {
  it('are refused once the window has passed, even before the sweep ends the requests, in words: nothing is sent', async () => {
    const { deps, batch, ids } = await aBatch([ZZ, ZZ]);
    const expiresAt = Date.parse(deps.store.requests.get(ids[0]!)!.expiresAt);
    deps.advance((expiresAt - deps.now().getTime()) / 1000);
    const before = deps.mailer.sent.length;
    expect(await refusalOf(resendBatch(deps, AA, batch.id, false))).toMatchObject({
      code: 'request_closed',
      message: WORDS,
    });
    expect(deps.mailer.sent.length).toBe(before);
  });

  it('leave an answer given alone as it was, and the new code answers the rest', async () => {
    const { deps, batch, ids } = await aBatch([ZZ, ZZ, ZZ]);
    await accept(deps, ids[0]!, BB, batchCode(deps, BB));
    await resendBatch(deps, AA, batch.id, false);
    expect(statusOf(deps, ids[0]!, BB)).toBe('accepted');
    await answerBatch(deps, BB, batch.id, batchCode(deps, BB), 'accept');
    expect(ids.map((id) => statusOf(deps, id, BB))).toEqual(['accepted', 'accepted', 'accepted']);
  });

  it('go out although marking one as sent lost a race, since the email went out', async () => {
    const { deps, batch, ids } = await aBatch([ZZ, ZZ]);
    // Two new codes for each of two people, then the four marks as sent: the first mark loses.
    failCommit(deps, 5, new StaleWriteError('Another writer was first'));
    await resendBatch(deps, AA, batch.id, false);
    expect(emails(deps, BB, 'batch_code')).toHaveLength(2);
    await answerBatch(deps, BB, batch.id, batchCode(deps, BB), 'accept');
    expect(ids.map((id) => statusOf(deps, id, BB))).toEqual(['accepted', 'accepted']);
  });

  it('fail when the store fails, writing a new code or marking it sent', async () => {
    for (const nth of [1, 5]) {
      const { deps, batch } = await aBatch([ZZ, ZZ]);
      failCommit(deps, nth, new Error('DynamoDB is unavailable'));
      await expect(resendBatch(deps, AA, batch.id, false)).rejects.toThrow('DynamoDB is unavailable');
    }
  });
});

describe('who may act on a batch', () => {
  it('someone told of one of its requests sees it, but may not cancel it', async () => {
    const { deps, batch } = await aBatch([CC, ZZ]);
    // Zed loses his only role on s1.fi, so he is told of that request only.
    expect(await outcome(cancelBatch(deps, ZZ, batch.id))).toBe('not_the_asker');
    expect(await outcome(cancelBatch(deps, 'xx9-ovh', batch.id))).toBe('not_found');
  });
});
