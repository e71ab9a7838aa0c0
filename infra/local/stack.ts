// The whole system on one machine: DynamoDB Local, the local SES mailbox, the state machine run by
// aws-local-stepfunctions, and the API served by the local stand-in for API Gateway, all calling the
// very handlers that Lambda runs. `npm start` and the acceptance tests both start it from here.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { paginateScan } from '@aws-sdk/lib-dynamodb';
import { createDynamoClients } from '../../shared/adapters/dynamo/client';
import { createDynamoStore } from '../../shared/adapters/dynamo/store';
import { createIdempotencyStore } from '../../shared/adapters/dynamo/idempotency';
import { createTable } from '../../shared/adapters/dynamo/table';
import { loadFixtures, parseFixtures, type FixtureCounts } from '../../shared/adapters/fixtures';
import { createSesClient } from '../../shared/adapters/ses-client';
import { createSesMailer } from '../../shared/adapters/ses-mailer';
import { createLeases } from '../../shared/adapters/dynamo/leases';
import { createRateLimiter } from '../../shared/adapters/dynamo/rate-limiter';
import { createTaskTokens } from '../../shared/adapters/dynamo/task-tokens';
import { rateLimitsOf, readConfig } from '../../shared/config';
import type { RateLimitSettings } from '../../shared/domain/rate-limits';
import { createAskTask, createTaskTokenWorkflow } from '../../shared/adapters/task-token-workflow';
import { useRuntime } from '../../shared/runtime';
import { ALL_EMAILS } from '../../shared/email/kinds/all';
import { SWEEP_EMAILS } from '../../functions/scheduled/sweep';
import type { Deps } from '../../shared/usecases/deps';
import { sweepStaleRequests, type SweepReport } from '../../shared/usecases/sweep';
import { WORKFLOW_TASKS } from '../../functions/background';
import { HTTP_ROUTES } from '../../functions/http/routes';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local';
import { startHttpServer, type LocalServer } from './http-server';
import { createLocalIssuer } from './jwt';
import { startSesLocal, type SesLocal } from './ses-local';
import { startSesLocalProcess } from './ses-process';
import { accountsRoute, createAccountsHandler, createTokenHandler, tokenRoute } from './token-route';
import { loadDefinition } from './workflow-definition';
import { createLocalWorkflow, type LocalWorkflow } from './workflow-runner';
import { resumeOpenRequests } from './resume';
import { DEFAULT_BOUNCE_ADDRESSES, withPlayedBounces } from './bounces';
import { PANEL_DIR } from './panel-files';

export interface LocalStackOptions {
  /** 0 (the default here) picks free ports; `npm start` passes API.md's defaults. */
  port?: number;
  mailboxPort?: number;
  /**
   * Run the local SES in a child process (ses-process.ts) instead of this one: the bench's choice, so
   * that what it times in this process is only what a Lambda does. Default false.
   */
  sesProcess?: boolean;
  dynamodbPort?: number;
  /**
   * An already running DynamoDB Local to use instead of starting one (the tests' one per run); the
   * stack then neither starts nor stops it, and works only in its own table.
   */
  dynamodbEndpoint?: string;
  ttlSeconds?: number;
  reminderBeforeSeconds?: number;
  /** DESIGN.md's rate limits; by default the configuration's (RATE_LIMIT_* variables, else DESIGN.md's). */
  limits?: Partial<RateLimitSettings>;
  /** 0 turns the timer off (tests call sweep() themselves). */
  sweepIntervalSeconds?: number;
  /** A fixtures file loaded into a new table; null loads none. */
  fixtures?: string | null;
  /** Keep DynamoDB Local's data in this folder between runs; default in memory. */
  dataDir?: string;
  tableName?: string;
  senderEmail?: string;
  /** The built panel served at /panel/; default web/dist/one-machine (see panel-files.ts). */
  panelDir?: string;
  /** Default: shared/config.ts's PROVIDER_NAME default. */
  providerName?: string;
  /** Emails to these addresses bounce after landing in the mailbox (infra/local/bounces.ts); default `@bounce.test`. */
  bounceAddresses?: RegExp;
  log?: (line: string) => void;
  /** The use cases' clock; default the machine's. Tests pass one they move instead of waiting. */
  now?: () => Date;
}

export interface LocalStack {
  apiUrl: string;
  mailboxUrl: string;
  mailboxStoreUrl: string;
  sesEndpoint: string;
  dynamodbEndpoint: string;
  tableName: string;
  deps: Deps;
  /** The local state-machine runner (its executions, waits and callbacks). */
  workflow: LocalWorkflow;
  loaded?: FixtureCounts;
  resumed: number;
  sweep(): Promise<SweepReport>;
  stop(): Promise<void>;
}

const REGION = 'eu-west-1';

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const log = options.log ?? (() => {});
  const tableName = options.tableName ?? 'service-contacts';
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
  };
  try {
    let dynamodbEndpoint = options.dynamodbEndpoint;
    if (!dynamodbEndpoint) {
      const dynamo: DynamoDbLocal = await startDynamoDbLocal({
        port: options.dynamodbPort,
        dataDir: options.dataDir,
      });
      stops.push(dynamo.stop);
      dynamodbEndpoint = dynamo.endpoint;
    }
    log(`DynamoDB Local on ${dynamodbEndpoint}`);
    const ses: SesLocal = options.sesProcess
      ? await startSesLocalProcess()
      : await startSesLocal({ port: options.mailboxPort });
    stops.push(ses.stop);

    const { client, doc } = createDynamoClients({ region: REGION, endpoint: dynamodbEndpoint });
    stops.push(async () => client.destroy());
    const { TableNames = [] } = await client.send(new ListTablesCommand({}));
    const fresh = !TableNames.includes(tableName);
    await createTable(client, tableName);
    const loaded =
      fresh && options.fixtures
        ? await loadFixtures(
            doc,
            tableName,
            parseFixtures(JSON.parse(await readFile(options.fixtures, 'utf8'))),
          )
        : undefined;

    const issuer = await createLocalIssuer();
    const store = createDynamoStore(doc, tableName);
    const routes = [
      ...HTTP_ROUTES.map(({ route, handler }) => ({
        method: route.method,
        path: route.path,
        auth: route.auth,
        handler,
      })),
      {
        method: tokenRoute.method,
        path: tokenRoute.path,
        auth: false,
        handler: createTokenHandler({
          issueToken: issuer.issueToken,
          accountExists: async (nic) => (await store.getAccount(nic)) !== undefined,
        }),
      },
      {
        method: accountsRoute.method,
        path: accountsRoute.path,
        auth: false,
        // A Scan, which no deployed path makes: the local sign-in page needs every account, and the
        // data here is a demo's or a test's.
        handler: createAccountsHandler(async () => {
          const accounts: { nic: string; name: string }[] = [];
          const pages = paginateScan(
            { client: doc },
            {
              TableName: tableName,
              FilterExpression: 'sk = :profile AND begins_with(pk, :account)',
              ExpressionAttributeValues: { ':profile': 'PROFILE', ':account': 'ACCOUNT#' },
              ProjectionExpression: 'nic, #name',
              ExpressionAttributeNames: { '#name': 'name' },
            },
          );
          for await (const page of pages)
            for (const item of page.Items ?? []) accounts.push({ nic: item.nic, name: item.name });
          return accounts;
        }),
      },
    ];
    const server: LocalServer = await startHttpServer({
      routes,
      verifyToken: issuer.verifyToken,
      port: options.port ?? 0,
      panelDir: options.panelDir ?? PANEL_DIR,
    });
    stops.push(server.close);
    const apiUrl = `http://localhost:${server.port}`;

    const workflow = createLocalWorkflow({
      ...loadDefinition(),
      handlers: {
        askConfirmer: WORKFLOW_TASKS.askConfirmer.handler,
        apply: WORKFLOW_TASKS.apply.handler,
        close: WORKFLOW_TASKS.close.handler,
        receipt: WORKFLOW_TASKS.receipt.handler,
      },
      onError: (error, requestId) => log(`Workflow of ${requestId} failed: ${String(error)}`),
    });
    stops.push(workflow.stopAll);

    const tokens = createTaskTokens({ doc, name: tableName });
    const providerName = options.providerName ?? readConfig({}).PROVIDER_NAME;
    const mailer = withPlayedBounces(
      createSesMailer(createSesClient({ AWS_REGION: REGION, SES_ENDPOINT: ses.endpoint }), {
        from: options.senderEmail ?? 'contacts@example.com',
        providerName,
        log: { warn: (message, details) => log(`${message} ${JSON.stringify(details ?? {})}`) },
      }),
      options.bounceAddresses ?? DEFAULT_BOUNCE_ADDRESSES,
      log,
    );
    stops.push(mailer.settled);
    const deps: Deps = {
      // The stack's own use cases, for the tests; each handler names its own emails (shared/runtime.ts).
      emails: ALL_EMAILS,
      store,
      idempotency: createIdempotencyStore({ doc, name: tableName }),
      mailer,
      workflow: createTaskTokenWorkflow(workflow, tokens),
      limiter: createRateLimiter({ doc, name: tableName }),
      leases: createLeases({ doc, name: tableName }),
      // Locally nothing collects EMF; the counts are the use-case tests' (test/support/memory.ts).
      metrics: { count: () => {} },
      now: options.now ?? (() => new Date()),
      newId: randomUUID,
      settings: {
        ttlSeconds: options.ttlSeconds ?? 14 * 24 * 3600,
        reminderBeforeSeconds: options.reminderBeforeSeconds ?? 2 * 24 * 3600,
        limits: { ...rateLimitsOf(readConfig()), ...options.limits },
        publicBaseUrl: apiUrl,
        providerName,
      },
      log: { warn: (message, details) => log(`${message} ${JSON.stringify(details ?? {})}`) },
    };
    useRuntime({ deps, askTask: createAskTask(workflow, tokens) });
    const resumed = await resumeOpenRequests(deps);

    const sweep = () => sweepStaleRequests({ ...deps, emails: SWEEP_EMAILS });
    const interval = options.sweepIntervalSeconds ?? 0;
    if (interval > 0) {
      let running = false;
      const timer = setInterval(() => {
        if (running) return; // a slow sweep is never overlapped by the next one
        running = true;
        sweep()
          .then(
            (report) =>
              report.expired + report.reminded + report.finished > 0 &&
              log(`Sweep: ${JSON.stringify(report)}`),
          )
          .catch((error: unknown) => log(`Sweep failed: ${String(error)}`))
          .finally(() => (running = false));
      }, interval * 1000);
      stops.push(async () => clearInterval(timer));
    }

    return {
      apiUrl,
      mailboxUrl: ses.mailboxUrl,
      mailboxStoreUrl: ses.storeUrl,
      sesEndpoint: ses.endpoint,
      dynamodbEndpoint,
      tableName,
      deps,
      workflow,
      loaded,
      resumed,
      sweep,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
