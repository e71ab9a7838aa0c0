// A sweep that fell behind works its backlog off run by run: each run stops taking pages when its
// budget is spent, the next carries on where the index now begins, and no request is lost or ended
// twice. (How fast, at 10 and at 10,000, is measured by `npm run bench -- --only backlog`.)
import { expect, it } from 'vitest';
import { requestContactChange } from '../../shared/usecases/create-change';
import { sweepStaleRequests, type SweepReport } from '../../shared/usecases/sweep';
import { memoryDeps, memoryStore } from '../support/memory';

const DAY = 86_400_000;
const BACKLOG = 205;

it(`a backlog of ${String(BACKLOG)} expired requests ends in runs of one page each, every request expired once`, async () => {
  const account = (nic: string) => ({
    nic,
    email: `${nic}@example.com`,
    name: nic,
    language: 'en' as const,
    unpaidInvoices: 0,
    paymentMethod: true,
    zone: 'eu' as const,
  });
  const services = Array.from({ length: BACKLOG }, (_, i) => ({
    serviceId: `s${String(i)}.example`,
    name: `s${String(i)}.example`,
    type: 'domain' as const,
    contacts: { admin: 'aa1-ovh', tech: 'zz3-ovh', billing: 'aa1-ovh' },
  }));
  const deps = memoryDeps(
    memoryStore({ accounts: ['aa1-ovh', 'bb2-ovh', 'zz3-ovh'].map(account), services }),
  );
  deps.settings = { ...deps.settings, limits: { ...deps.settings.limits, requestsPerHour: 10 * BACKLOG } };
  const ids: string[] = [];
  for (const service of services) {
    const { requests } = await requestContactChange(deps, 'aa1-ovh', service.serviceId, { tech: 'bb2-ovh' });
    ids.push(requests[0]!.id);
  }
  deps.advance(15 * DAY);

  // A budget of nothing: each run takes its one page, of 100.
  const runs: SweepReport[] = [];
  while (!runs.at(-1)?.complete) runs.push(await sweepStaleRequests(deps, { budgetMs: 0 }));
  expect(runs.map((r) => r.expired)).toEqual([100, 100, 5]);
  expect(runs.map((r) => r.complete)).toEqual([false, false, true]);
  for (const id of ids) expect((await deps.store.getRequest(id))?.state).toBe('expired');
  expect(deps.workflow.calls.filter((c) => c.call === 'ended')).toHaveLength(BACKLOG);
});
