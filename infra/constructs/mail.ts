// SES v2: the sender identity every email goes out from, and a configuration set that keeps bounces
// and complaints on the account's suppression list. An identity exists once per account and region,
// so only one stack may create it: another stage in the same account, or an address or domain
// verified outside CDK, uses it as it is (`senderIdentity: existing`). What must still be verified is
// a stack output.
import { ArnFormat, CfnOutput, Stack } from 'aws-cdk-lib';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface ContactsMailProps {
  /** Names the configuration set. */
  prefix: string;
  senderEmail: string;
  /** Verify the whole domain (DKIM) instead of the single address. */
  senderDomain?: string;
  /** `create`: this stack owns the identity; `existing`: it is verified already, elsewhere. */
  senderIdentity: 'create' | 'existing';
  /** A subdomain of the sender's domain for the envelope sender (custom MAIL FROM); `create` only. */
  mailFromDomain?: string;
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
    const senderIdentities =
      props.senderIdentity === 'create'
        ? [this.createIdentity(props)]
        : // SES authorises a send against the address's own identity when it is verified, else its
          // domain's: whichever of the two was verified elsewhere, the functions may send from it.
          [
            identityArn(props.senderEmail),
            identityArn(props.senderDomain ?? props.senderEmail.split('@')[1]!.toLowerCase()),
          ];
    this.sendResources = [
      ...senderIdentities,
      Stack.of(this).formatArn({
        service: 'ses',
        resource: 'configuration-set',
        resourceName: this.configurationSet.configurationSetName,
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      }),
      ...props.sandboxRecipients.map(identityArn),
    ];
  }

  /** The identity, owned by this stack, and the DNS records or link that verify it, as outputs. */
  private createIdentity(props: ContactsMailProps): string {
    const identity = new ses.EmailIdentity(this, 'Identity', {
      identity: props.senderDomain
        ? ses.Identity.domain(props.senderDomain)
        : ses.Identity.email(props.senderEmail),
      configurationSet: this.configurationSet,
      mailFromDomain: props.mailFromDomain,
    });
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
    if (props.mailFromDomain) {
      const region = Stack.of(this).region;
      new CfnOutput(this, 'MailFromRecords', {
        description: `Add these records to the DNS of ${props.mailFromDomain}: bounces then come back to SES from your own domain, and SPF aligns with it.`,
        value: `${props.mailFromDomain} MX 10 feedback-smtp.${region}.amazonses.com ; ${props.mailFromDomain} TXT "v=spf1 include:amazonses.com ~all"`,
      }).overrideLogicalId('MailFromRecords');
    }
    return identity.emailIdentityArn;
  }
}
