// The SES identity every stage sends from. An identity exists once per account and region, so it is
// no stage's: this small stack, one per identity, holds it, every stage that sends from it depends on
// it, and it is retained when deleted, so tearing down a stage, or this stack, never stops the others
// sending. With `senderIdentity: existing` (verified outside CDK) there is no such stack.
import { CfnOutput, RemovalPolicy, Stack, type App, type Environment } from 'aws-cdk-lib';
import * as ses from 'aws-cdk-lib/aws-ses';
import type { DeploySettings } from './context';

export type SenderSettings = Pick<DeploySettings, 'senderEmail' | 'senderDomain' | 'mailFromDomain'>;

/** The identity: the domain when one is verified, else the single address. */
export const senderIdentityName = (settings: SenderSettings) =>
  settings.senderDomain?.toLowerCase() ?? settings.senderEmail.toLowerCase();

/** `ServiceContactsSender-example-com`: the stack's name, from its identity. */
export const senderStackName = (settings: SenderSettings) =>
  `ServiceContactsSender-${senderIdentityName(settings).replace(/[^a-z0-9]+/g, '-')}`;

export class SenderIdentityStack extends Stack {
  readonly settings: SenderSettings;

  constructor(app: App, settings: SenderSettings, env?: Environment) {
    super(app, senderStackName(settings), {
      env,
      description: `Service contacts: the SES identity ${senderIdentityName(settings)}, shared by every stage`,
      tags: { service: 'service-contacts' },
    });
    this.settings = settings;
    const identity = new ses.EmailIdentity(this, 'Identity', {
      identity: settings.senderDomain
        ? ses.Identity.domain(settings.senderDomain)
        : ses.Identity.email(settings.senderEmail),
      mailFromDomain: settings.mailFromDomain,
    });
    // Deleting the identity would stop every stage sending, and a domain's DKIM records would change.
    identity.applyRemovalPolicy(RemovalPolicy.RETAIN);

    if (settings.senderDomain) {
      new CfnOutput(this, 'MailVerifySenderDomain', {
        description: `Add these three CNAME records to the DNS of ${settings.senderDomain} (Easy DKIM); SES then verifies the domain.`,
        value: identity.dkimRecords.map((record) => `${record.name} CNAME ${record.value}`).join(' ; '),
      });
    } else {
      new CfnOutput(this, 'MailVerifySenderEmail', {
        description:
          'SES has emailed this address a verification link; nothing is sent until it is followed.',
        value: settings.senderEmail,
      });
    }
    if (settings.mailFromDomain) {
      new CfnOutput(this, 'MailFromRecords', {
        description: `Add these records to the DNS of ${settings.mailFromDomain}: bounces then come back to SES from your own domain, and SPF aligns with it.`,
        value: `${settings.mailFromDomain} MX 10 feedback-smtp.${this.region}.amazonses.com ; ${settings.mailFromDomain} TXT "v=spf1 include:amazonses.com ~all"`,
      });
    }
  }
}

/**
 * The identity stack of these settings in `app`, made once: two stages of one app that send from the
 * same identity share it. Two with the same name but other settings would fight over one identity.
 */
export function senderIdentityStack(
  app: App,
  settings: SenderSettings,
  env?: Environment,
): SenderIdentityStack {
  const existing = app.node.tryFindChild(senderStackName(settings));
  if (!(existing instanceof SenderIdentityStack)) return new SenderIdentityStack(app, settings, env);
  const same = (['senderEmail', 'senderDomain', 'mailFromDomain'] as const).every(
    (key) => existing.settings[key] === settings[key],
  );
  if (!same || existing.region !== (env?.region ?? existing.region)) {
    throw new Error(
      `Two stages send from ${senderIdentityName(settings)} with different identity settings or regions: ` +
        'give them the same senderEmail, senderDomain and mailFromDomain, or deploy them apart',
    );
  }
  return existing;
}
