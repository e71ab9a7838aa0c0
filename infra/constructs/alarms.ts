// What pages someone, and only that: each alarm is a condition a person must act on, and its
// description says what it means and what to do. All notify one SNS topic. A business outcome (a
// refusal, an expiry, an unpaid invoice at apply time) never pages; the dashboard shows those.
import { ArnFormat, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface ContactsAlarmsProps {
  prefix: string;
  /** Each function's own errors page, except those in NO_ERROR_ALARM. */
  functions: { name: string; fn: lambda.Function }[];
  stateMachine: sfn.IStateMachine;
  httpApi: apigw.IHttpApi;
  table: dynamodb.ITableV2;
  /** Its reputation metrics (bounce and complaint rates) are alarmed on. */
  configurationSetName: string;
  deadLetters: sqs.IQueue;
  alarmEmail?: string;
  /** Where the handlers' business metrics are (infra/constructs/dashboard.ts), by `service` = prefix. */
  metricsNamespace: string;
}

export const PERIOD = Duration.minutes(5);

/** The DynamoDB operations the handlers and the fixtures loader call: a math alarm takes at most 10 metrics. */
export const TABLE_OPERATIONS = [
  dynamodb.Operation.GET_ITEM,
  dynamodb.Operation.BATCH_GET_ITEM,
  dynamodb.Operation.QUERY,
  dynamodb.Operation.PUT_ITEM,
  dynamodb.Operation.UPDATE_ITEM,
  dynamodb.Operation.DELETE_ITEM,
  dynamodb.Operation.TRANSACT_WRITE_ITEMS,
  dynamodb.Operation.BATCH_WRITE_ITEM,
];

/**
 * Functions whose Lambda errors are not themselves a page. The workflow's tasks retry transient errors
 * (infra/constructs/workflow.ts): an error that outlasts the retries fails the execution, and
 * `workflow-failed` pages for it; a retried one is no one's business. The receipt's is caught instead:
 * a lost "waiting" email is logged, never a page (docs/operations.md).
 */
const NO_ERROR_ALARM = new Set(['ask-confirmer', 'apply', 'close', 'receipt']);

/** A duration p99 this close to the function's timeout pages, before invocations start timing out. */
const DURATION_SHARE_OF_TIMEOUT = 0.8;

/** Half of the rates at which SES puts an account under review (5 % bounces, 0.1 % complaints). */
const BOUNCE_RATE = 0.025;
const COMPLAINT_RATE = 0.0005;

interface AlarmSpec {
  metric: cloudwatch.IMetric;
  /** Default 1: the metric reached 1 (a count) in one period. */
  threshold?: number;
  /** Default 1 of 1; a sustained condition uses more. */
  evaluationPeriods?: number;
  datapointsToAlarm?: number;
  description: string;
}

/** `DynamoThrottles` → `service-contacts-dev-dynamo-throttles`: the topic's policy allows `<prefix>-*`. */
const alarmName = (prefix: string, id: string) =>
  `${prefix}-${id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}`;

/** `confirm-answer` → `ConfirmAnswer`. */
const constructId = (name: string) =>
  name.replace(/(^|-)(\w)/g, (_m, _dash, letter: string) => letter.toUpperCase());

/**
 * Alarms named `<prefix>-<name>` that notify their own topic when they fire and again when they clear
 * (OK), so that whoever was paged also hears that it is over. A stage's (below) and the account's
 * (infra/account-stack.ts) are each one of these.
 */
export class PagingAlarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  private readonly prefix: string;

  constructor(scope: Construct, id: string, props: { prefix: string; alarmEmail?: string }) {
    super(scope, id);
    this.prefix = props.prefix;
    this.topic = this.alarmTopic(props);
  }

  /** Any message in a dead-letter queue is work that was given up on: it pages. */
  deadLettersAlarm(alarmId: string, queue: sqs.IQueue, description: string): void {
    this.alarm(alarmId, {
      metric: queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' }),
      description,
    });
  }

  alarm(alarmId: string, spec: AlarmSpec): cloudwatch.Alarm {
    const created = new cloudwatch.Alarm(this, alarmId, {
      alarmName: alarmName(this.prefix, alarmId),
      alarmDescription: spec.description,
      metric: spec.metric,
      threshold: spec.threshold ?? 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: spec.evaluationPeriods ?? 1,
      datapointsToAlarm: spec.datapointsToAlarm,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    created.addAlarmAction(new SnsAction(this.topic));
    created.addOkAction(new SnsAction(this.topic));
    this.alarms.push(created);
    return created;
  }

  /**
   * enforceSSL writes a topic policy holding only its Deny; without an Allow for CloudWatch, no alarm
   * of this stack could publish. The Allow is scoped to this stage's alarms in this account.
   */
  private alarmTopic(props: { prefix: string; alarmEmail?: string }): sns.Topic {
    const topic = new sns.Topic(this, 'Topic', { topicName: `${props.prefix}-alarms`, enforceSSL: true });
    Validations.of(topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Alarm notices carry alarm names and states only, no customer data. CloudWatch cannot publish to a ' +
        'topic under the AWS-managed aws/sns key, and a customer key would add $1/month to an idle stack.',
    });
    const stack = Stack.of(this);
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: {
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: `${props.prefix}-*`,
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
          StringEquals: { 'aws:SourceAccount': stack.account },
        },
      }),
    );
    if (props.alarmEmail) topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    return topic;
  }
}

/** The stage's alarms: its functions, table, workflow, API, mail and sweep. */
export class ContactsAlarms extends PagingAlarms {
  /** Each function's errors alarm, by its short name: CodeDeploy rolls a deployment back on it. */
  readonly errors = new Map<string, cloudwatch.Alarm>();
  /** The API answered a 5xx: a handler's own 500 problem document does not fail its function. */
  readonly api5xx: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: ContactsAlarmsProps) {
    super(scope, id, props);

    for (const { name, fn } of props.functions) {
      if (!NO_ERROR_ALARM.has(name)) {
        this.errors.set(
          name,
          this.alarm(`${constructId(name)}Errors`, {
            metric: fn.metricErrors({ period: PERIOD, statistic: 'Sum' }),
            description:
              `The ${name} function failed: it threw, timed out, ran out of memory or could not start. (An HTTP ` +
              "route's own errors answer a 500 problem document without failing the function; api5xx pages for " +
              `those.) Read its log group /aws/lambda/${props.prefix}-${name} for the error and its request id.`,
          }),
        );
      }
      const timeout = fn.timeout ?? Duration.seconds(3);
      this.alarm(`${constructId(name)}DurationP99`, {
        metric: fn.metricDuration({ period: PERIOD, statistic: 'p99' }),
        threshold: Math.round(timeout.toMilliseconds() * DURATION_SHARE_OF_TIMEOUT),
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        description:
          `The ${name} function's p99 duration passed ${DURATION_SHARE_OF_TIMEOUT * 100} % of its ` +
          `${timeout.toSeconds()} s timeout in 2 of 15 minutes: it will soon time out. Look at its X-Ray ` +
          'traces for the slow call (DynamoDB throttling, SES, Step Functions) before raising the timeout.',
      });
    }

    this.alarm('EmailsFailed', {
      // Counted by the SES mailer when a send fails for good (shared/adapters/ses-mailer.ts).
      metric: new cloudwatch.Metric({
        namespace: props.metricsNamespace,
        metricName: 'EmailsFailed',
        dimensionsMap: { service: props.prefix },
        period: PERIOD,
        statistic: 'Sum',
      }),
      description:
        'An email could not be sent: SES refused it (an unverified sender, the sandbox, a suppressed or bad ' +
        'address) or kept failing through the retries. A code email that is not sent leaves its confirmer ' +
        "unable to answer until a resend; a notice is lost. The functions' logs name the kind and the error " +
        '(search for "Sending"); check the sender identity and the account\'s SES sending status, then have ' +
        'the asker resend the codes.',
    });
    this.alarm('DynamoThrottles', {
      metric: props.table.metricThrottledRequestsForOperations({
        operations: TABLE_OPERATIONS,
        period: PERIOD,
      }),
      evaluationPeriods: 2,
      description:
        'DynamoDB throttled requests for 10 minutes: a hot partition (one key, or the unsharded openByExpiry ' +
        'index, over 1,000 writes/s) or the on-demand table past its limits. The SDK retries absorb short ' +
        'bursts; sustained, calls slow down and fail. Find the key with CloudWatch Contributor Insights; ' +
        'docs/performance.md, "Scale on paper", says what lifts each limit.',
    });
    this.alarm('DynamoSystemErrors', {
      metric: props.table.metricSystemErrorsForOperations({ operations: TABLE_OPERATIONS, period: PERIOD }),
      evaluationPeriods: 2,
      description:
        'DynamoDB answered with internal server errors (HTTP 500) for 10 minutes. The SDK retries them; ' +
        'sustained, it is an AWS-side problem: check the AWS Health Dashboard for DynamoDB in this region.',
    });
    this.alarm('WorkflowFailed', {
      metric: props.stateMachine.metricFailed({ period: PERIOD, statistic: 'Sum' }),
      description:
        'A contact-change execution failed: a task failed with an error that is not retried (a bug), or ' +
        'kept failing through its retries. The execution, named by the request id in the Step Functions ' +
        'console, ends in the Fail state that says what was left: ApplyFailed (everyone accepted; the ' +
        'request stays applying and the sweep applies it once 5 minutes overdue), ClosedAfterError (the ' +
        'request was closed as failed and people told), CloseFailed (the request may still be open; the ' +
        "sweep ends it once its window has passed). Fix the cause in the execution's error; " +
        'docs/operations.md says how to finish a request by hand.',
    });
    this.alarm('WorkflowTimedOut', {
      metric: props.stateMachine.metricTimedOut({ period: PERIOD, statistic: 'Sum' }),
      description:
        "A contact-change execution ran into the machine's backstop timeout, the validity window it was " +
        'deployed with plus an hour: a step hung, or the window was raised and a request made during ' +
        'that deploy started on the old definition. Nothing is lost: an open request is ended by the ' +
        'sweep at its own expiry, a last acceptance applies without the workflow, and an applying one ' +
        'is applied by the sweep. Open the execution to see the state it was in.',
    });
    this.alarm('WorkflowThrottled', {
      metric: props.stateMachine.metricThrottled({ period: PERIOD, statistic: 'Sum' }),
      description:
        'Step Functions throttled this state machine (StartExecution or state transitions over the account ' +
        "quota): new requests may fail to start and running ones slow down. Check the account's Step " +
        'Functions quotas in Service Quotas and ask for more, or move bursts off the hot path.',
    });
    this.api5xx = this.alarm('Api5xx', {
      metric: props.httpApi.metricServerError({ period: PERIOD, statistic: 'Sum' }),
      description:
        'The HTTP API answered with a 5xx: a handler answered a 500 problem document (an error it caught and ' +
        'logged at ERROR), or failed, timed out or was throttled (its own errors alarm, or lambda-throttles, ' +
        "fires too). The API's access log has the route, status and integration error of each.",
    });
    this.alarm('ApiLatencyP99', {
      metric: props.httpApi.metricLatency({ period: PERIOD, statistic: 'p99' }),
      threshold: 3000,
      evaluationPeriods: 3,
      description:
        'The p99 latency of the HTTP API stayed at or over 3 s for 15 minutes: people wait on every page. ' +
        "Compare with IntegrationLatency on the dashboard; the slowest function's X-Ray traces show the call.",
    });
    const reputation = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/SES',
        metricName,
        dimensionsMap: { 'ses:configuration-set': props.configurationSetName },
        period: Duration.hours(1),
        statistic: 'Maximum',
      });
    this.alarm('SesBounceRate', {
      metric: reputation('Reputation.BounceRate'),
      threshold: BOUNCE_RATE,
      description:
        `Over ${BOUNCE_RATE * 100} % of this stage's emails bounce; SES reviews the account at 5 % and may ` +
        'stop its sending. Codes are going to dead addresses: check the bounce events (the bounce topic) ' +
        "for which accounts' addresses bounce and have them corrected.",
    });
    this.alarm('SesComplaintRate', {
      metric: reputation('Reputation.ComplaintRate'),
      threshold: COMPLAINT_RATE,
      description:
        `Over ${COMPLAINT_RATE * 100} % of this stage's emails are marked as spam; SES reviews the account ` +
        'at 0.1 %. Someone may be flooding other people with change requests: check the rate limits and ' +
        'who asked for the requests whose emails were reported.',
    });
    this.deadLettersAlarm(
      'SweepDeadLetters',
      props.deadLetters,
      'A sweep run failed (runs are never retried: the next one does the same work), or its scheduled event ' +
        'could not be delivered or waited past one interval. If it keeps happening, stale requests are not ' +
        'ended or reminded. Each message holds the error (a Lambda destination record); fix it, then purge.',
    );
  }
}
