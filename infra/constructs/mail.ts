// SES v2: the sender identity every email goes out from, and a configuration set that keeps bounces
// and complaints on the account's suppression list. What must still be verified is a stack output.
import { ArnFormat, CfnOutput, Stack } from 'aws-cdk-lib';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface ContactsMailProps {
  /** Names the configuration set. */
  prefix: string;
  senderEmail: string;
  /** Verify the whole domain (DKIM) instead of the single address. */
  senderDomain?: string;
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

    const identity = new ses.EmailIdentity(this, 'Identity', {
      identity: props.senderDomain
        ? ses.Identity.domain(props.senderDomain)
        : ses.Identity.email(props.senderEmail),
      configurationSet: this.configurationSet,
    });

    const identityArn = (name: string) =>
      Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: name });
    this.sendResources = [
      identity.emailIdentityArn,
      Stack.of(this).formatArn({
        service: 'ses',
        resource: 'configuration-set',
        resourceName: this.configurationSet.configurationSetName,
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      }),
      ...props.sandboxRecipients.map(identityArn),
    ];

    if (props.senderDomain) {
      new CfnOutput(this, 'MailVerifySenderDomain', {
        description: `Add these three CNAME records to the DNS of ${props.senderDomain} (Easy DKIM); SES then verifies the domain.`,
        value: identity.dkimRecords.map((record) => `${record.name} CNAME ${record.value}`).join(' ; '),
      }).overrideLogicalId('MailVerifySenderDomain');
    } else {
      new CfnOutput(this, 'MailVerifySenderEmail', {
        description:
          'SES has emailed this address a verification link; nothing is sent until it is followed.',
        value: props.senderEmail,
      }).overrideLogicalId('MailVerifySenderEmail');
    }
  }
}
