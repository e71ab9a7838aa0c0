// Two stages side by side in one account: dev and prod, from their committed files, synthesised in one
// app. Every name AWS holds unique per account and region (functions, roles, tables, log groups,
// queues, topics, alarms, dashboards, the state machine, the configuration set, the rule, the stacks)
// differs between them, and the sender identity they share is one stack that neither owns.
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, expect, it } from 'vitest';
import { AccountStack } from '../../infra/account-stack';
import { readDeploySettings } from '../../infra/context';
import { SenderIdentityStack } from '../../infra/sender-identity-stack';
import { defineStage, type ServiceContactsStack } from '../../infra/service-contacts-stack';
import { CDK_JSON } from './synth';

let app: App;
let stages: ServiceContactsStack[];
beforeAll(() => {
  app = new App({
    context: { ...CDK_JSON.context, 'aws:cdk:bundling-stacks': [] },
    builtinCloudFormationValidation: false,
  });
  stages = ['dev', 'prod'].map((stage) =>
    defineStage(
      app,
      readDeploySettings((key) => ({ stage })[key]),
    ),
  );
});

/** Names unique only within their parent (a role's inline policy, an API's stage and authorizer, a function's alias). */
const SCOPED = new Set([
  'AWS::IAM::Policy',
  'AWS::ApiGatewayV2::Stage',
  'AWS::ApiGatewayV2::Authorizer',
  'AWS::Lambda::Alias',
]);

/** Every string a resource property whose key names a physical name holds, with where it is. */
function physicalNames(template: Template): Map<string, string> {
  const names = new Map<string, string>();
  const resources = template.toJSON().Resources as Record<string, { Type: string; Properties?: object }>;
  for (const [id, resource] of Object.entries(resources)) {
    if (SCOPED.has(resource.Type)) continue;
    for (const [key, value] of Object.entries(resource.Properties ?? {})) {
      // Not the names of what the resource uses (a metric, a predefined deployment configuration).
      const isName =
        /(^|[a-z])Name$|^Name$|^EmailIdentity$/.test(key) &&
        !/^(Metric|Namespace|DeploymentConfig)/.test(key);
      if (isName && typeof value === 'string') names.set(`${resource.Type} ${value}`, `${id}.${key}`);
    }
  }
  return names;
}

it('dev and prod synthesise in one app with no physical name in common', () => {
  const [dev, prod] = stages.map((stack) => physicalNames(Template.fromStack(stack)));
  expect(dev!.size).toBeGreaterThan(50);
  expect([...dev!.keys()].filter((name) => prod!.has(name))).toEqual([]);
  expect(stages.map((s) => s.stackName)).toEqual(['ServiceContacts-dev', 'ServiceContacts-prod']);
});

it("the sender identity both send from is one stack, the account's alarms another, which both depend on and neither holds, and each has its own edge stack", () => {
  const identities = app.node.children.filter((child) => child instanceof SenderIdentityStack);
  const accounts = app.node.children.filter((child) => child instanceof AccountStack);
  expect(identities).toHaveLength(1);
  expect(accounts).toHaveLength(1);
  for (const stage of stages) {
    // Compared by name: a failing deep comparison of stacks would walk CDK's detached constructs.
    expect(stage.dependencies.map((s) => s.stackName).sort()).toEqual(
      [
        accounts[0]!.stackName,
        identities[0]!.stackName,
        `ServiceContactsEdge-${stage.stackName.split('-')[1]}`,
      ].sort(),
    );
    Template.fromStack(stage).resourceCountIs('AWS::SES::EmailIdentity', 0);
  }
  Template.fromStack(identities[0]!).resourceCountIs('AWS::SES::EmailIdentity', 1);
  // The whole app, as `cdk synth` writes it: one assembly with the six stacks.
  expect(
    app
      .synth()
      .stacks.map((s) => s.stackName)
      .sort(),
  ).toEqual([
    'ServiceContacts-dev',
    'ServiceContacts-prod',
    'ServiceContactsAccount',
    'ServiceContactsEdge-dev',
    'ServiceContactsEdge-prod',
    'ServiceContactsSender-contacts-example-com',
  ]);
});
