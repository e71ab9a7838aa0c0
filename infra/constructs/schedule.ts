// The stale-request sweep on an EventBridge schedule. EventBridge invokes Lambda asynchronously, and
// Lambda would retry a failed async invocation twice, silently, and then drop it: here nothing is
// retried (the next run does the same work) and nothing is dropped. A run that fails, or an event
// that could not be delivered or waited too long, lands in one dead-letter queue that pages. One run
// at a time by the sweep's lease in the table (shared/usecases/sweep.ts: no reserved concurrency,
// which a new account cannot spare), each ending well before the next is due.
import { Duration, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Lambda's longest timeout. */
const MAX_LAMBDA_TIMEOUT = Duration.minutes(15);
/** The longest an async invocation may wait in Lambda's queue. */
const MAX_EVENT_AGE = Duration.hours(6);

export interface SweepTiming {
  /** The function's timeout: half the interval (at most 15 minutes), so runs never overlap. */
  timeout: Duration;
  /**
   * What a run may spend before it stops taking new pages (SWEEP_TIME_BUDGET_SECONDS): 80 % of the
   * timeout, leaving a page's work and the report before Lambda would cut the run.
   */
  timeBudgetSeconds: number;
}

export function sweepTiming(intervalMinutes: number): SweepTiming {
  const timeoutSeconds = Math.min(intervalMinutes * 30, MAX_LAMBDA_TIMEOUT.toSeconds());
  return {
    timeout: Duration.seconds(timeoutSeconds),
    timeBudgetSeconds: Math.floor(timeoutSeconds * 0.8),
  };
}

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
        'This queue is itself the dead-letter queue of the sweep schedule target and the sweep function; ' +
        "cdk-nag only recognises dead-letter queues named in another queue's redrive policy.",
    });

    // A later run does the same work: an event older than one interval, or a retry, is worth nothing.
    const maxEventAge = Duration.minutes(Math.min(props.intervalMinutes, MAX_EVENT_AGE.toMinutes()));
    props.sweep.configureAsyncInvoke({
      retryAttempts: 0,
      maxEventAge,
      onFailure: new SqsDestination(this.deadLetters),
    });
    this.rule = new events.Rule(this, 'Rule', {
      ruleName: `${props.prefix}-sweep`,
      description: 'Reminds unanswered confirmers and ends stale contact-change requests',
      schedule: events.Schedule.rate(Duration.minutes(props.intervalMinutes)),
      targets: [
        new targets.LambdaFunction(props.sweep, {
          deadLetterQueue: this.deadLetters,
          retryAttempts: 0,
          maxEventAge,
        }),
      ],
    });
  }
}
