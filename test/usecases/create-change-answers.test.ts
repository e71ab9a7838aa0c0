// What the asker is told when asking for a change, and what becomes of a code email that fails at
// once: the request stands, and the workflow's ask step sends a new code.
import { describe, expect, it } from 'vitest';
import { StaleWriteError } from '../../shared/domain/ports';
import { askConfirmer } from '../../shared/usecases/ask-confirmer';
import { requestContactChange } from '../../shared/usecases/create-change';
import type { MemoryDeps } from '../support/memory';
import { AA, BB, SERVICE, accept, world } from './world';

/** The first `failures` code emails to `nic` fail. */
function refuseCodesTo(deps: MemoryDeps, nic: string, failures = 1) {
  const send = deps.mailer.send.bind(deps.mailer);
  deps.mailer.send = async (message, template) => {
    if (message.kind === 'code' && message.to.nic === nic && failures-- > 0) {
      throw new Error('SES refused the email');
    }
    return send(message, template);
  };
}

/** The next commit fails with `error`; the ones after it go through. */
function failNextCommit(deps: MemoryDeps, error: Error) {
  let failed = false;
  deps.store.faults.push((call) => {
    if (call !== 'commit' || failed) return;
    failed = true;
    throw error;
  });
}

describe('asking for a change', () => {
  it('tells the asker who was emailed a code, each person once across the requests', async () => {
    const deps = world();
    const { requests, message } = await requestContactChange(deps, AA, SERVICE, { tech: BB, billing: BB });
    const emailed = [...new Set(requests.flatMap((r) => r.confirmations.map((c) => c.nic)))];
    expect(emailed).toEqual(expect.arrayContaining([AA, BB]));
    for (const nic of emailed) expect(message.split(nic)).toHaveLength(2);
    expect(message).toMatch(/^Your request is registered\. An email with a confirmation code was sent to /);
  });
});

describe('a code email that fails as the request is made', () => {
  it('leaves the request standing when marking it unsent loses a race to another writer', async () => {
    const deps = world();
    refuseCodesTo(deps, BB);
    failNextCommit(deps, new StaleWriteError('Another writer was first'));
    const { requests } = await requestContactChange(deps, AA, SERVICE, { tech: BB });
    expect(deps.mailer.to(BB).filter((m) => m.kind === 'code')).toEqual([]);
    expect((await deps.store.getRequest(requests[0]!.id))?.state).toBe('awaiting_confirmation');
  });

  it('is marked unsent, so that the ask step sends a new code', async () => {
    const deps = world();
    refuseCodesTo(deps, BB);
    const { requests } = await requestContactChange(deps, AA, SERVICE, { tech: BB });
    const id = requests[0]!.id;
    await askConfirmer(deps, id, BB);
    expect(deps.mailer.to(BB).filter((m) => m.kind === 'code')).toHaveLength(1);
    await accept(deps, id, BB);
    expect((await deps.store.getRequest(id))?.confirmers.find((c) => c.nic === BB)?.status).toBe('accepted');
  });

  it('fails the call when the store cannot mark it unsent, rather than passing for a lost race', async () => {
    const deps = world();
    refuseCodesTo(deps, BB);
    failNextCommit(deps, new Error('DynamoDB is unavailable'));
    await expect(requestContactChange(deps, AA, SERVICE, { tech: BB })).rejects.toThrow(
      'DynamoDB is unavailable',
    );
  });
});
