// Ends that come from time: the one reminder, the expiry by the sweep and by the workflow's own
// timeout, the sweep of a request whose workflow was lost, and the last acceptance racing the end of
// the window. The stack's clock is moved to each moment; nothing sleeps for a window to pass.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerChange } from '../../shared/usecases/answer';
import { requestContactChange } from '../../shared/usecases/create-change';
import { sweepStaleRequests } from '../../shared/usecases/sweep';
import type { Deps } from '../../shared/usecases/deps';
import { isFinal } from '../../shared/domain/model';
import { eventually, sleep, startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => stack?.stop());

/**
 * The stack's dependencies with another validity window, and a clock that may run ahead of the
 * stack's (which tests move rather than wait for a window to pass).
 */
const withWindow = (ttlSeconds: number, reminderBeforeSeconds: number, aheadMs = 0): Deps => ({
  ...stack.deps,
  now: () => new Date(stack.clock.now().getTime() + aheadMs),
  settings: { ...stack.deps.settings, ttlSeconds, reminderBeforeSeconds },
});

const finalState = (id: string) =>
  eventually(async () => {
    const request = await stack.deps.store.getRequest(id);
    return request && isFinal(request.state) ? request : undefined;
  });

const world = () =>
  stack.seed({
    accounts: { aa: {}, bb: { language: 'fi' }, zz: {} },
    services: { web: { contacts: { admin: 'aa', tech: 'zz', billing: 'aa' } } },
  });

describe('time', () => {
  it('nobody answers: one reminder near the end, then expired by the sweep, and everyone is told', async () => {
    const w = await world();
    const deps = withWindow(3600, 3);
    const { requests } = await requestContactChange(deps, w.nic('aa'), w.serviceId('web'), {
      tech: w.nic('bb'),
    });
    const id = requests[0]!.id;
    const expiresAt = Date.parse(requests[0]!.expiresAt);
    const code = await stack.code(w.email('bb'), id);
    stack.clock.set(new Date(expiresAt - 4000)); // before the reminder window (the last 3 s)
    expect(await sweepStaleRequests(deps)).toMatchObject({ reminded: 0, expired: 0 });
    stack.clock.set(new Date(expiresAt - 2500)); // inside it, well before the end
    expect(await sweepStaleRequests(deps)).toMatchObject({ reminded: 2, expired: 0 });
    expect(await sweepStaleRequests(deps)).toMatchObject({ reminded: 0 }); // once only
    const reminder = await stack.email(w.email('bb'), (e) => /Muistutus/.test(e.subject));
    expect(reminder.body.text).not.toContain(code); // no new code; the emailed one stays valid

    stack.clock.set(new Date(expiresAt + 1000));
    expect(await sweepStaleRequests(deps)).toMatchObject({ reminded: 0, expired: 1 });
    const ended = await finalState(id);
    expect(ended.state).toBe('expired');
    expect((await stack.deps.store.getService(w.serviceId('web')))?.contacts.tech).toBe(w.nic('zz'));
    await stack.email(w.email('aa'), (e) => /expired/.test(e.subject));
    await stack.email(w.email('bb'), (e) => /vanheni/.test(e.subject));
    await eventually(async () => (stack.workflow.running() === 0 ? true : undefined));
  });

  // The workflow's wait times out by a real timer (aws-local-stepfunctions has no clock to move): a
  // one-second window, and no assertion on when it ends, only on how.
  it("nobody answers and no sweep runs: the workflow's own timeout expires it, and everyone is told", async () => {
    const w = await world();
    const { requests } = await requestContactChange(withWindow(1, 0), w.nic('aa'), w.serviceId('web'), {
      tech: w.nic('bb'),
    });
    const id = requests[0]!.id;
    const ended = await eventually(async () => {
      const request = await stack.deps.store.getRequest(id);
      return request && isFinal(request.state) ? request : undefined;
    }, 30_000);
    expect(ended.state).toBe('expired');
    expect((await stack.deps.store.getService(w.serviceId('web')))?.contacts.tech).toBe(w.nic('zz'));
    await stack.email(w.email('aa'), (e) => /expired/.test(e.subject));
    await stack.email(w.email('bb'), (e) => /vanheni/.test(e.subject));
  });

  it('a request whose workflow was lost is still ended by the sweep', async () => {
    const w = await world();
    const deps = withWindow(3600, 60);
    const { requests } = await requestContactChange(deps, w.nic('aa'), w.serviceId('web'), {
      tech: w.nic('bb'),
    });
    const id = requests[0]!.id;
    await stack.code(w.email('bb'), id);
    await stack.workflow.stop(id, 'lost, as if the runner had crashed');
    // An hour later, by the sweep's clock.
    const report = await sweepStaleRequests(withWindow(3600, 60, 3601_000));
    expect(report.expired).toBe(1);
    expect((await stack.deps.store.getRequest(id))?.state).toBe('expired');
  });

  // The last acceptance and the end of the window at the same moment, at several offsets: whatever
  // wins, there is exactly one final state, one history entry, and contacts that match it.
  it.each([-40, -10, 0, 10, 40])(
    'last acceptance %i ms around the sweep: one final state',
    async (offsetMs) => {
      const w = await world();
      const deps = withWindow(3600, 1);
      const { requests } = await requestContactChange(deps, w.nic('aa'), w.serviceId('web'), {
        tech: w.nic('bb'),
      });
      const id = requests[0]!.id;
      await answerChange(deps, {
        id,
        code: await stack.code(w.email('aa'), id),
        decision: 'accept',
        caller: w.nic('aa'),
      });
      const lastCode = await stack.code(w.email('bb'), id);
      // 60 ms before the end by the clock; the small waits below only spread the two calls apart.
      stack.clock.set(new Date(Date.parse(requests[0]!.expiresAt) - 60));

      const sweepClockAhead = withWindow(3600, 1, 100); // the sweep already sees the request as expired
      const accept = sleep(Math.max(0, offsetMs)).then(() =>
        answerChange(deps, { id, code: lastCode, decision: 'accept', caller: w.nic('bb') }),
      );
      const sweep = sleep(Math.max(0, -offsetMs)).then(() => sweepStaleRequests(sweepClockAhead));
      await Promise.allSettled([accept, sweep]);

      const ended = await finalState(id);
      expect(['done', 'expired']).toContain(ended.state);
      const tech = (await stack.deps.store.getService(w.serviceId('web')))?.contacts.tech;
      expect(tech).toBe(ended.state === 'done' ? w.nic('bb') : w.nic('zz'));
      await eventually(async () => (stack.workflow.running() === 0 ? true : undefined));
      const history = await stack.deps.store.listHistory(w.serviceId('web'), { limit: 10 });
      expect(history.items.filter((r) => r.id === id).map((r) => r.state)).toEqual([ended.state]);
    },
  );
});
