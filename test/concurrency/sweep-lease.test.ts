// The sweep stays one run at a time by its lease in the table (DynamoDB Local), with no reserved
// concurrency: of two runs started together over a backlog, one takes the lease and does all the work,
// the other ends at once and says who holds it; a run that died holding the lease holds up the next
// ones only until the lease lapses.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Leases } from '../../shared/domain/ports';
import { requestContactChange } from '../../shared/usecases/create-change';
import type { Deps } from '../../shared/usecases/deps';
import { sweepAlone } from '../../shared/usecases/sweep';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => stack?.stop());

const DAY = 86_400_000;
const BACKLOG = 40;

/** The sweeps' clock, past every window of the backlog. */
const later = (deps: Deps, ms = 15 * DAY): Deps => ({ ...deps, now: () => new Date(Date.now() + ms) });

it(`two sweeps started together over a backlog of ${String(BACKLOG)}: one does the work, nothing is expired twice`, async () => {
  const names = Array.from({ length: BACKLOG }, (_, i) => `s${String(i)}`);
  const w = await stack.seed({
    accounts: { aa: {}, bb: {}, zz: {} },
    services: Object.fromEntries(
      names.map((s) => [s, { contacts: { admin: 'aa', tech: 'zz', billing: 'aa' } }]),
    ),
  });
  const ids: string[] = [];
  for (const name of names) {
    const { requests } = await requestContactChange(stack.deps, w.nic('aa'), w.serviceId(name), {
      tech: w.nic('bb'),
    });
    ids.push(requests[0]!.id);
  }

  // The interleaving made certain: whichever run takes the lease gives it back only after the other has
  // tried to take it, however quickly it worked the backlog off.
  let bothTried!: () => void;
  const tried = new Promise<void>((resolve) => (bothTried = resolve));
  let takes = 0;
  const leases: Leases = {
    take: async (...args) => {
      const result = await stack.deps.leases.take(...args);
      if (++takes === 2) bothTried();
      return result;
    },
    release: async (...args) => {
      await tried;
      await stack.deps.leases.release(...args);
    },
  };
  const deps = later({ ...stack.deps, leases });
  const until = new Date(deps.now().getTime() + 60_000);

  const reports = await Promise.all([sweepAlone(deps, { until }), sweepAlone(deps, { until })]);

  const worked = reports.filter((r) => !r.leaseHeld);
  const skipped = reports.filter((r) => r.leaseHeld);
  expect(worked).toEqual([{ reminded: 0, expired: BACKLOG, finished: 0, complete: true }]);
  expect(skipped).toEqual([
    {
      reminded: 0,
      expired: 0,
      finished: 0,
      complete: false,
      leaseHeld: { holder: expect.any(String), until: until.toISOString() },
    },
  ]);
  for (const [i, id] of ids.entries()) {
    expect((await stack.deps.store.getRequest(id))?.state).toBe('expired');
    const history = await stack.deps.store.listHistory(w.serviceId(names[i]!), { limit: 10 });
    expect(history.items.map((r) => [r.id, r.state])).toEqual([[id, 'expired']]);
  }
  // Given back: the next run takes the lease at once, and finds nothing left to do.
  expect(await sweepAlone(deps, { until })).toEqual({ reminded: 0, expired: 0, finished: 0, complete: true });
});

it('a lease whose run died keeps the next runs out until it lapses, then the next run takes it', async () => {
  const crashed = later(stack.deps, 20 * DAY);
  const diedAt = crashed.now();
  const lapsesAt = new Date(diedAt.getTime() + 60_000);
  expect(await crashed.leases.take('sweep', 'a run that died', { now: diedAt, until: lapsesAt })).toEqual({
    taken: true,
  });

  const before = later(stack.deps, 20 * DAY + 30_000);
  const held = await sweepAlone(before, { until: new Date(before.now().getTime() + 60_000) });
  expect(held.leaseHeld).toEqual({ holder: 'a run that died', until: lapsesAt.toISOString() });

  const after = later(stack.deps, 20 * DAY + 61_000);
  const taken = await sweepAlone(after, { until: new Date(after.now().getTime() + 60_000) });
  expect(taken.leaseHeld).toBeUndefined();
  expect(taken.complete).toBe(true);
});
