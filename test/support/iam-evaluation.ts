// IAM as AWS evaluates it, offline: each function's role policy, taken from the synthesised template
// and resolved to the ARNs it would have in one account and region, evaluated for a request (action,
// resource ARN, context keys) by @cloud-copilot/iam-simulate, an implementation of AWS's policy
// evaluation logic that also checks the action, the resource type and the context keys against AWS's
// own service reference (an unknown action or a resource the action does not take is an error, not a
// Deny). test/infra/iam-evaluation.test.ts and test/permissions/calls.test.ts ask it.
import { runSimulation, runUnsafeSimulation } from '@cloud-copilot/iam-simulate';
import type { Template } from 'aws-cdk-lib/assertions';
import type { RecordedCall } from '../../bench/instrument';

export const ACCOUNT = '123456789012';
export const REGION = 'eu-west-1';
const PREFIX = 'service-contacts-dev';

type Resource = { Type: string; Properties?: Record<string, unknown> };
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

export interface IamRequest {
  action: string;
  resource: string;
  context?: Record<string, string | string[]>;
}

/**
 * The task-token answers. AWS's service reference lists no resource type for them ("*" only), and the
 * simulator's validation follows it; but Step Functions authorises them against the state machine
 * whose execution issued the token (its AccessDenied names `…:stateMachine:<name>` as the resource, and
 * CDK's grantTaskResponse grants that ARN), so they are evaluated on that ARN without the validation.
 */
const TOKEN_ACTIONS = new Set(['states:SendTaskSuccess', 'states:SendTaskFailure']);

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

/** A stack's deployed ARNs: what the resources of the template are called once CloudFormation made them. */
export class DeployedStack {
  private readonly resources: Record<string, Resource>;
  /** Each named function's identity policy (its role's statements), by the function's short name. */
  readonly policies = new Map<string, { Version: string; Statement: unknown[] }>();

  constructor(template: Template) {
    this.resources = template.toJSON().Resources as Record<string, Resource>;
    const byRole = new Map<string, unknown[]>();
    for (const policy of Object.values(this.resources).filter((r) => r.Type === 'AWS::IAM::Policy')) {
      const { PolicyDocument, Roles } = policy.Properties as {
        PolicyDocument: { Statement: Statement[] };
        Roles: { Ref: string }[];
      };
      const statements = PolicyDocument.Statement.map((s) => ({ ...s, Resource: this.resolve(s.Resource) }));
      for (const { Ref } of Roles) byRole.set(Ref, [...(byRole.get(Ref) ?? []), ...statements]);
    }
    for (const fn of Object.values(this.resources).filter((r) => r.Type === 'AWS::Lambda::Function')) {
      const { FunctionName, Role } = fn.Properties as {
        FunctionName?: string;
        Role: { 'Fn::GetAtt': [string] };
      };
      // Unnamed: CDK's own BucketDeployment function, not one of ours.
      if (FunctionName === undefined) continue;
      const statements = byRole.get(Role['Fn::GetAtt'][0]) ?? [];
      this.policies.set(FunctionName.slice(PREFIX.length + 1), {
        Version: '2012-10-17',
        Statement: statements,
      });
    }
  }

  private only(type: string): [string, Resource] {
    const found = Object.entries(this.resources).filter(([, r]) => r.Type === type);
    if (found.length !== 1) throw new Error(`${found.length} resources of type ${type}`);
    return found[0]!;
  }

  /** The table's ARN; its physical name is CloudFormation's choice, here its logical id. */
  get tableArn(): string {
    return `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${this.only('AWS::DynamoDB::GlobalTable')[0]}`;
  }
  get stateMachineArn(): string {
    return `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${PREFIX}-contact-change`;
  }
  executionArn(name: string): string {
    return `arn:aws:states:${REGION}:${ACCOUNT}:execution:${PREFIX}-contact-change:${name}`;
  }
  identityArn(identity: string): string {
    return `arn:aws:ses:${REGION}:${ACCOUNT}:identity/${identity}`;
  }
  get configurationSetArn(): string {
    const name = this.only('AWS::SES::ConfigurationSet')[1].Properties!.Name as string;
    return `arn:aws:ses:${REGION}:${ACCOUNT}:configuration-set/${name}`;
  }
  get configurationSetName(): string {
    return this.configurationSetArn.split('/')[1]!;
  }

  /** A template value as CloudFormation would resolve it in the account and region above. */
  resolve(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    if (typeof value === 'string') return value;
    const node = value as {
      'Fn::Join'?: [string, unknown[]];
      'Fn::Sub'?: string;
      Ref?: string;
      'Fn::GetAtt'?: [string, string];
    };
    if (node['Fn::Join']) return node['Fn::Join'][1].map((v) => this.resolve(v)).join(node['Fn::Join'][0]);
    if (node['Fn::Sub']) return node['Fn::Sub'].replace(/\$\{([\w:]+)\}/g, (_, ref: string) => this.ref(ref));
    if (node.Ref) return this.ref(node.Ref);
    if (node['Fn::GetAtt']?.[1] === 'Arn') return this.arnOf(node['Fn::GetAtt'][0]);
    throw new Error(`Cannot resolve ${JSON.stringify(value)}`);
  }

  private ref(id: string): string {
    const pseudo: Record<string, string> = {
      'AWS::Partition': 'aws',
      'AWS::Region': REGION,
      'AWS::AccountId': ACCOUNT,
      'AWS::URLSuffix': 'amazonaws.com',
    };
    if (pseudo[id]) return pseudo[id];
    const resource = this.resources[id];
    if (!resource) throw new Error(`No resource ${id}`);
    const p = resource.Properties ?? {};
    // A Lambda alias's Ref is its ARN; other resources' Ref is their name.
    if (resource.Type === 'AWS::Lambda::Alias')
      return `${this.arnOf((p.FunctionName as { Ref: string }).Ref)}:${String(p.Name)}`;
    if (resource.Type === 'AWS::Lambda::Function') return String(p.FunctionName ?? id);
    return String(p.Name ?? p.TableName ?? p.QueueName ?? id);
  }

  private arnOf(id: string): string {
    const resource = this.resources[id];
    const p = resource?.Properties ?? {};
    switch (resource?.Type) {
      case 'AWS::DynamoDB::GlobalTable':
        return this.tableArn;
      case 'AWS::SQS::Queue':
        return `arn:aws:sqs:${REGION}:${ACCOUNT}:${String(p.QueueName ?? id)}`;
      case 'AWS::Logs::LogGroup':
        return `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${String(p.LogGroupName ?? id)}`;
      case 'AWS::Lambda::Function':
        return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${String(p.FunctionName ?? id)}`;
      case 'AWS::S3::Bucket':
        return `arn:aws:s3:::${id.toLowerCase()}`;
      default:
        throw new Error(`No ARN for ${id} (${resource?.Type})`);
    }
  }

  /** What AWS decides when function `name` makes `request`, with its role's policy alone. */
  async decide(name: string, request: IamRequest): Promise<Decision> {
    const policy = this.policies.get(name);
    if (!policy) throw new Error(`No function ${name}`);
    const simulation = {
      identityPolicies: [{ name: `${name}-role`, policy }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: undefined,
      request: {
        principal: `arn:aws:sts::${ACCOUNT}:assumed-role/${PREFIX}-${name}-role/${PREFIX}-${name}`,
        action: request.action,
        resource: { resource: request.resource, accountId: ACCOUNT },
        contextVariables: request.context ?? {},
      },
    };
    if (TOKEN_ACTIONS.has(request.action)) return runUnsafeSimulation(simulation, {}) as Decision;
    const result = await runSimulation(simulation, {});
    if (result.resultType === 'error')
      throw new Error(`${name} ${request.action} ${request.resource}: ${JSON.stringify(result.errors)}`);
    return result.overallResult as Decision;
  }

  /**
   * The IAM requests AWS authorises a recorded call by, as the deployed function makes it: on this
   * stack's table (the local one stands for it), its state machine, its identity and configuration set.
   */
  requestsOf(call: RecordedCall): IamRequest[] {
    const action = call.command.replace(/Command$/, '');
    if (call.service === 'dynamodb') return this.dynamoRequests(action, call.input as DynamoInput);
    if (call.service === 'ses') {
      const { FromEmailAddress, ConfigurationSetName } = call.input as {
        FromEmailAddress: string;
        ConfigurationSetName?: string;
      };
      const from = /<([^>]+)>/.exec(FromEmailAddress)?.[1] ?? FromEmailAddress;
      // SES authorises a send against the sender's identity and, when one is named, the configuration set.
      const context = { 'ses:FromAddress': from, 'ses:ApiVersion': '2' };
      return [
        { action: 'ses:SendEmail', resource: this.identityArn(from), context },
        ...(ConfigurationSetName
          ? [{ action: 'ses:SendEmail', resource: this.configurationSetArn, context }]
          : []),
      ];
    }
    const [first] = call.input as [string];
    // Task responses are authorised on the state machine whose execution issued the token.
    if (action === 'StopExecution')
      return [{ action: 'states:StopExecution', resource: this.executionArn(first) }];
    return [{ action: `states:${action}`, resource: this.stateMachineArn }];
  }

  private dynamoRequests(action: string, input: DynamoInput): IamRequest[] {
    const on = (index?: string) => (index ? `${this.tableArn}/index/${index}` : this.tableArn);
    if (action === 'TransactWriteItems')
      return (input.TransactItems ?? []).map((item) => ({
        action: item.Put
          ? 'dynamodb:PutItem'
          : item.Update
            ? 'dynamodb:UpdateItem'
            : item.Delete
              ? 'dynamodb:DeleteItem'
              : 'dynamodb:ConditionCheckItem',
        resource: this.tableArn,
      }));
    if (action === 'TransactGetItems')
      return (input.TransactItems ?? []).map(() => ({ action: 'dynamodb:GetItem', resource: this.tableArn }));
    if (action === 'BatchGetItem' || action === 'BatchWriteItem')
      return Object.keys(input.RequestItems ?? {}).map(() => ({
        action: `dynamodb:${action}`,
        resource: this.tableArn,
      }));
    return [{ action: `dynamodb:${action}`, resource: on(input.IndexName) }];
  }
}

interface DynamoInput {
  IndexName?: string;
  TransactItems?: { Put?: unknown; Update?: unknown; Delete?: unknown; ConditionCheck?: unknown }[];
  RequestItems?: Record<string, unknown>;
}
