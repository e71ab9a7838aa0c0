// The measured use cases. Each prepares its own data outside the timing (a fresh request per run
// where the use case changes it), then runs the very function the handler calls, with the bench's
// counted deps. The confirm page is measured over the local HTTP server, as a browser reaches it.
import { loadFixtures, parseFixtures } from '../shared/adapters/fixtures';
import { answerChange } from '../shared/usecases/answer';
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
}

export interface Scenario {
  name: string;
  level: 'use case' | 'HTTP';
  /** What the timing includes, in words. */
  includes: string;
  prepare(): Promise<Prepared>;
}

let worldCount = 0;

/** Accounts aa (asker, admin and billing), zz (tech) and bb (to be the new tech), and `services` services. */
export async function seedWorld(bench: BenchStack, services: number) {
  const run = `${process.pid % 1000}${++worldCount}`;
  const nic = (name: string) => `${name}${run}-ovh`;
  const serviceId = (i: number) => `s${i}-${run}.example`;
  await loadFixtures(
    bench.raw.doc,
    bench.stack.tableName,
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
      includes: 'answerChange: read, conditional write, SendTaskSuccess (local runner), the "waiting" email',
      prepare: async () => {
        const r = await openRequest();
        return {
          run: () => answerChange(deps, { id: r.id, code: r.code(w.aa), decision: 'accept', caller: w.aa }),
        };
      },
    },
    {
      name: 'accept (last)',
      level: 'use case',
      includes:
        'answerChange: read, the transaction to applying, SendTaskSuccess; apply and notify run after, in the workflow (counted apart)',
      prepare: async () => {
        const r = await openRequest();
        await answerChange(deps, { id: r.id, code: r.code(w.aa), decision: 'accept', caller: w.aa });
        await settled(bench);
        return {
          run: () => answerChange(deps, { id: r.id, code: r.code(w.bb), decision: 'accept', caller: w.bb }),
          after: () => until(stateIs(r.id, 'done')).then(() => undefined),
        };
      },
    },
    {
      name: 'refuse',
      level: 'use case',
      includes:
        'answerChange: read, conditional write, the close transaction, SendTaskFailure, the "refused" emails',
      prepare: async () => {
        const r = await openRequest();
        return {
          run: () => answerChange(deps, { id: r.id, code: r.code(w.bb), decision: 'refuse', caller: w.bb }),
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

  function waitCodes(id: string) {
    return until(() => (codes.get(id)?.size === 2 ? true : undefined)).then(() => undefined);
  }
}
