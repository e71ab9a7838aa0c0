// Every kind of email, to every kind of reader, as the use cases make them over the in-memory ports:
// the catalogue that the language test reads and the browser test screenshots, in either language.
import type { Language } from '../../shared/domain/model';
import type { EmailMessage } from '../../shared/domain/ports';
import { cancelChange, resendCodes } from '../../shared/usecases/cancel-resend';
import { confirmEmailChange, startEmailChange } from '../../shared/usecases/email-change';
import { requestContactChange } from '../../shared/usecases/create-change';
import { recordDeliveryProblem } from '../../shared/usecases/bounces';
import { settle } from '../../shared/usecases/settle';
import { sweepStaleRequests } from '../../shared/usecases/sweep';
import { cancelBatch, resendBatch } from '../../shared/usecases/batch-cancel-resend';
import { requestBatchChange } from '../../shared/usecases/create-batch';
import { AA, accept, ask, BB, refuse, SERVICE, world, ZZ } from '../usecases/world';

export interface EmailSample {
  /** What it is and to whom, as a file name: `done-old-contact`. */
  name: string;
  message: EmailMessage;
}

const DAY = 24 * 3600;

/** Runs `story` in a fresh world and names the emails it sent: `[kind, to] → name`. */
async function story(
  language: Language,
  run: (deps: ReturnType<typeof world>) => Promise<unknown>,
  names: Record<string, string>,
): Promise<EmailSample[]> {
  const deps = world(language);
  await run(deps);
  return Object.entries(names).map(([key, name]) => {
    const [kind, nic] = key.split(' ');
    const message = deps.mailer.sent.findLast((m) => m.kind === kind && m.to.nic === nic);
    if (!message) throw new Error(`No ${kind} email to ${nic} in the story of ${name}`);
    return { name, message };
  });
}

/** A batch of three services of Aino's, Zed their tech: Bob is asked to take tech over. */
async function askBatch(deps: ReturnType<typeof world>) {
  const services = ['aalto-shop.fi', 'aalto-blog.fi', 'aalto-mail.fi'];
  for (const [i, serviceId] of services.entries()) {
    deps.store.services.set(serviceId, {
      serviceId,
      name: ['Aalto Shop', 'Aalto Blog', 'Aalto Mail'][i]!,
      type: 'domain',
      contacts: { admin: AA, tech: ZZ, billing: AA },
    });
  }
  const { batch } = await requestBatchChange(deps, AA, { services, tech: BB });
  const codeOf = (nic: string) => deps.mailer.sent.findLast((m) => m.to.nic === nic)!.batch!.code;
  return { batch, codeOf };
}

/** Aino (AA) is admin and billing of example.fi, Zed (ZZ) its tech; Bob (BB) takes roles over. */
export async function emailSamples(language: Language): Promise<EmailSample[]> {
  const stories = await Promise.all([
    story(language, (deps) => requestContactChange(deps, AA, SERVICE, { tech: BB, billing: ZZ }), {
      [`code ${AA}`]: 'code-asker-two-requests',
      [`code ${BB}`]: 'code-new-contact',
    }),
    story(language, (deps) => requestContactChange(deps, AA, SERVICE, { admin: BB }), {
      [`code ${AA}`]: 'code-asker-admin',
      [`code ${BB}`]: 'code-new-admin',
    }),
    story(language, async (deps) => resendCodes(deps, BB, (await ask(deps)).id, true), {
      [`code ${BB}`]: 'code-resent',
    }),
    story(language, async (deps) => accept(deps, (await ask(deps)).id, AA), {
      [`waiting ${AA}`]: 'waiting',
    }),
    story(
      language,
      async (deps) => {
        const { id } = await ask(deps);
        await accept(deps, id, AA);
        await accept(deps, id, BB);
        await settle(deps, id, { type: 'apply' });
      },
      {
        [`done ${AA}`]: 'done-asker',
        [`done ${BB}`]: 'done-new-contact',
        [`done ${ZZ}`]: 'done-old-contact',
      },
    ),
    story(
      language,
      async (deps) => {
        const { id } = await ask(deps, { tech: AA }); // Aino takes tech over: Zed is only told
        await accept(deps, id, AA);
        await settle(deps, id, { type: 'apply' });
      },
      { [`done ${AA}`]: 'done-takeover', [`done ${ZZ}`]: 'done-old-contact-taken-over' },
    ),
    story(language, async (deps) => refuse(deps, (await ask(deps)).id, BB), {
      [`refused ${BB}`]: 'refused-refuser',
      [`refused ${AA}`]: 'refused-asker',
      [`refused ${ZZ}`]: 'refused-old-contact',
    }),
    story(
      language,
      async (deps) => {
        const { id } = await ask(deps);
        await accept(deps, id, AA);
        deps.advance(12 * DAY + 1);
        await sweepStaleRequests(deps);
        deps.advance(2 * DAY);
        await sweepStaleRequests(deps);
      },
      {
        [`reminder ${BB}`]: 'reminder',
        [`expired ${AA}`]: 'expired-asker',
        [`expired ${BB}`]: 'expired-unanswered',
        [`expired ${ZZ}`]: 'expired-old-contact',
      },
    ),
    story(
      language,
      async (deps) => {
        await ask(deps);
        const bob = deps.store.accounts.get(BB)!;
        // SES reports Bob's code email as a permanent bounce: Aino, who asked, is told.
        await recordDeliveryProblem(deps, {
          type: 'bounce',
          bounceType: 'Permanent',
          recipients: [bob.email],
          sentAt: deps.now().toISOString(),
          nic: BB,
          kind: 'code',
        });
      },
      { [`code_bounced ${AA}`]: 'code-bounced' },
    ),
    story(language, async (deps) => cancelChange(deps, AA, (await ask(deps)).id), {
      [`cancelled ${AA}`]: 'cancelled-asker',
      [`cancelled ${BB}`]: 'cancelled-new-contact',
      [`cancelled ${ZZ}`]: 'cancelled-old-contact',
    }),
    story(
      language,
      async (deps) => {
        const { id } = await ask(deps);
        await accept(deps, id, AA);
        await accept(deps, id, BB);
        deps.store.services.get(SERVICE)!.contacts.tech = AA; // moved by hand meanwhile
        await settle(deps, id, { type: 'apply' });
      },
      { [`failed ${BB}`]: 'failed-contacts-moved' },
    ),
    story(
      language,
      async (deps) => {
        const { id } = await ask(deps, { billing: BB });
        await accept(deps, id, AA);
        deps.store.accounts.get(BB)!.unpaidInvoices = 1;
        await accept(deps, id, BB);
        await settle(deps, id, { type: 'apply' });
      },
      { [`failed ${AA}`]: 'failed-unpaid-invoices', [`failed ${BB}`]: 'failed-unpaid-invoices-owner' },
    ),
    story(
      language,
      async (deps) => {
        const { id } = await ask(deps);
        await accept(deps, id, AA);
        await accept(deps, id, BB);
        deps.store.services.get(SERVICE)!.contacts.admin = ZZ; // Aino is no longer admin
        await settle(deps, id, { type: 'apply' });
      },
      { [`failed ${BB}`]: 'failed-authority-lost' },
    ),
    story(
      language,
      async (deps) => settle(deps, (await ask(deps)).id, { type: 'step_failed', reason: 'Lambda timed out' }),
      { [`failed ${AA}`]: 'failed-fault' },
    ),
    story(language, askBatch, {
      [`batch_code ${AA}`]: 'batch-code-asker',
      [`batch_code ${BB}`]: 'batch-code-new-contact',
    }),
    story(language, async (deps) => resendBatch(deps, BB, (await askBatch(deps)).batch.id, true), {
      [`batch_code ${BB}`]: 'batch-code-resent',
    }),
    story(
      language,
      async (deps) => {
        const { batch, codeOf } = await askBatch(deps);
        const [shop, blog, mail] = batch.requests.map((r) => r.id);
        await accept(deps, shop!, AA, codeOf(AA));
        await accept(deps, shop!, BB, codeOf(BB));
        await settle(deps, shop!, { type: 'apply' });
        await refuse(deps, blog!, BB, codeOf(BB));
        await settle(deps, mail!, { type: 'window_passed' });
      },
      {
        [`batch_outcome ${AA}`]: 'batch-outcome-asker',
        [`batch_outcome ${BB}`]: 'batch-outcome-new-contact',
      },
    ),
    story(
      language,
      async (deps) => {
        const { batch, codeOf } = await askBatch(deps);
        for (const { id } of batch.requests) {
          await accept(deps, id, AA, codeOf(AA));
          await accept(deps, id, BB, codeOf(BB));
          await settle(deps, id, { type: 'apply' });
        }
      },
      { [`batch_outcome ${ZZ}`]: 'batch-outcome-done-old-contact' },
    ),
    story(
      language,
      async (deps) => {
        await askBatch(deps);
        deps.advance(12 * DAY + 1);
        await sweepStaleRequests(deps);
      },
      { [`batch_reminder ${BB}`]: 'batch-reminder' },
    ),
    story(
      language,
      async (deps) => {
        await askBatch(deps);
        // SES reports Bob's batch code email as a permanent bounce: Aino hears once for the batch.
        await recordDeliveryProblem(deps, {
          type: 'bounce',
          bounceType: 'Permanent',
          recipients: [deps.store.accounts.get(BB)!.email],
          sentAt: deps.now().toISOString(),
          nic: BB,
          kind: 'batch_code',
        });
      },
      { [`batch_code_bounced ${AA}`]: 'batch-code-bounced' },
    ),
    story(language, async (deps) => cancelBatch(deps, AA, (await askBatch(deps)).batch.id), {
      [`batch_outcome ${BB}`]: 'batch-cancelled-new-contact',
    }),
    story(language, (deps) => startEmailChange(deps, AA, 'aino.new@example.com'), {
      [`email_change_code ${AA}`]: 'email-change-code',
      [`email_change_started ${AA}`]: 'email-change-started',
    }),
    story(
      language,
      async (deps) => {
        await startEmailChange(deps, AA, 'aino.new@example.com');
        const code = deps.mailer.sent.findLast((m) => m.kind === 'email_change_code')?.code ?? '';
        await confirmEmailChange(deps, AA, code);
      },
      { [`email_changed ${AA}`]: 'email-changed' },
    ),
  ]);
  return stories.flat();
}
