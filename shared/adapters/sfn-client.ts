// The Step Functions client, built once per process from the configuration.
import { SFNClient } from '@aws-sdk/client-sfn';
import { readConfig, type Config } from '../config';

export function createSfnClient(config: Pick<Config, 'AWS_REGION'>): SFNClient {
  return new SFNClient({
    region: config.AWS_REGION,
    // Without timeouts a hung connection holds the Lambda (or an API answer) until its own timeout.
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 10_000 },
  });
}

let fromConfig: SFNClient | undefined;

/** The client of this process; Lambda handlers share it across invocations. */
export function sfnClient(config: Config = readConfig()): SFNClient {
  fromConfig ??= createSfnClient(config);
  return fromConfig;
}
