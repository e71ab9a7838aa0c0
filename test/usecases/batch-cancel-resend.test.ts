// API.md "Batches": the asker (or a current admin, for their services) cancels a batch, each person
// hearing once; a resend gives each confirmer who has not answered one new code for the batch, the
// old one dying, whether asked on the batch or on one of its requests.
import { describe, expect, it } from 'vitest';
import { cancelBatch, resendBatch } from '../../shared/usecases/batch-cancel-resend';
import { resendCodes } from '../../shared/usecases/cancel-resend';
import { requestBatchChange } from '../../shared/usecases/create-batch';
import type { MemoryDeps } from '../support/memory';
import {
  AA,
  BB,
  WORDS,
  ZZ,
  accept,
  emails,
  outcome,
  refusalOf,
  stateOf,
  world,
  AINO_ADMIN_ZED_TECH,
} from './world';
import { servicesForABatch } from '../support/batch-services';

const CC = 'cc4-ovh';

const codesOf = (deps: MemoryDeps, nic: string) => emails(deps, nic, 'batch_code').map((m) => m.batch!.code);
const kinds = (deps: MemoryDeps, nic: string) => deps.mailer.to(nic).map((m) => m.kind);

describe('cancelling a batch', () => {
  it('by the asker ends every request still awaiting confirmation, and each person hears once', async () => {
    const deps = world();
    const { batch } = await requestBatchChange(deps, AA, {
      services: servicesForABatch(deps, 5, AINO_ADMIN_ZED_TECH),
      tech: BB,
    });
    const cancelled = await cancelBatch(deps, AA, batch.id);
    expect(cancelled.requests.map((r) => r.state)).toEqual(Array(5).fill('cancelled'));
    expect(cancelled.state).toBe('settled');
    expect(deps.workflow.calls.filter((c) => c.call === 'ended')).toHaveLength(5);
    expect(kinds(deps, AA)).toEqual(['batch_code', 'batch_outcome']);
    expect(kinds(deps, BB)).toEqual(['batch_code', 'batch_outcome']);
    expect(kinds(deps, ZZ)).toEqual(['batch_outcome']);
    expect(await outcome(cancelBatch(deps, AA, batch.id))).toBe('request_closed');
  });

  it('by a current admin of some of its services ends only theirs; a confirmer may not, a stranger sees nothing', async () => {
    const deps = world();
    deps.store.accounts.set(CC, { ...deps.store.accounts.get(BB)!, nic: CC });
    const services = servicesForABatch(deps, 3, AINO_ADMIN_ZED_TECH);
    const { batch } = await requestBatchChange(deps, AA, { services, tech: BB });
    expect(await refusalOf(cancelBatch(deps, BB, batch.id))).toMatchObject({
      code: 'not_the_asker',
      message: WORDS,
    });
    expect(await refusalOf(cancelBatch(deps, CC, batch.id))).toMatchObject({
      code: 'not_found',
      message: WORDS,
    });
    deps.store.services.get(services[1]!)!.contacts.admin = CC;
    const after = await cancelBatch(deps, CC, batch.id);
    expect(after.requests.map((r) => r.state)).toEqual([
      'awaiting_confirmation',
      'cancelled',
      'awaiting_confirmation',
    ]);
    // Everyone's other requests are still open: nobody has heard of the outcome yet.
    expect(emails(deps, BB, 'batch_outcome')).toEqual([]);
  });
});

describe('new batch codes', () => {
  it('go to each confirmer who has not answered, one email each; the old code no longer works, the new one does', async () => {
    const deps = world();
    const { batch } = await requestBatchChange(deps, AA, {
      services: servicesForABatch(deps, 4, AINO_ADMIN_ZED_TECH),
      tech: BB,
    });
    const [oldAa] = codesOf(deps, AA);
    const [oldBb] = codesOf(deps, BB);
    await resendBatch(deps, AA, batch.id, false);
    expect(kinds(deps, AA)).toEqual(['batch_code', 'batch_code']);
    expect(kinds(deps, BB)).toEqual(['batch_code', 'batch_code']);
    const [, newBb] = codesOf(deps, BB);
    expect(emails(deps, BB, 'batch_code')[1]!.resent).toBe(true);
    expect(emails(deps, BB, 'batch_code')[1]!.batch!.requests).toHaveLength(4);
    const first = batch.requests[0]!.id;
    expect(await outcome(accept(deps, first, BB, oldBb))).toBe('invalid_token');
    expect(await outcome(accept(deps, first, AA, oldAa))).toBe('invalid_token');
    await accept(deps, first, BB, newBb);
    expect((await resendBatch(deps, BB, batch.id, true)).id).toBe(batch.id);
    // Bob's new code is for the three requests he has not answered; Aino got nothing more.
    expect(emails(deps, BB, 'batch_code')[2]!.batch!.requests).toHaveLength(3);
    expect(kinds(deps, AA)).toEqual(['batch_code', 'batch_code']);
  });

  it('asked on one request of the batch, are a new batch code, as the batch’s resend gives', async () => {
    const deps = world();
    const { batch } = await requestBatchChange(deps, AA, {
      services: servicesForABatch(deps, 3, AINO_ADMIN_ZED_TECH),
      tech: BB,
    });
    const [old] = codesOf(deps, BB);
    await resendCodes(deps, BB, batch.requests[1]!.id, true);
    expect(kinds(deps, BB)).toEqual(['batch_code', 'batch_code']);
    expect(kinds(deps, AA)).toEqual(['batch_code']);
    const [, fresh] = codesOf(deps, BB);
    expect(await outcome(accept(deps, batch.requests[2]!.id, BB, old))).toBe('invalid_token');
    await accept(deps, batch.requests[2]!.id, BB, fresh);
    expect(stateOf(deps, batch.requests[2]!.id)).toBe('awaiting_confirmation');
  });

  it('for oneself are refused, in words, once one has answered every request asking them', async () => {
    const deps = world();
    const { batch } = await requestBatchChange(deps, AA, {
      services: servicesForABatch(deps, 2, AINO_ADMIN_ZED_TECH),
      tech: BB,
    });
    for (const { id } of batch.requests) await accept(deps, id, BB, codesOf(deps, BB).at(-1)!);
    expect(await refusalOf(resendBatch(deps, BB, batch.id, true))).toMatchObject({
      code: 'already_answered',
      message: WORDS,
    });
  });

  it('go to a person asked on only some requests of a batch moving two roles to two people', async () => {
    const deps = world();
    const { batch } = await requestBatchChange(deps, AA, {
      services: servicesForABatch(deps, 1, AINO_ADMIN_ZED_TECH),
      admin: ZZ,
      tech: BB,
    });
    await resendBatch(deps, BB, batch.id, true);
    expect(kinds(deps, BB)).toEqual(['batch_code', 'batch_code']);
  });

  it('by the asker read the batch without its services: only an admin who did not ask needs them', async () => {
    const deps = world();
    const { batch } = await requestBatchChange(deps, AA, {
      services: servicesForABatch(deps, 2, AINO_ADMIN_ZED_TECH),
      tech: BB,
    });
    deps.store.calls.length = 0;
    await resendBatch(deps, AA, batch.id, false);
    expect(deps.store.calls).not.toContain('getServices');
  });

  it('are refused to someone outside the batch, and counted per person per batch', async () => {
    const deps = world();
    deps.settings.limits = { ...deps.settings.limits, resendsPerHour: 1 };
    const { batch } = await requestBatchChange(deps, AA, {
      services: servicesForABatch(deps, 2, AINO_ADMIN_ZED_TECH),
      tech: BB,
    });
    expect(await refusalOf(resendBatch(deps, ZZ, batch.id, false))).toMatchObject({
      code: 'not_a_party',
      message: WORDS,
    });
    await resendBatch(deps, BB, batch.id, true);
    expect(await outcome(resendCodes(deps, BB, batch.requests[0]!.id, true))).toBe('too_many_requests');
    expect(kinds(deps, BB)).toEqual(['batch_code', 'batch_code']);
  });
});
