// The current guide's rules through the use cases: the new contact may be named by the verified
// address of their account (never an address still waiting for its code), contacts change only
// within a zone, and an account's own time zone is the one its emails use.
import { describe, expect, it } from 'vitest';
import type { Account } from '../../shared/domain/model';
import { requestContactChange } from '../../shared/usecases/create-change';
import { confirmEmailChange, startEmailChange } from '../../shared/usecases/email-change';
import { AA, ask, BB, emails, outcome, SERVICE, world } from './world';

const CA = 'ca4-ovh';

/** An account beside the world's three, as a fixtures file would add it. */
function add(deps: ReturnType<typeof world>, account: Partial<Account> & { nic: string }) {
  deps.store.accounts.set(account.nic, {
    email: `${account.nic}@example.com`,
    name: account.nic,
    language: 'en',
    zone: 'eu',
    unpaidInvoices: 0,
    paymentMethod: true,
    ...account,
  });
}

/** The code in the newest address-change email to `address`. */
const emailCode = (deps: ReturnType<typeof world>, address: string) =>
  deps.mailer.sent.findLast((m) => m.kind === 'email_change_code' && m.to.email === address)!.code!;

describe('naming the new contact by email address', () => {
  it('the verified address, in any case, names its account: the request records the handle', async () => {
    const deps = world();
    const { requests } = await requestContactChange(deps, AA, SERVICE, {
      tech: `  ${BB}@EXAMPLE.com`.trim(),
    });
    expect(requests.map((r) => [r.to, r.confirmations.map((c) => c.nic)])).toEqual([[BB, [AA, BB]]]);
    expect(emails(deps, BB, 'code')).toHaveLength(1);
  });

  it('one address for two roles is looked up once and names the same account for both', async () => {
    const deps = world();
    const { requests } = await requestContactChange(deps, AA, SERVICE, {
      tech: `${BB}@example.com`,
      billing: `${BB}@EXAMPLE.COM`,
    });
    // tech moves from ZZ, billing from AA: two pairs of accounts, two requests, both to BB.
    expect(requests.map((r) => [r.roles, r.to])).toEqual([
      [['tech'], BB],
      [['billing'], BB],
    ]);
    expect(deps.store.calls.filter((call) => call === 'accountsWithEmail')).toHaveLength(1);
  });

  it('an address only waiting for its code names nobody: unknown_account, nothing written', async () => {
    const deps = world();
    await startEmailChange(deps, BB, 'bob.new@example.org');
    expect(await outcome(requestContactChange(deps, AA, SERVICE, { tech: 'bob.new@example.org' }))).toBe(
      'unknown_account',
    );
    expect(deps.store.requests.size).toBe(0);
  });

  it('once confirmed, the new address names the account and the old one nobody', async () => {
    const deps = world();
    await startEmailChange(deps, BB, 'bob.new@example.org');
    await confirmEmailChange(deps, BB, emailCode(deps, 'bob.new@example.org'));
    expect(await outcome(requestContactChange(deps, AA, SERVICE, { tech: `${BB}@example.com` }))).toBe(
      'unknown_account',
    );
    const { requests } = await requestContactChange(deps, AA, SERVICE, { tech: 'bob.new@example.org' });
    expect(requests[0]!.to).toBe(BB);
  });

  it('an address two accounts share names neither: unknown_account saying so, the handle must be given', async () => {
    const deps = world();
    add(deps, { nic: 'bo5-ovh', email: `${BB}@example.com` });
    const refused = await requestContactChange(deps, AA, SERVICE, { tech: `${BB}@Example.com` }).catch(
      (error: unknown) => error,
    );
    expect(refused).toMatchObject({
      code: 'unknown_account',
      message: `${BB}@Example.com is the address of more than one account, so it names none of them: give the handle of the one you mean.`,
      errors: [{ path: 'tech', message: 'several accounts have this address: give a handle' }],
    });
    // Neither handle is named: the asker gave none.
    expect(JSON.stringify(refused)).not.toMatch(/bo5-ovh|"bb2-ovh"/);
    expect(await outcome(requestContactChange(deps, AA, SERVICE, { tech: 'bo5-ovh' }))).toBe('ok');
  });

  it('an unknown address still comes after role_not_allowed, as an unknown handle does', async () => {
    const deps = world();
    // ZZ holds tech only on the service: it may not name an admin, whoever it names.
    expect(
      await outcome(requestContactChange(deps, 'zz3-ovh', SERVICE, { admin: 'nobody@example.org' })),
    ).toBe('role_not_allowed');
  });
});

describe('zones', () => {
  it('a new contact in another zone is zone_mismatch: nothing written, nobody emailed', async () => {
    const deps = world();
    add(deps, { nic: CA, zone: 'ca' });
    expect(await outcome(requestContactChange(deps, AA, SERVICE, { tech: CA }))).toBe('zone_mismatch');
    expect(await outcome(requestContactChange(deps, AA, SERVICE, { tech: `${CA}@example.com` }))).toBe(
      'zone_mismatch',
    );
    expect(deps.store.requests.size).toBe(0);
    expect(deps.store.guards.size).toBe(0);
    expect(deps.mailer.sent).toEqual([]);
  });

  it('between two accounts of the same zone other than eu, the change is asked', async () => {
    const deps = world();
    for (const nic of [AA, BB]) deps.store.accounts.get(nic)!.zone = 'ca';
    const { id } = await ask(deps);
    expect(deps.store.requests.get(id)?.to).toBe(BB);
  });
});

describe("the account's own time zone", () => {
  it("the new contact's code email uses it; others keep their language's default", async () => {
    const deps = world();
    deps.store.accounts.get(BB)!.timeZone = 'America/Toronto';
    await ask(deps);
    expect(emails(deps, BB, 'code')[0]!.to.timeZone).toBe('America/Toronto');
    expect(emails(deps, AA, 'code')[0]!.to.timeZone).toBe('UTC');
  });
});
