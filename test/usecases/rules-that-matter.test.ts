// Six rules that no other test would miss if they were taken out (issue 20): each case below fails
// when its rule is removed from the code, and says which line it guards.
import { describe, expect, it } from 'vitest';
import { STUCK_APPLYING_SECONDS } from '../../shared/domain/lifecycle';
import { askConfirmer } from '../../shared/usecases/ask-confirmer';
import { resendCodes } from '../../shared/usecases/cancel-resend';
import { requestContactChange } from '../../shared/usecases/create-change';
import { getChange } from '../../shared/usecases/queries';
import { settle } from '../../shared/usecases/settle';
import { sweepStaleRequests } from '../../shared/usecases/sweep';
import { TRANSIENT_FAILURE } from '../../shared/workflow/events';
import type { MemoryDeps } from '../support/memory';
import { answerChange } from '../../shared/usecases/answer';
import { accountFor } from '../support/accounts';
import { AA, BB, SERVICE, accept, ask, codeOf, emails, outcome, stateOf, world } from './world';

/** Every email to `nic` fails (SES refusing it) until the returned function is called. */
function failEmailsTo(deps: MemoryDeps, nic: string): () => void {
  const send = deps.mailer.send.bind(deps.mailer);
  deps.mailer.send = async (message, template) => {
    if (message.to.nic === nic) throw new Error('SES refused the email');
    return send(message, template);
  };
  return () => {
    deps.mailer.send = send;
  };
}

describe('the sweep reminds only inside the reminder window (sweep.ts: remindBefore)', () => {
  it('nobody is reminded while the end is further away than reminderBeforeSeconds; then once each', async () => {
    const deps = world();
    await ask(deps);
    expect(await sweepStaleRequests(deps)).toMatchObject({ reminded: 0, expired: 0 });
    deps.advance(deps.settings.ttlSeconds - deps.settings.reminderBeforeSeconds - 1);
    expect(await sweepStaleRequests(deps)).toMatchObject({ reminded: 0 });
    expect(emails(deps, BB, 'reminder')).toEqual([]);
    deps.advance(2);
    expect(await sweepStaleRequests(deps)).toMatchObject({ reminded: 2 });
    expect(emails(deps, BB, 'reminder')).toHaveLength(1);
  });
});

describe('the rescue of a request stuck applying (lifecycle.ts: sweepDueAt)', () => {
  it('one whose workflow never applied it is applied by the sweep once STUCK_APPLYING_SECONDS have passed', async () => {
    const deps = world();
    const { id } = await ask(deps);
    await accept(deps, id, AA);
    await accept(deps, id, BB); // the workflow heard it, and then was lost before its apply
    expect(stateOf(deps, id)).toBe('applying');
    deps.advance(STUCK_APPLYING_SECONDS - 1);
    expect(await sweepStaleRequests(deps)).toMatchObject({ finished: 0 });
    expect(stateOf(deps, id)).toBe('applying');
    deps.advance(2); // days before the window ends
    expect(await sweepStaleRequests(deps)).toMatchObject({ finished: 1, expired: 0 });
    expect(stateOf(deps, id)).toBe('done');
    expect(deps.store.services.get(SERVICE)?.contacts.tech).toBe(BB);
    // The lost execution may still be waiting: it hears the end.
    expect(deps.workflow.calls.filter((c) => c.call === 'ended')).toEqual([
      { call: 'ended', id, state: 'done' },
    ]);
  });
});

describe('a code email that fails at creation (create-change.ts: codeUnsent)', () => {
  it('is not recorded as sent: the ask step sends a new code, which works', async () => {
    const deps = world();
    const sesBack = failEmailsTo(deps, BB);
    const { requests } = await requestContactChange(deps, AA, SERVICE, { tech: BB });
    const id = requests[0]!.id;
    expect(deps.store.requests.get(id)?.confirmers.find((c) => c.nic === BB)?.codeSentAt).toBeUndefined();
    sesBack();
    expect(await askConfirmer(deps, id, BB)).toBe('asked');
    expect(emails(deps, BB, 'code')).toHaveLength(1);
    await accept(deps, id, AA);
    expect(await outcome(accept(deps, id, BB, codeOf(deps, id, BB)))).toBe('ok');
  });
});

describe('the ask step and a failed email (ask-confirmer.ts: unsent)', () => {
  it('fails as a transient failure, so that the workflow asks again, and records nothing as sent', async () => {
    const deps = world();
    failEmailsTo(deps, BB);
    const { requests } = await requestContactChange(deps, AA, SERVICE, { tech: BB });
    const id = requests[0]!.id;
    await expect(askConfirmer(deps, id, BB)).rejects.toMatchObject({ name: TRANSIENT_FAILURE });
    expect(deps.store.requests.get(id)?.confirmers.find((c) => c.nic === BB)?.codeSentAt).toBeUndefined();
  });
});

describe('a resend after the window (cancel-resend.ts: expiresAt)', () => {
  it('is request_closed even before the sweep has ended the request, and sends nothing', async () => {
    const deps = world();
    const { id } = await ask(deps);
    deps.advance(deps.settings.ttlSeconds);
    expect(stateOf(deps, id)).toBe('awaiting_confirmation'); // no sweep yet
    const sent = deps.mailer.sent.length;
    expect(await outcome(resendCodes(deps, AA, id, false))).toBe('request_closed');
    expect(await outcome(resendCodes(deps, BB, id, true))).toBe('request_closed');
    expect(deps.mailer.sent.length).toBe(sent);
  });
});

describe('who owes an invoice (view.ts: why)', () => {
  it('is kept from every party of a request that failed on unpaid invoices', async () => {
    const deps = world();
    const { id } = await ask(deps, { billing: BB });
    await accept(deps, id, AA);
    deps.store.accounts.get(BB)!.unpaidInvoices = 1;
    await accept(deps, id, BB);
    expect(await settle(deps, id, { type: 'apply' })).toMatchObject({
      state: 'failed',
      why: { code: 'unpaid_invoices', nics: [BB] },
    });
    for (const nic of [AA, BB]) {
      expect((await getChange(deps, nic, id)).why).toEqual({ code: 'unpaid_invoices', nics: [] });
    }
  });
});

describe('an answer from someone signed in who may not see the request (settle.ts: judge)', () => {
  it('is not_found, as for a request that does not exist, even with a real code, and changes nothing', async () => {
    const deps = world();
    deps.store.accounts.set('cc4-ovh', accountFor('cc4-ovh', { name: 'Cecilia Carr', language: 'en' }));
    const { id, code } = await ask(deps, { tech: BB });
    const before = structuredClone(deps.store.requests.get(id));
    expect(
      await outcome(answerChange(deps, { id, code: code(BB), decision: 'accept', caller: 'cc4-ovh' })),
    ).toBe('not_found');
    expect(deps.store.requests.get(id)).toEqual(before);
  });
});

describe('settle() itself (settle.ts)', () => {
  it('throws the refusal of an answer it settles, and answers undefined for a request that does not exist', async () => {
    const deps = world();
    const { id } = await ask(deps, { tech: BB });
    const wrong = {
      code: 'AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH',
      decision: 'accept' as const,
      caller: BB,
    };
    expect(await outcome(settle(deps, id, { type: 'answer', answer: wrong }))).toBe('invalid_token');
    expect(await settle(deps, '00000000-0000-4000-8000-000000000000', { type: 'window_passed' })).toBe(
      undefined,
    );
  });

  it('leaves alone a request told to apply before everyone accepted', async () => {
    const deps = world();
    const { id } = await ask(deps, { tech: BB });
    const before = structuredClone(deps.store.requests.get(id));
    expect((await settle(deps, id, { type: 'apply' }))?.state).toBe('awaiting_confirmation');
    expect(deps.store.requests.get(id)).toEqual(before);
    expect(deps.store.services.get(SERVICE)!.contacts.tech).not.toBe(BB);
  });
});
