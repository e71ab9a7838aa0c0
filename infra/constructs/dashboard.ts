// One CloudWatch dashboard per stage: the alarms' states first, then what the service did (the
// business metrics the handlers emit), then each AWS part the alarms watch, in the order a request
// passes through them: API, Lambda, Step Functions, DynamoDB, SES, the sweep.
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { PERIOD, TABLE_OPERATIONS } from './alarms';

/** Where the handlers' EMF metrics go (POWERTOOLS_METRICS_NAMESPACE on every function). */
export const METRICS_NAMESPACE = 'ServiceContacts';

/** The business metrics, as the handlers name them; each has the one dimension `service`. */
export const BUSINESS_METRICS = {
  requests: [
    'RequestsCreated',
    'RequestsApplied',
    'RequestsRefused',
    'RequestsExpired',
    'RequestsCancelled',
    'RequestsFailed',
  ],
  emails: ['EmailsSent', 'EmailsFailed', 'EmailsBounced', 'AttemptsLocked'],
};

export interface ContactsDashboardProps {
  prefix: string;
  /** The `service` dimension of the business metrics: POWERTOOLS_SERVICE_NAME of the functions. */
  metricsService: string;
  alarms: cloudwatch.IAlarm[];
  httpApi: apigw.IHttpApi;
  functions: { name: string; fn: lambda.IFunction }[];
  stateMachine: sfn.IStateMachine;
  table: dynamodb.ITableV2;
  configurationSetName: string;
  sweep: lambda.IFunction;
  deadLetters: sqs.IQueue;
}

const WIDTH = 12;
const sum = { period: PERIOD, statistic: 'Sum' };

export class ContactsDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: ContactsDashboardProps) {
    super(scope, id);
    const graph = (title: string, left: cloudwatch.IMetric[], right: cloudwatch.IMetric[] = []) =>
      new cloudwatch.GraphWidget({ title, left, right, width: WIDTH, height: 6 });
    const business = (names: string[]) =>
      names.map(
        (metricName) =>
          new cloudwatch.Metric({
            namespace: METRICS_NAMESPACE,
            metricName,
            dimensionsMap: { service: props.metricsService },
            ...sum,
          }),
      );
    const perFunction = (make: (fn: lambda.IFunction) => cloudwatch.Metric) =>
      props.functions.map(({ name, fn }) => make(fn).with({ label: name }));
    const ses = (metricName: string, dimensionsMap?: Record<string, string>) =>
      new cloudwatch.Metric({ namespace: 'AWS/SES', metricName, dimensionsMap, ...sum });
    const reputation = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/SES',
        metricName,
        dimensionsMap: { 'ses:configuration-set': props.configurationSetName },
        period: Duration.hours(1),
        statistic: 'Maximum',
      });
    const machine = props.stateMachine;

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.prefix,
      defaultInterval: Duration.days(1),
      widgets: [
        [
          new cloudwatch.AlarmStatusWidget({
            title: 'Alarms (each one says what to do in its description)',
            alarms: props.alarms,
            width: 24,
            height: 6,
          }),
        ],
        [
          graph('Requests: created and how they ended', business(BUSINESS_METRICS.requests)),
          graph('Emails and locked code attempts', business(BUSINESS_METRICS.emails)),
        ],
        [
          graph(
            'API: requests and errors',
            [props.httpApi.metricCount(sum)],
            [props.httpApi.metricClientError(sum), props.httpApi.metricServerError(sum)],
          ),
          graph('API: latency (ms)', [
            props.httpApi.metricLatency({ period: PERIOD, statistic: 'p50' }),
            props.httpApi.metricLatency({ period: PERIOD, statistic: 'p99' }),
            props.httpApi.metricIntegrationLatency({ period: PERIOD, statistic: 'p99' }),
          ]),
        ],
        [
          graph(
            'Lambda: errors by function',
            perFunction((fn) => fn.metricErrors(sum)),
          ),
          graph(
            'Lambda: duration p99 by function (ms)',
            perFunction((fn) => fn.metricDuration({ period: PERIOD, statistic: 'p99' })),
          ),
        ],
        [
          graph(
            'Lambda (account): throttles and concurrency',
            [lambda.Function.metricAllThrottles(sum)],
            [lambda.Function.metricAllConcurrentExecutions({ period: PERIOD, statistic: 'Maximum' })],
          ),
          graph(
            'Workflow executions',
            [
              machine.metricStarted(sum),
              machine.metricSucceeded(sum),
              machine.metricAborted(sum),
              machine.metricFailed(sum),
              machine.metricTimedOut(sum),
            ],
            [machine.metricThrottled(sum)],
          ),
        ],
        [
          graph('DynamoDB: consumed capacity', [
            props.table.metricConsumedReadCapacityUnits(sum),
            props.table.metricConsumedWriteCapacityUnits(sum),
          ]),
          graph('DynamoDB: throttled requests', [
            props.table.metricThrottledRequestsForOperations({
              operations: TABLE_OPERATIONS,
              period: PERIOD,
            }),
          ]),
        ],
        [
          graph(
            'SES (account): sent, delivered, bounced, complained',
            [ses('Send'), ses('Delivery')],
            [ses('Bounce'), ses('Complaint')],
          ),
          graph('SES: reputation of this stage (rate, 0–1)', [
            reputation('Reputation.BounceRate'),
            reputation('Reputation.ComplaintRate'),
          ]),
        ],
        [
          // A graph of its own: both expressions name their metrics by operation, and ids must be unique.
          graph('DynamoDB: system errors', [
            props.table.metricSystemErrorsForOperations({ operations: TABLE_OPERATIONS, period: PERIOD }),
          ]),
          graph(
            'Sweep: duration (ms) and failed runs',
            [props.sweep.metricDuration({ period: PERIOD, statistic: 'Maximum' })],
            [
              props.deadLetters.metricApproximateNumberOfMessagesVisible({
                period: PERIOD,
                statistic: 'Maximum',
              }),
            ],
          ),
        ],
      ],
    });
  }
}
