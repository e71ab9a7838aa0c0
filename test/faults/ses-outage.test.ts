// SES refusing the first tries (throttling): the real SES client, wrapped by a middleware that fails
// the first attempts for one address, under the real mailer's retries. DynamoDB and the workflow
// stay real. The code email must still arrive, once, and its code must work. A batch's outcome email
// that fails through every retry is sent again by the sweep, once, into the local SES mailbox.
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSesClient } from '../../shared/adapters/ses-client';
import { createSesMailer } from '../../shared/adapters/ses-mailer';
import { askTask, useRuntime } from '../../shared/runtime';
import { LONGEST_CALL_MS } from '../../shared/domain/batch';
import { answerChange } from '../../shared/usecases/answer';
import { cancelBatch } from '../../shared/usecases/batch-cancel-resend';
import { requestBatchChange } from '../../shared/usecases/create-batch';
import { sweepStaleRequests } from '../../shared/usecases/sweep';
import { requestContactChange } from '../../shared/usecases/create-change';
import type { Deps } from '../../shared/usecases/deps';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
let deps: Deps;
/** Addresses whose next sends fail, and how many times they did. */
const failNext = new Map<string, number>();
const failures: string[] = [];
/** What the use cases and the workflow's tasks warned of. */
const warnings: string[] = [];

/** Throttles the first sends to an address as SES does (429 TooManyRequestsException), then lets them through. */
function throttleFirstTries(client: SESv2Client) {
  client.middlewareStack.add(
    (next) => async (args) => {
      const to =
        (args.input as { Destination?: { ToAddresses?: string[] } }).Destination?.ToAddresses?.[0] ?? '';
      const left = failNext.get(to) ?? 0;
      if (left > 0) {
        failNext.set(to, left - 1);
        failures.push(to);
        throw Object.assign(new Error('Maximum sending rate exceeded.'), {
          name: 'TooManyRequestsException',
          $metadata: { httpStatusCode: 429 },
        });
      }
      return next(args);
    },
    { step: 'initialize', name: 'throttleFirstTries' },
  );
}

beforeAll(async () => {
  stack = await startTestStack({ ttlSeconds: 3600 });
  const ses = createSesClient({ AWS_REGION: 'eu-west-1', SES_ENDPOINT: stack.sesEndpoint });
  throttleFirstTries(ses);
  deps = {
    ...stack.deps,
    mailer: createSesMailer(ses, {
      from: 'contacts@example.com',
      providerName: 'Example Hosting',
      retry: { attempts: 4, baseDelayMs: 20, maxDelayMs: 100 },
    }),
    log: { warn: (message) => warnings.push(message) },
  };
  // The workflow's ask task sends the code emails; it reads its deps from here.
  useRuntime({ deps, askTask: askTask() });
});
afterAll(async () => stack?.stop());

describe('SES failing on the first tries', () => {
  it('the code email still arrives once, after retries, and its code works', async () => {
    const w = await stack.seed({
      accounts: { aa: {}, bb: {}, zz: {} },
      services: { web: { contacts: { admin: 'aa', tech: 'zz', billing: 'aa' } } },
    });
    failNext.set(w.email('bb'), 3); // the mailer's fourth and last attempt goes through

    const { requests } = await requestContactChange(deps, w.nic('aa'), w.serviceId('web'), {
      tech: w.nic('bb'),
    });
    const id = requests[0]!.id;
    const code = await stack.code(w.email('bb'), id);

    expect(failures.filter((to) => to === w.email('bb'))).toHaveLength(3);
    const codeEmails = (await stack.emailsTo(w.email('bb'))).filter((e) =>
      e.body.text?.includes(`/confirm/${id}?token=`),
    );
    expect(codeEmails).toHaveLength(1);
    const answered = await answerChange(deps, { id, code: code, decision: 'accept', caller: w.nic('bb') });
    expect(answered.request.confirmers.find((c) => c.nic === w.nic('bb'))?.status).toBe('accepted');
  });

  it('a notice that still fails after every retry is logged, and the state change it reports stands', async () => {
    const w = await stack.seed({
      accounts: { aa: {}, bb: {}, zz: {} },
      services: { web: { contacts: { admin: 'aa', tech: 'zz', billing: 'aa' } } },
    });
    const { requests } = await requestContactChange(deps, w.nic('aa'), w.serviceId('web'), {
      tech: w.nic('bb'),
    });
    const id = requests[0]!.id;
    const code = await stack.code(w.email('bb'), id);
    await stack.code(w.email('aa'), id); // both asks are done before the outage begins
    failNext.set(w.email('aa'), 4); // every attempt of the "refused" notice to aa fails
    warnings.length = 0;
    const refused = await answerChange(deps, { id, code: code, decision: 'refuse', caller: w.nic('bb') });
    expect(refused.request.state).toBe('refused');
    // The workflow heard the refusal: its Close step sends the notices, with the runtime's deps.
    await stack.workflow.finished(id);
    expect((await stack.deps.store.getRequest(id))?.state).toBe('refused');
    expect(failures.filter((to) => to === w.email('aa'))).toHaveLength(4);
    expect(warnings).toContain('A notice could not be sent');
    await stack.email(w.email('bb'), (e) => /^You refused the contact change/.test(e.subject));
  });
});

describe('SES failing through every retry of a batch outcome email', () => {
  it('the sweep sends it once no one can still be sending it, and it arrives once', async () => {
    const w = await stack.seed({
      accounts: { aa: {}, bb: {}, zz: {} },
      services: Object.fromEntries(
        ['one', 'two', 'three'].map((s) => [s, { contacts: { admin: 'aa', tech: 'zz', billing: 'aa' } }]),
      ),
    });
    const services = ['one', 'two', 'three'].map(w.serviceId);
    const { batch } = await requestBatchChange(deps, w.nic('aa'), { services, tech: w.nic('bb') });
    failNext.set(w.email('bb'), 4); // every attempt of the mailer fails
    await cancelBatch(deps, w.nic('aa'), batch.id);
    const outcomes = async (name: string) =>
      (await stack.emailsTo(w.email(name))).filter((e) => e.subject.includes('was cancelled'));
    expect(await outcomes('aa')).toHaveLength(1);
    expect(await outcomes('bb')).toEqual([]);
    expect(failNext.get(w.email('bb'))).toBe(0);

    stack.clock.advance(LONGEST_CALL_MS + 60_000);
    expect((await sweepStaleRequests(deps)).outcomesResent).toBe(1);
    const [told, ...more] = await outcomes('bb');
    expect(more).toEqual([]);
    for (const serviceId of services) expect(told!.body.text).toContain(serviceId);
    expect(await outcomes('aa')).toHaveLength(1);
  });
});
