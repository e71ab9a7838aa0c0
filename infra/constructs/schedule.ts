// The stale-request sweep on an EventBridge schedule. Events the sweep cannot take (throttled, failing
// past the retries) land in a dead-letter queue, whose depth is alarmed on, rather than vanish.
import { Duration, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface SweepScheduleProps {
  prefix: string;
  sweep: lambda.IFunction;
  intervalMinutes: number;
}

export class SweepSchedule extends Construct {
  readonly rule: events.Rule;
  readonly deadLetters: sqs.Queue;

  constructor(scope: Construct, id: string, props: SweepScheduleProps) {
    super(scope, id);

    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      queueName: `${props.prefix}-sweep-dlq`,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter queue of the sweep schedule target; cdk-nag only recognises ' +
        "dead-letter queues named in another queue's redrive policy.",
    });

    this.rule = new events.Rule(this, 'Rule', {
      ruleName: `${props.prefix}-sweep`,
      description: 'Reminds unanswered confirmers and ends stale contact-change requests',
      schedule: events.Schedule.rate(Duration.minutes(props.intervalMinutes)),
      targets: [
        new targets.LambdaFunction(props.sweep, {
          deadLetterQueue: this.deadLetters,
          retryAttempts: 2,
          // A later run does the same work: an event older than one interval is worth nothing.
          maxEventAge: Duration.minutes(props.intervalMinutes),
        }),
      ],
    });
  }
}
