// Many callers at the same moment, against DynamoDB Local: conditional writes decide, so exactly one
// wins and every other caller gets a domain error it can show (never an internal error). The last
// acceptance racing the expiry at several offsets is test/workflow/expiry-and-races.test.ts; here it
// races several overlapping sweeps at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../shared/domain/errors';
import { isFinal } from '../../shared/domain/model';
import { answerChange } from '../../shared/usecases/answer';
import { requestContactChange } from '../../shared/usecases/create-change';
import type { Deps } from '../../shared/usecases/deps';
import { sweepStaleRequests } from '../../shared/usecases/sweep';
import { eventually, startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ ttlSeconds: 3600 });
});
afterAll(async () => stack?.stop());

const N = 20;

/** The domain codes of the rejections; anything that is not a DomainError shows as its name. */
const outcomes = (results: PromiseSettledResult<unknown>[]) => ({
  succeeded: results.filter((r) => r.status === 'fulfilled').length,
  errors: results.flatMap((r) =>
    r.status === 'rejected'
      ? [r.reason instanceof DomainError ? r.reason.code : `NOT A DOMAIN ERROR: ${String(r.reason)}`]
      : [],
  ),
});

const world = () =>
  stack.seed({
    accounts: { aa: {}, bb: {}, cc: {}, zz: {}, yy: {} },
    services: { web: { contacts: { admin: 'aa', tech: 'zz', billing: 'yy' } } },
  });

const finalState = (id: string) =>
  eventually(async () => {
    const request = await stack.deps.store.getRequest(id);
    return request && isFinal(request.state) ? request : undefined;
  });

describe('concurrent callers', () => {
  it(`${N} accepts with one code at once over the API: one is recorded, the others are told it is answered`, async () => {
    const w = await world();
    const { requests } = await requestContactChange(stack.deps, w.nic('aa'), w.serviceId('web'), {
      tech: w.nic('bb'),
    });
    const id = requests[0]!.id;
    const code = await stack.code(w.email('aa'), id);

    const results = await Promise.allSettled(
      Array.from({ length: N }, () =>
        answerChange(stack.deps, { id, code: code, decision: 'accept', caller: w.nic('aa') }),
      ),
    );
    const { succeeded, errors } = outcomes(results);
    expect(succeeded).toBe(1);
    expect(errors).toHaveLength(N - 1);
    for (const error of errors) expect(['already_answered', 'request_closed']).toContain(error);

    const request = await stack.deps.store.getRequest(id);
    expect(request?.state).toBe('awaiting_confirmation');
    expect(request?.confirmers.map((c) => c.status)).toEqual(['accepted', 'pending']);
    // The winner's word alone carried the receipt (that bb is still to confirm): aa's wait heard it,
    // and the workflow sends it after the answers returned. Once the execution is over, every receipt
    // it could send has been sent: still the one.
    await stack.email(w.email('aa'), (e) => /now waits for others/.test(e.subject));
    const codeB = await stack.code(w.email('bb'), id);
    await answerChange(stack.deps, { id, code: codeB, decision: 'accept', caller: w.nic('bb') });
    expect((await finalState(id)).state).toBe('done');
    await stack.workflow.finished(id);
    const waiting = (await stack.emailsTo(w.email('aa'))).filter((e) =>
      /now waits for others/.test(e.subject),
    );
    expect(waiting).toHaveLength(1);
  });

  it(`${N} accepts with one code at once from the confirm page: one is recorded, the others find the code used`, async () => {
    const w = await world();
    const { requests } = await requestContactChange(stack.deps, w.nic('aa'), w.serviceId('web'), {
      tech: w.nic('bb'),
    });
    const id = requests[0]!.id;
    const code = await stack.code(w.email('bb'), id);

    const results = await Promise.allSettled(
      Array.from({ length: N }, () => answerChange(stack.deps, { id, code: code, decision: 'accept' })),
    );
    const { succeeded, errors } = outcomes(results);
    expect(succeeded).toBe(1);
    for (const error of errors)
      expect(['invalid_token', 'already_answered', 'request_closed']).toContain(error);
    expect((await stack.deps.store.getRequest(id))?.confirmers.map((c) => c.status)).toEqual([
      'pending',
      'accepted',
    ]);
  });

  it(`${N} creates for one service and role at once: exactly one request is open, the others are change_pending`, async () => {
    const w = await world();
    const results = await Promise.allSettled(
      Array.from({ length: N }, () =>
        requestContactChange(stack.deps, w.nic('aa'), w.serviceId('web'), { tech: w.nic('bb') }),
      ),
    );
    const { succeeded, errors } = outcomes(results);
    expect(succeeded).toBe(1);
    expect(errors).toEqual(Array.from({ length: N - 1 }, () => 'change_pending'));

    const open = await stack.deps.store.listOpenExpiringBefore('9999', { limit: 100 });
    expect(open.items.filter((r) => r.serviceId === w.serviceId('web'))).toHaveLength(1);
    const mine = await stack.deps.store.listRequestsOf(w.nic('aa'), { limit: 100 });
    expect(mine.items).toHaveLength(1);
  });

  it('two requests for different roles of one service, last acceptances at once: both applied, history complete', async () => {
    const w = await world();
    const created = await requestContactChange(stack.deps, w.nic('aa'), w.serviceId('web'), {
      tech: w.nic('bb'),
      billing: w.nic('cc'),
    });
    expect(created.requests).toHaveLength(2); // different new contacts: one request per role
    const [tech, billing] = created.requests.map((r) => r.id) as [string, string];
    // aa confirms both; bb and cc then accept at the same moment, and both applies race on the service.
    for (const id of [tech, billing]) {
      await answerChange(stack.deps, {
        id,
        code: await stack.code(w.email('aa'), id),
        decision: 'accept',
        caller: w.nic('aa'),
      });
    }
    const codeB = await stack.code(w.email('bb'), tech);
    const codeC = await stack.code(w.email('cc'), billing);
    await Promise.all([
      answerChange(stack.deps, { id: tech, code: codeB, decision: 'accept', caller: w.nic('bb') }),
      answerChange(stack.deps, { id: billing, code: codeC, decision: 'accept', caller: w.nic('cc') }),
    ]);

    expect((await finalState(tech)).state).toBe('done');
    expect((await finalState(billing)).state).toBe('done');
    expect((await stack.deps.store.getService(w.serviceId('web')))?.contacts).toEqual({
      admin: w.nic('aa'),
      tech: w.nic('bb'),
      billing: w.nic('cc'),
    });
    const history = await stack.deps.store.listHistory(w.serviceId('web'), { limit: 10 });
    expect(history.items.map((r) => r.id).sort()).toEqual([tech, billing].sort());
    // Every account's "my services" row agrees with the service: the old contacts have none left.
    const rolesOf = async (name: string) =>
      (await stack.deps.store.listServicesOf(w.nic(name), { limit: 10 })).items.map((s) => s.contacts);
    expect(await rolesOf('bb')).toEqual([{ admin: w.nic('aa'), tech: w.nic('bb'), billing: w.nic('cc') }]);
    expect(await rolesOf('cc')).toHaveLength(1);
    expect(await rolesOf('zz')).toEqual([]);
    expect(await rolesOf('yy')).toEqual([]);
  });

  it('the last acceptance against three overlapping sweeps at the end of the window: one final state', async () => {
    const w = await world();
    const deps = stack.deps;
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
    // The clock, not a wait: 30 ms before the end, with sweeps 100 ms ahead that see it expired.
    stack.clock.set(new Date(Date.parse(requests[0]!.expiresAt) - 30));
    const ahead: Deps = { ...deps, now: () => new Date(stack.clock.now().getTime() + 100) };

    await Promise.allSettled([
      answerChange(deps, { id, code: lastCode, decision: 'accept', caller: w.nic('bb') }),
      sweepStaleRequests(ahead),
      sweepStaleRequests(ahead),
      sweepStaleRequests(ahead),
    ]);

    const ended = await finalState(id);
    expect(['done', 'expired']).toContain(ended.state);
    const contacts = (await stack.deps.store.getService(w.serviceId('web')))?.contacts;
    expect(contacts?.tech).toBe(ended.state === 'done' ? w.nic('bb') : w.nic('zz'));
    const history = await stack.deps.store.listHistory(w.serviceId('web'), { limit: 10 });
    expect(history.items.map((r) => [r.id, r.state])).toEqual([[id, ended.state]]);
  });
});
