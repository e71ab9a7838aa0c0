// The control panel in AWS: one CloudFront distribution in front of a private bucket (origin access
// control) and of the HTTP API, strict response headers, the Cognito app client of the panel
// (code + PKCE, openid only, the distribution's addresses), and emailed links on the same origin.
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS } from '../../infra/constructs/panel';
import { HTTP_ROUTES } from '../../functions/http/routes';
import { resourcesOf, synthesise, type Synthesised } from './synth';

// The template is JSON read field by field; typing each CloudFormation shape would only repeat it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

let dev: Synthesised;
beforeAll(() => {
  dev = synthesise();
});

const only = (template: Synthesised['template'], type: string) => {
  const found = Object.values(resourcesOf(template, type));
  expect(found, type).toHaveLength(1);
  return found[0]!.Properties as Json;
};
const distributionOf = (template: Synthesised['template']) =>
  only(template, 'AWS::CloudFront::Distribution').DistributionConfig;

describe('the distribution', () => {
  it('serves the panel from S3 through origin access control, and the API paths from API Gateway', () => {
    const config = distributionOf(dev.template);
    const [s3, api] = [
      config.Origins.find((o: { S3OriginConfig?: unknown }) => o.S3OriginConfig),
      config.Origins.find((o: { CustomOriginConfig?: unknown }) => o.CustomOriginConfig),
    ];
    expect(s3.OriginAccessControlId).toBeDefined();
    expect(s3.S3OriginConfig.OriginAccessIdentity ?? '').toBe('');
    expect(JSON.stringify(api.DomainName)).toContain('execute-api');
    expect(api.CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
    expect(config.DefaultCacheBehavior.TargetOriginId).toBe(s3.Id);
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');

    const behaviors = config.CacheBehaviors as {
      PathPattern: string;
      TargetOriginId: string;
      AllowedMethods: string[];
    }[];
    expect(behaviors.map((b) => b.PathPattern).sort()).toEqual([...API_PATHS].sort());
    for (const behavior of behaviors) {
      expect(behavior.TargetOriginId).toBe(api.Id);
      expect(behavior.AllowedMethods).toEqual(expect.arrayContaining(['POST', 'PUT']));
    }
  });

  it('forwards every deployed route to the API', () => {
    const patterns = API_PATHS.map((p) => new RegExp(`^${p.replace(/[.]/g, '\\.').replace('*', '.+')}$`));
    for (const { route, localOnly } of HTTP_ROUTES) {
      if (localOnly) continue;
      const example = route.path.replace(/\{[^}]+\}/g, 'x');
      expect(
        patterns.some((p) => p.test(example)),
        route.path,
      ).toBe(true);
    }
  });

  it('routes / to the panel and deep links to its index.html with a viewer-request function', () => {
    const fn = only(dev.template, 'AWS::CloudFront::Function');
    expect(fn.FunctionCode).toContain("'/panel/index.html'");
    expect(fn.FunctionCode).toContain("location: { value: '/panel/' }");
    expect(distributionOf(dev.template).DefaultCacheBehavior.FunctionAssociations[0].EventType).toBe(
      'viewer-request',
    );
  });

  it('sends a strict CSP (no inline script, no framing) and HSTS with the panel', () => {
    const policies = Object.values(resourcesOf(dev.template, 'AWS::CloudFront::ResponseHeadersPolicy')).map(
      (p) => p.Properties?.ResponseHeadersPolicyConfig as Json,
    );
    const panel = policies.find((p) => p.SecurityHeadersConfig.ContentSecurityPolicy);
    const csp = JSON.stringify(panel!.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    for (const policy of policies) {
      expect(policy.SecurityHeadersConfig.StrictTransportSecurity).toMatchObject({
        AccessControlMaxAgeSec: 31_536_000,
        Override: true,
      });
      expect(policy.SecurityHeadersConfig.FrameOptions.FrameOption).toBe('DENY');
    }
  });

  it('takes a custom domain and certificate from context, with TLS 1.2 at least, and emails point there', () => {
    const certificate = 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
    const { template } = synthesise({
      panelDomain: 'contacts.example.com',
      panelCertificateArn: certificate,
    });
    const config = distributionOf(template);
    expect(config.Aliases).toEqual(['contacts.example.com']);
    expect(config.ViewerCertificate).toMatchObject({
      AcmCertificateArn: certificate,
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ PUBLIC_BASE_URL: 'https://contacts.example.com' }) },
    });
  });
});

describe('the bucket', () => {
  it('is private, encrypted, TLS only, and readable by this distribution alone', () => {
    dev.template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: Match.anyValue(),
    });
    const statements = only(dev.template, 'AWS::S3::BucketPolicy').PolicyDocument.Statement as Json[];
    const reads = statements.filter((s) => s.Effect === 'Allow');
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({
      Principal: { Service: 'cloudfront.amazonaws.com' },
      Action: 's3:GetObject',
      Condition: { StringEquals: { 'AWS:SourceArn': expect.anything() } },
    });
    expect(JSON.stringify(reads[0]!.Condition)).toContain('distribution/');
    expect(
      statements.some(
        (s) => s.Effect === 'Deny' && JSON.stringify(s.Condition).includes('aws:SecureTransport'),
      ),
    ).toBe(true);
  });

  it('gets the build of web/ and the sign-in settings under panel/', () => {
    dev.template.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketKeyPrefix: 'panel/',
      DistributionPaths: ['/panel/index.html', '/panel/config.json'],
    });
  });
});

describe("the panel's app client", () => {
  it('is authorization code only (PKCE, no secret), openid only, with the distribution as callback and sign-out', () => {
    const clients = Object.values(resourcesOf(dev.template, 'AWS::Cognito::UserPoolClient')).map(
      (c) => c.Properties as Json,
    );
    const panel = clients.find((c) => c.ClientName === 'service-contacts-dev-panel')!;
    expect(panel.AllowedOAuthFlows).toEqual(['code']);
    expect(panel.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(panel.AllowedOAuthScopes).toEqual(['openid']);
    expect(panel.GenerateSecret).toBe(false);
    expect(panel.SupportedIdentityProviders).toEqual(['COGNITO']);
    expect(panel.ExplicitAuthFlows ?? ['ALLOW_REFRESH_TOKEN_AUTH']).toEqual(['ALLOW_REFRESH_TOKEN_AUTH']);
    const [callback, logout] = [JSON.stringify(panel.CallbackURLs), JSON.stringify(panel.LogoutURLs)];
    expect(callback).toContain('DomainName');
    expect(callback).toContain('/panel/callback');
    expect(logout).toContain('/panel/');
  });

  it('emails point to the distribution, where panel, API and confirm pages share one origin', () => {
    dev.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          PUBLIC_BASE_URL: {
            'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [Match.anyValue(), 'DomainName'] }]],
          },
        }),
      },
    });
  });
});
