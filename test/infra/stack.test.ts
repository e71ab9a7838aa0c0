// The deployed shape, read from the synthesised template: what DESIGN.md §2 says runs on AWS.
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { HTTP_ROUTES } from '../../functions/http/routes';
import { TTL_ATTRIBUTE } from '../../shared/adapters/dynamo/entities/idempotency';
import { TABLE_SCHEMA } from '../../shared/adapters/dynamo/table';
import { resourcesOf, synthesise, type Synthesised } from './synth';

const deployed = HTTP_ROUTES.filter((entry) => !entry.localOnly);
const PREFIX = 'service-contacts-dev';
const TASKS = ['ask-confirmer', 'apply', 'close', 'receipt'];

let dev: Synthesised;
beforeAll(() => {
  dev = synthesise();
});

describe('the table', () => {
  it('has the keys and every index of TABLE_SCHEMA, on demand', () => {
    dev.template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: TABLE_SCHEMA.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_SCHEMA.sortKey, KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: Match.arrayWith(
        TABLE_SCHEMA.indexes.map((index) =>
          Match.objectLike({
            IndexName: index.indexName,
            KeySchema: [
              { AttributeName: index.partitionKey, KeyType: 'HASH' },
              { AttributeName: index.sortKey, KeyType: 'RANGE' },
            ],
            Projection:
              'nonKeyAttributes' in index
                ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.nonKeyAttributes] }
                : { ProjectionType: 'ALL' },
          }),
        ),
      ),
    });
    const [table] = Object.values(resourcesOf(dev.template, 'AWS::DynamoDB::GlobalTable'));
    expect((table?.Properties?.GlobalSecondaryIndexes as unknown[]).length).toBe(TABLE_SCHEMA.indexes.length);
  });

  it("projects no secret into the sweep's index: neither code hashes nor task tokens", () => {
    dev.template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      GlobalSecondaryIndexes: Match.arrayWith([
        Match.objectLike({
          IndexName: 'openByExpiry',
          Projection: {
            ProjectionType: 'INCLUDE',
            NonKeyAttributes: Match.arrayWith(['state', 'confirmers', 'expiresAt']),
          },
        }),
      ]),
    });
    const [table] = Object.values(resourcesOf(dev.template, 'AWS::DynamoDB::GlobalTable'));
    const open = (
      table?.Properties?.GlobalSecondaryIndexes as { IndexName: string; Projection: unknown }[]
    ).find((index) => index.IndexName === 'openByExpiry');
    expect(JSON.stringify(open)).not.toMatch(/codeHashes|waits/);
  });

  it('keeps its data: point-in-time recovery, deletion protection, retained with the stack, encrypted', () => {
    dev.template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
        Replicas: [
          Match.objectLike({
            DeletionProtectionEnabled: true,
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          }),
        ],
      }),
    });
  });

  it('expires idempotency records by TTL', () => {
    dev.template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
    });
  });
});

describe('after a point-in-time restore (tableName, docs/operations.md)', () => {
  it('uses the restored table, and drops its own from the stack without deleting it', () => {
    const restored = synthesise({ tableName: 'service-contacts-dev-restored' });
    expect(resourcesOf(restored.template, 'AWS::DynamoDB::GlobalTable')).toEqual({});
    // Retained: leaving the template keeps the old table, for comparison or a second restore.
    dev.template.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Retain' });
    const json = JSON.stringify(restored.template.toJSON());
    expect(json).toContain('"TABLE_NAME":"service-contacts-dev-restored"');
    expect(json).toContain(':table/service-contacts-dev-restored/index/');
  });
});

describe('the functions', () => {
  const handlers = [
    ...deployed.map((entry) => ({ name: entry.name, handler: `index.${entry.exportName}` })),
    ...TASKS.map((name) => ({ name, handler: 'index.handler' })),
    { name: 'sweep', handler: 'index.handler' },
    { name: 'bounces', handler: 'index.handler' },
    { name: 'nic-claim', handler: 'index.handler' },
  ];

  it('are one per deployed route, per workflow task, the sweep, the bounce handler and the Cognito claim trigger', () => {
    // …and CDK's own function that copies the panel's build into its bucket (BucketDeployment).
    expect(Object.keys(resourcesOf(dev.template, 'AWS::Lambda::Function'))).toHaveLength(handlers.length + 1);
  });

  it.each(handlers)('$name runs on Node.js 24, arm64, traced, its own export', ({ name, handler }) => {
    dev.template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: `${PREFIX}-${name}`,
      Handler: handler,
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: { LogGroup: Match.anyValue() },
    });
  });

  it('get the configuration shared/config.ts reads', () => {
    dev.template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: `${PREFIX}-create-change`,
      Environment: {
        Variables: {
          TABLE_NAME: Match.anyValue(),
          SENDER_EMAIL: 'contacts@example.com',
          SES_CONFIGURATION_SET: Match.anyValue(),
          PUBLIC_BASE_URL: Match.anyValue(),
          STATE_MACHINE_ARN: {
            'Fn::Join': ['', Match.arrayWith([`:stateMachine:${PREFIX}-contact-change`])],
          },
          CHANGE_REQUEST_TTL_SECONDS: '1209600',
          REMINDER_BEFORE_EXPIRY_SECONDS: '172800',
          SWEEP_TIME_BUDGET_SECONDS: '120',
          POWERTOOLS_SERVICE_NAME: PREFIX,
          POWERTOOLS_METRICS_NAMESPACE: 'ServiceContacts',
          NODE_OPTIONS: '--enable-source-maps',
        },
      },
    });
  });

  it("get the provider name given in the context, and shared/config.ts's default without one", () => {
    const named = synthesise({ providerName: 'Hostingtalo Oy' });
    // Every function that reads shared/config.ts (the Cognito trigger does not).
    const functions = Object.values(resourcesOf(named.template, 'AWS::Lambda::Function')).filter((f) =>
      JSON.stringify(f.Properties?.Environment ?? {}).includes('PUBLIC_BASE_URL'),
    );
    expect(functions.length).toBeGreaterThan(5);
    for (const fn of functions) {
      expect(fn.Properties?.Environment).toMatchObject({ Variables: { PROVIDER_NAME: 'Hostingtalo Oy' } });
    }
    expect(JSON.stringify(dev.template.toJSON())).not.toContain('PROVIDER_NAME');
  });

  it('log to groups with a retention', () => {
    for (const group of Object.values(resourcesOf(dev.template, 'AWS::Logs::LogGroup'))) {
      expect(group.Properties?.RetentionInDays).toBeGreaterThan(0);
    }
  });
});

describe('the HTTP API', () => {
  it.each(deployed)('routes $route.method $route.path, authorised as the route says', ({ route }) => {
    dev.template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: `${route.method} ${route.path}`,
      AuthorizationType: route.auth ? 'JWT' : 'NONE',
      ...(route.auth ? { AuthorizerId: Match.anyValue() } : {}),
    });
  });

  it('has no other route (local-only ones stay local)', () => {
    expect(Object.keys(resourcesOf(dev.template, 'AWS::ApiGatewayV2::Route'))).toHaveLength(deployed.length);
  });

  it('throttles and logs its default stage, without CORS', () => {
    dev.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
    dev.template.hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: Match.absent() });
  });

  it('never writes the query string (confirmation codes) to the access log', () => {
    const [stage] = Object.values(resourcesOf(dev.template, 'AWS::ApiGatewayV2::Stage'));
    const format = (stage?.Properties?.AccessLogSettings as { Format: string }).Format;
    expect(format).not.toMatch(/querystring|\$context\.(requestOverride|rawPath)/i);
  });

  it('trusts the Cognito user pool by default, whose users cannot write their own handle', () => {
    dev.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      // The API's client and the control panel's.
      JwtConfiguration: { Issuer: Match.anyValue(), Audience: [Match.anyValue(), Match.anyValue()] },
    });
    dev.template.hasResourceProperties('AWS::Cognito::UserPool', {
      Schema: Match.arrayWith([Match.objectLike({ Name: 'nic', Mutable: false })]),
      LambdaConfig: { PreTokenGeneration: Match.anyValue() },
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
    });
    const clients = Object.values(resourcesOf(dev.template, 'AWS::Cognito::UserPoolClient'));
    expect(clients).toHaveLength(2);
    for (const client of clients) {
      expect(client.Properties?.ReadAttributes).toContain('custom:nic');
      expect(client.Properties?.WriteAttributes ?? []).not.toContain('custom:nic');
    }
  });

  it('trusts an existing issuer instead when jwtIssuer and jwtAudience are given', () => {
    const { template } = synthesise({
      jwtIssuer: 'https://login.example.com/',
      jwtAudience: 'contacts-api,other',
    });
    template.resourceCountIs('AWS::Cognito::UserPool', 0);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      JwtConfiguration: { Issuer: 'https://login.example.com/', Audience: ['contacts-api', 'other'] },
    });
  });
});

describe('the workflow', () => {
  it('is one Standard state machine with a known name, logging every event and traced', () => {
    dev.template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    dev.template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: `${PREFIX}-contact-change`,
      StateMachineType: 'STANDARD',
      // Absent is CloudFormation's false: the execution data holds task tokens and stays out of the logs.
      LoggingConfiguration: {
        Level: 'ALL',
        IncludeExecutionData: Match.absent(),
        Destinations: [Match.anyValue()],
      },
      TracingConfiguration: { Enabled: true },
    });
  });
});

describe('the stack', () => {
  it('is protected from deletion on the production stage only', () => {
    expect(dev.stack.terminationProtection).toBe(false);
    const prod = synthesise({ stage: 'prod', production: 'true' });
    const artifact = prod.app.synth().getStackByName(prod.stack.stackName);
    expect(artifact.terminationProtection).toBe(true);
  });
});

describe('the template', () => {
  it('has no dependency cycle between its resources', () => {
    const resources = resourcesOf(dev.template);
    const references = (value: unknown, into: Set<string>): Set<string> => {
      if (Array.isArray(value)) value.forEach((v) => references(v, into));
      else if (value && typeof value === 'object') {
        const { Ref: ref, 'Fn::GetAtt': getAtt } = value as { Ref?: string; 'Fn::GetAtt'?: [string] };
        if (typeof ref === 'string' && resources[ref]) into.add(ref);
        if (getAtt && resources[getAtt[0]]) into.add(getAtt[0]);
        Object.values(value).forEach((v) => references(v, into));
      }
      return into;
    };
    const edges = new Map(
      Object.entries(resources).map(([id, r]) => {
        const dependsOn = [r.DependsOn ?? []].flat();
        return [id, [...references(r.Properties, new Set(dependsOn))]];
      }),
    );
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (id: string, path: string[]): void => {
      if (state.get(id) === 'done') return;
      if (state.get(id) === 'visiting') throw new Error(`Cycle: ${[...path, id].join(' → ')}`);
      state.set(id, 'visiting');
      for (const next of edges.get(id) ?? []) visit(next, [...path, id]);
      state.set(id, 'done');
    };
    expect(() => [...edges.keys()].forEach((id) => visit(id, []))).not.toThrow();
  });
});
