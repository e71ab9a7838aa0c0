// What pages someone: any Lambda error or throttle, a failed or timed-out workflow execution, any 5xx
// of the API, any event in the sweep's dead-letter queue. Each alarm notifies one SNS topic. HTTP
// handlers turn their own failures into 500 problem documents, so for them the API's 5xx is the signal.
import { ArnFormat, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface ContactsAlarmsProps {
  prefix: string;
  functions: { name: string; fn: lambda.IFunction }[];
  stateMachine: sfn.IStateMachine;
  httpApi: apigw.IHttpApi;
  deadLetters: sqs.IQueue;
  alarmEmail?: string;
}

const PERIOD = Duration.minutes(5);

export class ContactsAlarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: ContactsAlarmsProps) {
    super(scope, id);

    this.topic = new sns.Topic(this, 'Topic', { topicName: `${props.prefix}-alarms`, enforceSSL: true });
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Alarm notices carry alarm names and states only, no customer data. CloudWatch cannot publish to a ' +
        'topic under the AWS-managed aws/sns key, and a customer key would add $1/month to an idle stack.',
    });
    // enforceSSL writes a topic policy holding only its Deny; without an Allow for CloudWatch, no
    // alarm of this stack could publish. Scoped to this stage's alarms in this account.
    const stack = Stack.of(this);
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
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
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));

    const alarm = (id: string, metric: cloudwatch.IMetric, description: string) => {
      const created = new cloudwatch.Alarm(this, id, {
        alarmName: `${props.prefix}-${id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}`,
        alarmDescription: description,
        metric,
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(new SnsAction(this.topic));
      this.alarms.push(created);
    };

    for (const { name, fn } of props.functions) {
      const id = name.replace(/(^|-)(\w)/g, (_m, _dash, letter: string) => letter.toUpperCase());
      alarm(
        `${id}Errors`,
        fn.metricErrors({ period: PERIOD, statistic: 'Sum' }),
        `The ${name} function failed.`,
      );
      alarm(
        `${id}Throttles`,
        fn.metricThrottles({ period: PERIOD, statistic: 'Sum' }),
        `The ${name} function was throttled (the account's concurrency is exhausted).`,
      );
    }
    alarm(
      'WorkflowFailed',
      props.stateMachine.metricFailed({ period: PERIOD, statistic: 'Sum' }),
      'A contact-change execution failed: its Close step itself failed, so the request may still be open.',
    );
    alarm(
      'WorkflowTimedOut',
      props.stateMachine.metricTimedOut({ period: PERIOD, statistic: 'Sum' }),
      'A contact-change execution timed out.',
    );
    alarm(
      'Api5xx',
      props.httpApi.metricServerError({ period: PERIOD, statistic: 'Sum' }),
      'The HTTP API answered with a 5xx: a handler failed or could not be reached.',
    );
    alarm(
      'SweepDeadLetters',
      props.deadLetters.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' }),
      'Scheduled sweeps could not be delivered to the sweep function; see the dead-letter queue.',
    );
  }
}
