// Bounces and complaints, as SES reports them for this stage's configuration set, published to an SNS
// topic. The function given as `bounceHandler` consumes them (it marks the bouncing address and tells
// the asker); a notice it cannot take lands in a dead-letter queue that is alarmed on, never dropped.
import { Duration, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface BounceNotificationsProps {
  prefix: string;
  configurationSet: ses.IConfigurationSet;
  /** Receives each SNS notice of a bounce or a complaint; none yet: SES still publishes them. */
  bounceHandler?: lambda.IFunction;
}

/** What SES publishes: a permanent bounce or a complaint makes an address unusable for codes. */
export const BOUNCE_EVENTS = [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT];

export class BounceNotifications extends Construct {
  readonly topic: sns.Topic;
  /** Where the handler's failed notices go; only with a handler. */
  readonly deadLetters?: sqs.Queue;

  constructor(scope: Construct, id: string, props: BounceNotificationsProps) {
    super(scope, id);

    this.topic = new sns.Topic(this, 'Topic', { topicName: `${props.prefix}-bounces`, enforceSSL: true });
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'SES publishes to this topic, which the AWS-managed aws/sns key does not allow; a customer key would ' +
        'add $1/month and a key policy. The notices hold recipient addresses already known to the service.',
    });
    // CDK also adds the topic policy letting ses.amazonaws.com publish, scoped to this configuration set.
    new ses.ConfigurationSetEventDestination(this, 'Destination', {
      configurationSet: props.configurationSet,
      configurationSetEventDestinationName: 'bounces-and-complaints',
      destination: ses.EventDestination.snsTopic(this.topic),
      events: BOUNCE_EVENTS,
    });

    if (props.bounceHandler) {
      this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
        queueName: `${props.prefix}-bounces-dlq`,
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      Validations.of(this.deadLetters).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason:
          'This queue is itself the dead-letter queue of the bounce subscription and the handler; cdk-nag ' +
          "only recognises dead-letter queues named in another queue's redrive policy.",
      });
      // SNS invokes the function asynchronously: SNS's own delivery failures and the function's failures
      // after Lambda's two retries both end in the queue.
      this.topic.addSubscription(
        new subscriptions.LambdaSubscription(props.bounceHandler, { deadLetterQueue: this.deadLetters }),
      );
      props.bounceHandler.configureAsyncInvoke({ onFailure: new SqsDestination(this.deadLetters) });
    }
  }
}
