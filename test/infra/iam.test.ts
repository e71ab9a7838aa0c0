// Least privilege, checked on the synthesised policies: each function's role holds exactly the needs
// of its declaration (functions/declare.ts, beside its handler) as IAM actions, besides its own logs
// and traces, and nothing any other construct might add. Whether the declarations are right is
// test/permissions/calls.test.ts's question: it runs every function and checks each call it makes.
import { beforeAll, describe, expect, it } from 'vitest';
import { BOUNCES, SWEEP, WORKFLOW_TASKS } from '../../functions/background';
import type { Needs } from '../../functions/declare';
import { HTTP_ROUTES } from '../../functions/http/routes';
import { resourcesOf, synthesise } from './synth';
import type { Template } from 'aws-cdk-lib/assertions';

const PREFIX = 'service-contacts-dev';
const DECLARED = [
  ...HTTP_ROUTES.filter((r) => !r.localOnly),
  ...Object.values(WORKFLOW_TASKS),
  SWEEP,
  BOUNCES,
];

const actionsOf = ({ items = [], query = [], mail, workflow = [] }: Needs) => [
  ...items,
  ...(query.length > 0 ? ['dynamodb:Query'] : []),
  ...(mail ? ['ses:SendEmail'] : []),
  ...workflow,
];

/** Every action besides writing its own logs and X-Ray traces, which every function has. */
const EXPECTED_ACTIONS: Record<string, string[]> = {
  ...Object.fromEntries(DECLARED.map(({ name, needs }) => [name, actionsOf(needs)])),
  // The Cognito trigger that copies the handle into the ID token (infra/constructs/auth.ts).
  'nic-claim': [],
  // And its failed runs, to its dead-letter queue (the Lambda on-failure destination).
  sweep: [...actionsOf(SWEEP.needs), 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
  // The same for the bounce handler: the notices it failed on, to the bounces' dead-letter queue.
  bounces: [...actionsOf(BOUNCES.needs), 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
};
const EVERY_FUNCTION = [
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'xray:PutTelemetryRecords',
  'xray:PutTraceSegments',
];

/** Where Query may run, by function: the table itself and/or the named indexes. */
const EXPECTED_QUERY_TARGETS = Object.fromEntries(
  DECLARED.filter(({ needs }) => needs.query?.length).map(({ name, needs }) => [name, needs.query!]),
);

/**
 * The only actions allowed on Resource "*": they have no resource-level permissions. X-Ray's trace
 * writes (every traced function and the state machine) and the CloudWatch Logs delivery actions
 * Step Functions needs to log to a log group.
 */
const STAR_RESOURCE_ACTIONS = new Set([
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
]);

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}
const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

function statementsByRole(template: Template): Map<string, Statement[]> {
  const byRole = new Map<string, Statement[]>();
  for (const policy of Object.values(resourcesOf(template, 'AWS::IAM::Policy'))) {
    const { PolicyDocument, Roles } = policy.Properties as {
      PolicyDocument: { Statement: Statement[] };
      Roles: { Ref: string }[];
    };
    for (const { Ref } of Roles) byRole.set(Ref, [...(byRole.get(Ref) ?? []), ...PolicyDocument.Statement]);
  }
  return byRole;
}

function statementsByFunction(template: Template): Map<string, Statement[]> {
  const byRole = statementsByRole(template);
  const byFunction = new Map<string, Statement[]>();
  for (const fn of Object.values(resourcesOf(template, 'AWS::Lambda::Function'))) {
    const { FunctionName, Role } = fn.Properties as {
      FunctionName: string;
      Role: { 'Fn::GetAtt': [string] };
    };
    // Unnamed: CDK's own BucketDeployment function, whose rights nag.test.ts acknowledges one by one.
    if (FunctionName === undefined) continue;
    byFunction.set(FunctionName.slice(PREFIX.length + 1), byRole.get(Role['Fn::GetAtt'][0]) ?? []);
  }
  return byFunction;
}

let template: Template;
let byFunction: Map<string, Statement[]>;
beforeAll(() => {
  template = synthesise().template;
  byFunction = statementsByFunction(template);
});

describe('each function may do what its use case does, and nothing more', () => {
  it('covers every function in the table', () => {
    expect([...byFunction.keys()].sort()).toEqual(Object.keys(EXPECTED_ACTIONS).sort());
  });

  it.each(Object.entries(EXPECTED_ACTIONS))('%s: %j', (name, expected) => {
    const actions = new Set((byFunction.get(name) ?? []).flatMap((s) => list(s.Action)));
    expect([...actions].sort()).toEqual([...expected, ...EVERY_FUNCTION].sort());
  });

  it.each(Object.entries(EXPECTED_QUERY_TARGETS))('%s queries only %j', (name, targets) => {
    const resources = (byFunction.get(name) ?? [])
      .filter((s) => list(s.Action).includes('dynamodb:Query'))
      .flatMap((s) => list(s.Resource))
      .map((resource) => {
        const json = JSON.stringify(resource);
        return json.match(/\/index\/(\w+)/)?.[1] ?? (json.includes('DataTable') ? 'table' : json);
      });
    expect(resources.sort()).toEqual([...targets].sort());
  });

  it('names the table itself (not its indexes) for item actions', () => {
    for (const statements of byFunction.values()) {
      for (const s of statements.filter((st) =>
        list(st.Action).some((a) => a.startsWith('dynamodb:') && a !== 'dynamodb:Query'),
      )) {
        expect(list(s.Resource)).toEqual([{ 'Fn::GetAtt': [expect.stringMatching(/^DataTable/), 'Arn'] }]);
      }
    }
  });

  it('calls Step Functions on the contact-change state machine or its executions only', () => {
    for (const statements of byFunction.values()) {
      for (const s of statements.filter((st) => list(st.Action).some((a) => a.startsWith('states:')))) {
        const resource = JSON.stringify(s.Resource);
        const expected = list(s.Action).includes('states:StopExecution')
          ? `:execution:${PREFIX}-contact-change:*`
          : `:stateMachine:${PREFIX}-contact-change"`;
        expect(resource).toContain(expected);
      }
    }
  });

  it('sends email only as the sender identity, through the configuration set', () => {
    for (const statements of byFunction.values()) {
      for (const s of statements.filter((st) => list(st.Action).includes('ses:SendEmail'))) {
        const resources = list(s.Resource).map((r) => JSON.stringify(r));
        expect(resources).toHaveLength(2);
        expect(resources.some((r) => r.includes(':identity/contacts@example.com'))).toBe(true);
        expect(resources.some((r) => r.includes(':configuration-set/'))).toBe(true);
      }
    }
  });
});

describe('every policy statement in the stack', () => {
  // Every role but that of CDK's unnamed BucketDeployment function (its findings: nag.test.ts).
  const cdkRoles = () =>
    new Set(
      Object.values(resourcesOf(template, 'AWS::Lambda::Function'))
        .filter((fn) => fn.Properties?.FunctionName === undefined)
        .map((fn) => (fn.Properties?.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0]),
    );
  const allStatements = () =>
    [...statementsByRole(template)].filter(([role]) => !cdkRoles().has(role)).flatMap(([, list]) => list);

  it('names no wildcard action', () => {
    for (const s of allStatements()) for (const action of list(s.Action)) expect(action).not.toContain('*');
  });

  it('uses Resource "*" only for the actions that have no resource-level permissions', () => {
    for (const s of allStatements().filter((st) => list(st.Resource).includes('*'))) {
      for (const action of list(s.Action)) expect(STAR_RESOURCE_ACTIONS, action).toContain(action);
    }
  });

  it('lets the state machine invoke exactly its four task functions', () => {
    const machine = Object.values(resourcesOf(template, 'AWS::StepFunctions::StateMachine'))[0];
    const roleId = (machine?.Properties?.RoleArn as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
    const invoke = (statementsByRole(template).get(roleId) ?? []).filter((s) =>
      list(s.Action).includes('lambda:InvokeFunction'),
    );
    const targets = new Set(
      invoke
        .flatMap((s) => list(s.Resource))
        .map((r) => JSON.stringify(r).match(/Functions(\w+?)Function/)?.[1]),
    );
    expect([...targets].sort()).toEqual(['Apply', 'AskConfirmer', 'Close', 'Receipt']);
  });
});
