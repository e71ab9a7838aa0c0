// SES v2 for one stage: the right to send from the sender identity, and the stage's own configuration
// set, which keeps bounces and complaints on the account's suppression list. The identity itself is
// the account's, never a stage's (infra/sender-identity-stack.ts, or verified outside CDK).
import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface ContactsMailProps {
  /** Names the configuration set. */
  prefix: string;
  senderEmail: string;
  /** The SES identities (an address, a domain) the functions may send as. */
  identities: string[];
  /** Recipients verified while the account is still in the SES sandbox. */
  sandboxRecipients: string[];
}

export class ContactsMail extends Construct {
  readonly senderEmail: string;
  readonly configurationSet: ses.ConfigurationSet;
  /** What ses:SendEmail is allowed on: the sender identity, the configuration set, sandbox recipients. */
  readonly sendResources: string[];

  constructor(scope: Construct, id: string, props: ContactsMailProps) {
    super(scope, id);
    this.senderEmail = props.senderEmail;

    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: props.prefix,
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
    });

    const identityArn = (name: string) =>
      Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: name });
    this.sendResources = [
      ...props.identities.map(identityArn),
      Stack.of(this).formatArn({
        service: 'ses',
        resource: 'configuration-set',
        resourceName: this.configurationSet.configurationSetName,
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      }),
      ...props.sandboxRecipients.map(identityArn),
    ];
  }
}
