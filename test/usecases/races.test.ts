// The races of test/concurrency, each interleaving made certain: one call runs to its end just
// before the other's write lands. Every race ends in one state DESIGN.md allows, with an API code.
import { describe, expect, it } from 'vitest';
import { askConfirmer } from '../../shared/usecases/ask-confirmer';
import { cancelChange, resendCodes } from '../../shared/usecases/cancel-resend';
import { once } from '../../shared/usecases/idempotency';
import { requestContactChange } from '../../shared/usecases/create-change';
import { settle } from '../../shared/usecases/settle';
import { sweepStaleRequests } from '../../shared/usecases/sweep';
import { AA, accept, ask, BB, before, emails, outcome, SERVICE, stateOf, world, ZZ } from './world';

const DAY = 24 * 3600;

describe('answer against answer', () => {
  it('two confirmers accepting at once: the second to write sees it is the last, and the request applies', async () => {
    const deps = world();
    const { id } = await ask(deps);
    before(deps, 'commit', () => accept(deps, id, BB));
    await accept(deps, id, AA);
    expect(stateOf(deps, id)).toBe('applying');
  });

  it('the same confirmer twice at once: one answer, the other already_answered', async () => {
    const deps = world();
    const { id } = await ask(deps);
    const results = await Promise.all([outcome(accept(deps, id, BB)), outcome(accept(deps, id, BB))]);
    expect(results.sort()).toEqual(['already_answered', 'ok']);
  });

  it('a wrong code and the right one at once: both answer with a code, the right one is recorded', async () => {
    const deps = world();
    const { id } = await ask(deps);
    before(deps, 'commit', () => accept(deps, id, BB));
    expect(await outcome(accept(deps, id, BB, 'WRONG-CODE'))).toBe('already_answered');
    expect(deps.store.requests.get(id)?.confirmers[1]).toMatchObject({ status: 'accepted', attempts: 0 });
  });
});

describe('answer against the end of the request', () => {
  it('cancel lands just before the last acceptance: the acceptance is request_closed', async () => {
    const deps = world();
    const { id } = await ask(deps);
    await accept(deps, id, AA);
    before(deps, 'commit', () => cancelChange(deps, AA, id));
    expect(await outcome(accept(deps, id, BB))).toBe('request_closed');
    expect(stateOf(deps, id)).toBe('cancelled');
  });

  it('the last acceptance lands just before the cancel: the cancel is request_closed', async () => {
    const deps = world();
    const { id } = await ask(deps);
    await accept(deps, id, AA);
    before(deps, 'commit', () => accept(deps, id, BB));
    expect(await outcome(cancelChange(deps, AA, id))).toBe('request_closed');
    expect(stateOf(deps, id)).toBe('applying');
  });

  it('the expiry lands just before the last acceptance: expired, and the answer is request_closed', async () => {
    const deps = world();
    const { id } = await ask(deps);
    await accept(deps, id, AA);
    before(deps, 'commit', async () => {
      const late = { ...deps, now: () => new Date(deps.now().getTime() + 14 * DAY * 1000) };
      await sweepStaleRequests(late);
    });
    expect(await outcome(accept(deps, id, BB))).toBe('request_closed');
    expect(stateOf(deps, id)).toBe('expired');
  });

  it('the last acceptance lands just before the expiry: the sweep applies it instead', async () => {
    const deps = world();
    const { id } = await ask(deps);
    await accept(deps, id, AA);
    deps.advance(14 * DAY - 1);
    const inTime = { ...deps, now: deps.now() };
    before(deps, 'commit', () => accept({ ...deps, now: () => inTime.now }, id, BB));
    deps.advance(2);
    // The sweep read the request awaiting; its expiry is stale, and its second look finds it applying.
    expect(await sweepStaleRequests(deps)).toMatchObject({ expired: 0, finished: 1 });
    expect(stateOf(deps, id)).toBe('done');
  });

  it('resend against cancel: the resend is request_closed, never a server error, and no code goes out', async () => {
    const deps = world();
    const { id } = await ask(deps);
    const codesBefore = emails(deps, BB, 'code').length;
    before(deps, 'commit', () => cancelChange(deps, AA, id));
    expect(await outcome(resendCodes(deps, BB, id, true))).toBe('request_closed');
    expect(emails(deps, BB, 'code')).toHaveLength(codesBefore);
    expect(stateOf(deps, id)).toBe('cancelled');
  });

  it('a request that ended before its wait began: the ask ends the wait and sends nothing', async () => {
    const deps = world();
    const { requests } = await requestContactChange(deps, AA, SERVICE, { tech: BB });
    const id = requests[0]!.id;
    await cancelChange(deps, AA, id);
    const sent = deps.mailer.sent.length;
    expect(await askConfirmer(deps, id, BB)).toBe('ended');
    expect(deps.mailer.sent).toHaveLength(sent);
  });
});

describe('writers that meet on the service or the schedule', () => {
  it('two roles applied at once: both changes land, neither overwrites the other', async () => {
    const deps = world();
    const { ids } = await ask(deps, { tech: BB, billing: ZZ });
    for (const id of ids) {
      const request = deps.store.requests.get(id)!;
      for (const c of request.confirmers) await accept(deps, id, c.nic);
    }
    const ended = await Promise.all(ids.map((id) => settle(deps, id, { type: 'apply' })));
    expect(ended.map((r) => r?.state)).toEqual(['done', 'done']);
    expect(deps.store.services.get(SERVICE)?.contacts).toEqual({ admin: AA, tech: BB, billing: ZZ });
  });

  it('overlapping sweeps send the one reminder once', async () => {
    const deps = world();
    const { id } = await ask(deps);
    deps.advance(12 * DAY + 1);
    const reports = await Promise.all([sweepStaleRequests(deps), sweepStaleRequests(deps)]);
    expect(reports.reduce((sum, r) => sum + r.reminded, 0)).toBe(2);
    expect(emails(deps, AA, 'reminder')).toHaveLength(1);
    expect(emails(deps, BB, 'reminder')).toHaveLength(1);
    expect(stateOf(deps, id)).toBe('awaiting_confirmation');
  });

  it('two creates with one Idempotency-Key at once: one request, the other told it is still running', async () => {
    const deps = world();
    const create = () =>
      once(
        deps,
        AA,
        'key-1',
        { tech: BB },
        () => requestContactChange(deps, AA, SERVICE, { tech: BB }),
        new Date(deps.now().getTime() + 25_000),
      );
    const results = await Promise.all([outcome(create()), outcome(create())]);
    expect(results.sort()).toEqual(['change_pending', 'ok']);
    expect(deps.store.requests.size).toBe(1);
  });
});
