// The business metrics of the dashboard (BusinessMetrics port): each counted once, by the writer
// whose decision held, however many callers race to the same end.
import { describe, expect, it } from 'vitest';
import { cancelChange } from '../../shared/usecases/cancel-resend';
import { settle } from '../../shared/usecases/settle';
import { sweepStaleRequests } from '../../shared/usecases/sweep';
import { AA, accept, ask, BB, outcome, refuse, world } from './world';

describe('business metrics', () => {
  it('a request created and applied counts RequestsCreated and RequestsApplied once each', async () => {
    const deps = world();
    const { id } = await ask(deps);
    await accept(deps, id, AA);
    await accept(deps, id, BB);
    await Promise.all([settle(deps, id, { type: 'apply' }), settle(deps, id, { type: 'apply' })]);
    expect(Object.fromEntries(deps.counted)).toEqual({ RequestsCreated: 1, RequestsApplied: 1 });
  });

  it('refused, cancelled and expired requests count each ending once', async () => {
    const deps = world();
    const refused = (await ask(deps)).id;
    await refuse(deps, refused, BB);
    const other = world();
    const cancelled = (await ask(other)).id;
    await Promise.all([
      outcome(cancelChange(other, AA, cancelled)),
      outcome(cancelChange(other, AA, cancelled)),
    ]);
    const third = world();
    await ask(third);
    third.advance(15 * 24 * 3600);
    await Promise.all([sweepStaleRequests(third), sweepStaleRequests(third)]);
    expect(deps.counted.get('RequestsRefused')).toBe(1);
    expect(other.counted.get('RequestsCancelled')).toBe(1);
    expect(third.counted.get('RequestsExpired')).toBe(1);
  });

  it('the fifth wrong code counts AttemptsLocked once', async () => {
    const deps = world();
    const { id } = await ask(deps);
    await Promise.all(Array.from({ length: 8 }, () => outcome(accept(deps, id, BB, 'WRONG'))));
    expect(deps.counted.get('AttemptsLocked')).toBe(1);
  });
});
