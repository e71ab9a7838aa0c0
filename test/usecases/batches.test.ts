// API.md "Batches": one change asked for many services at once, all or nothing; each person asked gets
// one email with one code, which answers any single request of the batch; each request keeps its own
// workflow, and no workflow sends a second code.
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../shared/domain/errors';
import { askConfirmer } from '../../shared/usecases/ask-confirmer';
import { batchIdFor, getBatch, requestBatchChange } from '../../shared/usecases/create-batch';
import { requestContactChange } from '../../shared/usecases/create-change';
import { getChange, listMyChanges } from '../../shared/usecases/queries';
import type { MemoryDeps } from '../support/memory';
import { AA, BB, ZZ, accept, emails, outcome, refuse, stateOf, world, AINO_ADMIN_ZED_TECH } from './world';
import { StaleWriteError } from '../../shared/domain/ports';
import { servicesForABatch } from '../support/batch-services';

const batchCode = (deps: MemoryDeps, nic: string) => {
  const [email, ...more] = emails(deps, nic, 'batch_code');
  if (!email?.batch || more.length > 0) throw new Error(`${nic} has ${more.length + 1} batch code emails`);
  return email.batch.code;
};

describe('creating a batch', () => {
  it('makes one request per service, each with its own workflow, and one code email per person listing them all', async () => {
    const deps = world();
    const services = servicesForABatch(deps, 40, AINO_ADMIN_ZED_TECH);
    const { batch, message } = await requestBatchChange(deps, AA, { services, tech: BB });

    expect(batch.services).toEqual(services);
    expect(batch.requests.map((r) => r.serviceId)).toEqual(services);
    expect(batch.state).toBe('open');
    expect(new Set(batch.requests.map((r) => r.expiresAt))).toEqual(new Set([batch.expiresAt]));
    expect(deps.workflow.calls.filter((c) => c.call === 'started')).toHaveLength(40);
    expect(message).toContain(AA);
    expect(message).toContain(BB);
    for (const nic of [AA, BB]) {
      expect(deps.mailer.to(nic).map((m) => m.kind)).toEqual(['batch_code']);
      expect(emails(deps, nic, 'batch_code')[0]!.batch!.requests.map((r) => r.serviceName)).toEqual(
        services.map((_, i) => `Service ${i}`),
      );
    }
    // Zed, the old tech contact, is told when each change is done, not asked now.
    expect(deps.mailer.to(ZZ)).toEqual([]);
    // The workflows' asks find each code sent: no second code email.
    for (const request of batch.requests) {
      for (const { nic } of request.confirmations) await askConfirmer(deps, request.id, nic);
    }
    expect(deps.mailer.sent).toHaveLength(2);
    expect((await listMyChanges(deps, AA, { limit: 100 })).items).toHaveLength(40);
    expect((await getBatch(deps, BB, batch.id)).requests).toHaveLength(40);
  });

  it('lets one person’s batch code answer a single request of the batch, and keeps it working for the others', async () => {
    const deps = world();
    const services = servicesForABatch(deps, 3, AINO_ADMIN_ZED_TECH);
    const { batch } = await requestBatchChange(deps, AA, { services, tech: BB });
    const [first, second] = batch.requests;
    await accept(deps, first!.id, AA, batchCode(deps, AA));
    await accept(deps, first!.id, BB, batchCode(deps, BB));
    expect((await getChange(deps, AA, first!.id)).state).toBe('applying');
    await refuse(deps, second!.id, BB, batchCode(deps, BB));
    expect((await getChange(deps, AA, second!.id)).state).toBe('refused');
    expect(await outcome(accept(deps, first!.id, BB, batchCode(deps, BB)))).not.toBe('ok');
    expect((await getBatch(deps, AA, batch.id)).state).toBe('open');
  });

  it('creates nothing when one service would be refused, and names it with its own code', async () => {
    const deps = world();
    const services = servicesForABatch(deps, 5, AINO_ADMIN_ZED_TECH);
    deps.store.services.get(services[3]!)!.contacts.tech = BB;
    const refusal = await requestBatchChange(deps, AA, {
      services: [...services, 'nobody.fi'],
      tech: BB,
    }).catch((error: unknown) => error);
    expect(isDomainError(refusal) && refusal.code).toBe('batch_refused');
    expect(isDomainError(refusal) && refusal.errors.map(({ path, code }) => ({ path, code }))).toEqual([
      { path: 'services[3]', code: 'no_change' },
      { path: 'services[5]', code: 'not_found' },
    ]);
    expect(deps.store.requests.size).toBe(0);
    expect(deps.store.batches.size).toBe(0);
    expect(deps.mailer.sent).toEqual([]);
  });

  it('refuses a service whose role is already asked as change_pending, creating nothing', async () => {
    const deps = world();
    const services = servicesForABatch(deps, 3, AINO_ADMIN_ZED_TECH);
    await requestContactChange(deps, AA, services[2]!, { tech: BB });
    const before = deps.store.requests.size;
    const refusal = await requestBatchChange(deps, AA, { services, tech: BB }).catch(
      (error: unknown) => error,
    );
    expect(isDomainError(refusal) && refusal.errors.map(({ path, code }) => ({ path, code }))).toEqual([
      { path: 'services[2]', code: 'change_pending' },
    ]);
    expect(deps.store.requests.size).toBe(before);
    expect(deps.store.batches.size).toBe(0);
  });

  it('counts as one new request toward the asker’s hourly limit', async () => {
    const deps = world();
    deps.settings.limits = { ...deps.settings.limits, requestsPerHour: 1 };
    const services = servicesForABatch(deps, 4, AINO_ADMIN_ZED_TECH);
    await requestBatchChange(deps, AA, { services: services.slice(0, 3), tech: BB });
    expect(await outcome(requestBatchChange(deps, AA, { services: [services[3]!], tech: BB }))).toBe(
      'too_many_requests',
    );
  });

  it('with the same Idempotency-Key and body, names the same batch; a published one is answered again, not made again', async () => {
    const deps = world();
    const services = servicesForABatch(deps, 2, AINO_ADMIN_ZED_TECH);
    const body = { services, tech: BB };
    const id = batchIdFor(deps, AA, 'key-1', body);
    expect(batchIdFor(deps, AA, 'key-1', body)).toBe(id);
    expect(batchIdFor(deps, AA, 'key-1', { ...body, tech: ZZ })).not.toBe(id);
    const first = await requestBatchChange(deps, AA, body, id);
    const again = await requestBatchChange(deps, AA, body, id);
    expect(again.batch.requests.map((r) => r.id)).toEqual(first.batch.requests.map((r) => r.id));
    expect(deps.store.requests.size).toBe(2);
    expect(emails(deps, AA, 'batch_code')).toHaveLength(1);
  });

  it('shows a batch to its parties and to an admin of its services, and to nobody else', async () => {
    const deps = world();
    const services = servicesForABatch(deps, 2, AINO_ADMIN_ZED_TECH);
    const { batch } = await requestBatchChange(deps, AA, { services, tech: BB });
    deps.store.accounts.set('cc4-ovh', { ...deps.store.accounts.get(BB)!, nic: 'cc4-ovh' });
    expect(await outcome(getBatch(deps, 'cc4-ovh', batch.id))).toBe('not_found');
    // Zed is told (he loses his last role on each service): a party.
    expect((await getBatch(deps, ZZ, batch.id)).id).toBe(batch.id);
    deps.store.services.get(services[1]!)!.contacts.admin = 'cc4-ovh';
    expect((await getBatch(deps, 'cc4-ovh', batch.id)).id).toBe(batch.id);
    expect(await outcome(getBatch(deps, BB, '00000000-0000-4000-8000-000000000000'))).toBe('not_found');
  });
});

describe('a batch’s ids and answers (create-batch.ts)', () => {
  const UUID_V8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it('names a keyed batch and its requests by RFC 9562 version 8 UUIDs; without a key each call is a new batch', async () => {
    const deps = world();
    const services = servicesForABatch(deps, 2, AINO_ADMIN_ZED_TECH);
    const body = { services, tech: BB };
    const id = batchIdFor(deps, AA, 'key-1', body);
    expect(id).toMatch(UUID_V8);
    const { batch } = await requestBatchChange(deps, AA, body, id);
    for (const request of batch.requests) expect(request.id).toMatch(UUID_V8);
    expect(batchIdFor(deps, AA, undefined, body)).not.toBe(batchIdFor(deps, AA, undefined, body));
  });

  it('keeps the caller and the key apart: another caller whose handle and key run together the same way names another batch', () => {
    const deps = world();
    const body = { services: ['s0.fi'], tech: BB };
    expect(batchIdFor(deps, 'aa1-ovh', 'x-key', body)).not.toBe(batchIdFor(deps, 'aa1-ovhx', '-key', body));
  });

  it('answers a published batch again with the same message, naming who was emailed', async () => {
    const deps = world();
    const services = servicesForABatch(deps, 2, AINO_ADMIN_ZED_TECH);
    const body = { services, tech: BB };
    const id = batchIdFor(deps, AA, 'key-1', body);
    const first = await requestBatchChange(deps, AA, body, id);
    const again = await requestBatchChange(deps, AA, body, id);
    expect(again.message).toBe(first.message);
  });

  it('counts each request it creates', async () => {
    const deps = world();
    const services = servicesForABatch(deps, 3, AINO_ADMIN_ZED_TECH);
    await requestBatchChange(deps, AA, { services, tech: BB });
    expect(deps.counted.get('RequestsCreated')).toBe(3);
  });

  it('tells the asker, in their own code email, who else was asked', async () => {
    const deps = world();
    const services = servicesForABatch(deps, 2, AINO_ADMIN_ZED_TECH);
    await requestBatchChange(deps, AA, { services, tech: BB });
    expect(emails(deps, AA, 'batch_code')[0]!.others).toEqual([BB]);
    expect(emails(deps, BB, 'batch_code')[0]!.others).toBeUndefined();
    // A first code email, not a resend.
    expect(emails(deps, AA, 'batch_code')[0]).not.toHaveProperty('resent');
  });

  it('fails when a request’s workflow cannot be started, and that request ends failed', async () => {
    const deps = world();
    const services = servicesForABatch(deps, 2, AINO_ADMIN_ZED_TECH);
    const started = deps.workflow.started.bind(deps.workflow);
    let calls = 0;
    deps.workflow.started = async (request, at) => {
      if (++calls === 2) throw new Error('Step Functions is unavailable');
      return started(request, at);
    };
    await expect(requestBatchChange(deps, AA, { services, tech: BB })).rejects.toThrow(
      'Step Functions is unavailable',
    );
    const states = [...deps.store.requests.values()].map((r) => r.state).sort();
    expect(states).toEqual(['awaiting_confirmation', 'failed']);
    expect(deps.counted.get('RequestsFailed')).toBe(1);
  });

  it('shows a batch to one told of only some of its requests', async () => {
    const deps = world();
    const services = servicesForABatch(deps, 2, AINO_ADMIN_ZED_TECH);
    // On the second service Aino is tech herself: Zed is no party of its request.
    deps.store.services.get(services[1]!)!.contacts.tech = AA;
    const { batch } = await requestBatchChange(deps, AA, { services, tech: BB });
    expect((await getBatch(deps, ZZ, batch.id)).id).toBe(batch.id);
  });
});

describe('a batch code email that fails as the batch is made', () => {
  /** Batch code emails to `nic` fail. */
  function refuseBatchCodesTo(deps: MemoryDeps, nic: string) {
    const send = deps.mailer.send.bind(deps.mailer);
    deps.mailer.send = async (message, template) => {
      if (message.kind === 'batch_code' && message.to.nic === nic) throw new Error('SES refused the email');
      return send(message, template);
    };
  }
  /** Each `commit` that marks a code unsent fails with `error`. */
  function failUnsentCommits(deps: MemoryDeps, error: Error) {
    deps.store.faults.push((call, args) => {
      const changes = (args[0] as { changes?: { kind: string }[] } | undefined)?.changes;
      if (call === 'commit' && changes?.some((c) => c.kind === 'code_unsent')) throw error;
    });
  }

  it('marks that person’s code unsent on each of their requests, so that each ask sends a working one', async () => {
    const deps = world();
    const services = servicesForABatch(deps, 2, AINO_ADMIN_ZED_TECH);
    refuseBatchCodesTo(deps, BB);
    const { batch } = await requestBatchChange(deps, AA, { services, tech: BB });
    for (const { id } of batch.requests) {
      const confirmers = deps.store.requests.get(id)!.confirmers;
      expect(confirmers.find((c) => c.nic === BB)!.codeSentAt).toBeUndefined();
      expect(confirmers.find((c) => c.nic === AA)!.codeSentAt).toBeDefined();
      await askConfirmer(deps, id, BB);
    }
    expect(emails(deps, BB, 'code')).toHaveLength(2);
    await accept(deps, batch.requests[0]!.id, BB);
    expect(deps.store.requests.get(batch.requests[0]!.id)!.confirmers.find((c) => c.nic === BB)!.status).toBe(
      'accepted',
    );
  });

  it('leaves the batch standing when marking a code unsent loses a race to another writer', async () => {
    const deps = world();
    const services = servicesForABatch(deps, 2, AINO_ADMIN_ZED_TECH);
    refuseBatchCodesTo(deps, BB);
    failUnsentCommits(deps, new StaleWriteError('Another writer was first'));
    const { batch } = await requestBatchChange(deps, AA, { services, tech: BB });
    expect(batch.requests.map((r) => stateOf(deps, r.id))).toEqual([
      'awaiting_confirmation',
      'awaiting_confirmation',
    ]);
  });

  it('fails the call when the store cannot mark a code unsent, rather than passing for a lost race', async () => {
    const deps = world();
    const services = servicesForABatch(deps, 2, AINO_ADMIN_ZED_TECH);
    refuseBatchCodesTo(deps, BB);
    failUnsentCommits(deps, new Error('DynamoDB is unavailable'));
    await expect(requestBatchChange(deps, AA, { services, tech: BB })).rejects.toThrow(
      'DynamoDB is unavailable',
    );
  });
});
