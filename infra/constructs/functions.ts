// One Lambda function per declared handler (functions/declare.ts): every deployed HTTP route, the
// four workflow tasks, the sweep and the bounce handler. Each gets its own role, granted exactly the
// needs its declaration names, so a bug in a read-only route cannot write a thing; test/permissions
// checks every declaration against the calls its use case really makes.
import { fileURLToPath } from 'node:url';
import { ArnFormat, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { BOUNCES, SWEEP, WORKFLOW_TASKS, type TaskName } from '../../functions/background';
import type { FunctionDeclaration, Located } from '../../functions/declare';
import { HTTP_ROUTES, type HttpRoute } from '../../functions/http/routes';
import type { Config } from '../../shared/config';
import { METRICS_NAMESPACE } from './dashboard';
import type { ContactsData } from './data';
import type { ContactsMail } from './mail';
import type { SweepTiming } from './schedule';
import { TASK_FUNCTION_TIMEOUT } from './workflow';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

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
  /**
   * Reserved concurrency of the sweep, for accounts that want it; unset by default, as a new account's
   * quota cannot spare any. Its lease in the table keeps it one run at a time either way.
   */
  sweepReservedConcurrency?: number;
}

export interface DeployedFunction {
  /** The declaration's short name. */
  name: string;
  fn: NodejsFunction;
  /**
   * `live`: the version that callers (the API, the state machine, the schedule, SNS) invoke. Each
   * deploy publishes a new version; CodeDeploy moves the alias of an HTTP function to it step by step.
   */
  alias: lambda.Alias;
}

export class ContactsFunctions extends Construct {
  readonly http: (DeployedFunction & { entry: HttpRoute })[];
  readonly tasks: Record<TaskName, NodejsFunction>;
  readonly sweep: NodejsFunction;
  /** Takes SES's bounce and complaint notices from SNS (infra/constructs/bounces.ts). */
  readonly bounces: NodejsFunction;
  readonly all: DeployedFunction[] = [];
  private readonly props: ContactsFunctionsProps;

  constructor(scope: Construct, id: string, props: ContactsFunctionsProps) {
    super(scope, id);
    this.props = props;

    this.http = HTTP_ROUTES.filter((entry) => !entry.localOnly).map((entry) => {
      const fn = this.handler(entry, Duration.seconds(25));
      return { name: entry.name, fn, alias: this.aliasOf(fn), entry };
    });
    this.tasks = {
      askConfirmer: this.handler(WORKFLOW_TASKS.askConfirmer, TASK_FUNCTION_TIMEOUT),
      apply: this.handler(WORKFLOW_TASKS.apply, TASK_FUNCTION_TIMEOUT),
      close: this.handler(WORKFLOW_TASKS.close, TASK_FUNCTION_TIMEOUT),
      receipt: this.handler(WORKFLOW_TASKS.receipt, TASK_FUNCTION_TIMEOUT),
    };
    this.sweep = this.handler(SWEEP, props.sweepTiming.timeout, props.sweepReservedConcurrency);
    this.bounces = this.handler(BOUNCES, Duration.seconds(30));
  }

  private handler(
    { name, entry, exportName, needs }: Located<FunctionDeclaration>,
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
    this.all.push({
      name,
      fn,
      alias: new lambda.Alias(fn, 'Live', { aliasName: 'live', version: fn.currentVersion }),
    });
    return fn;
  }

  /** The `live` alias of one of these functions: what its callers invoke. */
  aliasOf(fn: lambda.IFunction): lambda.Alias {
    const found = this.all.find((deployed) => deployed.fn === fn);
    if (!found) throw new Error(`${fn.node.path} is not one of the stack's functions`);
    return found.alias;
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
