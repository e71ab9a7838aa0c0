// The pipeline's role (infra/pipeline): GitHub's OIDC token of this repository's jobs in the dev and
// prod environments is all that can assume it, and all it may do is assume the CDK bootstrap roles.
// The sender identity and account stacks are checked by cdk-nag here too: they are deployed beside every stage.
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { AccountStack } from '../../infra/account-stack';
import { EdgeStack } from '../../infra/edge-stack';
import { GithubDeployRoleStack } from '../../infra/pipeline/github-deploy-role-stack';
import { SenderIdentityStack } from '../../infra/sender-identity-stack';
import { CDK_JSON, synthesise } from './synth';

const roleStack = (existingProviderArn?: string) =>
  new GithubDeployRoleStack(new App({ context: CDK_JSON.context }), 'ServiceContactsGithubDeploy', {
    env: { account: '123456789012', region: 'eu-west-1' },
    githubRepository: 'example/service-contacts',
    environments: ['dev', 'prod'],
    existingProviderArn,
  });

describe('the GitHub deploy role', () => {
  it('trusts only the OIDC tokens of this repository in its environments, for STS', () => {
    const template = Template.fromStack(roleStack());
    template.hasResourceProperties('AWS::IAM::OIDCProvider', {
      Url: 'https://token.actions.githubusercontent.com',
      ClientIdList: ['sts.amazonaws.com'],
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'service-contacts-github-deploy',
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRoleWithWebIdentity',
            Effect: 'Allow',
            Principal: { Federated: { Ref: Match.stringLikeRegexp('^GithubOidc') } },
            Condition: {
              StringEquals: {
                'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
                'token.actions.githubusercontent.com:sub': [
                  'repo:example/service-contacts:environment:dev',
                  'repo:example/service-contacts:environment:prod',
                ],
              },
            },
          },
        ],
      },
    });
  });

  it("may only assume the account's CDK bootstrap roles, of its region and us-east-1 (the web ACLs')", () => {
    const template = Template.fromStack(roleStack());
    type Document = { Statement: unknown[] };
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).map(
      (p) => p.Properties.PolicyDocument as Document,
    );
    expect(template.findResources('AWS::IAM::Role', { Properties: { Policies: Match.anyValue() } })).toEqual(
      {},
    );
    expect(policies).toHaveLength(1);
    expect(policies[0]!.Statement).toEqual([
      {
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Effect: 'Allow',
        Resource: ['eu-west-1', 'us-east-1']
          .flatMap((region) =>
            ['deploy', 'file-publishing', 'image-publishing', 'lookup'].map(
              (kind) => `arn:aws:iam::123456789012:role/cdk-hnb659fds-${kind}-role-123456789012-${region}`,
            ),
          )
          .sort(), // as CDK writes them
      },
    ]);
  });

  it("uses the account's OIDC provider when it exists already", () => {
    const arn = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';
    const template = Template.fromStack(roleStack(arn));
    template.resourceCountIs('AWS::IAM::OIDCProvider', 0);
    expect(JSON.stringify(template.findResources('AWS::IAM::Role'))).toContain(arn);
  });
});

it.each([
  ['the GitHub deploy role', () => roleStack()],
  [
    'the sender identity stack',
    () => synthesise().app.node.children.find((c) => c instanceof SenderIdentityStack)!,
  ],
  ["the account's stack", () => synthesise().app.node.children.find((c) => c instanceof AccountStack)!],
  ['the edge stack', () => synthesise().app.node.children.find((c) => c instanceof EdgeStack)!],
])('cdk-nag finds nothing in %s', (_name, make) => {
  const stack = make();
  const report = new AwsSolutionsChecks(stack.node.root).validateScope(stack);
  expect(report.violations.map((v) => v.ruleName)).toEqual([]);
});
