// The local SES in a child process (the bench's): an email sent through the real client lands in the
// child's store, and stop() ends the child, so nothing listens on its port afterwards.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { createSesClient } from '../../shared/adapters/ses-client';
import { emailsTo, readMailbox, type SesLocal } from '../../infra/local/ses-local';
import { startSesLocalProcess } from '../../infra/local/ses-process';

let ses: SesLocal | undefined;
afterAll(() => ses?.stop());

describe('the local SES in a process of its own', () => {
  it('takes an email, serves it from its store, and is gone once stopped', async () => {
    ses = await startSesLocalProcess();
    expect(ses.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const address = `child-${randomUUID()}@example.com`;
    const client = createSesClient({ AWS_REGION: 'eu-west-1', SES_ENDPOINT: ses.endpoint });
    await client.send(
      new SendEmailCommand({
        FromEmailAddress: 'contacts@example.com',
        Destination: { ToAddresses: [address] },
        Content: { Simple: { Subject: { Data: 'Hello' }, Body: { Text: { Data: 'From the bench' } } } },
      }),
    );
    client.destroy();
    const [email] = emailsTo(await readMailbox(ses.endpoint), address);
    expect(email).toMatchObject({ subject: 'Hello', body: { text: 'From the bench' } });

    await ses.stop();
    await expect(fetch(ses.storeUrl)).rejects.toThrow();
  });
});
