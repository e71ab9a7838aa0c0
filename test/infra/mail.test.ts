// SES in the synthesised app: the sender identity is the account's, in a small stack of its own that
// every stage sending from it depends on and none owns (or verified outside CDK), and bounces and
// complaints of the stage's configuration set reach an SNS topic that a handler consumes.
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as ses from 'aws-cdk-lib/aws-ses';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BounceNotifications } from '../../infra/constructs/bounces';
import { SenderIdentityStack } from '../../infra/sender-identity-stack';
import { liveAliasOf, resourcesOf, synthesise, type Synthesised } from './synth';

let dev: Synthesised;
beforeAll(() => {
  dev = synthesise();
});

/** The resources of every ses:SendEmail statement, as JSON strings. */
function sendResources(template: Template): string[][] {
  const policies = Object.values(resourcesOf(template, 'AWS::IAM::Policy'));
  return policies.flatMap((p) =>
    (
      p.Properties?.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }
    ).Statement.filter((s) => [s.Action].flat().includes('ses:SendEmail')).map((s) =>
      [s.Resource].flat().map((r) => JSON.stringify(r)),
    ),
  );
}

/** The sender identity stack of a synthesised app, which the stage depends on; none with `existing`. */
function identityStackOf({ app, stack }: Synthesised): SenderIdentityStack | undefined {
  const found = app.node.children.filter((child) => child instanceof SenderIdentityStack);
  expect(found.length).toBeLessThanOrEqual(1);
  if (found[0]) expect(stack.dependencies).toContain(found[0]);
  return found[0];
}

describe('the sender identity', () => {
  it("is the account's: a stack of its own that the stage depends on, retained on delete", () => {
    dev.template.resourceCountIs('AWS::SES::EmailIdentity', 0);
    const identity = identityStackOf(dev)!;
    expect(identity.stackName).toBe('ServiceContactsSender-contacts-example-com');
    const template = Template.fromStack(identity);
    // No stage's configuration set is its default: every send names its own stage's.
    template.hasResource('AWS::SES::EmailIdentity', {
      Properties: { EmailIdentity: 'contacts@example.com', ConfigurationSetAttributes: Match.absent() },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    expect(template.findOutputs('MailVerifySenderEmail')).not.toEqual({});
  });

  it('is used as it is with senderIdentity=existing (verified outside CDK): no identity stack', () => {
    const synthesised = synthesise({ stage: 'prod', senderIdentity: 'existing' });
    const { template } = synthesised;
    expect(identityStackOf(synthesised)).toBeUndefined();
    // Its own configuration set, and the address's or its domain's identity, whichever was verified.
    template.hasResourceProperties('AWS::SES::ConfigurationSet', { Name: 'service-contacts-prod' });
    const resources = sendResources(template);
    expect(resources.length).toBeGreaterThan(0);
    for (const statement of resources) {
      expect(statement.filter((r) => r.includes(':identity/'))).toEqual([
        expect.stringContaining(':identity/contacts@example.com'),
        expect.stringContaining(':identity/example.com'),
      ]);
      expect(statement.some((r) => r.includes(':configuration-set/'))).toBe(true);
    }
  });

  it('verifies a domain with DKIM and a custom MAIL FROM subdomain, naming the DNS records to add', () => {
    const identity = identityStackOf(
      synthesise({
        senderEmail: 'contacts@example.org',
        senderDomain: 'example.org',
        mailFromDomain: 'bounce.example.org',
      }),
    )!;
    expect(identity.stackName).toBe('ServiceContactsSender-example-org');
    const template = Template.fromStack(identity);
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'example.org',
      MailFromAttributes: { MailFromDomain: 'bounce.example.org' },
    });
    expect(Object.keys(template.findOutputs('*'))).toEqual(
      expect.arrayContaining(['MailVerifySenderDomain', 'MailFromRecords']),
    );
  });
});

describe('bounces and complaints', () => {
  it('are published by the configuration set to the bounce topic', () => {
    dev.template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: { Ref: Match.stringLikeRegexp('^MailConfigurationSet') },
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: ['bounce', 'complaint'],
        SnsDestination: { TopicARN: { Ref: Match.stringLikeRegexp('^BouncesTopic') } },
      },
    });
  });

  it('may be published by SES for this configuration set only, over TLS', () => {
    const policies = Object.values(resourcesOf(dev.template, 'AWS::SNS::TopicPolicy')).filter((p) =>
      JSON.stringify(p.Properties?.Topics).includes('BouncesTopic'),
    );
    const statements = policies.flatMap(
      (p) => (p.Properties?.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement,
    );
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        expect.objectContaining({
          Effect: 'Allow',
          Principal: { Service: 'ses.amazonaws.com' },
          Action: 'sns:Publish',
          Condition: {
            StringEquals: {
              'AWS:SourceAccount': { Ref: 'AWS::AccountId' },
              'AWS:SourceArn': { 'Fn::Join': ['', expect.arrayContaining([':configuration-set/'])] },
            },
          },
        }),
      ]),
    );
  });

  it("reach this stage's bounce handler (its live alias), subscribed to the topic", () => {
    const functions = resourcesOf(dev.template, 'AWS::Lambda::Function');
    const handler = Object.entries(functions).find(
      ([, fn]) => fn.Properties?.FunctionName === 'service-contacts-dev-bounces',
    )?.[0];
    expect(handler).toBeDefined();
    dev.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: { Ref: Match.stringLikeRegexp('^BouncesTopic') },
      Endpoint: { Ref: liveAliasOf(dev.template, handler!) },
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BouncesDeadLetters'), 'Arn'] },
      },
    });
    dev.template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'sns.amazonaws.com',
      FunctionName: { Ref: liveAliasOf(dev.template, handler!) },
      SourceArn: { Ref: Match.stringLikeRegexp('^BouncesTopic') },
    });
  });

  it('reach the bounce handler; what it cannot take lands in an alarmed dead-letter queue', () => {
    // CloudFormation's own validation, as in synth.ts, would only cost time (most of this test's).
    const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Bounces');
    const handler = new lambda.Function(stack, 'Handler', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('export const handler = async () => {};'),
    });
    const bounces = new BounceNotifications(stack, 'Bounces', {
      prefix: 'service-contacts-dev',
      configurationSet: new ses.ConfigurationSet(stack, 'Set'),
      bounceHandler: handler,
    });
    const template = Template.fromStack(stack);
    const queue = stack.getLogicalId(bounces.deadLetters!.node.defaultChild as sqs.CfnQueue);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [queue, 'Arn'] } },
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queue, 'Arn'] } } },
    });
  });
});
