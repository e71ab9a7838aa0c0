// What an operator sees of a sweep run: it keeps to its time budget by the pages it has timed, it
// removes every batch a crashed creation left unpublished (page by page, a few at a time) and frees
// their services, it sends a refusal's emails that no Close claimed, and a store failure fails the
// run rather than passing for a lost race.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LONGEST_CALL_MS } from '../../shared/domain/batch';
import { cancelChange } from '../../shared/usecases/cancel-resend';
import { requestBatchChange } from '../../shared/usecases/create-batch';
import { requestContactChange } from '../../shared/usecases/create-change';
import { sweepStaleRequests, type SweepReport } from '../../shared/usecases/sweep';
import type { MemoryDeps } from '../support/memory';
import { tellOwedRefusal } from '../../shared/usecases/notify';
import { settle } from '../../shared/usecases/settle';
import { AA, BB, ZZ, ask, before, emails, refuse, world, AINO_ADMIN_ZED_TECH } from './world';
import { servicesForABatch } from '../support/batch-services';

const DAY_S = 86_400;

/** `n` services of Aino's (admin and billing), Zed their tech contact, and a rate limit that lets her ask on all. */
function withServices(deps: MemoryDeps, n: number): string[] {
  deps.settings = { ...deps.settings, limits: { ...deps.settings.limits, requestsPerHour: 10 * n } };
  return servicesForABatch(deps, n, AINO_ADMIN_ZED_TECH);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a sweep with a time budget', () => {
  it('takes a page only while one half again as slow as the slowest page so far still fits', async () => {
    // A clock for the sweep's own timing, which only a page read moves: each page takes 100 ms.
    let clock = 1_000_000;
    vi.spyOn(performance, 'now').mockImplementation(() => clock);
    const deps = world();
    const services = withServices(deps, 205);
    for (const service of services) await requestContactChange(deps, AA, service, { tech: BB });
    deps.advance(15 * DAY_S);
    deps.store.faults.push((call) => {
      if (call === 'listOpenExpiringBefore') clock += 100;
    });

    // 250 ms: the second page starts at 100 ms, and 100 + 1.5 × 100 still fits; the third, at 200, does not.
    const first = await sweepStaleRequests(deps, { budgetMs: 250 });
    expect(first).toEqual({ reminded: 0, expired: 200, finished: 0, complete: false });
    const second = await sweepStaleRequests(deps, { budgetMs: 250 });
    expect(second).toEqual({ reminded: 0, expired: 5, finished: 0, complete: true });
    // Without a budget, a run takes every page however long they take.
    const last = await sweepStaleRequests(deps);
    expect(last).toEqual({ reminded: 0, expired: 0, finished: 0, complete: true });
  });
});

describe('a request another ending beat to it', () => {
  it('is counted neither expired nor finished when it was cancelled after the sweep read the index', async () => {
    const deps = world();
    const { id } = await ask(deps, { tech: BB });
    deps.advance(15 * DAY_S);
    let cancelled = false;
    deps.store.faults.push(async (call) => {
      if (call !== 'getRequest' || cancelled) return;
      cancelled = true;
      await cancelChange(deps, AA, id);
    });
    expect(await sweepStaleRequests(deps)).toEqual({ reminded: 0, expired: 0, finished: 0, complete: true });
    expect((await deps.store.getRequest(id))?.state).toBe('cancelled');
  });
});

describe('batches a crashed creation left unpublished', () => {
  /** `n` batches of one service each, as a crash between writing and publishing leaves them. */
  async function crashedBatches(deps: MemoryDeps, n: number) {
    const services = withServices(deps, n);
    const ids: string[] = [];
    for (const service of services) {
      const { batch } = await requestBatchChange(deps, AA, { services: [service], tech: BB });
      deps.store.batches.get(batch.id)!.published = false;
      ids.push(batch.id);
    }
    return { services, ids };
  }

  it('are all removed once no call can still be making them, page after page, and their services are free again', async () => {
    const deps = world();
    const { services, ids } = await crashedBatches(deps, 105);

    // Not while the call that was writing them could still be running: nothing removed, nothing said.
    deps.advance(LONGEST_CALL_MS / 1000 - 60);
    const early: SweepReport = await sweepStaleRequests(deps);
    expect(early).toEqual({ reminded: 0, expired: 0, finished: 0, complete: true });
    expect(ids.every((id) => deps.store.batches.has(id))).toBe(true);

    deps.advance(120);
    const swept = await sweepStaleRequests(deps);
    expect(swept).toEqual({ reminded: 0, expired: 0, finished: 0, complete: true, batchesRemoved: 105 });
    expect(ids.filter((id) => deps.store.batches.has(id))).toEqual([]);
    // Their guards went with them: each service takes a new request.
    for (const service of services) {
      await expect(requestContactChange(deps, AA, service, { tech: BB })).resolves.toBeDefined();
    }
    // And nothing is left for the next run.
    expect(await sweepStaleRequests(deps)).toEqual({ reminded: 0, expired: 0, finished: 0, complete: true });
  });

  it('are removed eight at a time, not all at once', async () => {
    const deps = world();
    await crashedBatches(deps, 20);
    deps.advance(LONGEST_CALL_MS / 1000 + 60);
    let inFlight = 0;
    let most = 0;
    deps.store.faults.push(async (call) => {
      if (call !== 'dropUnpublishedBatch') return;
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
    });
    expect((await sweepStaleRequests(deps)).batchesRemoved).toBe(20);
    expect(most).toBe(8);
  });
});

describe('a refusal whose emails nobody claimed', () => {
  const NOTHING: SweepReport = { reminded: 0, expired: 0, finished: 0, complete: true };
  const refusedEmails = (deps: MemoryDeps) => [AA, BB, ZZ].map((nic) => emails(deps, nic, 'refused').length);

  it('a wait heard it and no Close ever ran: sent once by the sweep, once no Close can still be sending them', async () => {
    const deps = world();
    const { id } = await ask(deps);
    deps.workflow.hearsRefusals = true;
    await refuse(deps, id, BB);
    expect(refusedEmails(deps)).toEqual([0, 0, 0]);

    // Not while a Close could still be claiming them: listed (it is within the reminders' lead), but
    // the run costs its two list calls and no more, as a run with nothing due always did.
    deps.advance(LONGEST_CALL_MS / 1000 - 60);
    deps.store.calls.length = 0;
    expect(await sweepStaleRequests(deps)).toEqual(NOTHING);
    expect(deps.store.calls.sort()).toEqual(['listBatchesDue', 'listOpenExpiringBefore']);
    expect(refusedEmails(deps)).toEqual([0, 0, 0]);

    deps.advance(120);
    expect(await sweepStaleRequests(deps)).toEqual({ ...NOTHING, refusalsTold: 1 });
    expect(refusedEmails(deps)).toEqual([1, 1, 1]);
    expect(deps.store.requests.get(id)!.refusalNoticesOwed).toBeUndefined();
    // Claimed: the next run, or a Close that runs after all, sends nothing more.
    expect(await sweepStaleRequests(deps)).toEqual(NOTHING);
    expect(await tellOwedRefusal(deps, (await deps.store.getRequest(id))!)).toBe(false);
    expect(refusedEmails(deps)).toEqual([1, 1, 1]);
  });

  it('the answer or the Close sent them: the sweep sends nothing', async () => {
    const deps = world();
    const told = await ask(deps); // no wait hears it: the answer sends them
    await refuse(deps, told.id, BB);
    const { id } = await ask(deps, { billing: BB });
    deps.workflow.hearsRefusals = true;
    await refuse(deps, id, BB);
    // The workflow's Close, run for the refusal it heard.
    await tellOwedRefusal(deps, (await settle(deps, id, { type: 'step_failed', reason: 'Refused' }))!);
    expect(refusedEmails(deps)).toEqual([2, 2, 1]); // Zed, the tech contact, is no party of the billing change

    deps.advance(LONGEST_CALL_MS / 1000 + 60);
    expect(await sweepStaleRequests(deps)).toEqual(NOTHING);
    expect(refusedEmails(deps)).toEqual([2, 2, 1]);
  });

  it('a claim taken between the sweep’s listing and its own claim is skipped quietly', async () => {
    const deps = world();
    const { id } = await ask(deps);
    deps.workflow.hearsRefusals = true;
    await refuse(deps, id, BB);
    deps.advance(LONGEST_CALL_MS / 1000 + 60);
    // A late Close claims and sends them just before the sweep's claim.
    before(deps, 'claimRefusalNotices', async () =>
      tellOwedRefusal(deps, (await deps.store.getRequest(id))!),
    );
    expect(await sweepStaleRequests(deps)).toEqual(NOTHING);
    expect(refusedEmails(deps)).toEqual([1, 1, 1]);
  });
});

describe('a reminder whose write fails', () => {
  it('fails the run, to be retried, rather than passing for a reminder already sent; the next run sends it', async () => {
    const deps = world();
    await ask(deps, { tech: BB });
    deps.advance(13 * DAY_S);
    const unavailable = (call: string) => {
      if (call === 'commit') throw new Error('DynamoDB is unavailable');
    };
    deps.store.faults.push(unavailable);
    await expect(sweepStaleRequests(deps)).rejects.toThrow('DynamoDB is unavailable');
    expect(deps.mailer.to(BB).filter((m) => m.kind === 'reminder')).toEqual([]);

    deps.store.faults.splice(deps.store.faults.indexOf(unavailable), 1);
    expect((await sweepStaleRequests(deps)).reminded).toBeGreaterThan(0);
    expect(deps.mailer.to(BB).filter((m) => m.kind === 'reminder')).toHaveLength(1);
  });
});
