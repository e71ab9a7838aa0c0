// The edges of batches that no flow test walks through (issue 20: branch coverage): a batch id that
// names nothing, a batch whose requests have all ended, a resend to someone who answered everything
// (before it was asked, or while it was being written), a code email that fails, and the batch page's
// forms without a decision, a code or a batch. Each through the use case's entry point, as a handler
// calls it.
import { describe, expect, it } from 'vitest';
import { answerBatch, answerBatchOnPage } from '../../shared/usecases/answer-batch';
import { cancelBatch, resendBatch } from '../../shared/usecases/batch-cancel-resend';
import { requestBatchChange } from '../../shared/usecases/create-batch';
import type { MemoryDeps } from '../support/memory';
import { AA, BB, before, emails, outcome, world, AINO_ADMIN_ZED_TECH } from './world';
import { servicesForABatch } from '../support/batch-services';

const NO_BATCH = 'bt-00000000000000000000000000';

/** A batch of Aino's asking `n` services' tech role for Bob; Zed is their tech contact now. */
async function aBatch(n: number) {
  const deps = world();
  const services = servicesForABatch(deps, n, AINO_ADMIN_ZED_TECH);
  const { batch } = await requestBatchChange(deps, AA, { services, tech: BB });
  return { deps, batch, ids: batch.requests.map((r) => r.id) };
}

const codeOf = (deps: MemoryDeps, nic: string) => emails(deps, nic, 'batch_code').at(-1)!.batch!.code;
const codeEmails = (deps: MemoryDeps, nic: string) => emails(deps, nic, 'batch_code').length;

describe('a batch id that names no batch', () => {
  it('is not_found to cancel and to resend', async () => {
    const { deps } = await aBatch(1);
    expect(await outcome(cancelBatch(deps, AA, NO_BATCH))).toBe('not_found');
    expect(await outcome(resendBatch(deps, AA, NO_BATCH, false))).toBe('not_found');
  });
});

describe('new batch codes', () => {
  it('are request_closed once every request of the batch has ended, and nobody is emailed', async () => {
    const { deps, batch } = await aBatch(2);
    deps.settings.limits = { ...deps.settings.limits, resendsPerHour: 1 };
    await cancelBatch(deps, AA, batch.id);
    const sent = deps.mailer.sent.length;
    // Refused before anything is counted: asking again is refused the same way, not as too many.
    expect(await outcome(resendBatch(deps, AA, batch.id, false))).toBe('request_closed');
    expect(await outcome(resendBatch(deps, AA, batch.id, false))).toBe('request_closed');
    expect(await outcome(cancelBatch(deps, AA, batch.id))).toBe('request_closed');
    expect(deps.mailer.sent).toHaveLength(sent);
  });

  it('for oneself, once one has answered every request, are already_answered; the others still get theirs', async () => {
    const { deps, batch } = await aBatch(2);
    await answerBatch(deps, BB, batch.id, codeOf(deps, BB), 'accept');
    expect(await outcome(resendBatch(deps, BB, batch.id, true))).toBe('already_answered');
    expect(codeEmails(deps, BB)).toBe(1);
    await resendBatch(deps, BB, batch.id, false);
    expect([codeEmails(deps, AA), codeEmails(deps, BB)]).toEqual([2, 1]);
  });

  it('are request_closed when the person answered everything while the codes were being written: no email', async () => {
    // One service: its new code is the only write (with more, the writes run side by side).
    const { deps, batch, ids } = await aBatch(1);
    const code = codeOf(deps, BB);
    // Bob answers the batch just before his new code is written.
    before(deps, 'commit', () => answerBatch(deps, BB, batch.id, code, 'accept'));
    expect(await outcome(resendBatch(deps, BB, batch.id, true))).toBe('request_closed');
    expect(codeEmails(deps, BB)).toBe(1);
    // His answer stands.
    expect(deps.store.requests.get(ids[0]!)!.confirmers.find((c) => c.nic === BB)!.status).toBe('accepted');
  });

  it('say so when the code email fails, rather than marking the new code as sent', async () => {
    const { deps, batch, ids } = await aBatch(2);
    const send = deps.mailer.send.bind(deps.mailer);
    deps.mailer.send = async (message, template) => {
      if (message.to.nic === BB) throw new Error('SES refused the email');
      return send(message, template);
    };
    await expect(resendBatch(deps, AA, batch.id, false)).rejects.toThrow(/could not be sent/);
    const bob = (id: string) => deps.store.requests.get(id)!.confirmers.find((c) => c.nic === BB)!;
    const aino = (id: string) => deps.store.requests.get(id)!.confirmers.find((c) => c.nic === AA)!;
    // Aino's new code went out and is marked so on each request; Bob's did not, and is not.
    for (const id of ids) {
      expect(aino(id).codeSentAt).toBeDefined();
      expect(bob(id).codeSentAt).toBeUndefined();
    }
  });
});

describe('the batch page’s answer form', () => {
  it('without a decision is a link that does not work, without a code a wrong code but no guess, and an unknown batch not_found', async () => {
    const { deps, batch, ids } = await aBatch(1);
    // A guess is counted (issue 22); a form without a code is no guess, and eats none of the limit.
    deps.settings.limits = { ...deps.settings.limits, unownedCodesPerRequestPerHour: 1 };
    const code = codeOf(deps, BB);
    const page = (id: string, token: string, decision?: 'accept') =>
      answerBatchOnPage(deps, { id, token, decision, fallback: 'en' });
    const views = [
      await page(batch.id, code),
      await page(batch.id, '', 'accept'),
      await page(batch.id, '', 'accept'),
      await page(NO_BATCH, code, 'accept'),
      await page(batch.id, 'X'.repeat(32), 'accept'),
    ];
    expect(views.map((v) => v.page === 'problem' && v.error.code)).toEqual([
      'validation_failed',
      'invalid_token',
      'invalid_token',
      'not_found',
      'invalid_token',
    ]);
    expect(deps.store.requests.get(ids[0]!)!.confirmers.map((c) => c.status)).toEqual(['pending', 'pending']);
  });
});
