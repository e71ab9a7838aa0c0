// The payment-method rule (DESIGN.md, "New billing contact's payment method"): the account that
// becomes billing contact must have a valid payment method, checked when the change is asked and
// again just before it is applied, like unpaid invoices.
import { describe, expect, it } from 'vitest';
import { renderEmail } from '../../shared/email/render';
import { DomainError } from '../../shared/domain/errors';
import { requestContactChange } from '../../shared/usecases/create-change';
import { settle } from '../../shared/usecases/settle';
import { getChange } from '../../shared/usecases/queries';
import { AA, accept, ask, BB, emails, SERVICE, world, ZZ } from './world';
import { ALL_EMAILS } from '../../shared/email/kinds/all';

const withoutPaymentMethod = (deps: ReturnType<typeof world>, nic: string) => {
  deps.store.accounts.get(nic)!.paymentMethod = false;
};

const refusal = (call: Promise<unknown>) =>
  call.then(
    () => expect.unreachable('the change was accepted'),
    (error: unknown) => {
      if (!(error instanceof DomainError)) throw error;
      return error;
    },
  );

describe('when a billing change is asked', () => {
  it('a new billing contact with no payment method is refused beside the billing field, and nothing is written', async () => {
    const deps = world();
    withoutPaymentMethod(deps, BB);
    const error = await refusal(requestContactChange(deps, AA, SERVICE, { billing: BB }));
    expect(error.code).toBe('no_payment_method');
    expect(error.status).toBe(422);
    expect(error.errors.map((e) => e.path)).toEqual(['billing']);
    expect(error.message).toBe(`${BB} has no valid payment method: the new billing contact needs one.`);
    expect(deps.store.requests.size).toBe(0);
    expect(deps.mailer.sent).toHaveLength(0);
  });

  it('names the new contact as the asker did, by address', async () => {
    const deps = world();
    withoutPaymentMethod(deps, BB);
    const error = await refusal(requestContactChange(deps, AA, SERVICE, { billing: `${BB}@example.com` }));
    expect(error.code).toBe('no_payment_method');
    expect(error.message).toContain(`${BB}@example.com has no valid payment method`);
  });

  it('an admin taking billing over while having no payment method hears it of their own account', async () => {
    const deps = world();
    deps.store.services.get(SERVICE)!.contacts.billing = ZZ;
    withoutPaymentMethod(deps, AA);
    const error = await refusal(requestContactChange(deps, AA, SERVICE, { billing: AA }));
    expect(error.code).toBe('no_payment_method');
    expect(error.message).toMatch(/^Your account has no valid payment method/);
  });

  it('concerns only the billing role: the same account may become technical contact', async () => {
    const deps = world();
    withoutPaymentMethod(deps, BB);
    const { requests } = await requestContactChange(deps, AA, SERVICE, { tech: BB });
    expect(requests[0]?.state).toBe('awaiting_confirmation');
  });

  it('the old billing contact needs none: only the new one is checked', async () => {
    const deps = world();
    withoutPaymentMethod(deps, AA);
    const { requests } = await requestContactChange(deps, AA, SERVICE, { billing: BB });
    expect(requests[0]?.state).toBe('awaiting_confirmation');
  });

  it('unpaid invoices are said first when both rules break', async () => {
    const deps = world();
    withoutPaymentMethod(deps, BB);
    deps.store.accounts.get(BB)!.unpaidInvoices = 1;
    expect((await refusal(requestContactChange(deps, AA, SERVICE, { billing: BB }))).code).toBe(
      'unpaid_invoices',
    );
  });
});

describe('when the change is applied', () => {
  it('a payment method removed since the request ends it as failed, and the contacts stay', async () => {
    const deps = world();
    const { id } = await ask(deps, { billing: BB });
    await accept(deps, id, AA);
    withoutPaymentMethod(deps, BB);
    await accept(deps, id, BB);
    const failed = await settle(deps, id, { type: 'apply' });
    expect(failed).toMatchObject({
      state: 'failed',
      reason: 'The new billing contact has no valid payment method.',
      why: { code: 'no_payment_method', nics: [BB] },
    });
    expect(deps.store.services.get(SERVICE)?.contacts.billing).toBe(AA);
    expect(deps.store.guards.size).toBe(0);

    // Every party reads the code; the handle it concerns is the request's own `to`, not repeated.
    for (const nic of [AA, BB]) {
      expect(await getChange(deps, nic, id)).toMatchObject({
        reasonCode: 'no_payment_method',
        reasonBy: null,
        why: { code: 'no_payment_method', nics: [] },
      });
    }
  });

  it('the failure emails say why, to the new contact as their own account, in their language', async () => {
    const deps = world('fi');
    const { id } = await ask(deps, { billing: BB });
    await accept(deps, id, AA);
    withoutPaymentMethod(deps, BB);
    await accept(deps, id, BB);
    await settle(deps, id, { type: 'apply' });
    const text = (nic: string) => {
      const [message] = emails(deps, nic, 'failed');
      return renderEmail(message!, ALL_EMAILS.failed, { providerName: 'Example Hosting' }).text;
    };
    expect(text(BB)).toContain('tililläsi ei ole voimassa olevaa maksutapaa');
    expect(text(AA)).toContain('uudella laskutusyhteyshenkilöllä ei ole voimassa olevaa maksutapaa');
  });

  it('a request that moves no billing role applies whatever the payment methods', async () => {
    const deps = world();
    const { id } = await ask(deps, { tech: BB });
    await accept(deps, id, AA);
    withoutPaymentMethod(deps, BB);
    await accept(deps, id, BB);
    expect((await settle(deps, id, { type: 'apply' }))?.state).toBe('done');
    expect(deps.store.services.get(SERVICE)?.contacts.tech).toBe(BB);
  });
});
