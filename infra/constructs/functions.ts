// One Lambda function per handler: every deployed HTTP route, the four workflow tasks and the sweep.
// Each gets its own role, granted exactly what its use case calls (NEEDS below, read from
// shared/usecases and shared/adapters), so a bug in a read-only route cannot write a thing.
import { fileURLToPath } from 'node:url';
import { ArnFormat, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { HTTP_ROUTES, type HttpRouteEntry } from '../../functions/http/routes';
import { OPEN_INDEX, PARTY_STATE_INDEX, ROLE_INDEXES } from '../../shared/adapters/dynamo/table';
import type { Config } from '../../shared/config';
import { METRICS_NAMESPACE } from './dashboard';
import type { ContactsData } from './data';
import type { ContactsMail } from './mail';
import type { SweepTiming } from './schedule';
import { TASK_FUNCTION_TIMEOUT } from './workflow';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

type ItemAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:BatchGetItem'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:DeleteItem';
type WorkflowAction =
  'states:StartExecution' | 'states:SendTaskSuccess' | 'states:SendTaskFailure' | 'states:StopExecution';

/** What one handler's use case calls. TransactWriteItems is authorised per item: Put, Update, Delete. */
export interface Needs {
  /** Item actions on the table. */
  items?: ItemAction[];
  /** Where it runs a Query: the table itself and/or named indexes. */
  query?: ('table' | string)[];
  /** Sends email through SES. */
  mail?: true;
  workflow?: WorkflowAction[];
}

const GET: ItemAction[] = ['dynamodb:GetItem'];
/**
 * Ending a request (closeAs): read it, close it or finish applying it (one TransactWriteItems of
 * Put/Update/Delete), then read the parties' accounts and tell them.
 */
const END: ItemAction[] = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
];

/** By the `name` of each HTTP_ROUTES entry. A route missing here stops the synth. */
export const HTTP_NEEDS: Record<string, Needs> = {
  health: {},
  openapi: {},
  'get-me': { items: GET },
  // Reads the account, counts the start (a rate counter), keeps the change waiting, emails both addresses.
  'put-email': { items: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], mail: true },
  'confirm-email': { items: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], mail: true },
  'put-language': { items: ['dynamodb:UpdateItem'] },
  'list-services': { query: ['table', ...Object.values(ROLE_INDEXES).map((index) => index.indexName)] },
  'get-service': { items: GET },
  'get-history': { items: GET, query: ['table'] },
  // Idempotency records (Put/Get/Update/Delete), the requests' transaction, and closing one whose workflow failed to start.
  'create-change': { items: END, mail: true, workflow: ['states:StartExecution'] },
  'list-changes': { items: ['dynamodb:BatchGetItem'], query: ['table', PARTY_STATE_INDEX.indexName] },
  'get-change': { items: GET },
  // The last acceptance may finish applying here when the workflow no longer waits; an earlier refusal fails it.
  accept: { items: END, mail: true, workflow: ['states:SendTaskSuccess', 'states:SendTaskFailure'] },
  refuse: { items: END, mail: true, workflow: ['states:SendTaskFailure'] },
  cancel: { items: END, mail: true, workflow: ['states:SendTaskFailure'] },
  resend: { items: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:UpdateItem'], mail: true },
  'confirm-page': { items: GET },
  'confirm-answer': {
    items: END,
    mail: true,
    workflow: ['states:SendTaskSuccess', 'states:SendTaskFailure'],
  },
};

export type TaskName = 'askConfirmer' | 'apply' | 'close';

const TASKS: Record<TaskName, { name: string; file: string; needs: Needs }> = {
  // Ends its own wait when the request already ended or was answered before the wait began.
  askConfirmer: {
    name: 'ask-confirmer',
    file: 'ask-confirmer',
    needs: {
      items: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
      mail: true,
      workflow: ['states:SendTaskSuccess', 'states:SendTaskFailure'],
    },
  },
  // Reads the service and both billing accounts, applies in one transaction (or fails it), tells everyone.
  apply: { name: 'apply', file: 'apply', needs: { items: END, mail: true } },
  close: { name: 'close', file: 'close', needs: { items: END, mail: true } },
};

/** Reads the sparse open-requests index only; ends what expired and stops its execution. */
const SWEEP_NEEDS: Needs = {
  items: END,
  query: [OPEN_INDEX.indexName],
  mail: true,
  workflow: ['states:StopExecution'],
};

export interface ContactsFunctionsProps {
  /** `service-contacts-<stage>`: every function is named `<prefix>-<name>`. */
  prefix: string;
  data: ContactsData;
  mail: ContactsMail;
  /** Set explicitly on the state machine, so that its ARN is known before it exists (no cycle). */
  stateMachineName: string;
  publicBaseUrl: string;
  /** Unset: shared/config.ts's default. */
  providerName?: string;
  changeRequestTtlSeconds: number;
  reminderBeforeExpirySeconds: number;
  /** The sweep's timeout and the time budget it reads (infra/constructs/schedule.ts). */
  sweepTiming: SweepTiming;
}

export interface DeployedFunction {
  /** The short name: the HTTP_ROUTES name, the task's or `sweep`. */
  name: string;
  fn: NodejsFunction;
  needs: Needs;
}

export class ContactsFunctions extends Construct {
  readonly http: (DeployedFunction & { entry: HttpRouteEntry })[];
  readonly tasks: Record<TaskName, NodejsFunction>;
  readonly sweep: NodejsFunction;
  readonly all: DeployedFunction[] = [];
  private readonly props: ContactsFunctionsProps;

  constructor(scope: Construct, id: string, props: ContactsFunctionsProps) {
    super(scope, id);
    this.props = props;

    this.http = HTTP_ROUTES.filter((entry) => !entry.localOnly).map((entry) => {
      const needs = HTTP_NEEDS[entry.name];
      if (!needs)
        throw new Error(
          `HTTP route ${entry.name} has no permissions declared in HTTP_NEEDS (infra/constructs/functions.ts)`,
        );
      const fn = this.handler(
        entry.name,
        `functions/http/${entry.file}.ts`,
        entry.exportName,
        needs,
        Duration.seconds(25),
      );
      return { name: entry.name, fn, needs, entry };
    });

    const task = (key: TaskName) => {
      const { name, file, needs } = TASKS[key];
      return this.handler(name, `functions/workflow/${file}.ts`, 'handler', needs, TASK_FUNCTION_TIMEOUT);
    };
    this.tasks = {
      askConfirmer: task('askConfirmer'),
      apply: task('apply'),
      close: task('close'),
    };
    // One run at a time: a second sweep over the same open requests would only race the first.
    this.sweep = this.handler(
      'sweep',
      'functions/scheduled/sweep.ts',
      'handler',
      SWEEP_NEEDS,
      props.sweepTiming.timeout,
      1,
    );
  }

  private handler(
    name: string,
    entry: string,
    exportName: string,
    needs: Needs,
    timeout: Duration,
    reservedConcurrency?: number,
  ): NodejsFunction {
    const { prefix, data, mail, stateMachineName } = this.props;
    const stack = Stack.of(this);
    const tableArn = data.table.tableArn;
    const statements: iam.PolicyStatement[] = [];
    if (needs.items?.length) {
      statements.push(new iam.PolicyStatement({ actions: needs.items, resources: [tableArn] }));
    }
    if (needs.query?.length) {
      statements.push(
        new iam.PolicyStatement({
          actions: ['dynamodb:Query'],
          resources: needs.query.map((target) => (target === 'table' ? tableArn : data.indexArn(target))),
        }),
      );
    }
    if (needs.mail) {
      statements.push(new iam.PolicyStatement({ actions: ['ses:SendEmail'], resources: mail.sendResources }));
    }
    const onMachine = needs.workflow?.filter((action) => action !== 'states:StopExecution') ?? [];
    if (onMachine.length) {
      statements.push(new iam.PolicyStatement({ actions: onMachine, resources: [this.stateMachineArn()] }));
    }
    if (needs.workflow?.includes('states:StopExecution')) {
      statements.push(
        new iam.PolicyStatement({
          actions: ['states:StopExecution'],
          // Executions are named by request id: any execution of this one state machine.
          resources: [
            stack.formatArn({
              service: 'states',
              resource: 'execution',
              resourceName: `${stateMachineName}:*`,
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          ],
        }),
      );
    }
    const fn = bundledFunction(this, constructId(name), {
      functionName: `${prefix}-${name}`,
      entry,
      exportName,
      timeout,
      reservedConcurrency,
      environment: this.environment(),
      statements,
    });
    this.all.push({ name, fn, needs });
    return fn;
  }

  private stateMachineArn(): string {
    return Stack.of(this).formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: this.props.stateMachineName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  /** The names of shared/config.ts (checked by the type), the same for every function. */
  private environment(): Record<string, string> {
    const { data, mail, publicBaseUrl } = this.props;
    const config = {
      TABLE_NAME: data.table.tableName,
      SENDER_EMAIL: mail.senderEmail,
      SES_CONFIGURATION_SET: mail.configurationSet.configurationSetName,
      PUBLIC_BASE_URL: publicBaseUrl,
      ...(this.props.providerName !== undefined && { PROVIDER_NAME: this.props.providerName }),
      STATE_MACHINE_ARN: this.stateMachineArn(),
      CHANGE_REQUEST_TTL_SECONDS: String(this.props.changeRequestTtlSeconds),
      REMINDER_BEFORE_EXPIRY_SECONDS: String(this.props.reminderBeforeExpirySeconds),
      SWEEP_TIME_BUDGET_SECONDS: String(this.props.sweepTiming.timeBudgetSeconds),
    } satisfies Partial<Record<keyof Config, string>>;
    return {
      ...config,
      // The business metrics' namespace and their one dimension, `service`, which keeps the stages of one
      // account apart on their dashboards (infra/constructs/dashboard.ts reads the same two).
      POWERTOOLS_SERVICE_NAME: this.props.prefix,
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      NODE_OPTIONS: '--enable-source-maps',
    };
  }
}

/** `confirm-answer` → `ConfirmAnswer`: construct ids that read like the function names. */
const constructId = (name: string) =>
  name.replace(/(^|-)(\w)/g, (_m, _dash, letter: string) => letter.toUpperCase());

export interface BundledFunctionProps {
  functionName: string;
  /** The handler's file, relative to the project root. */
  entry: string;
  exportName: string;
  timeout: Duration;
  /** Caps how many run at once; default: no reservation. */
  reservedConcurrency?: number;
  environment: Record<string, string>;
  /** Everything the function may do besides writing its own logs and traces. */
  statements: iam.PolicyStatement[];
}

/**
 * A Node.js 24 arm64 function bundled by the local esbuild (never Docker) as minified ESM with source
 * maps, with its own log group and role. The role is ours rather than the AWS-managed
 * AWSLambdaBasicExecutionRole, so that the function writes to its own log group only.
 */
export function bundledFunction(scope: Construct, id: string, props: BundledFunctionProps): NodejsFunction {
  // The function, its log group and its role under one construct, so an acknowledgement covers all three.
  const unit = new Construct(scope, id);
  const logGroup = new logs.LogGroup(unit, 'Logs', {
    logGroupName: `/aws/lambda/${props.functionName}`,
    retention: logs.RetentionDays.ONE_MONTH,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const role = new iam.Role(unit, 'Role', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `Runs the ${props.functionName} function`,
  });
  role.addToPolicy(
    new iam.PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [logGroup.logGroupArn],
    }),
  );
  for (const statement of props.statements) role.addToPolicy(statement);
  Validations.of(unit).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'X-Ray active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level ' +
      'permissions, so AWS requires Resource "*" (X-Ray developer guide, identity-based policy examples).',
  });

  return new NodejsFunction(unit, 'Function', {
    functionName: props.functionName,
    description: `${props.entry}#${props.exportName}`,
    entry: `${ROOT}${props.entry}`,
    handler: props.exportName,
    projectRoot: ROOT,
    depsLockFilePath: `${ROOT}package-lock.json`,
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: 512,
    timeout: props.timeout,
    reservedConcurrentExecutions: props.reservedConcurrency,
    tracing: lambda.Tracing.ACTIVE,
    role,
    logGroup,
    environment: props.environment,
    bundling: {
      format: OutputFormat.ESM,
      target: 'node24',
      minify: true,
      sourceMap: true,
      // Stack traces map to files and lines without shipping the sources themselves.
      sourcesContent: false,
      mainFields: ['module', 'main'],
      // The Node.js 24 runtime ships the AWS SDK v3.
      externalModules: ['@aws-sdk/*'],
      // Some CommonJS dependencies call require() for Node built-ins, which ESM output lacks.
      banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
  });
}
