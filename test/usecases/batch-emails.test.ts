// API.md "Batches": nobody gets more than one email per batch for each kind of event. A batch's
// requests end one by one; each person hears once, when the last request concerning them has ended,
// how each ended; two requests ending at once still make exactly one email; one that fails is sent
// again by the sweep, once no one can still be sending it.
import { describe, expect, it } from 'vitest';
import type { EmailMessage } from '../../shared/domain/ports';
import { renderEmail } from '../../shared/email/render';
import { LONGEST_CALL_MS } from '../../shared/domain/batch';
import { cancelBatch } from '../../shared/usecases/batch-cancel-resend';
import { requestBatchChange } from '../../shared/usecases/create-batch';
import { sweepStaleRequests } from '../../shared/usecases/sweep';
import { settle } from '../../shared/usecases/settle';
import type { MemoryDeps } from '../support/memory';
import { AA, BB, ZZ, accept, before, emails, refuse, world, AINO_ADMIN_ZED_TECH } from './world';
import { servicesForABatch } from '../support/batch-services';
import { ALL_EMAILS } from '../../shared/email/kinds/all';

const codeOf = (deps: MemoryDeps, nic: string) => emails(deps, nic, 'batch_code').at(-1)!.batch!.code;

const render = (message: EmailMessage) =>
  renderEmail(message, ALL_EMAILS[message.kind], { providerName: 'Example Hosting' });

/** Every kind of email each of `nics` got, in order. */
const kinds = (deps: MemoryDeps, ...nics: string[]) =>
  Object.fromEntries(nics.map((nic) => [nic, deps.mailer.to(nic).map((m) => m.kind)]));

describe('the outcome of a batch', () => {
  it('of 40 requests, all accepted and applied: each person gets one outcome email listing all 40, and no other', async () => {
    const deps = world();
    const services = servicesForABatch(deps, 40, AINO_ADMIN_ZED_TECH);
    const { batch } = await requestBatchChange(deps, AA, { services, tech: BB });
    for (const request of batch.requests) {
      await accept(deps, request.id, AA, codeOf(deps, AA));
      await accept(deps, request.id, BB, codeOf(deps, BB));
      await settle(deps, request.id, { type: 'apply' });
    }
    expect(kinds(deps, AA, BB, ZZ)).toEqual({
      [AA]: ['batch_code', 'batch_outcome'],
      [BB]: ['batch_code', 'batch_outcome'],
      // Zed, the old tech contact, is told, never asked.
      [ZZ]: ['batch_outcome'],
    });
    for (const nic of [AA, BB, ZZ]) {
      const { requests } = emails(deps, nic, 'batch_outcome')[0]!.outcome!;
      expect(requests.map((r) => [r.serviceName, r.state])).toEqual(
        services.map((_, i) => [`Service ${i}`, 'done']),
      );
    }
    expect(render(emails(deps, BB, 'batch_outcome')[0]!).subject).toContain(
      'The contact change of 40 services is done',
    );
  });

  it('waits for the last request concerning each person, and says how each ended', async () => {
    const deps = world('fi');
    const services = servicesForABatch(deps, 3, AINO_ADMIN_ZED_TECH);
    const { batch } = await requestBatchChange(deps, AA, { services, tech: BB });
    const [first, second, third] = batch.requests;
    await accept(deps, first!.id, AA, codeOf(deps, AA));
    await accept(deps, first!.id, BB, codeOf(deps, BB));
    await settle(deps, first!.id, { type: 'apply' });
    await refuse(deps, second!.id, BB, codeOf(deps, BB));
    expect(emails(deps, BB, 'batch_outcome')).toEqual([]);
    await settle(deps, third!.id, { type: 'window_passed' });

    const [email, ...more] = emails(deps, BB, 'batch_outcome');
    expect(more).toEqual([]);
    expect(email!.outcome!.requests.map((r) => r.state)).toEqual(['done', 'refused', 'expired']);
    const { subject, text } = render(email!);
    expect(subject).toContain('Yhteyshenkilön vaihto on päättynyt: 3 palvelua');
    expect(text).toContain('Service 0: tekninen yhteyshenkilö');
    expect(text).toContain('tehty.');
    expect(text).toContain('hylätty.');
    expect(text).toContain('ei vahvistettu ajoissa.');
  });

  it('a request ending refused, expired or failed sends no email of its own: only the outcome email tells', async () => {
    const deps = world();
    const services = servicesForABatch(deps, 3, AINO_ADMIN_ZED_TECH);
    const { batch } = await requestBatchChange(deps, AA, { services, tech: BB });
    const [refused, expired, failed] = batch.requests;
    await refuse(deps, refused!.id, BB, codeOf(deps, BB));
    await settle(deps, expired!.id, { type: 'window_passed' });
    await settle(deps, failed!.id, {
      type: 'step_failed',
      reason: 'The confirmations could not be started.',
    });
    expect(kinds(deps, AA, BB, ZZ)).toEqual({
      [AA]: ['batch_code', 'batch_outcome'],
      [BB]: ['batch_code', 'batch_outcome'],
      [ZZ]: ['batch_outcome'],
    });
    const { requests } = emails(deps, AA, 'batch_outcome')[0]!.outcome!;
    expect(requests.map((r) => r.state)).toEqual(['refused', 'expired', 'failed']);
  });

  it('when the last two requests end at once, sends each person one email: the batch item decides who tells', async () => {
    const deps = world();
    const services = servicesForABatch(deps, 2, AINO_ADMIN_ZED_TECH);
    const { batch } = await requestBatchChange(deps, AA, { services, tech: BB });
    const [first, second] = batch.requests;
    // The second request ends, all of it, between the first one's commit and its record on the batch
    // item: the second's record sees itself alone ended, the first's sees both, and it tells everyone.
    before(deps, 'recordBatchEnding', () => settle(deps, second!.id, { type: 'cancelled', by: AA }));
    await settle(deps, first!.id, { type: 'cancelled', by: AA });
    expect(kinds(deps, AA, BB, ZZ)).toEqual({
      [AA]: ['batch_code', 'batch_outcome'],
      [BB]: ['batch_code', 'batch_outcome'],
      [ZZ]: ['batch_outcome'],
    });
    expect(render(emails(deps, AA, 'batch_outcome')[0]!).subject).toContain(
      'The contact change of 2 services was cancelled',
    );
  });

  it('that could not be sent is sent again by the sweep, once, listing every request, and nobody else hears twice', async () => {
    const deps = world();
    const services = servicesForABatch(deps, 3, AINO_ADMIN_ZED_TECH);
    const { batch } = await requestBatchChange(deps, AA, { services, tech: BB });
    // SES refuses Bob's outcome email, twice.
    const send = deps.mailer.send.bind(deps.mailer);
    let refusals = 2;
    deps.mailer.send = async (message, template) => {
      if (message.kind === 'batch_outcome' && message.to.nic === BB && refusals-- > 0) {
        throw new Error('SES is unavailable');
      }
      await send(message, template);
    };
    await cancelBatch(deps, AA, batch.id);
    expect(kinds(deps, AA, BB, ZZ)).toEqual({
      [AA]: ['batch_code', 'batch_outcome'],
      [BB]: ['batch_code'],
      [ZZ]: ['batch_outcome'],
    });
    expect(deps.warnings).toContain('A batch outcome email could not be sent; the sweep sends it again');

    // Not while whoever claimed it could still be sending it.
    deps.advance(LONGEST_CALL_MS / 1000 - 60);
    expect((await sweepStaleRequests(deps)).outcomesResent).toBeUndefined();
    // Then again; SES refuses once more, so it stays owed for the next sweep after that.
    deps.advance(120);
    expect((await sweepStaleRequests(deps)).outcomesResent).toBeUndefined();
    expect(refusals).toBe(0);
    deps.advance(LONGEST_CALL_MS / 1000 + 60);
    const [first, second] = await Promise.all([sweepStaleRequests(deps), sweepStaleRequests(deps)]);
    expect((first!.outcomesResent ?? 0) + (second!.outcomesResent ?? 0)).toBe(1);
    expect(kinds(deps, AA, BB, ZZ)).toEqual({
      [AA]: ['batch_code', 'batch_outcome'],
      [BB]: ['batch_code', 'batch_outcome'],
      [ZZ]: ['batch_outcome'],
    });
    const [outcome] = emails(deps, BB, 'batch_outcome');
    expect(outcome!.outcome!.requests.map((r) => [r.serviceId, r.state])).toEqual(
      services.map((s) => [s, 'cancelled']),
    );
    // Sent: nothing owed any more, and the sweeps after it send nothing.
    deps.advance(LONGEST_CALL_MS / 1000 + 60);
    expect((await sweepStaleRequests(deps)).outcomesResent).toBeUndefined();
    deps.advance(LONGEST_CALL_MS / 1000 + 60);
    expect((await sweepStaleRequests(deps)).outcomesResent).toBeUndefined();
    expect(emails(deps, BB, 'batch_outcome')).toHaveLength(1);
  });
});
