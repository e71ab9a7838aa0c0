// Every function's declared needs (functions/declare.ts) against the AWS calls it really makes. Each
// deployed route, each workflow task and the sweep runs here on the local stack, over clients
// instrumented as the bench does it (bench/instrument.ts: middleware on the real DynamoDB and SES
// clients, a recording workflow engine), and every invocation's calls are counted as its own
// function's. A call its declaration does not grant fails the test; so does a need none of its calls
// used, unless the declaration names the uncommon path that uses it. And every call is evaluated as AWS
// would against the function's role in the synthesised stack (test/support/iam-evaluation.ts,
// @cloud-copilot/iam-simulate): each must be Allowed on the deployed table, index, state machine,
// execution, identity and configuration set it would touch there.
import { randomUUID } from 'node:crypto';
import type { TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  instrumentDynamo,
  instrumentSes,
  instrumentWorkflow,
  type RecordedCall,
} from '../../bench/instrument';
import { BOUNCES, SWEEP, WORKFLOW_TASKS } from '../../functions/background';
import type { Grant, Needs } from '../../functions/declare';
import { HTTP_ROUTES } from '../../functions/http/routes';
import { snsBounceEvent } from '../../infra/local/bounces';
import { loadDefinition } from '../../infra/local/workflow-definition';
import { createLocalWorkflow, type LocalWorkflow } from '../../infra/local/workflow-runner';
import { createDynamoClients } from '../../shared/adapters/dynamo/client';
import { createIdempotencyStore } from '../../shared/adapters/dynamo/idempotency';
import { createLeases } from '../../shared/adapters/dynamo/leases';
import { createRateLimiter } from '../../shared/adapters/dynamo/rate-limiter';
import { createDynamoStore } from '../../shared/adapters/dynamo/store';
import { createTaskTokens } from '../../shared/adapters/dynamo/task-tokens';
import { createSesClient } from '../../shared/adapters/ses-client';
import { createSesMailer } from '../../shared/adapters/ses-mailer';
import { createAskTask, createTaskTokenWorkflow } from '../../shared/adapters/task-token-workflow';
import { newCode } from '../../shared/domain/codes';
import { useRuntime } from '../../shared/runtime';
import type { Deps } from '../../shared/usecases/deps';
import type { ApplyEvent } from '../../shared/workflow/events';
import {
  callRoute,
  callsOf,
  invocation,
  lambdaContext,
  runsOf,
  task,
  tasksRunning,
  type Loose,
} from '../support/invocations';
import { DeployedStack } from '../support/iam-evaluation';
import { eventually, startTestStack, type TestStack } from '../support/stack';
import { synthesise } from '../infra/synth';

const DEPLOYED = [
  ...HTTP_ROUTES.filter((r) => !r.localOnly),
  ...Object.values(WORKFLOW_TASKS),
  SWEEP,
  BOUNCES,
];
const REGION = 'eu-west-1';

/** What IAM authorises a recorded call by: TransactWriteItems per item, Query per table or index. */
function grantsOfCall({ service, command, input }: RecordedCall): string[] {
  const action = command.replace(/Command$/, '');
  const { IndexName, TransactItems = [] } = input as {
    IndexName?: string;
    TransactItems?: TransactWriteItem[];
  };
  if (action === 'Query') return [`dynamodb:Query on ${IndexName ?? 'table'}`];
  if (action === 'TransactWriteItems')
    return TransactItems.map((item) => {
      if (item.Put) return 'dynamodb:PutItem';
      if (item.Update) return 'dynamodb:UpdateItem';
      if (item.Delete) return 'dynamodb:DeleteItem';
      return 'dynamodb:ConditionCheckItem';
    });
  return [`${service}:${action}`];
}

const grantsOf = ({ items = [], query = [], mail, workflow = [] }: Needs): Grant[] => [
  ...items,
  ...query.map((target) => `dynamodb:Query on ${target}` as const),
  ...(mail ? (['ses:SendEmail'] as const) : []),
  ...workflow,
];

let stack: TestStack;
/** The synthesised dev stack, whose roles AWS would evaluate the calls against. */
let deployed: DeployedStack;
/** Executions that failed; the story says which should. */
const workflowErrors: string[] = [];
/** Requests whose Apply task fails every time, as if its function were broken. */
const failingApplies = new Set<string>();
let local: LocalWorkflow;
let stopClients: () => void;
/** The sweep is run "later" by moving the use cases' clock, not by waiting. */
let clockShiftMs = 0;

beforeAll(async () => {
  deployed = new DeployedStack(synthesise().template);
  stack = await startTestStack();
  const { client, doc } = createDynamoClients({ region: REGION, endpoint: stack.dynamodbEndpoint });
  instrumentDynamo(client);
  const ses = createSesClient({ AWS_REGION: REGION, SES_ENDPOINT: stack.sesEndpoint });
  instrumentSes(ses);
  stopClients = () => {
    client.destroy();
    ses.destroy();
  };

  // The state machine on its own runner, whose tasks are the declared handlers, each counted as its own.
  local = createLocalWorkflow({
    ...loadDefinition(),
    handlers: {
      askConfirmer: task('ask-confirmer', WORKFLOW_TASKS.askConfirmer.handler),
      apply: task('apply', async (event: ApplyEvent, context: Context) => {
        if (failingApplies.has(event.requestId)) throw new Error('Apply is down for this request');
        return WORKFLOW_TASKS.apply.handler(event, context);
      }),
      close: task('close', WORKFLOW_TASKS.close.handler),
      receipt: task('receipt', WORKFLOW_TASKS.receipt.handler),
    },
    onError: (error, requestId) => workflowErrors.push(`${requestId}: ${String(error)}`),
  });
  const engine = instrumentWorkflow(local);
  const table = { doc, name: stack.tableName };
  const tokens = createTaskTokens(table);
  const deps: Deps = {
    ...stack.deps,
    // No name is ever fresh here: every call reads the names as a cold container does, which is the
    // path that needs the grant (docs/decisions.md, "Names from a short-lived cache").
    store: createDynamoStore(doc, stack.tableName, { names: { freshMs: 0 } }),
    idempotency: createIdempotencyStore(table),
    limiter: createRateLimiter(table),
    leases: createLeases(table),
    // As deployed: every send names the stage's configuration set, which SES authorises too.
    mailer: createSesMailer(ses, {
      from: 'contacts@example.com',
      providerName: 'Test Hosting',
      configurationSet: deployed.configurationSetName,
    }),
    workflow: createTaskTokenWorkflow(engine, tokens),
    now: () => new Date(Date.now() + clockShiftMs),
    settings: { ...stack.deps.settings },
  };
  useRuntime({ deps, askTask: createAskTask(engine, tokens) });
  await story(deps);
}, 180_000);

afterAll(async () => {
  await local?.stopAll();
  stopClients?.();
  await stack?.stop();
});

/**
 * A representative successful call of every function, and each materially different write path: a
 * refused create and an idempotent replay; the last acceptance, applied by the workflow or by the API
 * when the workflow no longer waits; a refusal, a cancel, the confirm page's accept and refuse; a
 * retried ask; an expiry; the sweep's reminder, its end of a request, and its apply of one whose
 * Apply task kept failing; SES's notice of a code email that bounced.
 */
async function story(deps: Deps) {
  const services = [
    's1',
    's2',
    's3',
    's4',
    's5',
    's6',
    's7',
    's8',
    's9',
    's10',
    's11',
    's12',
    's13',
    's14',
    's15',
    's16',
  ];
  const w = await stack.seed({
    accounts: { aa: {}, bb: {}, zz: {}, ee: {} },
    services: Object.fromEntries(
      services.map((s) => [s, { contacts: { admin: 'aa', tech: 'zz', billing: 'aa' } }]),
    ),
  });
  const [aa, bb, ee] = [w.nic('aa'), w.nic('bb'), w.nic('ee')];
  const codeOf = (name: string, id: string) => stack.code(w.email(name), id);
  const ok = async (answer: Promise<{ status: number; body: Loose }>) => {
    const { status, body } = await answer;
    expect(status, JSON.stringify(body)).toBeLessThan(300);
    return body;
  };
  /** The workflow's tasks have returned, and with `ended`, its executions too. */
  const idle = (ended = false) =>
    eventually(async () => (tasksRunning() === 0 && (!ended || local.running() === 0) ? true : undefined));
  const stateOf = async (id: string) => (await stack.deps.store.getRequest(id))?.state;
  const reaches = (id: string, state: string) =>
    eventually(async () => ((await stateOf(id)) === state ? true : undefined), 15_000);
  const open = async (service: string, headers?: Record<string, string>) => {
    const created = await ok(
      callRoute('create-change', {
        caller: aa,
        params: { serviceId: w.serviceId(service) },
        body: { tech: bb },
        headers,
      }),
    );
    const id: string = created.requests[0].id;
    await Promise.all([codeOf('aa', id), codeOf('bb', id)]);
    await idle();
    return id;
  };
  const answer = async (route: 'accept' | 'refuse', name: 'aa' | 'bb', id: string) =>
    ok(callRoute(route, { caller: w.nic(name), params: { id }, body: { token: await codeOf(name, id) } }));
  const onPage = async (decision: 'accept' | 'refuse', name: 'aa' | 'bb', id: string) =>
    ok(callRoute('confirm-answer', { params: { id }, form: { token: await codeOf(name, id), decision } }));
  const retriedAsk = (requestId: string, nic: string) =>
    task('ask-confirmer', WORKFLOW_TASKS.askConfirmer.handler)(
      { requestId, nic, taskToken: `retried-${randomUUID()}` },
      lambdaContext('ask-confirmer'),
    );

  await ok(callRoute('health'));
  await ok(callRoute('openapi'));
  await ok(callRoute('get-me', { caller: aa }));
  await ok(callRoute('put-language', { caller: aa, body: { language: 'fi' } }));
  for (const role of [undefined, 'admin', 'tech', 'billing'])
    await ok(callRoute('list-services', { caller: aa, query: role ? { role } : undefined }));

  // The verified address change: a wrong code is counted, the right one changes the address.
  const newAddress = `new.${w.email('ee')}`;
  await ok(callRoute('put-email', { caller: ee, body: { email: newAddress } }));
  const codeEmail = await stack.email(newAddress);
  const emailCode = decodeURIComponent(/emailCode=([^\s&"<]+)/.exec(codeEmail.body.text ?? '')![1]!);
  expect((await callRoute('confirm-email', { caller: ee, body: { token: newCode().code } })).status).toBe(
    422,
  );
  await ok(callRoute('confirm-email', { caller: ee, body: { token: emailCode } }));
  // Stopping one: from the stop link emailed to the (now) old address, its page then its button; then
  // the signed-in owner.
  await ok(callRoute('put-email', { caller: ee, body: { email: `third.${w.email('ee')}` } }));
  const stop = await stack.emailChangeStopLink(newAddress);
  await ok(callRoute('email-change-cancel-page', { query: stop }));
  await ok(callRoute('email-change-cancel', { form: stop }));
  await ok(callRoute('put-email', { caller: ee, body: { email: `fourth.${w.email('ee')}` } }));
  await ok(callRoute('delete-email', { caller: ee }));

  // A request with an Idempotency-Key, its replay, and a refused one that frees its key.
  const key = { 'idempotency-key': randomUUID() };
  const r1 = await open('s1', key);
  await ok(
    callRoute('create-change', {
      caller: aa,
      params: { serviceId: w.serviceId('s1') },
      body: { tech: bb },
      headers: key,
    }),
  );
  // Named by address, the tech contact resolves to the one it already is.
  const refused = await callRoute('create-change', {
    caller: aa,
    params: { serviceId: w.serviceId('s10') },
    body: { tech: w.email('zz') },
    headers: { 'idempotency-key': randomUUID() },
  });
  expect(refused.body.code).toBe('no_change');

  await ok(callRoute('list-changes', { caller: aa }));
  // A confirmer who did not ask: the list reads the service, whose admin may cancel (`actions`).
  await ok(callRoute('list-changes', { caller: bb }));
  await ok(callRoute('list-changes', { caller: aa, query: { state: 'awaiting_confirmation' } }));
  await ok(callRoute('get-change', { caller: aa, params: { id: r1 } }));
  await ok(callRoute('confirm-page', { params: { id: r1 }, query: { token: await codeOf('bb', r1) } }));
  await ok(callRoute('resend', { caller: aa, params: { id: r1 }, body: {} }));
  await answer('accept', 'bb', r1);
  // A retried ask finds its confirmer already answered and ends its own wait.
  await retriedAsk(r1, bb);
  await answer('accept', 'aa', r1); // the last acceptance: the workflow applies it
  await reaches(r1, 'done');
  await idle(true);
  await ok(callRoute('get-service', { caller: aa, params: { serviceId: w.serviceId('s1') } }));
  await ok(callRoute('get-history', { caller: aa, params: { serviceId: w.serviceId('s1') } }));

  const r2 = await open('s2');
  await answer('refuse', 'bb', r2);
  await idle(true);

  const r3 = await open('s3');
  await ok(callRoute('cancel', { caller: aa, params: { id: r3 } }));
  await idle(true);
  // A retried ask of a request that has ended ends its own wait.
  await retriedAsk(r3, aa);

  // A batch, read back, its codes sent again, and then withdrawn; and one that meets the first's guard at the store, whose
  // writes are undone.
  const { batch } = await ok(
    callRoute('create-batch', { caller: aa, body: { services: [w.serviceId('s12')], tech: bb } }),
  );
  await idle();
  await ok(callRoute('get-batch', { caller: aa, params: { id: batch.id } }));
  const pending = await callRoute('create-batch', {
    caller: aa,
    body: { services: [w.serviceId('s13'), w.serviceId('s12')], tech: bb },
  });
  expect(pending.body.code).toBe('batch_refused');
  await ok(callRoute('resend-batch', { caller: aa, params: { id: batch.id }, body: {} }));
  await ok(callRoute('cancel-batch', { caller: aa, params: { id: batch.id } }));
  await idle(true);

  // Batches answered with one code per person (API.md, "Batches"): Bob on the batch page (after a
  // code that is nobody's) and Aino signed in, the last acceptance; then one Bob refuses signed in,
  // and one Aino refuses on the page.
  const batchCodeOf = async (name: string, id: string) => {
    const text = (await stack.emailsTo(w.email(name))).map((e) => e.body.text ?? '').join('\n');
    return new RegExp(`/confirm/batch/${id}\\?token=([0-9A-Z-]+)`).exec(text)![1]!;
  };
  const newBatch = async (service: string): Promise<string> => {
    const created = await ok(
      callRoute('create-batch', { caller: aa, body: { services: [w.serviceId(service)], tech: bb } }),
    );
    await idle();
    return created.batch.id;
  };
  const b1 = await newBatch('s14');
  await ok(
    callRoute('confirm-batch-page', { params: { id: b1 }, query: { token: await batchCodeOf('bb', b1) } }),
  );
  const batchJunk = await callRoute('confirm-batch-answer', {
    params: { id: b1 },
    form: { token: 'JUNK', decision: 'refuse' },
  });
  expect(batchJunk.status).toBe(422);
  await ok(
    callRoute('confirm-batch-answer', {
      params: { id: b1 },
      form: { token: await batchCodeOf('bb', b1), decision: 'accept' },
    }),
  );
  await ok(
    callRoute('accept-batch', {
      caller: aa,
      params: { id: b1 },
      body: { token: await batchCodeOf('aa', b1) },
    }),
  );
  await idle(true);
  const b2 = await newBatch('s15');
  await ok(
    callRoute('refuse-batch', {
      caller: bb,
      params: { id: b2 },
      body: { token: await batchCodeOf('bb', b2) },
    }),
  );
  await idle(true);
  const b3 = await newBatch('s16');
  await ok(
    callRoute('confirm-batch-answer', {
      params: { id: b3 },
      form: { token: await batchCodeOf('aa', b3), decision: 'refuse' },
    }),
  );
  await idle(true);

  const r4 = await open('s4');
  // A code that is nobody's locks nobody: only its rate counters are read and counted (issue 22).
  const junk = await callRoute('confirm-answer', {
    params: { id: r4 },
    form: { token: 'JUNK', decision: 'refuse' },
  });
  expect(junk.status).toBe(422);
  await onPage('accept', 'bb', r4);
  await onPage('accept', 'aa', r4);
  await reaches(r4, 'done');
  await idle(true);

  const r5 = await open('s5');
  await onPage('refuse', 'bb', r5);
  await idle(true);

  // The workflow no longer waits (its execution was lost): the last acceptance applies the change itself.
  const r6 = await open('s6');
  await local.stop(r6, 'lost for the test');
  await answer('accept', 'bb', r6);
  await answer('accept', 'aa', r6);
  expect(await stateOf(r6)).toBe('done');

  // SES reports Bob's code email as a permanent bounce: Bob is marked, and Aino is told by email.
  const r10 = await open('s11');
  const bounce = snsBounceEvent({
    address: w.email('bb'),
    tags: { kind: ['code'], nic: [bb] },
    sentAt: new Date().toISOString(),
  });
  await invocation('bounces', () => BOUNCES.handler(bounce, lambdaContext('bounces')));
  const marked = await stack.deps.store.getRequest(r10);
  expect(marked?.confirmers.find((c) => c.nic === bb)?.bouncedAt).toBeDefined();
  await stack.email(w.email('aa'), (e) => e.subject.includes(bb)); // in Finnish: Aino chose it above
  await ok(callRoute('cancel', { caller: aa, params: { id: r10 } })); // out of the sweep's way below
  await idle(true);

  // A window of two seconds: the waits time out and the workflow closes the request as expired.
  deps.settings.ttlSeconds = 2;
  const r7 = await open('s7');
  deps.settings.ttlSeconds = stack.deps.settings.ttlSeconds;
  await reaches(r7, 'expired');
  await idle(true);

  // An Apply that keeps failing leaves its request `applying`, for the sweep to apply.
  const r8 = await open('s8');
  failingApplies.add(r8);
  await answer('accept', 'bb', r8);
  await answer('accept', 'aa', r8);
  await idle(true);
  expect(await stateOf(r8)).toBe('applying');

  // The sweep, run as the window nears its end (a reminder), then after it (the end, the execution stopped).
  const r9 = await open('s9');
  const expiresAt = Date.parse((await stack.deps.store.getRequest(r9))!.expiresAt);
  const sweep = () => invocation('sweep', () => SWEEP.handler({}, lambdaContext('sweep')));
  clockShiftMs = expiresAt - 3600_000 - Date.now();
  const near = await sweep();
  clockShiftMs = expiresAt + 60_000 - Date.now();
  const after = await sweep();
  clockShiftMs = 0;
  expect([near.reminded, after.expired, near.finished + after.finished]).toEqual([2, 1, 1]);
  await idle(true);
  expect(await stateOf(r8)).toBe('done');
  expect(workflowErrors).toEqual([expect.stringContaining(`${r8}: `)]);
}

describe.each(DEPLOYED.map((fn) => [fn.name, fn] as const))('%s', (name, { needs, onlyWhen = {} }) => {
  const used = () => new Set(callsOf(name).flatMap(grantsOfCall));
  const granted = new Set<string>(grantsOf(needs));

  it('ran', () => {
    expect(runsOf(name)).toBeGreaterThan(0);
  });

  it('makes no AWS call its declaration does not grant', () => {
    expect([...used()].filter((grant) => !granted.has(grant))).toEqual([]);
  });

  it('is Allowed every call it made by its deployed role, as AWS evaluates it', async () => {
    const requests = callsOf(name).flatMap((call) => deployed.requestsOf(call));
    // Each call is at least one request to evaluate: none is left out unseen.
    expect(requests.length).toBeGreaterThanOrEqual(callsOf(name).length);
    const decisions = await Promise.all(
      requests.map(async (r) => `${r.action} on ${r.resource}: ${await deployed.decide(name, r)}`),
    );
    expect([...new Set(decisions)].filter((d) => !d.endsWith(': Allowed'))).toEqual([]);
  });

  it('uses every need it declares, or its declaration says when', () => {
    const unused = [...granted].filter((grant) => !used().has(grant));
    expect(unused.filter((grant) => !(grant in onlyWhen))).toEqual([]);
    // A reason for a need that is used, or not declared, is stale.
    expect(Object.keys(onlyWhen).filter((grant) => !unused.includes(grant))).toEqual([]);
  });
});
