// Issue 22, item 5: an address change started from a stolen session can be stopped by the owner,
// from the link in the email to the old address or from the panel. Use cases over the in-memory ports.
import { describe, expect, it } from 'vitest';
import {
  cancelEmailChange,
  cancelEmailChangeByLink,
  confirmEmailChange,
  inspectEmailChangeCancel,
  startEmailChange,
} from '../../shared/usecases/email-change';
import { StaleWriteError } from '../../shared/domain/ports';
import { AA, BB, emails, outcome, world } from './world';

type Deps = ReturnType<typeof world>;

/** The stop link's nic and token, as the email to the old address carries them. */
function stopLink(deps: Deps): { nic: string; token: string } {
  const link = new URL(emails(deps, AA, 'email_change_started').at(-1)!.link!);
  expect(link.pathname).toBe('/email-change/cancel');
  return { nic: link.searchParams.get('nic')!, token: link.searchParams.get('token')! };
}

const codeTo = (deps: Deps, address: string) =>
  deps.mailer.sent.findLast((m) => m.kind === 'email_change_code' && m.to.email === address)!.code!;

const pendingOf = async (deps: Deps) => (await deps.store.getAccount(AA))?.pendingEmail;

describe('the stop link emailed to the old address', () => {
  it('goes to the old address only, and stops the change with its token', async () => {
    const deps = world();
    await startEmailChange(deps, AA, 'thief@example.net');
    const { nic, token } = stopLink(deps);
    expect(nic).toBe(AA);
    expect(emails(deps, AA, 'email_change_code')[0]?.link).not.toContain(token);
    // Stored as a hash only.
    expect(JSON.stringify(await deps.store.getAccount(AA))).not.toContain(token);

    const stopped = await cancelEmailChangeByLink(deps, nic, token);
    expect(stopped.pendingEmail).toBeUndefined();
    expect(stopped.email).toBe(`${AA}@example.com`);
    // The thief's code is now useless.
    expect(await outcome(confirmEmailChange(deps, AA, codeTo(deps, 'thief@example.net')))).toBe(
      'nothing_pending',
    );
    // The link opened again: nothing left to stop.
    expect(await outcome(cancelEmailChangeByLink(deps, nic, token))).toBe('nothing_pending');
    expect(await outcome(inspectEmailChangeCancel(deps, nic, token))).toBe('nothing_pending');
  });

  it('opening it (GET) changes nothing', async () => {
    const deps = world();
    await startEmailChange(deps, AA, 'new@example.org');
    const { nic, token } = stopLink(deps);
    const before = await pendingOf(deps);
    expect((await inspectEmailChangeCancel(deps, nic, token)).nic).toBe(AA);
    expect(await pendingOf(deps)).toEqual(before);
  });

  it('a wrong token, or another account with a right one, changes nothing', async () => {
    const deps = world();
    await startEmailChange(deps, AA, 'new@example.org');
    const { nic, token } = stopLink(deps);
    const before = await pendingOf(deps);
    const wrong = token.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    expect(await outcome(cancelEmailChangeByLink(deps, nic, wrong))).toBe('invalid_token');
    expect(await outcome(cancelEmailChangeByLink(deps, BB, token))).toBe('invalid_token');
    expect(await outcome(cancelEmailChangeByLink(deps, 'not a handle', token))).toBe('invalid_token');
    expect(await outcome(cancelEmailChangeByLink(deps, 'zz999-ovh', token))).toBe('invalid_token');
    expect(await outcome(inspectEmailChangeCancel(deps, nic, wrong))).toBe('invalid_token');
    expect(await pendingOf(deps)).toEqual(before);
  });

  it('after the change is confirmed there is nothing to stop, and the address stays the new one', async () => {
    const deps = world();
    await startEmailChange(deps, AA, 'new@example.org');
    const { nic, token } = stopLink(deps);
    await confirmEmailChange(deps, AA, codeTo(deps, 'new@example.org'));
    expect(await outcome(inspectEmailChangeCancel(deps, nic, token))).toBe('nothing_pending');
    expect(await outcome(cancelEmailChangeByLink(deps, nic, token))).toBe('nothing_pending');
    expect((await deps.store.getAccount(AA))?.email).toBe('new@example.org');
  });

  it('the link of a change started again is replaced: it cannot stop the new one', async () => {
    const deps = world();
    await startEmailChange(deps, AA, 'first@example.org');
    const first = stopLink(deps);
    await startEmailChange(deps, AA, 'second@example.org');
    expect(await outcome(cancelEmailChangeByLink(deps, first.nic, first.token))).toBe('invalid_token');
    expect((await pendingOf(deps))?.email).toBe('second@example.org');
  });

  it('a change that ran out has nothing to stop', async () => {
    const deps = world();
    await startEmailChange(deps, AA, 'new@example.org');
    const { nic, token } = stopLink(deps);
    deps.advance(24 * 3600);
    expect(await outcome(cancelEmailChangeByLink(deps, nic, token))).toBe('nothing_pending');
  });
});

describe('a confirm and a stop at once', () => {
  it('end in one consistent state: either the address changed or the change is stopped, never both', async () => {
    for (let round = 0; round < 10; round++) {
      const deps = world();
      await startEmailChange(deps, AA, 'new@example.org');
      const { nic, token } = stopLink(deps);
      const [confirmed, stopped] = await Promise.all([
        outcome(confirmEmailChange(deps, AA, codeTo(deps, 'new@example.org'))),
        outcome(cancelEmailChangeByLink(deps, nic, token)),
      ]);
      const account = (await deps.store.getAccount(AA))!;
      expect(account.pendingEmail).toBeUndefined();
      expect([confirmed, stopped].filter((o) => o === 'ok')).toHaveLength(1);
      expect(account.email).toBe(confirmed === 'ok' ? 'new@example.org' : `${AA}@example.com`);
    }
  });
});

describe('the signed-in owner (DELETE /me/email)', () => {
  it('stops the waiting change; then there is nothing pending, and the emailed link says so', async () => {
    const deps = world();
    await startEmailChange(deps, AA, 'new@example.org');
    const { nic, token } = stopLink(deps);
    expect((await cancelEmailChange(deps, AA)).pendingEmail).toBeUndefined();
    expect(await outcome(cancelEmailChange(deps, AA))).toBe('nothing_pending');
    expect(await outcome(cancelEmailChangeByLink(deps, nic, token))).toBe('nothing_pending');
  });
});

describe('the address change’s links, tries and notices (email-change.ts)', () => {
  it('builds both links on the base URL without a doubled slash when the base ends in one', async () => {
    const deps = world();
    deps.settings.publicBaseUrl = 'https://contacts.example/';
    await startEmailChange(deps, AA, 'new@example.net');
    expect(emails(deps, AA, 'email_change_code')[0]!.link).toMatch(
      /^https:\/\/contacts\.example\/panel\/profile\?/,
    );
    expect(emails(deps, AA, 'email_change_started')[0]!.link).toMatch(
      /^https:\/\/contacts\.example\/email-change\/cancel\?/,
    );
  });

  it('reads and judges a code again when the confirm loses to another writer, three times, then says nothing is pending to retry', async () => {
    const deps = world();
    await startEmailChange(deps, AA, 'new@example.net');
    let tries = 0;
    deps.store.faults.push((call) => {
      if (call !== 'confirmEmailChange') return;
      // A bound, so that a loop that never stops fails here rather than hanging.
      if (++tries > 10) throw new Error('tried too often');
      throw new StaleWriteError('Another writer was first');
    });
    expect(await outcome(confirmEmailChange(deps, AA, codeTo(deps, 'new@example.net')))).toBe(
      'nothing_pending',
    );
    expect(tries).toBe(3);
    expect((await pendingOf(deps))?.email).toBe('new@example.net');
  });

  it('a notice to the old address that cannot be sent is logged, and the change stands', async () => {
    const deps = world();
    const send = deps.mailer.send.bind(deps.mailer);
    deps.mailer.send = async (message, template) => {
      if (message.kind === 'email_change_started') throw new Error('SES refused the email');
      return send(message, template);
    };
    await startEmailChange(deps, AA, 'new@example.net');
    expect(deps.warnings).toHaveLength(1);
    expect((await pendingOf(deps))?.email).toBe('new@example.net');
    const changed = await confirmEmailChange(deps, AA, codeTo(deps, 'new@example.net'));
    expect(changed.email).toBe('new@example.net');
  });
});

describe('the address change’s rules (domain/email-change.ts)', () => {
  it('to the address the account already has is no_change, naming the field', async () => {
    const deps = world();
    const current = deps.store.accounts.get(AA)!.email;
    await expect(startEmailChange(deps, AA, current)).rejects.toMatchObject({
      code: 'no_change',
      errors: [{ path: 'body.email' }],
    });
  });

  it('waits 24 hours: the owner can stop it a second before, and not once they have passed', async () => {
    const deps = world();
    await startEmailChange(deps, AA, 'new@example.net');
    expect((await pendingOf(deps))?.expiresAt).toBe(
      new Date(deps.now().getTime() + 24 * 3600 * 1000).toISOString(),
    );
    deps.advance(24 * 3600 - 1);
    expect((await cancelEmailChange(deps, AA)).pendingEmail).toBeUndefined();

    await startEmailChange(deps, AA, 'other@example.net');
    deps.advance(24 * 3600);
    expect(await outcome(cancelEmailChange(deps, AA))).toBe('nothing_pending');
  });
});
