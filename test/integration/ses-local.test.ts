// A code email through the real SES v2 client and the real mailer, into aws-ses-v2-local, and back out
// of its /store: what the acceptance tests and a developer at `npm start` rely on.
import { connect } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSesClient } from '../../shared/adapters/ses-client';
import { createSesMailer } from '../../shared/adapters/ses-mailer';
import type { EmailMessage } from '../../shared/domain/ports';
import { CECILIA, codeMessage, recipient, summary } from '../support/email-fixtures';
import {
  confirmLinkIn,
  emailsTo,
  readMailbox,
  startSesLocal,
  waitForEmail,
  type SesLocal,
} from '../../infra/local/ses-local';
import { ALL_EMAILS } from '../../shared/email/kinds/all';

let ses: SesLocal;
beforeAll(async () => {
  ses = await startSesLocal();
});
afterAll(() => ses?.stop());

function codeEmailTo(address: string, code: string): EmailMessage {
  const request = summary({ id: `req-${randomUUID()}`, roles: ['billing'], to: CECILIA });
  const message = codeMessage(CECILIA, 'fi', [request]);
  return {
    ...message,
    to: { ...recipient(CECILIA, 'fi', address), name: 'Cecilia Côté' },
    asks: [{ ...message.asks![0]!, code, link: `http://localhost:3000/confirm/${request.id}?token=${code}` }],
  };
}

const mailerOn = (client: ReturnType<typeof createSesClient>) =>
  createSesMailer(client, { from: 'contacts@example.com', providerName: 'Example Hosting' });

describe('the local SES', () => {
  it('listens on 127.0.0.1 only, on a port chosen at run time', () => {
    expect(ses.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ses.storeUrl).toBe(`${ses.endpoint}/store`);
  });

  it('receives a code email sent by the mailer, and gives back its parts, code and link', async () => {
    const address = `cc-${randomUUID()}@example.com`;
    const message = codeEmailTo(address, 'Z4X8-QW2M');
    const client = createSesClient({ AWS_REGION: 'eu-west-1', SES_ENDPOINT: ses.endpoint });
    const mailer = mailerOn(client);

    await mailer.send(message, ALL_EMAILS.code);
    client.destroy();

    const [email, ...more] = emailsTo(await readMailbox(ses.endpoint), address);
    expect(more).toHaveLength(0);
    expect(email).toMatchObject({
      from: '"Example Hosting" <contacts@example.com>',
      destination: { to: [address], cc: [], bcc: [] },
      subject: 'Vahvista: sinua pyydetään palvelun example.fi yhteyshenkilöksi – Example Hosting',
    });
    expect(email!.body.text).toContain('Hei Cecilia Côté,');
    expect(email!.body.text!.split('\n')).toContain('Z4X8-QW2M');
    expect(email!.body.html).toContain('<html lang="fi">');
    const [ask] = message.asks!;
    expect(email!.body.html).toContain(`href="${ask!.link}"`);
    expect(confirmLinkIn(email!)).toEqual({ link: ask!.link, requestId: ask!.request.id, code: 'Z4X8-QW2M' });
  });

  it('lets a reader wait for an email that is sent later', async () => {
    const address = `late-${randomUUID()}@example.com`;
    const client = createSesClient({ AWS_REGION: 'eu-west-1', SES_ENDPOINT: ses.endpoint });
    setTimeout(() => void mailerOn(client).send(codeEmailTo(address, 'L8T3'), ALL_EMAILS.code), 200);

    const email = await waitForEmail(ses.endpoint, (e) => e.destination.to.includes(address), {
      timeoutMs: 5_000,
    });
    client.destroy();
    expect(confirmLinkIn(email)?.code).toBe('L8T3');
  });

  it('leaves nothing listening once stopped, even with a client still connected', async () => {
    const other = await startSesLocal();
    const port = Number(new URL(other.endpoint).port);
    const client = createSesClient({ AWS_REGION: 'eu-west-1', SES_ENDPOINT: other.endpoint });
    await mailerOn(client).send(codeEmailTo('kept@example.com', 'K33P'), ALL_EMAILS.code);

    await other.stop();
    client.destroy();
    await other.stop(); // a second stop is harmless

    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => (socket.destroy(), resolve(false)));
      socket.once('error', () => resolve(true));
    });
    expect(refused).toBe(true);
  });
});
