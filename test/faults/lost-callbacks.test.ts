// The answer is in the table but Step Functions never hears it: SendTaskSuccess throws or finds no
// wait, or the process dies between the write and the callback. The request must still end, once,
// in a state that matches the contacts: by the API's own fallback, by the workflow's timeout, or by
// the sweep. DynamoDB, SES and the local workflow stay real; only the Workflow port is wrapped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide } from '../../shared/domain/lifecycle';
import { isFinal } from '../../shared/domain/model';
import type { Workflow } from '../../shared/domain/ports';
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

const world = () =>
  stack.seed({
    accounts: { aa: {}, bb: {}, zz: {} },
    services: { web: { contacts: { admin: 'aa', tech: 'zz', billing: 'aa' } } },
  });

/** The stack's deps with a Workflow that does not hear an acceptance, in the given way. */
const withAccepted = (accepted: Workflow['accepted'], extra: Partial<Deps> = {}): Deps => ({
  ...stack.deps,
  workflow: { ...stack.deps.workflow, accepted },
  ...extra,
});
const unreachable: Workflow['accepted'] = async () => {
  throw Object.assign(new Error('connect ETIMEDOUT states.eu-west-1.amazonaws.com'), {
    name: 'TimeoutError',
  });
};
const noLongerWaiting: Workflow['accepted'] = async () => false;

const finalState = (id: string) =>
  eventually(async () => {
    const request = await stack.deps.store.getRequest(id);
    return request && isFinal(request.state) ? request : undefined;
  });

/** One final state, one history entry, contacts that match it, and no execution left behind. */
async function expectEndedOnce(w: Awaited<ReturnType<typeof world>>, id: string, state: 'done' | 'expired') {
  const ended = await finalState(id);
  expect(ended.state).toBe(state);
  const tech = (await stack.deps.store.getService(w.serviceId('web')))?.contacts.tech;
  expect(tech).toBe(state === 'done' ? w.nic('bb') : w.nic('zz'));
  const history = await stack.deps.store.listHistory(w.serviceId('web'), { limit: 10 });
  expect(history.items.map((r) => [r.id, r.state])).toEqual([[id, state]]);
  await eventually(async () => (stack.workflow.running() === 0 ? true : undefined));
}

async function createAndCodes() {
  const w = await world();
  const { requests } = await requestContactChange(stack.deps, w.nic('aa'), w.serviceId('web'), {
    tech: w.nic('bb'),
  });
  const id = requests[0]!.id;
  return {
    w,
    id,
    codeA: await stack.code(w.email('aa'), id),
    codeB: await stack.code(w.email('bb'), id),
    request: requests[0]!,
  };
}

describe('the workflow not hearing an acceptance after the answer was recorded', () => {
  it.each([
    ['throws (Step Functions unreachable)', unreachable],
    ['returns false (the wait is gone)', noLongerWaiting],
  ])('on the last acceptance, it %s: the API applies the change itself', async (_how, accepted) => {
    const { w, id, codeA, codeB } = await createAndCodes();
    await answerChange(stack.deps, { id, code: codeA, decision: 'accept', caller: w.nic('aa') });
    const warnings: string[] = [];
    const answered = await answerChange(withAccepted(accepted, { log: { warn: (m) => warnings.push(m) } }), {
      id,
      code: codeB,
      decision: 'accept',
      caller: w.nic('bb'),
    });
    expect(answered.request.state).toBe('done');
    // The execution still waits on bb's token; ending it is what the sweep does for requests past their window.
    await stack.workflow.stop(id, 'test: the execution that never heard the answer');
    await expectEndedOnce(w, id, 'done');
    await stack.email(w.email('zz'), (e) => /no longer the technical contact/.test(e.subject));
  });

  it('on an earlier acceptance: the last acceptance answers the lost wait again, and the change applies at once', async () => {
    const { w, id, codeA, codeB } = await createAndCodes();
    await answerChange(withAccepted(unreachable, { log: { warn: () => {} } }), {
      id,
      code: codeA,
      decision: 'accept',
      caller: w.nic('aa'),
    });
    await answerChange(stack.deps, { id, code: codeB, decision: 'accept', caller: w.nic('bb') });
    // No sweep and no window passing: the workflow heard both waits answered, and applied.
    await expectEndedOnce(w, id, 'done');
  });
});

describe('a crash between recording an answer and the callback', () => {
  /** Both answers written straight to the table, as by a process that died before SendTaskSuccess. */
  async function recordWithoutCallback(id: string, nics: string[]) {
    for (const nic of nics) {
      const read = (await stack.deps.store.getRequest(id))!;
      await stack.deps.store.commit(decide(read, { type: 'accepted', nic }, new Date().toISOString())!);
    }
  }

  it('the sweep, once the window has passed, applies the fully confirmed request', async () => {
    const { w, id } = await createAndCodes();
    await recordWithoutCallback(id, [w.nic('aa'), w.nic('bb')]);
    expect((await stack.deps.store.getRequest(id))?.state).toBe('applying');

    const report = await sweepStaleRequests({ ...stack.deps, now: () => new Date(Date.now() + 3601_000) });
    expect(report.finished).toBe(1);
    await expectEndedOnce(w, id, 'done');
    await stack.email(w.email('bb'), (e) => /^You are now the technical contact/.test(e.subject));
  });

  it('the workflow timeout ends a half-confirmed request as expired, the recorded answer kept in history', async () => {
    const w = await world();
    const short: Deps = { ...stack.deps, settings: { ...stack.deps.settings, ttlSeconds: 2 } };
    const { requests } = await requestContactChange(short, w.nic('aa'), w.serviceId('web'), {
      tech: w.nic('bb'),
    });
    const id = requests[0]!.id;
    await stack.code(w.email('bb'), id);
    await recordWithoutCallback(id, [w.nic('bb')]);

    await expectEndedOnce(w, id, 'expired'); // by the execution's own timeout, no sweep
    const [entry] = (await stack.deps.store.listHistory(w.serviceId('web'), { limit: 1 })).items;
    expect(entry?.confirmers.map((c) => [c.nic, c.status])).toEqual([
      [w.nic('aa'), 'pending'],
      [w.nic('bb'), 'accepted'],
    ]);
  });

  it('the workflow timeout applies a fully confirmed request whose callbacks were lost', async () => {
    const w = await world();
    const short: Deps = { ...stack.deps, settings: { ...stack.deps.settings, ttlSeconds: 2 } };
    const { requests } = await requestContactChange(short, w.nic('aa'), w.serviceId('web'), {
      tech: w.nic('bb'),
    });
    const id = requests[0]!.id;
    await stack.code(w.email('aa'), id);
    await stack.code(w.email('bb'), id);
    await recordWithoutCallback(id, [w.nic('aa'), w.nic('bb')]);

    await expectEndedOnce(w, id, 'done'); // the Close step finds it applying and finishes the apply
  });
});
