// What pages, read from the synthesised template: each alarm watches a condition someone must act on,
// says what to do, and reaches the alarm topic, which CloudWatch may publish to. The dashboard shows
// the same parts and the business metrics the handlers emit.
import { beforeAll, describe, expect, it } from 'vitest';
import { Template } from 'aws-cdk-lib/assertions';
import { AccountStack } from '../../infra/account-stack';
import { BUSINESS_METRICS } from '../../infra/constructs/dashboard';
import { resourcesOf, synthesise, type Synthesised } from './synth';

const PREFIX = 'service-contacts-dev';

let dev: Synthesised;
beforeAll(() => {
  dev = synthesise();
});

type Props = Record<string, unknown>;
const alarms = () =>
  Object.values(resourcesOf(dev.template, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties as Props);
const alarmNamed = (name: string) => {
  const found = alarms().find((a) => a.AlarmName === `${PREFIX}-${name}`);
  if (!found) throw new Error(`No alarm ${PREFIX}-${name}`);
  return found;
};
/** The stage's own functions by short name; not CDK's BucketDeployment function, which only runs during a deployment. */
const functionsByName = () =>
  new Map(
    Object.values(resourcesOf(dev.template, 'AWS::Lambda::Function'))
      .filter((f) => String(f.Properties?.FunctionName).startsWith(`${PREFIX}-`))
      .map((f) => [String(f.Properties?.FunctionName).replace(`${PREFIX}-`, ''), f.Properties as Props]),
  );
/** The metrics of a math alarm, as `namespace metric`. */
const mathMetrics = (alarm: Props) =>
  (alarm.Metrics as { MetricStat?: { Metric: { Namespace: string; MetricName: string } } }[])
    .filter((m) => m.MetricStat)
    .map((m) => `${m.MetricStat!.Metric.Namespace} ${m.MetricStat!.Metric.MetricName}`);

describe('the alarm topic', () => {
  it('lets CloudWatch publish the alarms of this stage, over TLS only', () => {
    const [policy] = Object.values(resourcesOf(dev.template, 'AWS::SNS::TopicPolicy')).filter((p) =>
      JSON.stringify(p.Properties?.Topics).includes('AlarmsTopic'),
    );
    const statements = (policy?.Properties?.PolicyDocument as { Statement: Props[] }).Statement;
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        expect.objectContaining({
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: 'sns:Publish',
          Condition: {
            ArnLike: {
              'aws:SourceArn': { 'Fn::Join': ['', expect.arrayContaining([`:alarm:${PREFIX}-*`])] },
            },
            StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
          },
        }),
      ]),
    );
  });

  it('is what every alarm notifies, when it fires and when it clears, and every alarm falls under the ARN pattern it allows', () => {
    for (const alarm of alarms()) {
      expect(alarm.AlarmName).toMatch(new RegExp(`^${PREFIX}-[a-z0-9-]+$`));
      expect(alarm.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^AlarmsTopic/) }]);
      expect(alarm.OKActions, String(alarm.AlarmName)).toEqual(alarm.AlarmActions);
    }
  });

  it('emails the alarms when alarmEmail is given', () => {
    synthesise({ alarmEmail: 'ops@example.com' }).template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
  });
});

describe('the alarms', () => {
  it('each say what they mean and what to do', () => {
    for (const alarm of alarms()) {
      expect(String(alarm.AlarmDescription).length, String(alarm.AlarmName)).toBeGreaterThan(100);
    }
  });

  it("page when an email could not be sent, from this stage's EmailsFailed count", () => {
    expect(alarmNamed('emails-failed')).toMatchObject({
      Namespace: 'ServiceContacts',
      MetricName: 'EmailsFailed',
      Dimensions: [{ Name: 'service', Value: PREFIX }],
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it("watch the account's metrics once, in the account's stack that every stage depends on, not per stage", () => {
    const accountWide = (a: Props) =>
      a.MetricStat === undefined && a.Namespace !== undefined && !a.Dimensions;
    expect(
      alarms()
        .filter(accountWide)
        .map((a) => a.AlarmName),
    ).toEqual([]);
    const account = dev.app.node.children.find((c) => c instanceof AccountStack)!;
    expect(dev.stack.dependencies).toContain(account);
    const accountAlarms = Object.values(
      resourcesOf(Template.fromStack(account), 'AWS::CloudWatch::Alarm'),
    ).map((a) => a.Properties as Props);
    expect(accountAlarms.map((a) => a.AlarmName).sort()).toEqual([
      'service-contacts-account-lambda-throttles',
      'service-contacts-account-ses-account-bounce-rate',
      'service-contacts-account-ses-account-complaint-rate',
    ]);
    for (const alarm of accountAlarms) {
      expect(alarm.Dimensions, String(alarm.AlarmName)).toBeUndefined();
      expect(alarm.OKActions).toEqual(alarm.AlarmActions);
      expect(String(alarm.AlarmDescription).length).toBeGreaterThan(100);
    }
    const throttles = accountAlarms.find((a) => a.MetricName === 'Throttles');
    expect(throttles).toMatchObject({ Namespace: 'AWS/Lambda', Statistic: 'Sum', Threshold: 1 });
  });

  it("page on each function's errors, but not the workflow's tasks: their retries absorb transient errors", () => {
    const erring = alarms()
      .filter((a) => a.MetricName === 'Errors')
      .map((a) => String(a.AlarmName).replace(`${PREFIX}-`, ''));
    const tasks = ['ask-confirmer', 'apply', 'close', 'receipt'];
    const expected = [...functionsByName().keys()]
      .filter((name) => !tasks.includes(name))
      .map((name) => `${name}-errors`);
    expect(erring.sort()).toEqual(expected.sort());
  });

  it("page when a function's p99 duration nears its own timeout", () => {
    const functions = functionsByName();
    for (const [name, fn] of functions) {
      const alarm = alarmNamed(`${name}-duration-p99`);
      expect(alarm).toMatchObject({
        Namespace: 'AWS/Lambda',
        MetricName: 'Duration',
        ExtendedStatistic: 'p99',
      });
      expect(alarm.Threshold).toBe(Math.round(Number(fn.Timeout) * 1000 * 0.8));
    }
  });

  it('watch DynamoDB throttles and system errors over every operation the handlers use', () => {
    for (const [name, metric] of [
      ['dynamo-throttles', 'ThrottledRequests'],
      ['dynamo-system-errors', 'SystemErrors'],
    ]) {
      const metrics = mathMetrics(alarmNamed(name!));
      expect(metrics.length).toBeGreaterThanOrEqual(7);
      expect(metrics.length).toBeLessThanOrEqual(10);
      expect(new Set(metrics)).toEqual(new Set([`AWS/DynamoDB ${metric}`]));
    }
  });

  it('watch failed and throttled workflow executions', () => {
    expect(alarmNamed('workflow-failed')).toMatchObject({
      Namespace: 'AWS/States',
      MetricName: 'ExecutionsFailed',
    });
    expect(alarmNamed('workflow-throttled')).toMatchObject({
      Namespace: 'AWS/States',
      MetricName: 'ExecutionThrottled',
    });
  });

  it("watch the API's 5xx and its p99 latency", () => {
    expect(alarmNamed('api5xx')).toMatchObject({ Namespace: 'AWS/ApiGateway', MetricName: '5xx' });
    expect(alarmNamed('api-latency-p99')).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      MetricName: 'Latency',
      ExtendedStatistic: 'p99',
      Threshold: 3000,
    });
  });

  it("watch the bounce and complaint rates of this stage's SES configuration set, under SES's review levels", () => {
    for (const [name, metric, threshold] of [
      ['ses-bounce-rate', 'Reputation.BounceRate', 0.05],
      ['ses-complaint-rate', 'Reputation.ComplaintRate', 0.001],
    ] as const) {
      const alarm = alarmNamed(name);
      expect(alarm).toMatchObject({
        Namespace: 'AWS/SES',
        MetricName: metric,
        Dimensions: [
          { Name: 'ses:configuration-set', Value: { Ref: expect.stringMatching(/^MailConfigurationSet/) } },
        ],
      });
      expect(alarm.Threshold).toBeLessThan(threshold);
    }
  });
});

describe('the dashboard', () => {
  const body = () => {
    const [dashboard] = Object.values(resourcesOf(dev.template, 'AWS::CloudWatch::Dashboard'));
    expect(dashboard?.Properties?.DashboardName).toBe(PREFIX);
    return JSON.stringify(dashboard?.Properties?.DashboardBody);
  };

  it('shows every business metric of the handlers, by this stage', () => {
    const text = body();
    for (const name of [...BUSINESS_METRICS.requests, ...BUSINESS_METRICS.emails]) {
      expect(text).toContain(`\\"ServiceContacts\\",\\"${name}\\",\\"service\\",\\"${PREFIX}\\"`);
    }
  });

  it('shows the state of every alarm and each part they watch', () => {
    const text = body();
    for (const id of Object.keys(resourcesOf(dev.template, 'AWS::CloudWatch::Alarm'))) {
      expect(text).toContain(`["${id}","Arn"]`);
    }
    for (const part of ['AWS/ApiGateway', 'AWS/Lambda', 'AWS/States', 'AWS/DynamoDB', 'AWS/SES', 'AWS/SQS']) {
      expect(text).toContain(part);
    }
  });
});
