// API.md "Batches": one email per person per batch for each kind of event, reminders and bounce notices
// too. A person asked on many requests of a batch gets one reminder listing those still waiting; a batch
// code email that bounces tells the asker once per batch (and again only for a new code that bounces).
import { describe, expect, it } from 'vitest';
import type { DeliveryProblem } from '../../shared/domain/bounces';
import { resendBatch } from '../../shared/usecases/batch-cancel-resend';
import { cancelChange } from '../../shared/usecases/cancel-resend';
import { recordDeliveryProblem } from '../../shared/usecases/bounces';
import { askConfirmer } from '../../shared/usecases/ask-confirmer';
import { requestBatchChange } from '../../shared/usecases/create-batch';
import { requestContactChange } from '../../shared/usecases/create-change';
import { sweepStaleRequests } from '../../shared/usecases/sweep';
import type { MemoryDeps } from '../support/memory';
import { servicesForABatch } from '../support/batch-services';
import { AA, AINO_ADMIN_ZED_TECH, BB, SERVICE, ZZ, accept, emails, world } from './world';

const DAY = 24 * 3600;

/** `n` services of Aino's (admin and billing), Zed their tech contact. */

const codeOf = (deps: MemoryDeps, nic: string) => emails(deps, nic, 'batch_code').at(-1)!.batch!.code;

const bounceOf = (deps: MemoryDeps, nic: string): DeliveryProblem => ({
  type: 'bounce',
  bounceType: 'Permanent',
  recipients: [deps.store.accounts.get(nic)!.email],
  sentAt: deps.now().toISOString(),
  nic,
  kind: 'batch_code',
});

describe('the reminder of a batch', () => {
  it('is one email per person listing the requests still waiting for them, and none per request', async () => {
    const deps = world();
    const services = servicesForABatch(deps, 12, AINO_ADMIN_ZED_TECH);
    const { batch } = await requestBatchChange(deps, AA, { services, tech: BB });
    await accept(deps, batch.requests[3]!.id, BB, codeOf(deps, BB));
    // Not before it is due: two days before the end.
    deps.advance(12 * DAY - 60);
    expect((await sweepStaleRequests(deps)).reminded).toBe(0);
    expect(deps.mailer.sent.filter((m) => m.kind === 'batch_reminder')).toEqual([]);
    deps.advance(61);
    const [first, second] = await Promise.all([sweepStaleRequests(deps), sweepStaleRequests(deps)]);
    expect(first!.reminded + second!.reminded).toBe(2);
    expect(emails(deps, AA, 'reminder')).toEqual([]);
    const [toBob, ...more] = emails(deps, BB, 'batch_reminder');
    expect(more).toEqual([]);
    expect(toBob!.waiting!.requests.map((r) => r.serviceId)).toEqual(services.filter((_, i) => i !== 3));
    // A reminder, not a bounce notice: it names nobody whose address bounced.
    expect(toBob).not.toHaveProperty('bounced');
    expect(emails(deps, AA, 'batch_reminder')).toHaveLength(1);
    expect(deps.mailer.to(ZZ)).toEqual([]);
    // Each request is marked: the next sweep has nobody left to remind.
    expect((await sweepStaleRequests(deps)).reminded).toBe(0);
  });
});

describe('a batch reminder that cannot be sent', () => {
  it('is not counted as a reminder sent', async () => {
    const deps = world();
    const services = servicesForABatch(deps, 2, AINO_ADMIN_ZED_TECH);
    await requestBatchChange(deps, AA, { services, tech: BB });
    const send = deps.mailer.send.bind(deps.mailer);
    deps.mailer.send = async (message, template) => {
      if (message.kind === 'batch_reminder') throw new Error('SES refused the email');
      return send(message, template);
    };
    deps.advance(12 * DAY + 1);
    expect((await sweepStaleRequests(deps)).reminded).toBe(0);
  });
});

describe('a batch code email that bounced', () => {
  it('marks every request waiting for that person and tells the asker once, however often SES says so', async () => {
    const deps = world();
    const services = servicesForABatch(deps, 12, AINO_ADMIN_ZED_TECH);
    const { batch } = await requestBatchChange(deps, AA, { services, tech: BB });
    const bounce = bounceOf(deps, BB);
    const [marked] = await Promise.all([
      recordDeliveryProblem(deps, bounce),
      recordDeliveryProblem(deps, bounce),
    ]);
    expect(marked).toMatchObject({ kind: 'marked', nic: BB });
    expect(await recordDeliveryProblem(deps, bounce)).toEqual({ kind: 'marked', nic: BB, requests: [] });
    for (const { id } of batch.requests) {
      expect(deps.store.requests.get(id)!.confirmers.find((c) => c.nic === BB)!.bouncedAt).toBeDefined();
    }
    expect(emails(deps, AA, 'code_bounced')).toEqual([]);
    const [told, ...more] = emails(deps, AA, 'batch_code_bounced');
    expect(more).toEqual([]);
    expect(told!.bounced).toBe(BB);
    expect(told!.waiting!.requests.map((r) => r.serviceId)).toEqual(services);

    // A new code that bounces again is told again.
    deps.advance(60);
    await resendBatch(deps, AA, batch.id, false);
    await recordDeliveryProblem(deps, bounceOf(deps, BB));
    expect(emails(deps, AA, 'batch_code_bounced')).toHaveLength(2);
  });

  it('lists only the requests still open: not one cancelled meanwhile', async () => {
    const deps = world();
    const services = servicesForABatch(deps, 3, AINO_ADMIN_ZED_TECH);
    const { batch } = await requestBatchChange(deps, AA, { services, tech: BB });
    await cancelChange(deps, AA, batch.requests[1]!.id);
    await recordDeliveryProblem(deps, bounceOf(deps, BB));
    const [told] = emails(deps, AA, 'batch_code_bounced');
    expect(told!.waiting!.requests.map((r) => r.serviceId)).toEqual([services[0], services[2]]);
  });

  it('again after the person asked for a new code for themselves only: the asker is told again', async () => {
    const deps = world();
    const { batch } = await requestBatchChange(deps, AA, {
      services: servicesForABatch(deps, 2, AINO_ADMIN_ZED_TECH),
      tech: BB,
    });
    await recordDeliveryProblem(deps, bounceOf(deps, BB));
    deps.advance(60);
    await resendBatch(deps, BB, batch.id, true);
    await recordDeliveryProblem(deps, bounceOf(deps, BB));
    expect(emails(deps, AA, 'batch_code_bounced')).toHaveLength(2);
  });

  it('of someone asked on more requests than one page holds marks them all, and tells each batch’s asker once', async () => {
    const deps = world();
    const first = await requestBatchChange(deps, AA, {
      services: servicesForABatch(deps, 60, AINO_ADMIN_ZED_TECH),
      tech: BB,
    });
    const more = Array.from({ length: 60 }, (_, i) => {
      deps.store.services.set(`t${i}.fi`, {
        serviceId: `t${i}.fi`,
        name: `Other ${i}`,
        type: 'domain',
        contacts: { admin: AA, tech: ZZ, billing: AA },
      });
      return `t${i}.fi`;
    });
    const second = await requestBatchChange(deps, AA, { services: more, tech: BB });
    const outcome = await recordDeliveryProblem(deps, bounceOf(deps, BB));
    const ids = [...first.batch.requests, ...second.batch.requests].map((r) => r.id);
    expect(outcome.kind === 'marked' && new Set(outcome.requests)).toEqual(new Set(ids));
    const told = emails(deps, AA, 'batch_code_bounced');
    expect(told.map((m) => m.waiting!.requests.length)).toEqual([60, 60]);
  });

  it('of a single request’s code is told as that request’s, not as a batch’s', async () => {
    const deps = world();
    const { requests } = await requestContactChange(deps, AA, SERVICE, { tech: BB });
    for (const c of requests[0]!.confirmations) await askConfirmer(deps, requests[0]!.id, c.nic);
    await recordDeliveryProblem(deps, { ...bounceOf(deps, BB), kind: 'code' });
    expect(emails(deps, AA, 'code_bounced')).toHaveLength(1);
    expect(emails(deps, AA, 'batch_code_bounced')).toEqual([]);
  });

  it('of the asker tells nobody: their own address bounces', async () => {
    const deps = world();
    await requestBatchChange(deps, AA, {
      services: servicesForABatch(deps, 3, AINO_ADMIN_ZED_TECH),
      tech: BB,
    });
    await recordDeliveryProblem(deps, bounceOf(deps, AA));
    expect(deps.mailer.sent.filter((m) => m.kind === 'batch_code_bounced')).toEqual([]);
  });
});
