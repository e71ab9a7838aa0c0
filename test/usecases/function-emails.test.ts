// Each function bundles the templates of the kinds of email its entry names, and no others (issue 23).
// A kind it sends but does not name must fail where a test sees it, never be logged as an email that
// could not be sent: these cases hold that, for a notice and for a code email.
import { describe, expect, it } from 'vitest';
import { CODE_EMAILS } from '../../shared/email/kinds/codes';
import { MOVE_EMAILS, WAITING_EMAILS } from '../../shared/email/kinds/moves';
import { ALL_EMAILS } from '../../shared/email/kinds/all';
import { requestContactChange } from '../../shared/usecases/create-change';
import { requestBatchChange } from '../../shared/usecases/create-batch';
import { cancelBatch, resendBatch } from '../../shared/usecases/batch-cancel-resend';
import { templateOf } from '../../shared/usecases/deps';
import { tellReceipt } from '../../shared/usecases/notify';
import { CREATE_BATCH_EMAILS } from '../../functions/http/batches';
import { BATCH_CANCEL_RESEND_EMAILS } from '../../functions/http/batch-cancel-resend';
import { CREATE_CHANGE_EMAILS } from '../../functions/http/contact-changes';
import { servicesForABatch } from '../support/batch-services';
import type { MemoryDeps } from '../support/memory';
import { AA, AINO_ADMIN_ZED_TECH, BB, SERVICE, ZZ, accept, ask, refuse, stateOf, world } from './world';

const kinds = (deps: MemoryDeps, ...nics: string[]) =>
  Object.fromEntries(nics.map((nic) => [nic, deps.mailer.to(nic).map((m) => m.kind)]));

/** A world whose workflow cannot start: every new request ends failed at once (asking.ts). */
function unstartable(): MemoryDeps {
  const deps = world();
  deps.workflow.started = async () => {
    throw new Error('StartExecution: service unavailable');
  };
  return deps;
}

describe('a function sends only the kinds of email its entry names', () => {
  it('finds each kind among the emails it names, and names the one it lacks', () => {
    expect(templateOf({ emails: CODE_EMAILS }, 'code')).toBe(ALL_EMAILS.code);
    expect(() => templateOf({ emails: CODE_EMAILS }, 'done')).toThrow(
      'This function sends "done" emails but its emails do not name them',
    );
  });

  it('a code email it does not name throws from the use case, and nobody is emailed', async () => {
    const deps = { ...world(), emails: MOVE_EMAILS };
    await expect(requestContactChange(deps, AA, SERVICE, { tech: BB })).rejects.toThrow(
      'This function sends "code" emails but its emails do not name them',
    );
    expect(deps.mailer.sent).toEqual([]);
    expect(deps.warnings).toEqual([]);
  });

  it('a notice it does not name throws once the move is written, instead of being logged as unsent', async () => {
    const deps = world();
    const { id } = await ask(deps);
    const before = deps.mailer.sent.length;
    await expect(refuse({ ...deps, emails: CODE_EMAILS }, id, BB)).rejects.toThrow(
      'This function sends "refused" emails but its emails do not name them',
    );
    expect(stateOf(deps, id)).toBe('refused');
    expect(deps.mailer.sent).toHaveLength(before);
    expect(deps.warnings).toEqual([]);
  });
});

// The functions that create requests, a batch's cancel and resend, and the workflow's receipt task
// name only some kinds (their bundles carry no other templates): these are the paths that send the
// most of them.
describe('the emails a function names cover what it sends', () => {
  it('create-change: the codes, and a request failed because its workflow could not start', async () => {
    const deps = unstartable();
    await expect(
      requestContactChange({ ...deps, emails: CREATE_CHANGE_EMAILS }, AA, SERVICE, { tech: BB }),
    ).rejects.toThrow('service unavailable');
    expect(kinds(deps, AA, BB, ZZ)).toEqual({
      [AA]: ['code', 'failed'],
      [BB]: ['code', 'failed'],
      [ZZ]: ['failed'],
    });
  });

  it("create-batch: the batch codes, and its requests failed in the batch's outcome email", async () => {
    const deps = unstartable();
    const services = servicesForABatch(deps, 2, AINO_ADMIN_ZED_TECH);
    await expect(
      requestBatchChange({ ...deps, emails: CREATE_BATCH_EMAILS }, AA, { services, tech: BB }),
    ).rejects.toThrow('service unavailable');
    expect([...deps.store.requests.values()].map((r) => r.state)).toEqual(['failed', 'failed']);
    expect(kinds(deps, AA, BB, ZZ)).toEqual({
      [AA]: ['batch_code', 'batch_outcome'],
      [BB]: ['batch_code', 'batch_outcome'],
      [ZZ]: ['batch_outcome'],
    });
    expect(deps.warnings).toEqual([]);
  });

  it('receipt (functions/workflow/receipt.ts): the "waiting" email of an acceptance', async () => {
    const deps = world();
    const { id } = await ask(deps);
    await accept(deps, id, AA);
    const before = deps.mailer.to(AA).length;
    expect(await tellReceipt({ ...deps, emails: WAITING_EMAILS }, id, AA)).toBe(true);
    expect(
      deps.mailer
        .to(AA)
        .slice(before)
        .map((m) => m.kind),
    ).toEqual(['waiting']);
    expect(deps.warnings).toEqual([]);
  });

  it("cancel-batch and resend-batch: new batch codes, and the cancel in the batch's outcome email", async () => {
    const deps = world();
    const services = servicesForABatch(deps, 2, AINO_ADMIN_ZED_TECH);
    const { batch } = await requestBatchChange({ ...deps, emails: CREATE_BATCH_EMAILS }, AA, {
      services,
      tech: BB,
    });
    const used = { ...deps, emails: BATCH_CANCEL_RESEND_EMAILS };
    await resendBatch(used, AA, batch.id, false);
    await cancelBatch(used, AA, batch.id);
    expect(kinds(deps, AA, BB, ZZ)).toEqual({
      [AA]: ['batch_code', 'batch_code', 'batch_outcome'],
      [BB]: ['batch_code', 'batch_code', 'batch_outcome'],
      [ZZ]: ['batch_outcome'],
    });
    expect(deps.warnings).toEqual([]);
  });
});
