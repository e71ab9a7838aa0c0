// The measured use cases. Each prepares its own data outside the timing (a fresh request per run
// where the use case changes it), then runs the very function the handler calls, with the bench's
// counted deps. The confirm page is measured over the local HTTP server, as a browser reaches it.
import { loadFixtures, parseFixtures } from '../shared/adapters/fixtures';
import type { Handle } from '../shared/domain/model';
import { answerChange } from '../shared/usecases/answer';
import { answerBatch } from '../shared/usecases/answer-batch';
import { requestBatchChange } from '../shared/usecases/create-batch';
import { resendCodes } from '../shared/usecases/cancel-resend';
import { requestContactChange } from '../shared/usecases/create-change';
import { getServiceOf, listMyServices } from '../shared/usecases/queries';
import { sweepStaleRequests } from '../shared/usecases/sweep';
import type { Deps } from '../shared/usecases/deps';
import { settled, until, type BenchStack } from './bench-stack';

export interface Prepared {
  run(): Promise<unknown>;
  /** Waits for what the run set going in the background (a workflow step), untimed. */
  after?(): Promise<void>;
  /**
   * Puts back, untimed, what the floor's replay wrote again that later scenarios would trip over: the
   * replay repeats the run's writes as they were sent, whatever happened to the items since.
   */
  afterFloor?(): Promise<void>;
}

export interface Scenario {
  name: string;
  level: 'use case' | 'HTTP';
  /** What the timing includes, in words. */
  includes: string;
  /** Fewer runs than the bench's, for a scenario whose every run makes a hundred requests. */
  repeat?: { runs: number; warmup: number };
  /**
   * Why the emails this use case sends are its work, not a wait it puts on someone: a scheduled job
   * that nobody waits on, whose purpose includes telling people. Such a use case is held to the
   * DynamoDB-only budget against its floor with its SES calls in it (bench/budgets.ts); moving its
   * emails to another invocation would only pay for one more. A call someone waits on has none.
   */
  emailsAreItsWork?: string;
  prepare(): Promise<Prepared>;
}

/**
 * Services in each batch of the batch scenarios; runs of each (and warm-up runs) before the floor.
 * 9 runs, not 5: a run takes half a second and starts a hundred workflows, and the median of 5 moved
 * create's ratio from 1.02 to 1.35 between two full runs of the same code (1.14 alone right after).
 */
const BATCH = { services: 100, runs: 9, warmup: 1 };
/** A batch's hundred workflows take longer to settle than one request's. */
const BATCH_WAIT_MS = 180_000;

let worldCount = 0;

/**
 * Accounts aa (asker, admin and billing), zz (tech) and bb (to be the new tech), and `services` services.
 * Names are unique to the call unless `run` is given: then two tables can be seeded alike.
 */
export async function seedWorld(
  bench: BenchStack,
  services: number,
  tableName = bench.stack.tableName,
  run = `${process.pid % 1000}${++worldCount}`,
) {
  const nic = (name: string) => `${name}${run}-ovh`;
  const serviceId = (i: number) => `s${i}-${run}.example`;
  await loadFixtures(
    bench.raw.doc,
    tableName,
    parseFixtures({
      accounts: ['aa', 'bb', 'zz'].map((name) => ({
        nic: nic(name),
        email: `${name}.${run}@example.com`,
        name: `Account ${name}`,
        language: name === 'bb' ? 'fi' : 'en',
        unpaidInvoices: 0,
      })),
      services: Array.from({ length: services }, (_, i) => ({
        serviceId: serviceId(i),
        name: serviceId(i),
        type: 'domain',
        contacts: { admin: nic('aa'), tech: nic('zz'), billing: nic('aa') },
      })),
    }),
  );
  return { aa: nic('aa'), bb: nic('bb'), zz: nic('zz'), serviceId };
}

export async function scenarios(bench: BenchStack, runs: number): Promise<Scenario[]> {
  const { deps, codes } = bench;
  // One fresh service per run of every scenario that opens a request, plus warm-up rounds.
  const w = await seedWorld(bench, (runs + 20) * 7);
  let next = 0;
  const freshService = () => w.serviceId(next++);

  /** A request of aa giving tech to bb, with both code emails sent (the workflow's asks done). */
  async function openRequest(d: Deps = deps): Promise<{ id: string; code: (nic: string) => string }> {
    const { requests } = await requestContactChange(d, w.aa, freshService(), { tech: w.bb });
    const id = requests[0]!.id;
    await until(() => (codes.get(id)?.size === 2 ? true : undefined));
    await settled(bench);
    return { id, code: (nic) => codes.get(id)!.get(nic)! };
  }
  const stateIs = (id: string, state: string) => async () =>
    (await deps.store.getRequest(id))?.state === state ? true : undefined;

  const page = await openRequest();

  // Batches of BATCH.services services each, on services of their own; the batch code of each person
  // is taken from its email, as `codes` takes a request's.
  const b = await seedWorld(bench, 2 * (BATCH.runs + BATCH.warmup) * BATCH.services);
  let nextBatchService = 0;
  const batchCodes = new Map<string, Map<Handle, string>>();
  const batchDeps: Deps = {
    ...deps,
    mailer: {
      async send(message, template) {
        await deps.mailer.send(message, template);
        if (!message.batch) return;
        const byNic = batchCodes.get(message.batch.id) ?? new Map<Handle, string>();
        batchCodes.set(message.batch.id, byNic.set(message.to.nic, message.batch.code));
      },
    },
  };
  const newBatch = () =>
    requestBatchChange(batchDeps, b.aa, {
      services: Array.from({ length: BATCH.services }, () => b.serviceId(nextBatchService++)),
      tech: b.bb,
    });
  const everyRequestIs = (ids: string[], state: string) => async () =>
    (await deps.store.getRequests(ids)).every((r) => r.state === state) ? true : undefined;

  return [
    {
      name: 'list my services',
      level: 'use case',
      includes: 'listMyServices: one page (limit 50) of the 20 services of one account',
      prepare: async () => ({ run: () => listMyServices(deps, w.aa, { limit: 50 }) }),
    },
    {
      name: 'get a service',
      level: 'use case',
      includes: 'getServiceOf',
      prepare: async () => ({ run: () => getServiceOf(deps, w.aa, w.serviceId(0)) }),
    },
    {
      name: 'create a request',
      level: 'use case',
      includes:
        'requestContactChange: reads, the create transaction, the workflow start (the local runner begins the two ask tasks in this process, overlapping), the "registered" email',
      prepare: async () => {
        let id = '';
        return {
          run: async () => {
            id = (await requestContactChange(deps, w.aa, freshService(), { tech: w.bb })).requests[0]!.id;
          },
          after: () => waitCodes(id),
        };
      },
    },
    {
      name: 'create (workflow stubbed)',
      level: 'use case',
      includes:
        'requestContactChange as above with a Workflow whose started() only returns: what create costs when the workflow runs elsewhere, as in AWS',
      prepare: async () => {
        const stubbed: Deps = { ...deps, workflow: { ...deps.workflow, started: async () => {} } };
        return { run: () => requestContactChange(stubbed, w.aa, freshService(), { tech: w.bb }) };
      },
    },
    {
      name: 'accept (not last)',
      level: 'use case',
      includes:
        'answerChange: read, conditional write, SendTaskSuccess carrying the receipt, taken by the wait, so the "waiting" email is the workflow\'s (no SES in the call); the workflow hears it after the timed call, and its receipt step reads the request and the accounts and sends the email then (counted apart), as in another Lambda in AWS',
      prepare: async () => {
        const r = await openRequest();
        return {
          // Held, a wait still takes the answer (SendTaskSuccess says so): the answer knows it was heard.
          run: () =>
            heldAnswers(() =>
              answerChange(deps, { id: r.id, code: r.code(w.aa), decision: 'accept', caller: w.aa }),
            ),
          after: async () => {
            await bench.answers.release();
            await settled(bench);
          },
        };
      },
    },
    {
      name: 'accept (last)',
      level: 'use case',
      includes:
        'answerChange: read, the transaction to applying, SendTaskSuccess; the workflow hears it after the timed call, and apply and notify run then (counted apart), as in other Lambdas in AWS',
      prepare: async () => {
        const r = await openRequest();
        await answerChange(deps, { id: r.id, code: r.code(w.aa), decision: 'accept', caller: w.aa });
        await settled(bench);
        return {
          run: () =>
            heldAnswers(() =>
              answerChange(deps, { id: r.id, code: r.code(w.bb), decision: 'accept', caller: w.bb }),
            ),
          after: async () => {
            await bench.answers.release();
            await until(stateIs(r.id, 'done'));
          },
        };
      },
    },
    {
      name: 'refuse',
      level: 'use case',
      includes:
        'answerChange: read, the close transaction (which also leaves the "refused" emails owed on the request), SendTaskFailure, taken by a wait, so the emails are the workflow\'s (no SES in the call); the workflow hears the failure after the timed call, and its close step reads the request, claims the owed emails (one conditional UpdateItem), reads the accounts and sends the emails then (counted apart), as in another Lambda in AWS',
      prepare: async () => {
        const r = await openRequest();
        return {
          run: () =>
            heldAnswers(() =>
              answerChange(deps, { id: r.id, code: r.code(w.bb), decision: 'refuse', caller: w.bb }),
            ),
          after: async () => {
            await bench.answers.release();
            await settled(bench);
          },
          // The replayed refusal left its emails owed again (and the request on the sweep's index,
          // due 15 minutes on): taken, as the Close step took them, so that the sweep's runs below
          // list only what they set up.
          afterFloor: async () => {
            await deps.store.claimRefusalNotices(r.id);
          },
        };
      },
    },
    {
      name: 'resend',
      level: 'use case',
      includes: 'resendCodes to both pending confirmers: read, accounts, a new code each, two code emails',
      prepare: async () => {
        const r = await openRequest();
        return { run: () => resendCodes(deps, w.aa, r.id, false) };
      },
    },
    {
      name: `create a batch of ${BATCH.services}`,
      level: 'use case',
      repeat: BATCH,
      includes: `requestBatchChange of ${BATCH.services} services (tech to one new contact): reads, the staged transactions, publishing, the ${BATCH.services} workflow starts, one code email per person asked`,
      prepare: async () => {
        let ids: string[] = [];
        return {
          run: async () => {
            ids = (await newBatch()).batch.requests.map((r) => r.id);
          },
          after: async () => {
            await settled(bench, 15, BATCH_WAIT_MS);
            await until(everyRequestIs(ids, 'awaiting_confirmation'), BATCH_WAIT_MS);
          },
        };
      },
    },
    {
      name: `accept a batch of ${BATCH.services}`,
      level: 'use case',
      repeat: BATCH,
      includes: `answerBatch, the last person to accept all ${BATCH.services} requests: reads, a transaction to applying and SendTaskSuccess each; the workflows hear them after the timed call, and the applies and the outcome emails run then (counted apart), as in other Lambdas in AWS`,
      prepare: async () => {
        const { batch } = await newBatch();
        const ids = batch.requests.map((r) => r.id);
        await settled(bench, 15, BATCH_WAIT_MS);
        const code = (nic: Handle) => batchCodes.get(batch.id)!.get(nic)!;
        await answerBatch(deps, b.aa, batch.id, code(b.aa), 'accept');
        await settled(bench, 15, BATCH_WAIT_MS);
        return {
          run: () => heldAnswers(() => answerBatch(deps, b.bb, batch.id, code(b.bb), 'accept')),
          after: async () => {
            await bench.answers.release();
            await until(everyRequestIs(ids, 'done'), BATCH_WAIT_MS);
            await settled(bench, 15, BATCH_WAIT_MS);
          },
        };
      },
    },
    {
      name: 'confirm page GET',
      level: 'HTTP',
      includes: 'GET /confirm/{id}?token= over the local HTTP server: middy stack, reads, the HTML page',
      prepare: async () => ({
        run: async () => {
          const response = await fetch(
            `${bench.stack.apiUrl}/confirm/${page.id}?token=${encodeURIComponent(page.code(w.bb))}`,
          );
          if (response.status !== 200) throw new Error(`confirm page answered ${response.status}`);
          await response.text();
        },
      }),
    },
    {
      name: 'sweep (nothing due)',
      level: 'use case',
      includes: 'sweepStaleRequests with every open request far from its end: one Query of the open index',
      prepare: async () => ({ run: () => sweepStaleRequests(deps) }),
    },
    {
      name: 'sweep (one expired)',
      level: 'use case',
      emailsAreItsWork:
        'the scheduled sweep: ending an expired request means telling its people, and nobody waits on the run',
      includes:
        'sweepStaleRequests ending one request past its window: Query, close transaction, emails, StopExecution (local)',
      prepare: async () => {
        // Made an hour ago with a one-minute window: due now, while every other open request is not.
        const past: Deps = {
          ...deps,
          now: () => new Date(Date.now() - 3600_000),
          settings: { ...deps.settings, ttlSeconds: 60 },
        };
        const r = await openRequest(past);
        return {
          run: () => sweepStaleRequests(deps),
          after: () => until(stateIs(r.id, 'expired')).then(() => undefined),
        };
      },
    },
  ];

  /**
   * Runs an answer with the workflow's answers held (bench-stack.ts): on the local runner the
   * execution would otherwise carry on in this process during the timed call, where in AWS its next
   * steps run in other Lambdas. `after` releases them.
   */
  async function heldAnswers<T>(answer: () => Promise<T>): Promise<T> {
    bench.answers.hold();
    return answer();
  }

  function waitCodes(id: string) {
    return until(() => (codes.get(id)?.size === 2 ? true : undefined)).then(() => undefined);
  }
}
