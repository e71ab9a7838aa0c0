// The edge, synthesised as `cdk synth` does it (with a region): the stage's AWS WAF web ACL in its own
// us-east-1 stack, CloudFront's only region for it, read by the stage's distribution across regions;
// AWS's managed rules and per-IP rate limits on the confirm pages and the API; and, with an API origin
// domain, the HTTP API's default execute-api endpoint disabled so that CloudFront is the way in.
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_RATE_LIMIT, CONFIRM_RATE_LIMIT, EdgeStack } from '../../infra/edge-stack';
import { defineServiceContacts, type ServiceContactsStack } from '../../infra/service-contacts-stack';
import { CDK_JSON, resourcesOf } from './synth';

const ORIGIN = {
  apiOriginDomain: 'api-origin.contacts.example.com',
  apiOriginCertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abcd-1234',
};

function synthesiseIn(region: string, context: Record<string, unknown> = {}) {
  const app = new App({
    context: { ...CDK_JSON.context, 'aws:cdk:bundling-stacks': [], ...context },
    builtinCloudFormationValidation: false,
  });
  const stack = defineServiceContacts(app, { region });
  const edge = app.node.children.find((child) => child instanceof EdgeStack)!;
  return { app, stack, edge, template: Template.fromStack(stack), edgeTemplate: Template.fromStack(edge) };
}

interface Rule {
  Name: string;
  Statement: Record<string, Record<string, unknown>>;
  Action?: unknown;
}

let plain: ReturnType<typeof synthesiseIn>;
let withOrigin: ReturnType<typeof synthesiseIn>;
beforeAll(() => {
  plain = synthesiseIn('eu-west-1');
  withOrigin = synthesiseIn('eu-west-1', ORIGIN);
});

describe('the web ACL', () => {
  it('lives in us-east-1, in the stage’s own edge stack, scoped to CloudFront', () => {
    expect(plain.edge.stackName).toBe('ServiceContactsEdge-dev');
    expect(plain.edge.region).toBe('us-east-1');
    plain.edgeTemplate.hasResourceProperties('AWS::WAFv2::WebACL', {
      Name: 'service-contacts-dev',
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
    });
    expect(plain.stack.dependencies.map((s) => s.stackName)).toContain('ServiceContactsEdge-dev');
  });

  it('is the distribution’s, read across regions from the edge stack', () => {
    plain.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        WebACLId: {
          'Fn::GetStackOutput': Match.objectLike({
            StackName: 'ServiceContactsEdge-dev',
            Region: 'us-east-1',
          }),
        },
      },
    });
  });

  it('runs AWS’s managed rule groups and the two rate rules, answering 429 over a limit', () => {
    const [acl] = Object.values(resourcesOf(plain.edgeTemplate, 'AWS::WAFv2::WebACL'));
    const rules = acl!.Properties!.Rules as Rule[];
    const managed = rules.flatMap((r) =>
      r.Statement.ManagedRuleGroupStatement ? [r.Statement.ManagedRuleGroupStatement.Name] : [],
    );
    expect(managed.sort()).toEqual([
      'AWSManagedRulesAmazonIpReputationList',
      'AWSManagedRulesCommonRuleSet',
      'AWSManagedRulesKnownBadInputsRuleSet',
    ]);
    const rate = Object.fromEntries(
      rules.filter((r) => r.Statement.RateBasedStatement).map((r) => [r.Name, r]),
    );
    expect(Object.keys(rate).sort()).toEqual(['api-rate', 'confirm-rate']);
    expect(rate['confirm-rate']!.Statement.RateBasedStatement).toMatchObject({
      Limit: CONFIRM_RATE_LIMIT,
      AggregateKeyType: 'IP',
      ScopeDownStatement: {
        ByteMatchStatement: { SearchString: '/confirm/', PositionalConstraint: 'STARTS_WITH' },
      },
    });
    expect(rate['api-rate']!.Statement.RateBasedStatement).toMatchObject({ Limit: API_RATE_LIMIT });
    // Every API prefix CloudFront forwards is counted, and the panel's files are not.
    const prefixes = JSON.stringify(rate['api-rate']!.Statement.RateBasedStatement!.ScopeDownStatement);
    for (const prefix of ['/health', '/me', '/services', '/contact-changes', '/confirm', '/openapi.json'])
      expect(prefixes).toContain(`"SearchString":"${prefix}"`);
    expect(prefixes).not.toContain('/panel');
    for (const r of Object.values(rate))
      expect(r.Action).toEqual({ Block: { CustomResponse: { ResponseCode: 429 } } });
  });

  it('keeps no sample of requests: their URIs and headers hold codes and tokens', () => {
    const [acl] = Object.values(resourcesOf(plain.edgeTemplate, 'AWS::WAFv2::WebACL'));
    const configs = [
      acl!.Properties!.VisibilityConfig,
      ...(acl!.Properties!.Rules as { VisibilityConfig: unknown }[]).map((r) => r.VisibilityConfig),
    ];
    for (const config of configs) expect(config).toMatchObject({ SampledRequestsEnabled: false });
  });

  it('leaves no cdk-nag finding open in either stack', () => {
    for (const stack of [plain.edge, plain.stack as ServiceContactsStack]) {
      const report = new AwsSolutionsChecks(plain.app).validateScope(stack);
      expect(report.violations.map((v) => `${stack.stackName} ${v.ruleName}`)).toEqual([]);
    }
  });
});

describe('the execute-api endpoint', () => {
  it('stays on without an API origin domain: CloudFront has nowhere else to reach the API', () => {
    plain.template.hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: false });
    plain.template.resourceCountIs('AWS::ApiGatewayV2::DomainName', 0);
  });

  it('is disabled with one, and CloudFront reaches the API at that domain', () => {
    withOrigin.template.hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: true });
    withOrigin.template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: ORIGIN.apiOriginDomain,
      DomainNameConfigurations: [
        Match.objectLike({ CertificateArn: ORIGIN.apiOriginCertificateArn, EndpointType: 'REGIONAL' }),
      ],
    });
    withOrigin.template.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 1);
    const [distribution] = Object.values(resourcesOf(withOrigin.template, 'AWS::CloudFront::Distribution'));
    const origins = (distribution!.Properties!.DistributionConfig as { Origins: { DomainName: unknown }[] })
      .Origins;
    const [domainId] = Object.keys(resourcesOf(withOrigin.template, 'AWS::ApiGatewayV2::DomainName'));
    expect(origins.map((o) => o.DomainName)).toContainEqual({ Ref: domainId });
    expect(JSON.stringify(origins)).not.toContain('execute-api');
    withOrigin.template.hasOutput('ApiUrl', { Value: { 'Fn::Join': ['', ['https://', { Ref: domainId }]] } });
    withOrigin.template.hasOutput('ApiOriginDnsRecord', {});
  });
});
