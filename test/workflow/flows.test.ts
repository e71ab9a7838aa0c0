// The confirmation workflow end to end: the synthesised state machine run locally, over DynamoDB
// Local and the local SES, driven through the use cases the API calls. Each test seeds its own
// accounts and services and asserts the emails: to whom, in which language, saying what.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerChange } from '../../shared/usecases/answer';
import { cancelChange, resendCodes } from '../../shared/usecases/cancel-resend';
import { requestContactChange } from '../../shared/usecases/create-change';
import { DomainError } from '../../shared/domain/errors';
import type { ChangeState, ContactChangeRecord } from '../../shared/domain/model';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createDynamoClients } from '../../shared/adapters/dynamo/client';
import { createTaskTokens } from '../../shared/adapters/dynamo/task-tokens';
import { requestKey } from '../../shared/adapters/dynamo/entities/request';
import { createAskTask, ENDED_BEFORE_ASKED } from '../../shared/adapters/task-token-workflow';
import { askConfirmer } from '../../shared/usecases/ask-confirmer';
import { handler as closeHandler } from '../../functions/workflow/close';
import { lambdaContext } from '../../infra/local/workflow-runner';
import type { CloseEvent } from '../../shared/workflow/events';
import { LONGEST_CALL_MS } from '../../shared/domain/batch';
import { sweepStaleRequests } from '../../shared/usecases/sweep';
import { eventually, startTestStack, type TestStack, type World } from '../support/stack';

let stack: TestStack;
let doc: ReturnType<typeof createDynamoClients>['doc'];
beforeAll(async () => {
  stack = await startTestStack({ ttlSeconds: 3600 });
  doc = createDynamoClients({ region: 'eu-west-1', endpoint: stack.dynamodbEndpoint }).doc;
});
afterAll(async () => {
  doc?.destroy();
  await stack?.stop();
});

const stateOf = async (id: string) => (await stack.deps.store.getRequest(id))?.state;
const reaches = (id: string, state: ChangeState) =>
  eventually(async () => ((await stateOf(id)) === state ? state : undefined));
const subjects = async (address: string) => (await stack.emailsTo(address)).map((e) => e.subject);
const codeOf = (error: unknown) => (error instanceof DomainError ? error.code : error);

const tokens = () => createTaskTokens({ doc, name: stack.tableName });

/** The subjects of the "refused" emails to the account called `name`. */
const refusedTo = async (w: World, name: string) =>
  (await subjects(w.email(name))).filter((s) =>
    /refused the contact change|was refused|Hylkäsit|hylättiin/.test(s),
  );

/** The subjects of the "waiting" receipts (an acceptance that leaves others pending) to `name`. */
const receiptsTo = async (w: World, name: string) =>
  (await subjects(w.email(name))).filter((s) => /now waits for others|odottaa vielä muita/.test(s));

/** Once both confirmers' waits have begun (their ask tasks kept their tokens): the tokens. */
const bothWaiting = (w: World, id: string) =>
  eventually(async () => {
    const held = await tokens().of({ id } as ContactChangeRecord);
    return held.has(w.nic('aa')) && held.has(w.nic('bb')) ? held : undefined;
  });

/** The request item forgets its waits' tokens: an answer then finds none, as before any wait began. */
const forgetWaits = (id: string) =>
  doc.send(
    new UpdateCommand({ TableName: stack.tableName, Key: requestKey(id), UpdateExpression: 'REMOVE waits' }),
  );

/** The request item forgets one wait's token: an answer then finds none for that confirmer. */
const forgetWait = (id: string, nic: string) =>
  doc.send(
    new UpdateCommand({
      TableName: stack.tableName,
      Key: requestKey(id),
      UpdateExpression: 'REMOVE waits.#nic',
      ExpressionAttributeNames: { '#nic': nic },
    }),
  );

/** A request of aa's giving tech to bb, and bb's code, once both confirmers' waits hold their tokens. */
async function bothAsked() {
  const w = await world();
  const { requests } = await ask(w, { tech: w.nic('bb') });
  const id = requests[0]!.id;
  const codeB = await stack.code(w.email('bb'), id);
  return { w, id, codeB, waits: await bothWaiting(w, id) };
}

/** The workflow's Close step, run as the execution of `event.requestId` would run it. */
const close = (event: CloseEvent) => closeHandler(event, lambdaContext('close'));

/** Whether the refusal that ended `id` still owes its emails (nobody has claimed them). */
const owed = async (id: string) => (await stack.deps.store.getRequest(id))?.refusalNoticesOwed === true;

/** aa, admin of `web`, asks for `changes`. */
const ask = (w: World, changes: Parameters<typeof requestContactChange>[3]) =>
  requestContactChange(stack.deps, w.nic('aa'), w.serviceId('web'), changes);

/** The account called `name` answers request `id` with `token`, over the API (the caller is known). */
const answer = (
  w: World,
  id: string,
  name: string,
  token: string,
  decision: 'accept' | 'refuse' = 'accept',
) => answerChange(stack.deps, { id, code: token, decision, caller: w.nic(name) });

/** aa (Finnish) is admin and billing of `web`; zz (English) is its tech contact; bb (English) is another account. */
async function world(extra: Parameters<TestStack['seed']>[0]['accounts'] = {}) {
  return stack.seed({
    accounts: { aa: { language: 'fi' }, bb: {}, zz: {}, ...extra },
    services: { web: { contacts: { admin: 'aa', tech: 'zz', billing: 'aa' } } },
  });
}

describe('contact change workflow', () => {
  it('both confirmers accept: the change is applied and everyone is told, each in their language', async () => {
    const w = await world();
    const { requests } = await ask(w, { tech: w.nic('bb') });
    const id = requests[0]!.id;
    expect(requests[0]!.confirmations.map((c) => c.nic)).toEqual([w.nic('aa'), w.nic('bb')]);
    expect(requests[0]!.notified).toEqual([w.nic('zz')]); // zz loses its only role

    const codeA = await stack.code(w.email('aa'), id);
    const codeB = await stack.code(w.email('bb'), id);
    expect(codeA).not.toBe(codeB);
    expect((await stack.email(w.email('aa'))).subject).toMatch(/^(Vahvista|Yhteyshenkilön)/);
    expect((await stack.email(w.email('bb'))).subject).toMatch(/^Please confirm/);

    const first = await answer(w, id, 'aa', codeA);
    expect(first.request.state).toBe('awaiting_confirmation');
    await answer(w, id, 'bb', codeB);
    await reaches(id, 'done');

    const service = await stack.deps.store.getService(w.serviceId('web'));
    expect(service?.contacts).toEqual({ admin: w.nic('aa'), tech: w.nic('bb'), billing: w.nic('aa') });
    await stack.email(w.email('aa'), (e) => /tehty/.test(e.subject));
    await stack.email(w.email('bb'), (e) => /^You are now the technical contact/.test(e.subject));
    // zz loses its only role: one email, saying what it no longer is and who is.
    const told = await stack.email(w.email('zz'), (e) =>
      /^You are no longer the technical contact/.test(e.subject),
    );
    expect(told.body.text).toContain(`From now on, Account BB (${w.nic('bb')}) is.`);
    expect(await subjects(w.email('zz'))).toHaveLength(1);
    const history = await stack.deps.store.listHistory(w.serviceId('web'), { limit: 10 });
    expect(history.items.map((r) => [r.id, r.state])).toEqual([[id, 'done']]);
  });

  it('an acceptance its wait hears: the workflow sends the receipt, once, after the answer returned; the last acceptance none', async () => {
    const { w, id } = await bothAsked();
    const codeA = await stack.code(w.email('aa'), id);
    // What the execution does next waits until release(), as it would run in other Lambdas in AWS.
    stack.workflow.hold();
    try {
      const first = await answer(w, id, 'aa', codeA);
      expect(first.request.state).toBe('awaiting_confirmation');
      // A wait took the word and the receipt with it: the answer sent none itself.
      expect(await receiptsTo(w, 'aa')).toEqual([]);
    } finally {
      stack.workflow.release();
    }
    // aa's iteration of the Map, after its wait heard, sends it (in aa's language, naming bb).
    const receipt = await stack.email(w.email('aa'), (e) => /odottaa vielä muita/.test(e.subject));
    expect(receipt.body.text).toContain(`Account BB (${w.nic('bb')})`);
    await answer(w, id, 'bb', await stack.code(w.email('bb'), id)); // the last acceptance
    await reaches(id, 'done');
    await stack.workflow.finished(id);
    expect(await receiptsTo(w, 'aa')).toHaveLength(1);
    expect(await receiptsTo(w, 'bb')).toEqual([]);
  });

  it('an acceptance before its wait began: the answer sends the receipt, and the ask task that then ends the wait sends none', async () => {
    const { w, id, waits } = await bothAsked();
    await forgetWait(id, w.nic('aa')); // as if aa's wait had not begun yet
    await answer(w, id, 'aa', await stack.code(w.email('aa'), id));
    expect(await receiptsTo(w, 'aa')).toHaveLength(1); // nothing heard it: sent by the answer
    // aa's ask task, as the workflow runs it once the wait begins: it finds aa accepted and ends the
    // wait itself, with no receipt.
    await createAskTask(stack.workflow, tokens())(
      { requestId: id, nic: w.nic('aa'), taskToken: waits.get(w.nic('aa'))! },
      (requestId, nic) => askConfirmer(stack.deps, requestId, nic),
    );
    expect(await stack.workflow.sendTaskSuccess(waits.get(w.nic('aa'))!, {})).toBe(false); // it did
    await answer(w, id, 'bb', await stack.code(w.email('bb'), id));
    await reaches(id, 'done');
    await stack.workflow.finished(id); // the whole execution has run: its Map, Apply, their emails
    await stack.email(w.email('aa'), (e) => /tehty/.test(e.subject));
    expect(await receiptsTo(w, 'aa')).toHaveLength(1);
    expect(await receiptsTo(w, 'bb')).toEqual([]);
  });

  it('a receipt step that fails loses the receipt, never the request: it is still applied once everyone accepted', async () => {
    const { w, id } = await bothAsked();
    const store = stack.deps.store;
    const read = store.getRequest.bind(store);
    let failed!: () => void;
    const receiptFailed = new Promise<void>((resolve) => (failed = resolve));
    stack.workflow.hold();
    try {
      await answer(w, id, 'aa', await stack.code(w.email('aa'), id));
      // Nothing else reads the request until bb answers: the next read is the receipt step's, and it
      // fails (a fault of its own, so not retried).
      store.getRequest = async (requestId) => {
        if (requestId !== id) return read(requestId);
        failed();
        throw new Error('The table is unreachable for this request');
      };
    } finally {
      stack.workflow.release();
    }
    await receiptFailed;
    store.getRequest = read;
    await answer(w, id, 'bb', await stack.code(w.email('bb'), id));
    await reaches(id, 'done'); // had the Map failed, Close would have ended it failed
    await stack.workflow.finished(id);
    expect(await receiptsTo(w, 'aa')).toEqual([]);
  });

  it('one confirmer refuses: the request ends as refused and nothing changes', async () => {
    const w = await world();
    const { requests } = await ask(w, { tech: w.nic('bb') });
    const id = requests[0]!.id;
    const codeB = await stack.code(w.email('bb'), id);
    const refused = await answer(w, id, 'bb', codeB, 'refuse');
    expect(refused.request.state).toBe('refused');
    expect(refused.request.reason).toMatch(w.nic('bb'));
    expect((await stack.deps.store.getService(w.serviceId('web')))?.contacts.tech).toBe(w.nic('zz'));
    // Whoever sent them (the workflow's Close step once it heard the refusal, or this answer when
    // no wait had begun yet), the emails are all out once the execution has ended: one each.
    await stack.workflow.finished(id);
    const refusal = await stack.email(w.email('aa'), (e) => /hylättiin/.test(e.subject));
    expect(refusal.body.text).toContain(`Account BB (${w.nic('bb')}) hylkäsi muutoksen.`);
    await stack.email(w.email('bb'), (e) => /^You refused the contact change/.test(e.subject));
    for (const name of ['aa', 'bb', 'zz']) expect(await refusedTo(w, name)).toHaveLength(1);
    // The asker's code died with the request.
    const codeA = await stack.code(w.email('aa'), id);
    await expect(answer(w, id, 'aa', codeA).catch(codeOf)).resolves.toBe('request_closed');
  });

  it('a refusal the workflow hears: its close step sends the refused emails, once each, after the answer', async () => {
    const { w, id, codeB } = await bothAsked();
    // What the execution does next waits until release(), as it would run in other Lambdas in AWS.
    stack.workflow.hold();
    try {
      await answer(w, id, 'bb', codeB, 'refuse');
      // The answer handed the emails to the workflow: it sent none itself.
      for (const name of ['aa', 'bb', 'zz']) expect(await refusedTo(w, name)).toEqual([]);
    } finally {
      stack.workflow.release();
    }
    await stack.workflow.finished(id);
    for (const name of ['aa', 'bb', 'zz']) expect(await refusedTo(w, name)).toHaveLength(1);
    expect((await refusedTo(w, 'aa'))[0]).toMatch(/hylättiin/);
    expect((await refusedTo(w, 'bb'))[0]).toMatch(/^You refused the contact change/);
  });

  it('a refusal before any wait holds a token: the answer sends the refused emails itself, once each', async () => {
    const { w, id, codeB } = await bothAsked();
    await forgetWaits(id); // as if no wait had begun yet
    await answer(w, id, 'bb', codeB, 'refuse');
    for (const name of ['aa', 'bb', 'zz']) expect(await refusedTo(w, name)).toHaveLength(1);
    expect(await owed(id)).toBe(false); // the answer took them
    // Nothing heard it: the execution waits on until its window ends; stopped here instead.
    await stack.workflow.stop(id, 'test over');
    // Had it closed (a timeout, an ask task finding the request ended), its Close finds them taken.
    await close({ requestId: id, cause: 'expired', error: { Error: 'States.Timeout' } });
    for (const name of ['aa', 'bb', 'zz']) expect(await refusedTo(w, name)).toHaveLength(1);
  });

  it('a refusal heard just as another wait fails: the Close step, run for that cause, sends the refused emails once', async () => {
    const { w, id, codeB } = await bothAsked();
    stack.workflow.hold();
    try {
      await answer(w, id, 'bb', codeB, 'refuse');
      // A wait took it, so the answer left the emails owed for the workflow, and sent none.
      expect(await owed(id)).toBe(true);
      for (const name of ['aa', 'bb', 'zz']) expect(await refusedTo(w, name)).toEqual([]);
      // The Map failed first with another wait's error (aa's ask task found the request ended), so the
      // Close step runs for 'cancelled', not for the refusal: it still finds the emails owed.
      await close({
        requestId: id,
        cause: 'cancelled',
        error: { Error: 'Cancelled', Cause: ENDED_BEFORE_ASKED },
      });
      expect(await owed(id)).toBe(false);
      for (const name of ['aa', 'bb', 'zz']) expect(await refusedTo(w, name)).toHaveLength(1);
    } finally {
      stack.workflow.release();
    }
    // The execution's own Close (the refusal it heard) finds them taken: nothing twice.
    await stack.workflow.finished(id);
    expect(await stateOf(id)).toBe('refused');
    for (const name of ['aa', 'bb', 'zz']) expect(await refusedTo(w, name)).toHaveLength(1);
  });

  it('a refusal heard, then the execution lost before its Close: the sweep sends the refused emails once no Close can still be running, once each', async () => {
    const { w, id, codeB } = await bothAsked();
    stack.workflow.hold();
    try {
      await answer(w, id, 'bb', codeB, 'refuse'); // a wait took it: the emails are owed to the workflow
      expect(await owed(id)).toBe(true);
      await stack.workflow.stop(id, 'lost for the test'); // its Close never runs
    } finally {
      stack.workflow.release();
    }
    const refused = () =>
      Promise.all(['aa', 'bb', 'zz'].map(async (name) => (await refusedTo(w, name)).length));
    await sweepStaleRequests(stack.deps); // a Close could still be claiming them: nothing
    expect(await refused()).toEqual([0, 0, 0]);
    const later = LONGEST_CALL_MS + 60_000;
    stack.clock.advance(later);
    try {
      await sweepStaleRequests(stack.deps);
      expect(await refused()).toEqual([1, 1, 1]);
      expect(await owed(id)).toBe(false);
      await sweepStaleRequests(stack.deps); // claimed: nothing twice
      expect(await refused()).toEqual([1, 1, 1]);
    } finally {
      stack.clock.advance(-later);
    }
  });

  it('another wait fails first, then the refusal is heard, the execution ends with whichever: the refused emails, once each', async () => {
    const { w, id, codeB, waits } = await bothAsked();
    stack.workflow.hold();
    try {
      // aa's ask task fails its wait as it does when it finds the request ended (createAskTask).
      expect(
        await stack.workflow.sendTaskFailure(waits.get(w.nic('aa'))!, 'Cancelled', ENDED_BEFORE_ASKED),
      ).toBe(true);
      await answer(w, id, 'bb', codeB, 'refuse'); // bb's wait still takes it: heard
      expect(await owed(id)).toBe(true);
    } finally {
      stack.workflow.release();
    }
    await stack.workflow.finished(id);
    expect(await stateOf(id)).toBe('refused');
    expect(await owed(id)).toBe(false);
    for (const name of ['aa', 'bb', 'zz']) expect(await refusedTo(w, name)).toHaveLength(1);
  });

  it('the ask task’s own Refused (the answer found no wait and told everyone): no second set of emails', async () => {
    const { w, id, codeB, waits } = await bothAsked();
    await forgetWaits(id);
    await answer(w, id, 'bb', codeB, 'refuse');
    for (const name of ['aa', 'bb', 'zz']) expect(await refusedTo(w, name)).toHaveLength(1);
    // bb's ask task found them refused once its wait began, and fails it as it does (createAskTask).
    expect(
      await stack.workflow.sendTaskFailure(waits.get(w.nic('bb'))!, 'Refused', `${w.nic('bb')} refused`),
    ).toBe(true);
    await stack.workflow.finished(id);
    expect(await stateOf(id)).toBe('refused');
    for (const name of ['aa', 'bb', 'zz']) expect(await refusedTo(w, name)).toHaveLength(1);
  });

  it('the asker cancels: every code dies and everyone asked is told', async () => {
    const w = await world();
    const { requests } = await ask(w, { tech: w.nic('bb') });
    const id = requests[0]!.id;
    const codeB = await stack.code(w.email('bb'), id);
    await expect(cancelChange(stack.deps, w.nic('bb'), id).catch(codeOf)).resolves.toBe('not_the_asker');
    const cancelled = await cancelChange(stack.deps, w.nic('aa'), id);
    expect(cancelled.state).toBe('cancelled');
    await expect(answer(w, id, 'bb', codeB).catch(codeOf)).resolves.toBe('request_closed');
    await stack.email(w.email('bb'), (e) => /was cancelled/.test(e.subject));
    await stack.email(w.email('aa'), (e) => /peruttiin/.test(e.subject));
    expect((await stack.deps.store.getService(w.serviceId('web')))?.contacts.tech).toBe(w.nic('zz'));
  });

  it('an unpaid invoice appears before the change is applied: the request fails and nothing changes', async () => {
    const w = await world();
    const { requests } = await ask(w, { billing: w.nic('bb') });
    const id = requests[0]!.id;
    await answer(w, id, 'aa', await stack.code(w.email('aa'), id));
    // Meanwhile the new billing contact fails to pay an invoice.
    const { createDynamoClients } = await import('../../shared/adapters/dynamo/client');
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    const { doc } = createDynamoClients({ region: 'eu-west-1', endpoint: stack.dynamodbEndpoint });
    await doc.send(
      new UpdateCommand({
        TableName: stack.tableName,
        Key: { pk: `ACCOUNT#${w.nic('bb')}`, sk: 'PROFILE' },
        UpdateExpression: 'SET unpaidInvoices = :one',
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
    doc.destroy();
    await answer(w, id, 'bb', await stack.code(w.email('bb'), id));
    await reaches(id, 'failed');
    const failed = await stack.deps.store.getRequest(id);
    expect(failed?.reason).toMatch(/unpaid invoices/);
    expect((await stack.deps.store.getService(w.serviceId('web')))?.contacts.billing).toBe(w.nic('aa'));
    await stack.email(w.email('bb'), (e) => /could not be made/.test(e.subject));
  });

  it('resend: the old code fails, the new one works', async () => {
    const w = await world();
    const { requests } = await ask(w, { tech: w.nic('bb') });
    const id = requests[0]!.id;
    const oldCode = await stack.code(w.email('bb'), id);
    await resendCodes(stack.deps, w.nic('bb'), id, true);
    const newCode = await eventually(async () => {
      const latest = await stack.code(w.email('bb'), id);
      return latest !== oldCode ? latest : undefined;
    });
    await expect(answer(w, id, 'bb', oldCode).catch(codeOf)).resolves.toBe('invalid_token');
    const accepted = await answer(w, id, 'bb', newCode);
    expect(accepted.request.confirmers.find((c) => c.nic === w.nic('bb'))?.status).toBe('accepted');
    // The asker's code was not touched by bb's resend.
    await answer(w, id, 'aa', await stack.code(w.email('aa'), id));
    await reaches(id, 'done');
  });

  it('admin takes tech over: one confirmer, and the old contact is told', async () => {
    const w = await world();
    const { requests } = await ask(w, { tech: w.nic('aa') });
    const id = requests[0]!.id;
    expect(requests[0]!.confirmations.map((c) => c.nic)).toEqual([w.nic('aa')]);
    await answer(w, id, 'aa', await stack.code(w.email('aa'), id));
    await reaches(id, 'done');
    expect((await stack.deps.store.getService(w.serviceId('web')))?.contacts.tech).toBe(w.nic('aa'));
    await stack.email(w.email('zz'), (e) => /^You are no longer the technical contact/.test(e.subject));
    expect((await stack.emailsTo(w.email('zz'))).some((e) => /Please confirm/.test(e.subject))).toBe(false);
  });

  it('five wrong codes lock the confirmer out until a resend', async () => {
    const w = await world();
    const { requests } = await ask(w, { tech: w.nic('bb') });
    const id = requests[0]!.id;
    const code = await stack.code(w.email('bb'), id);
    const wrong = () => answer(w, id, 'bb', 'AAAA-BBBB').catch(codeOf);
    for (let i = 0; i < 5; i++) expect(await wrong()).toBe('invalid_token');
    expect(await wrong()).toBe('too_many_attempts');
    await expect(answer(w, id, 'bb', code).catch(codeOf)).resolves.toBe('too_many_attempts');
    await resendCodes(stack.deps, w.nic('bb'), id, true);
    const fresh = await eventually(async () => {
      const latest = await stack.code(w.email('bb'), id);
      return latest !== code ? latest : undefined;
    });
    const ok = await answer(w, id, 'bb', fresh);
    expect(ok.nic).toBe(w.nic('bb'));
    // The receipt, sent by the workflow once bb's wait heard the acceptance.
    await stack.email(w.email('bb'), (e) =>
      e.subject.startsWith(`Thank you: the contact change for ${w.serviceId('web')} now waits for others`),
    );
  });
});
