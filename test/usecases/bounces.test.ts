// A code email that bounced, over the in-memory ports: the account's address and the confirmer are
// marked, the asker is told once, and a new code or a new address clears the marks.
import { describe, expect, it } from 'vitest';
import type { DeliveryProblem } from '../../shared/domain/bounces';
import { toContactChange } from '../../shared/domain/view';
import { recordDeliveryProblem } from '../../shared/usecases/bounces';
import { resendCodes } from '../../shared/usecases/cancel-resend';
import { confirmEmailChange, startEmailChange } from '../../shared/usecases/email-change';
import { AA, accept, ask, BB, emails, world } from './world';

const bounceOf = (
  deps: ReturnType<typeof world>,
  nic: string,
  extra: Partial<DeliveryProblem> = {},
): DeliveryProblem => ({
  type: 'bounce',
  bounceType: 'Permanent',
  recipients: [deps.store.accounts.get(nic)!.email],
  sentAt: deps.now().toISOString(),
  nic,
  kind: 'code',
  ...extra,
});

const confirmationOf = async (deps: ReturnType<typeof world>, id: string, nic: string) =>
  toContactChange((await deps.store.getRequest(id))!, {}).confirmations.find((c) => c.nic === nic);

describe('a code email that bounced', () => {
  it('marks the address and the confirmer, and tells the asker once, naming the confirmer', async () => {
    const deps = world();
    const { id } = await ask(deps);
    deps.advance(60);
    const outcome = await recordDeliveryProblem(deps, bounceOf(deps, BB));
    expect(outcome).toEqual({ kind: 'marked', nic: BB, requests: [id] });
    expect(deps.store.accounts.get(BB)!.emailBouncedAt).toBe(deps.now().toISOString());
    expect(await confirmationOf(deps, id, BB)).toEqual({ nic: BB, status: 'pending', emailBounced: true });
    expect(await confirmationOf(deps, id, AA)).toEqual({ nic: AA, status: 'pending' });
    const told = emails(deps, AA, 'code_bounced');
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ bounced: BB, panelLink: expect.stringContaining(id) });
    expect(emails(deps, BB, 'code_bounced')).toEqual([]);
    expect(deps.counted.get('EmailsBounced')).toBe(1);

    // SES repeats itself: the mark holds, and nobody is told twice.
    await recordDeliveryProblem(deps, bounceOf(deps, BB));
    expect(emails(deps, AA, 'code_bounced')).toHaveLength(1);
  });

  it('marks the address SES names in another case than the stored one, either way round', async () => {
    for (const [stored, told] of [
      ['bob@example.fi', 'Bob@Example.FI'],
      ['Bob@Example.FI', 'bob@example.fi'],
    ]) {
      const deps = world();
      deps.store.accounts.set(BB, { ...deps.store.accounts.get(BB)!, email: stored! });
      const { id } = await ask(deps);
      const outcome = await recordDeliveryProblem(deps, bounceOf(deps, BB, { recipients: [told!] }));
      expect(outcome).toEqual({ kind: 'marked', nic: BB, requests: [id] });
    }
  });

  it('a complaint counts as a bounce', async () => {
    const deps = world();
    const { id } = await ask(deps);
    await recordDeliveryProblem(deps, bounceOf(deps, BB, { type: 'complaint', bounceType: undefined }));
    expect((await confirmationOf(deps, id, BB))?.emailBounced).toBe(true);
  });

  it('a transient bounce marks nothing and tells nobody', async () => {
    const deps = world();
    const { id } = await ask(deps);
    const outcome = await recordDeliveryProblem(deps, bounceOf(deps, BB, { bounceType: 'Transient' }));
    expect(outcome.kind).toBe('ignored');
    expect(deps.store.accounts.get(BB)!.emailBouncedAt).toBeUndefined();
    expect((await confirmationOf(deps, id, BB))?.emailBounced).toBeUndefined();
    expect(emails(deps, AA, 'code_bounced')).toEqual([]);
  });

  it('a notice that bounced marks the address only: no code was lost', async () => {
    const deps = world();
    const { id } = await ask(deps);
    await recordDeliveryProblem(deps, bounceOf(deps, BB, { kind: 'waiting' }));
    expect(deps.store.accounts.get(BB)!.emailBouncedAt).toBeDefined();
    expect((await confirmationOf(deps, id, BB))?.emailBounced).toBeUndefined();
  });

  it('the asker’s own code bounced: marked, but nobody to tell at an address that bounces', async () => {
    const deps = world();
    const { id } = await ask(deps);
    const sent = deps.mailer.sent.length;
    await recordDeliveryProblem(deps, bounceOf(deps, AA));
    expect((await confirmationOf(deps, id, AA))?.emailBounced).toBe(true);
    expect(deps.mailer.sent.slice(sent)).toEqual([]);
  });

  it('a confirmer who answered got their code: their answer is what shows', async () => {
    const deps = world();
    const { id } = await ask(deps);
    await accept(deps, id, BB);
    await recordDeliveryProblem(deps, bounceOf(deps, BB));
    expect(await confirmationOf(deps, id, BB)).toMatchObject({ status: 'accepted' });
    expect((await confirmationOf(deps, id, BB))?.emailBounced).toBeUndefined();
  });

  it('a bounce of an email sent before the current code was issued leaves the new code alone', async () => {
    const deps = world();
    const { id } = await ask(deps);
    const before = deps.now().toISOString();
    deps.advance(60);
    await resendCodes(deps, BB, id, true);
    await recordDeliveryProblem(deps, bounceOf(deps, BB, { sentAt: before }));
    expect((await confirmationOf(deps, id, BB))?.emailBounced).toBeUndefined();
  });

  it('a bounce of an address the account has left since says nothing of the new one', async () => {
    const deps = world();
    const { id } = await ask(deps);
    const old = deps.store.accounts.get(BB)!.email;
    deps.store.accounts.get(BB)!.email = 'bob.new@example.com';
    const outcome = await recordDeliveryProblem(deps, bounceOf(deps, BB, { recipients: [old] }));
    expect(outcome).toEqual({ kind: 'stale' });
    expect((await confirmationOf(deps, id, BB))?.emailBounced).toBeUndefined();
  });

  it('without the account tag nothing can be placed', async () => {
    const deps = world();
    await ask(deps);
    expect((await recordDeliveryProblem(deps, bounceOf(deps, BB, { nic: undefined }))).kind).toBe('ignored');
  });

  it('the address fixed by the verified change and the codes resent: both marks are gone', async () => {
    const deps = world();
    const { id } = await ask(deps);
    await recordDeliveryProblem(deps, bounceOf(deps, BB));
    await startEmailChange(deps, BB, 'bob.fixed@example.com');
    const code = deps.mailer.to(BB).findLast((m) => m.kind === 'email_change_code')!.code!;
    await confirmEmailChange(deps, BB, code);
    expect(deps.store.accounts.get(BB)!.emailBouncedAt).toBeUndefined();
    await resendCodes(deps, AA, id, false);
    expect(await confirmationOf(deps, id, BB)).toEqual({ nic: BB, status: 'pending' });
    expect(deps.mailer.to(BB).at(-1)).toMatchObject({ kind: 'code', to: { email: 'bob.fixed@example.com' } });
  });
});
