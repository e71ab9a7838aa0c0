// The SES v2 client, built once per process from the configuration.
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { readConfig, type Config } from '../config';

export function createSesClient(config: Pick<Config, 'AWS_REGION' | 'SES_ENDPOINT'>): SESv2Client {
  return new SESv2Client({
    region: config.AWS_REGION,
    // The mailer retries transient failures itself; SDK retries on top would multiply the attempts.
    maxAttempts: 1,
    // Without timeouts a hung connection holds the Lambda until its own timeout; a TimeoutError is retried.
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 10_000 },
    // Locally aws-ses-v2-local only checks that some AWS signature is present.
    ...(config.SES_ENDPOINT
      ? { endpoint: config.SES_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
  });
}

let fromConfig: SESv2Client | undefined;

/** The client of this process, from the validated configuration; Lambda handlers share it across invocations. */
export function sesClient(config: Config = readConfig()): SESv2Client {
  fromConfig ??= createSesClient(config);
  return fromConfig;
}
