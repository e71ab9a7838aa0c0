// The sweep's invocation in the synthesised stack: on its schedule, one run at a time, each ending well
// before the next is due with a time budget it reads, never retried in silence, and every run that
// fails or is not delivered in a dead-letter queue that pages.
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { sweepTiming } from '../../infra/constructs/schedule';
import { liveAliasOf, resourcesOf, synthesise, type Synthesised } from './synth';

const SWEEP = 'service-contacts-dev-sweep';

let dev: Synthesised;
beforeAll(() => {
  dev = synthesise();
});

const sweepFunction = (synthesised: Synthesised = dev) => {
  const [entry] = Object.entries(resourcesOf(synthesised.template, 'AWS::Lambda::Function')).filter(
    ([, f]) => f.Properties?.FunctionName === SWEEP,
  );
  if (!entry) throw new Error('No sweep function');
  return { id: entry[0], props: entry[1].Properties! };
};
const queueId = () => {
  const [id] = Object.entries(resourcesOf(dev.template, 'AWS::SQS::Queue')).find(
    ([, q]) => q.Properties?.QueueName === `${SWEEP}-dlq`,
  )!;
  return id;
};

describe('the sweep', () => {
  it('runs every sweepIntervalMinutes', () => {
    dev.template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(5 minutes)' });
    synthesise({ sweepIntervalMinutes: '15' }).template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(15 minutes)',
    });
  });

  it('is invoked (its live alias) with no retries: neither by EventBridge nor by Lambda, whose async retries are silent', () => {
    const queue = queueId();
    dev.template.hasResourceProperties('AWS::Events::Rule', {
      Targets: [
        Match.objectLike({
          Arn: { Ref: liveAliasOf(dev.template, sweepFunction().id) },
          RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 300 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queue, 'Arn'] } },
        }),
      ],
    });
    dev.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: sweepFunction().id },
      // The alias's name, as CloudFormation reads it from the alias's ARN.
      Qualifier: {
        'Fn::Select': [7, { 'Fn::Split': [':', { Ref: liveAliasOf(dev.template, sweepFunction().id) }] }],
      },
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 300,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queue, 'Arn'] } } },
    });
  });

  it('pages on anything in its dead-letter queue', () => {
    const alarms = Object.values(resourcesOf(dev.template, 'AWS::CloudWatch::Alarm'));
    expect(alarms.map((a) => a.Properties)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          AlarmName: 'service-contacts-dev-sweep-dead-letters',
          Namespace: 'AWS/SQS',
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId(), 'QueueName'] } }],
          Threshold: 1,
        }),
      ]),
    );
  });

  it('reserves no concurrency unless asked: its lease keeps it one run at a time', () => {
    expect(sweepFunction().props.ReservedConcurrentExecutions).toBeUndefined();
    const reserved = sweepFunction(synthesise({ sweepReservedConcurrency: '1' })).props;
    expect(reserved.ReservedConcurrentExecutions).toBe(1);
  });

  it('times out at half its interval, and reads a time budget of 80 % of that', () => {
    expect(sweepFunction().props).toMatchObject({
      Timeout: 150,
      Environment: { Variables: expect.objectContaining({ SWEEP_TIME_BUDGET_SECONDS: '120' }) },
    });
    const hourly = sweepFunction(synthesise({ sweepIntervalMinutes: '60' })).props;
    expect(hourly).toMatchObject({
      Timeout: 900,
      Environment: { Variables: expect.objectContaining({ SWEEP_TIME_BUDGET_SECONDS: '720' }) },
    });
  });

  it.each([1, 5, 30, 60, 1440])(
    'every %i minutes: budget < timeout < interval, within Lambda limits',
    (minutes) => {
      const { timeout, timeBudgetSeconds } = sweepTiming(minutes);
      expect(timeBudgetSeconds).toBeLessThan(timeout.toSeconds());
      expect(timeout.toSeconds()).toBeLessThan(minutes * 60);
      expect(timeout.toSeconds()).toBeLessThanOrEqual(900);
    },
  );
});
