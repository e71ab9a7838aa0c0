// Over HTTP, on the local stack: the payment-method rule when a billing change is asked and when it
// is applied (422 no_payment_method; a request that ends with reasonCode no_payment_method), and the
// added fields a client words things with: `names`, `serviceName`, `reasonCode`, `reasonBy`.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoClients } from '../../shared/adapters/dynamo/client';
import { api, problemOf, type Api } from '../support/client';
import { eventually, startTestStack, type TestStack, type World } from '../support/stack';

let stack: TestStack;
let http: Api;
beforeAll(async () => {
  stack = await startTestStack();
  http = api(stack.apiUrl);
});
afterAll(async () => stack?.stop());

/** aa is admin and billing of `web`, zz its tech; bb and nn are other accounts, nn with no payment method. */
const world = () =>
  stack.seed({
    accounts: { aa: {}, bb: {}, nn: { paymentMethod: false }, zz: {} },
    services: { web: { contacts: { admin: 'aa', tech: 'zz', billing: 'aa' } } },
  });

const nameOf = (name: string) => `Account ${name.toUpperCase()}`;

describe('the payment-method rule over HTTP', () => {
  it('asked: 422 no_payment_method beside the billing field, and nothing is written', async () => {
    const w = await world();
    const aa = await http.as(w.nic('aa'));
    const answer = await aa.post(`/services/${w.serviceId('web')}/contact-changes`, { billing: w.nic('nn') });
    expect(problemOf(answer)).toEqual({
      status: 422,
      code: 'no_payment_method',
      contentType: 'application/problem+json',
    });
    expect(answer.body).toMatchObject({
      title: 'No payment method',
      detail: `${w.nic('nn')} has no valid payment method: the new billing contact needs one.`,
      errors: [{ path: 'billing', message: expect.any(String) }],
    });
    expect((await aa.get('/me/contact-changes?state=awaiting_confirmation')).body.items).toEqual([]);
    expect(await stack.emailsTo(w.email('nn'))).toEqual([]);
    // The same account may still become technical contact: the rule is the billing role's.
    const tech = await aa.post(`/services/${w.serviceId('web')}/contact-changes`, { tech: w.nic('nn') });
    expect(tech.status).toBe(202);
  });

  it('at apply: a payment method gone since the request ends it as failed, with reasonCode no_payment_method', async () => {
    const w = await world();
    const [aa, bb] = await Promise.all([http.as(w.nic('aa')), http.as(w.nic('bb'))]);
    const created = await aa.post(`/services/${w.serviceId('web')}/contact-changes`, {
      billing: w.nic('bb'),
    });
    expect(created.status).toBe(202);
    const id: string = created.body.requests[0].id;
    const accepted = await aa.post(`/contact-changes/${id}/accept`, {
      token: await stack.code(w.email('aa'), id),
    });
    expect(accepted.status).toBe(200);
    await removePaymentMethod(w, 'bb');
    await bb.post(`/contact-changes/${id}/accept`, { token: await stack.code(w.email('bb'), id) });
    const failed = await eventually(async () => {
      const { body } = await aa.get(`/contact-changes/${id}`);
      return body.state === 'failed' ? body : undefined;
    });
    expect(failed).toMatchObject({
      reasonCode: 'no_payment_method',
      reasonBy: null,
      reason: 'The new billing contact has no valid payment method.',
    });
    expect((await aa.get(`/services/${w.serviceId('web')}`)).body.contacts.billing).toBe(w.nic('aa'));
    await stack.email(w.email('bb'), (e) => /could not be made/.test(e.subject));
  });
});

describe('names and reasons over HTTP', () => {
  it('services and requests name every handle they show; a refusal says who, as a code and a handle', async () => {
    const w = await world();
    const [aa, bb] = await Promise.all([http.as(w.nic('aa')), http.as(w.nic('bb'))]);
    const services = await aa.get('/me/services');
    expect(services.body.items).toEqual([
      expect.objectContaining({
        serviceId: w.serviceId('web'),
        names: { [w.nic('aa')]: nameOf('aa'), [w.nic('zz')]: nameOf('zz') },
      }),
    ]);

    const created = await aa.post(`/services/${w.serviceId('web')}/contact-changes`, { tech: w.nic('bb') });
    const [request] = created.body.requests;
    expect(request).toMatchObject({
      serviceName: w.serviceId('web'),
      reasonCode: null,
      reasonBy: null,
      names: {
        [w.nic('aa')]: nameOf('aa'),
        [w.nic('bb')]: nameOf('bb'),
        [w.nic('zz')]: nameOf('zz'),
      },
    });

    const refused = await bb.post(`/contact-changes/${request.id}/refuse`, {
      token: await stack.code(w.email('bb'), request.id),
    });
    expect(refused.body).toMatchObject({ state: 'refused', reasonCode: 'refused', reasonBy: w.nic('bb') });
    const history = await aa.get(`/services/${w.serviceId('web')}/history`);
    expect(history.body.items).toEqual([
      expect.objectContaining({ id: request.id, reasonCode: 'refused', reasonBy: w.nic('bb') }),
    ]);
    expect((await aa.get(`/services/${w.serviceId('web')}`)).body.names).toEqual(
      services.body.items[0].names,
    );
  });
});

/** The account's card expires: written straight to the table, as the billing system would. */
async function removePaymentMethod(w: World, name: string) {
  const { doc } = createDynamoClients({ region: 'eu-west-1', endpoint: stack.dynamodbEndpoint });
  try {
    await doc.send(
      new UpdateCommand({
        TableName: stack.tableName,
        Key: { pk: `ACCOUNT#${w.nic(name)}`, sk: 'PROFILE' },
        UpdateExpression: 'SET paymentMethod = :none',
        ExpressionAttributeValues: { ':none': false },
      }),
    );
  } finally {
    doc.destroy();
  }
}
