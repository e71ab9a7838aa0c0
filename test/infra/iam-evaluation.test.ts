// Each function's role as AWS's policy evaluation decides it (test/support/iam-evaluation.ts): every
// call its declaration needs (functions/declare.ts; test/permissions/calls.test.ts evaluates the calls
// each function really makes the same way) is Allowed on the stack's own resources, and what it must
// never do is Denied: any other action on its table, the table's other indexes, another table, another
// state machine or its executions, sending as another identity or through another configuration set.
import { beforeAll, describe, expect, it } from 'vitest';
import { BOUNCES, SWEEP, WORKFLOW_TASKS } from '../../functions/background';
import type { Needs } from '../../functions/declare';
import { HTTP_ROUTES } from '../../functions/http/routes';
import { TABLE_SCHEMA } from '../../shared/adapters/dynamo/table';
import { ACCOUNT, DeployedStack, REGION, type IamRequest } from '../support/iam-evaluation';
import { synthesise } from './synth';

const DECLARED = [
  ...HTTP_ROUTES.filter((r) => !r.localOnly),
  ...Object.values(WORKFLOW_TASKS),
  SWEEP,
  BOUNCES,
];
const INDEXES: string[] = TABLE_SCHEMA.indexes.map((index) => index.indexName);
const ITEM_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:Scan',
  'dynamodb:ConditionCheckItem',
];
const WORKFLOW_ACTIONS = [
  'states:StartExecution',
  'states:SendTaskSuccess',
  'states:SendTaskFailure',
  'states:StopExecution',
];
const SENDER = 'contacts@example.com';

let stack: DeployedStack;
beforeAll(() => {
  stack = new DeployedStack(synthesise().template);
});

const otherTable = () => `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/another-table`;
const otherMachine = () => `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:another-machine`;
const stopOn = (arn: string) => ({ action: 'states:StopExecution', resource: arn });

/** What the declared needs ask of AWS, on this stack's resources. */
function needed({ items = [], query = [], mail, workflow = [] }: Needs): IamRequest[] {
  const send = { 'ses:FromAddress': SENDER, 'ses:ApiVersion': '2' };
  return [
    ...items.map((action) => ({ action, resource: stack.tableArn })),
    ...query.map((target) => ({
      action: 'dynamodb:Query',
      resource: target === 'table' ? stack.tableArn : `${stack.tableArn}/index/${target}`,
    })),
    ...(mail
      ? [
          { action: 'ses:SendEmail', resource: stack.identityArn(SENDER), context: send },
          { action: 'ses:SendEmail', resource: stack.configurationSetArn, context: send },
        ]
      : []),
    ...workflow.map((action) =>
      action === 'states:StopExecution'
        ? stopOn(stack.executionArn('some-request'))
        : { action, resource: stack.stateMachineArn },
    ),
  ];
}

/** Everything it must never be allowed: undeclared actions on its own resources, and any on others'. */
function forbidden({ items = [], query = [], mail, workflow = [] }: Needs): IamRequest[] {
  const send = { 'ses:FromAddress': 'someone@example.org', 'ses:ApiVersion': '2' };
  return [
    ...ITEM_ACTIONS.filter((a) => !items.includes(a as never)).map((action) => ({
      action,
      resource: stack.tableArn,
    })),
    ...['table', ...INDEXES]
      .filter((target) => !query.includes(target as never))
      .map((target) => ({
        action: 'dynamodb:Query',
        resource: target === 'table' ? stack.tableArn : `${stack.tableArn}/index/${target}`,
      })),
    { action: 'dynamodb:GetItem', resource: otherTable() },
    { action: 'dynamodb:Query', resource: `${otherTable()}/index/changesByPartyState` },
    { action: 'dynamodb:DeleteTable', resource: stack.tableArn },
    ...(mail
      ? []
      : [
          {
            action: 'ses:SendEmail',
            resource: stack.identityArn(SENDER),
            context: { 'ses:ApiVersion': '2' },
          },
        ]),
    { action: 'ses:SendEmail', resource: stack.identityArn('example.org'), context: send },
    {
      action: 'ses:SendEmail',
      resource: `arn:aws:ses:${REGION}:${ACCOUNT}:configuration-set/another-set`,
      context: send,
    },
    ...WORKFLOW_ACTIONS.filter((a) => !workflow.includes(a as never)).map((action) =>
      action === 'states:StopExecution'
        ? stopOn(stack.executionArn('some-request'))
        : { action, resource: stack.stateMachineArn },
    ),
    { action: 'states:StartExecution', resource: otherMachine() },
    stopOn(`arn:aws:states:${REGION}:${ACCOUNT}:execution:another-machine:some-request`),
    { action: 'states:DeleteStateMachine', resource: stack.stateMachineArn },
  ];
}

const show = (r: IamRequest) => `${r.action} on ${r.resource.replace(`:${ACCOUNT}:`, ':…:')}`;

describe.each(DECLARED.map((fn) => [fn.name, fn.needs] as const))('%s', (name, needs) => {
  it('is Allowed every call its declaration needs', async () => {
    const decisions = await Promise.all(
      needed(needs).map(async (r) => `${show(r)}: ${await stack.decide(name, r)}`),
    );
    expect(decisions.filter((d) => !d.endsWith(': Allowed'))).toEqual([]);
  });

  it('is Denied everything else on the table, the workflow and SES, and anything on others', async () => {
    const decisions = await Promise.all(
      forbidden(needs).map(async (r) => `${show(r)}: ${await stack.decide(name, r)}`),
    );
    expect(decisions.filter((d) => d.endsWith(': Allowed'))).toEqual([]);
  });
});

describe('examples that read as the rules', () => {
  it('the health function cannot read the table', async () => {
    expect(await stack.decide('health', { action: 'dynamodb:GetItem', resource: stack.tableArn })).toBe(
      'ImplicitlyDenied',
    );
  });

  it('a read route cannot write', async () => {
    for (const action of ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'])
      expect(await stack.decide('get-change', { action, resource: stack.tableArn })).toBe('ImplicitlyDenied');
  });

  it('the sweep queries its one index, not the table nor the others', async () => {
    const query = (resource: string) => stack.decide('sweep', { action: 'dynamodb:Query', resource });
    expect(await query(`${stack.tableArn}/index/openByExpiry`)).toBe('Allowed');
    expect(await query(stack.tableArn)).toBe('ImplicitlyDenied');
    expect(await query(`${stack.tableArn}/index/servicesByAdmin`)).toBe('ImplicitlyDenied');
  });
});
