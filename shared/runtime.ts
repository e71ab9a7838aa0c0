// What the handlers run with in this process. In AWS it is built from the configuration on first use
// and shared across invocations; the local stack and the tests hand in their own with useRuntime(),
// so the very same handler functions run everywhere. Each handler names the emails it sends
// (`deps(EMAILS)`), here and locally alike, so that a kind its entry does not bundle fails in tests.
import { randomUUID } from 'node:crypto';
import { rateLimitsOf, readConfig } from './config';
import { dynamoClients } from './adapters/dynamo/client';
import { createDynamoStore } from './adapters/dynamo/store';
import { createIdempotencyStore } from './adapters/dynamo/idempotency';
import { createLeases } from './adapters/dynamo/leases';
import { createRateLimiter } from './adapters/dynamo/rate-limiter';
import { createTaskTokens } from './adapters/dynamo/task-tokens';
import { createSesMailer } from './adapters/ses-mailer';
import { logSlowCalls } from './adapters/slow-calls';
import { sesClient } from './adapters/ses-client';
import { createSfnEngine } from './adapters/sfn-engine';
import { sfnClient } from './adapters/sfn-client';
import { createAskTask, createTaskTokenWorkflow, type AskTask } from './adapters/task-token-workflow';
import { logger } from './http/logger';
import { emfMetrics } from './telemetry';
import type { Emails } from './domain/ports';
import type { Deps } from './usecases/deps';

export interface Runtime {
  /** What the use cases are given, but the emails: each handler names its own. */
  deps: Omit<Deps, 'emails'>;
  /** The state machine's ask task, which alone handles its task token. */
  askTask: AskTask;
}

let current: Runtime | undefined;

export const useRuntime = (runtime: Runtime): void => {
  current = runtime;
};

const runtime = (): Runtime => (current ??= awsRuntime());
/** What a use case is given, sending `emails` (the kinds its function's entry imports) and no others. */
export const deps = (emails: Emails = {}): Deps => ({ ...runtime().deps, emails });
export const askTask = (): AskTask => runtime().askTask;

const log: Deps['log'] = { warn: (message, details) => logger.warn(message, { ...details }) };

function awsRuntime(): Runtime {
  const config = readConfig();
  if (!config.STATE_MACHINE_ARN) throw new Error('Bad configuration: STATE_MACHINE_ARN is required in AWS');
  const clients = dynamoClients(config);
  // The document client shares the client's middleware stack.
  for (const client of [clients.client, sesClient(config), sfnClient(config)]) logSlowCalls(client, log.warn);
  const table = { doc: clients.doc, name: config.TABLE_NAME };
  const engine = createSfnEngine(sfnClient(config), config.STATE_MACHINE_ARN);
  const tokens = createTaskTokens(table);
  return {
    deps: {
      store: createDynamoStore(table.doc, table.name),
      idempotency: createIdempotencyStore(table),
      mailer: createSesMailer(sesClient(config), {
        from: config.SENDER_EMAIL,
        providerName: config.PROVIDER_NAME,
        configurationSet: config.SES_CONFIGURATION_SET,
        metrics: emfMetrics,
        log,
      }),
      workflow: createTaskTokenWorkflow(engine, tokens),
      limiter: createRateLimiter(table),
      leases: createLeases(table),
      metrics: emfMetrics,
      now: () => new Date(),
      newId: randomUUID,
      settings: {
        ttlSeconds: config.CHANGE_REQUEST_TTL_SECONDS,
        reminderBeforeSeconds: config.REMINDER_BEFORE_EXPIRY_SECONDS,
        publicBaseUrl: config.PUBLIC_BASE_URL,
        limits: rateLimitsOf(config),
        providerName: config.PROVIDER_NAME,
      },
      log,
    },
    askTask: createAskTask(engine, tokens),
  };
}
