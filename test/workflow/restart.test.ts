// A restart of the local stack with DATA_DIR must not strand open requests: their waits resume with
// what is left of their window, nobody gets a second code, and the emailed codes still work.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { answerChange } from '../../shared/usecases/answer';
import { requestContactChange } from '../../shared/usecases/create-change';
import { eventually, startTestStack, type TestStack } from '../support/stack';

const dataDir = mkdtempSync(join(tmpdir(), 'contacts-data-'));
let stack: TestStack | undefined;
afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

// DATA_DIR is DynamoDB Local's own folder, so this test starts a DynamoDB Local of its own, twice,
// rather than the run's shared one: room for two slow JVM starts on a busy machine.
const TWO_JVM_STARTS_MS = 240_000;

it(
  'an open request survives a restart and completes with the codes emailed before it',
  { timeout: TWO_JVM_STARTS_MS },
  async () => {
    stack = await startTestStack({ dataDir });
    const w = await stack.seed({
      accounts: { aa: {}, bb: {} },
      services: { web: { contacts: { admin: 'aa', tech: 'aa', billing: 'aa' } } },
    });
    const { requests } = await requestContactChange(stack.deps, w.nic('aa'), w.serviceId('web'), {
      tech: w.nic('bb'),
    });
    const id = requests[0]!.id;
    const codeA = await stack.code(w.email('aa'), id);
    const codeB = await stack.code(w.email('bb'), id);
    await answerChange(stack.deps, { id, code: codeA, decision: 'accept', caller: w.nic('aa') });
    await stack.stop();

    stack = await startTestStack({ dataDir });
    expect(stack.resumed).toBe(1);
    expect(stack.workflow.running()).toBe(1);
    await answerChange(stack.deps, { id, code: codeB, decision: 'accept', caller: w.nic('bb') });
    await eventually(async () =>
      (await stack!.deps.store.getRequest(id))?.state === 'done' ? true : undefined,
    );
    expect((await stack.deps.store.getService(w.serviceId('web')))?.contacts.tech).toBe(w.nic('bb'));
    // The in-process mailbox outlives the restart: exactly the one code email from before it.
    const codeEmails = (await stack.emailsTo(w.email('bb'))).filter((e) => /Please confirm/.test(e.subject));
    expect(codeEmails).toHaveLength(1);
  },
);
