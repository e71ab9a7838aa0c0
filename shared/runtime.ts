// The use cases' dependencies in this process. In AWS they are built from the configuration on first
// use and shared across invocations; the local stack and the tests hand in their own with useDeps(),
// so the very same handler functions run everywhere.
import { randomUUID } from 'node:crypto';
import { readConfig } from './config';
import { dynamoClients } from './adapters/dynamo/client';
import { createDynamoStore } from './adapters/dynamo/store';
import { createIdempotencyStore } from './adapters/dynamo/idempotency';
import { createSesMailer } from './adapters/ses-mailer';
import { sesClient } from './adapters/ses-client';
import { createSfnWorkflow } from './adapters/sfn-workflow';
import { sfnClient } from './adapters/sfn-client';
import { logger } from './http/logger';
import type { Deps } from './usecases/deps';

let current: Deps | undefined;

export const useDeps = (deps: Deps): void => {
  current = deps;
};

export const deps = (): Deps => (current ??= awsDeps());

const log: Deps['log'] = { warn: (message, details) => logger.warn(message, { ...details }) };

function awsDeps(): Deps {
  const config = readConfig();
  if (!config.STATE_MACHINE_ARN) throw new Error('Bad configuration: STATE_MACHINE_ARN is required in AWS');
  return {
    store: createDynamoStore(dynamoClients(config).doc, config.TABLE_NAME),
    idempotency: createIdempotencyStore({ doc: dynamoClients(config).doc, name: config.TABLE_NAME }),
    mailer: createSesMailer(sesClient(config), {
      from: config.SENDER_EMAIL,
      panelBaseUrl: config.PUBLIC_BASE_URL,
      configurationSet: config.SES_CONFIGURATION_SET,
      log,
    }),
    workflow: createSfnWorkflow(sfnClient(config), config.STATE_MACHINE_ARN),
    now: () => new Date(),
    newId: randomUUID,
    settings: {
      ttlSeconds: config.CHANGE_REQUEST_TTL_SECONDS,
      reminderBeforeSeconds: config.REMINDER_BEFORE_EXPIRY_SECONDS,
      publicBaseUrl: config.PUBLIC_BASE_URL,
    },
    log,
  };
}
