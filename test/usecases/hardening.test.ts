// What a stolen session, a race or a loop must not achieve (issue "Hardening"): each attack as a
// use-case test over the in-memory ports.
import { describe, expect, it } from 'vitest';
import { cancelChange, resendCodes } from '../../shared/usecases/cancel-resend';
import { requestContactChange } from '../../shared/usecases/create-change';
import { confirmEmailChange, startEmailChange } from '../../shared/usecases/email-change';
import { once } from '../../shared/usecases/idempotency';
import { getChange } from '../../shared/usecases/queries';
import { settle } from '../../shared/usecases/settle';
import { AA, accept, ask, BB, emails, outcome, refusalOf, SERVICE, stateOf, world, WORDS, ZZ } from './world';

const codeTo = (deps: ReturnType<typeof world>, address: string) =>
  deps.mailer.sent.findLast((m) => m.kind === 'email_change_code' && m.to.email === address)!.code!;

describe('the address change is verified by the new address', () => {
  it('a stolen session cannot move the codes: the address stays until the code sent to the new one comes back', async () => {
    const deps = world();
    const account = await startEmailChange(deps, AA, 'thief@example.net');
    expect(account).toMatchObject({
      email: `${AA}@example.com`,
      pendingEmail: { email: 'thief@example.net' },
    });
    // The old address hears of it at once; the code goes only to the new one.
    expect(emails(deps, AA, 'email_change_started')[0]?.to.email).toBe(`${AA}@example.com`);
    expect(emails(deps, AA, 'email_change_code')[0]?.to.email).toBe('thief@example.net');

    // Meanwhile a request's codes still go to the verified address.
    const { id } = await ask(deps, { admin: BB });
    expect(
      deps.mailer.sent.find(
        (m) => m.kind === 'code' && m.to.nic === AA && m.asks?.some((a) => a.request.id === id),
      )?.to.email,
    ).toBe(`${AA}@example.com`);
  });

  it('the right code changes it and the old address is told; then nothing is pending', async () => {
    const deps = world();
    await startEmailChange(deps, AA, 'new@example.org');
    const changed = await confirmEmailChange(deps, AA, codeTo(deps, 'new@example.org'));
    expect(changed.email).toBe('new@example.org');
    expect(changed.pendingEmail).toBeUndefined();
    expect(emails(deps, AA, 'email_changed')[0]?.to.email).toBe(`${AA}@example.com`);
    expect(await outcome(confirmEmailChange(deps, AA, 'ANY-CODE'))).toBe('nothing_pending');
  });

  it('five wrong codes lock the change; the right one is then refused too; a new start frees it', async () => {
    const deps = world();
    await startEmailChange(deps, AA, 'new@example.org');
    const code = codeTo(deps, 'new@example.org');
    const wrong = await Promise.all(
      Array.from({ length: 8 }, () => outcome(confirmEmailChange(deps, AA, 'WRONG'))),
    );
    expect(wrong.filter((o) => o === 'invalid_token')).toHaveLength(5);
    expect(wrong.filter((o) => o === 'too_many_attempts')).toHaveLength(3);
    expect(await outcome(confirmEmailChange(deps, AA, code))).toBe('too_many_attempts');
    await startEmailChange(deps, AA, 'new@example.org');
    expect((await confirmEmailChange(deps, AA, codeTo(deps, 'new@example.org'))).email).toBe(
      'new@example.org',
    );
  });

  it('the code works for 24 hours only', async () => {
    const deps = world();
    await startEmailChange(deps, AA, 'new@example.org');
    deps.advance(24 * 3600);
    expect(await outcome(confirmEmailChange(deps, AA, codeTo(deps, 'new@example.org')))).toBe(
      'nothing_pending',
    );
  });

  it('three starts a day, then too_many_requests with when to try again', async () => {
    const deps = world();
    for (let i = 0; i < 3; i++) await startEmailChange(deps, AA, `n${i}@example.org`);
    const refused = await startEmailChange(deps, AA, 'n4@example.org').catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'too_many_requests', retryAfterSeconds: expect.any(Number) });
    expect(emails(deps, AA, 'email_change_code')).toHaveLength(3);
  });

  it('three before midnight and none just after: the day slides (issue 22), and the message says so', async () => {
    const deps = world(); // its clock starts at 09:00 UTC
    deps.advance(14 * 3600 + 59 * 60); // 23:59
    for (let i = 0; i < 3; i++) await startEmailChange(deps, AA, `m${i}@example.org`);
    deps.advance(2 * 60); // 00:01 the next day
    const refused = await startEmailChange(deps, AA, 'm4@example.org').catch((e: unknown) => e);
    expect(refused).toMatchObject({
      code: 'too_many_requests',
      message: expect.stringContaining('3 address changes in the last 24 hours'),
      retryAfterSeconds: 24 * 3600 - 60, // the 22:00–24:00 bucket leaves a day after it ends
    });
  });

  it('the same address again is no_change', async () => {
    expect(await outcome(startEmailChange(world(), AA, `${AA}@example.com`))).toBe('no_change');
  });
});

describe('authority at apply', () => {
  it('a request completes only while its asker may still ask it; the new admin can see and cancel it', async () => {
    const deps = world();
    // Aino asks tech → Bob (R2), then admin → Zed (R1); R1 completes first.
    const r2 = (await ask(deps, { tech: BB })).id;
    const r1 = (await ask(deps, { admin: ZZ })).id;
    await accept(deps, r1, AA);
    await accept(deps, r1, ZZ);
    await settle(deps, r1, { type: 'apply' });
    expect(deps.store.services.get(SERVICE)?.contacts.admin).toBe(ZZ);

    // Zed, the new admin, is no party of R2 but may see it, and cancel it.
    expect((await getChange(deps, ZZ, r2)).id).toBe(r2);
    const other = world();
    const r2b = (await ask(other, { tech: BB })).id;
    await accept(other, r2b, AA);
    other.store.services.get(SERVICE)!.contacts.admin = ZZ; // Aino lost admin meanwhile
    await accept(other, r2b, BB);
    expect(await settle(other, r2b, { type: 'apply' })).toMatchObject({
      state: 'failed',
      reason: `${AA} no longer holds a role that may change the tech contact.`,
    });
    expect(other.store.services.get(SERVICE)?.contacts.tech).toBe(ZZ);

    expect((await cancelChange(deps, ZZ, r2)).state).toBe('cancelled');
  });

  it('someone who is neither the asker nor an admin may not cancel', async () => {
    const deps = world();
    const { id } = await ask(deps);
    expect(await outcome(cancelChange(deps, BB, id))).toBe('not_the_asker');
    expect(await outcome(cancelChange(deps, 'yy9-ovh', id))).toBe('not_found');
  });
});

describe('the five-attempt limit', () => {
  it('is exact under 40 wrong codes at once, and then every answer for that confirmer is 429', async () => {
    const deps = world();
    const { id, code } = await ask(deps);
    const results = await Promise.all(
      Array.from({ length: 40 }, () => outcome(accept(deps, id, BB, 'WRONG-WRONG'))),
    );
    expect(results.filter((r) => r === 'invalid_token')).toHaveLength(5);
    expect(new Set(results)).toEqual(new Set(['invalid_token', 'too_many_attempts']));
    expect(deps.store.requests.get(id)?.confirmers[1]?.attempts).toBe(5);
    // The owner's real code: 429 before anything could tell whose code it is.
    expect(await outcome(accept(deps, id, BB, code(BB)))).toBe('too_many_attempts');
    expect(await outcome(accept(deps, id, BB, code(AA)))).toBe('too_many_attempts');
  });
});

describe('rate limits on what one person can make the system send', () => {
  it('a confirmer gets at most three new codes an hour; the fourth resend sends nothing', async () => {
    const deps = world();
    const { id } = await ask(deps);
    for (let i = 0; i < 3; i++) await resendCodes(deps, AA, id, false);
    const before = deps.mailer.sent.length;
    const refused = await resendCodes(deps, AA, id, false).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'too_many_requests', retryAfterSeconds: expect.any(Number) });
    expect(deps.mailer.sent).toHaveLength(before);
    deps.advance((refused as { retryAfterSeconds: number }).retryAfterSeconds);
    await resendCodes(deps, AA, id, false);
    expect(stateOf(deps, id)).toBe('awaiting_confirmation');
  });

  it('a resend refused for one confirmer gives back what it took for the others', async () => {
    const deps = world();
    const { id } = await ask(deps);
    for (let i = 0; i < 3; i++) await resendCodes(deps, BB, id, true);
    expect(await outcome(resendCodes(deps, AA, id, false))).toBe('too_many_requests');
    for (let i = 0; i < 3; i++) await resendCodes(deps, AA, id, true);
    expect(await outcome(resendCodes(deps, AA, id, true))).toBe('too_many_requests');
  });

  it('an asker makes at most thirty requests an hour, however they are cancelled in between', async () => {
    const deps = world();
    for (let i = 0; i < 30; i++) {
      const { requests } = await requestContactChange(deps, AA, SERVICE, { tech: BB });
      await cancelChange(deps, AA, requests[0]!.id);
    }
    expect(await outcome(requestContactChange(deps, AA, SERVICE, { tech: BB }))).toBe('too_many_requests');
  });
});

describe('idempotency keys', () => {
  it('a key whose first call died is free again once that call can no longer be running', async () => {
    const deps = world();
    const create = () => requestContactChange(deps, AA, SERVICE, { tech: BB });
    const deadline = new Date(deps.now().getTime() + 25_000);
    const dead = once(deps, AA, 'key-1', { tech: BB }, () => new Promise<never>(() => {}), deadline);
    void dead; // the first call never answers: its Lambda timed out
    expect(await refusalOf(once(deps, AA, 'key-1', { tech: BB }, create, deadline))).toMatchObject({
      code: 'change_pending',
      message: WORDS,
    });
    deps.advance(26);
    expect(
      await outcome(once(deps, AA, 'key-1', { tech: BB }, create, new Date(deps.now().getTime() + 25_000))),
    ).toBe('ok');
  });
});
