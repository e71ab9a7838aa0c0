// The control panel in AWS (DESIGN.md §2): one CloudFront distribution in front of a private S3
// bucket (origin access control) holding the `--mode aws` build of web/, and of the HTTP API for the
// API's paths, the confirm pages and the OpenAPI document. Panel, API and emailed links then share
// one origin: no CORS, and no execute-api host in the links.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { DockerImage, Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { HTTP_ROUTES } from '../../functions/http/routes';
import type { PanelSignIn } from './auth';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * The API's paths, forwarded to API Gateway: each deployed route's first segment, as the exact path
 * (`/health`) and, when the route goes deeper, everything under it (`/me/*`).
 */
export const API_PATHS = [
  ...new Set(
    HTTP_ROUTES.filter((entry) => !entry.localOnly).map(({ route }) => {
      const [, first = '', ...rest] = route.path.split('/');
      // A parameter as the first segment would send every path, the panel's included, to the API.
      if (first.startsWith('{')) throw new Error(`${route.path}: the API's first segments must be fixed`);
      return rest.length > 0 ? `/${first}/*` : `/${first}`;
    }),
  ),
].sort();

/**
 * The panel's Content-Security-Policy, as the local server sends it (infra/local/panel-files.ts), plus
 * the sign-in's endpoints: the pool's discovery document and keys, and the managed login's token endpoint.
 */
const panelCsp = (region: string, urlSuffix: string) =>
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; " +
  `connect-src 'self' https://cognito-idp.${region}.${urlSuffix} https://*.auth.${region}.amazoncognito.com; ` +
  "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** `/` and `/panel` go to the panel; a path of a screen (a deep link) is the app's index.html. */
const PANEL_ROUTING = `
function handler(event) {
  var uri = event.request.uri;
  if (uri === '/' || uri === '/panel') {
    return { statusCode: 302, statusDescription: 'Found', headers: { location: { value: '/panel/' } } };
  }
  if (uri.indexOf('/panel/') === 0 && uri.indexOf('/panel/assets/') !== 0 &&
      uri !== '/panel/favicon.svg' && uri !== '/panel/config.json') {
    event.request.uri = '/panel/index.html';
  }
  return event.request;
}`;

export interface ContactsPanelProps {
  prefix: string;
  /** Where CloudFront forwards the API's paths: the API's custom domain or its execute-api host. */
  apiOriginHost: string;
  /** The AWS WAF web ACL (scope CLOUDFRONT, in us-east-1) in front of everything. */
  webAclArn: string;
  /** A custom domain and its certificate (in us-east-1, as CloudFront requires), both or neither. */
  domainName?: string;
  certificateArn?: string;
}

export class ContactsPanel extends Construct {
  readonly distribution: cloudfront.Distribution;
  readonly bucket: s3.Bucket;
  /** https://<custom domain or distribution domain>, no trailing slash. */
  readonly baseUrl: string;

  constructor(scope: Construct, id: string, props: ContactsPanelProps) {
    super(scope, id);

    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Kept when the stack is deleted (docs/deploy.md says to empty and delete it): emptying it on
      // delete would take one more Lambda-backed custom resource.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'The bucket holds only the public build of the panel and is read by CloudFront alone (origin access control); ' +
        'server access logs would record nothing that the deployment does not already say.',
    });

    const { region, urlSuffix } = Stack.of(this);
    const headers = (name: string, csp?: string) =>
      new cloudfront.ResponseHeadersPolicy(this, name, {
        responseHeadersPolicyName: `${props.prefix}-${name.toLowerCase()}`,
        securityHeadersBehavior: {
          strictTransportSecurity: {
            accessControlMaxAge: Duration.days(365),
            includeSubdomains: true,
            override: true,
          },
          contentTypeOptions: { override: true },
          frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
          referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
          // The API and the confirm pages set their own CSP (a nonce per page); the panel gets this one.
          ...(csp ? { contentSecurityPolicy: { contentSecurityPolicy: csp, override: true } } : {}),
        },
      });

    const api = new origins.HttpOrigin(props.apiOriginHost, {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
    });
    const apiBehavior: cloudfront.BehaviorOptions = {
      origin: api,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      // Every answer is personal (no-store): nothing to cache. The Host must be API Gateway's own.
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: headers('ApiHeaders'),
    };

    const certificate = props.certificateArn
      ? acm.Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn)
      : undefined;
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `${props.prefix}: control panel and API`,
      defaultRootObject: '',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      webAclId: props.webAclArn,
      ...(props.domainName && certificate
        ? {
            domainNames: [props.domainName],
            certificate,
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers('PanelHeaders', panelCsp(region, urlSuffix)),
        functionAssociations: [
          {
            eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
            function: new cloudfront.Function(this, 'Routing', {
              functionName: `${props.prefix}-panel-routing`,
              runtime: cloudfront.FunctionRuntime.JS_2_0,
              code: cloudfront.FunctionCode.fromInline(PANEL_ROUTING),
            }),
          },
        ],
      },
      additionalBehaviors: Object.fromEntries(API_PATHS.map((path) => [path, apiBehavior])),
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason: 'Customers sign in from anywhere; no country is excluded, so there is no geo restriction.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR3',
      reason:
        'No CloudFront access logs: they record the full query string, and GET /confirm/{id}?token=… carries a ' +
        "confirmation code. API Gateway's access logs (without the query string) record every API call.",
    });
    if (!certificate) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'Without a custom domain the distribution uses the default *.cloudfront.net certificate, whose minimum ' +
          'protocol CloudFront fixes; with context panelDomain and panelCertificateArn it is TLSv1.2_2021.',
      });
    }
    this.baseUrl = `https://${props.domainName ?? this.distribution.distributionDomainName}`;
  }

  /** Deploys the `--mode aws` build of web/ and the sign-in settings it reads (/panel/config.json). */
  deploy(signIn: PanelSignIn): void {
    const build = s3deploy.Source.asset(resolve(ROOT, 'web'), {
      exclude: ['dist', 'node_modules'],
      bundling: {
        // Never used: the local build below always succeeds or fails loudly. CDK requires an image.
        image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:24-slim'),
        local: {
          tryBundle(outputDir) {
            execFileSync(
              'npx',
              [
                'vite',
                'build',
                '--config',
                'web/vite.config.ts',
                '--mode',
                'aws',
                '--outDir',
                outputDir,
                '--emptyOutDir',
              ],
              { cwd: ROOT, stdio: 'inherit' },
            );
            return true;
          },
        },
      },
    });
    const deployment = new s3deploy.BucketDeployment(this, 'Deploy', {
      destinationBucket: this.bucket,
      destinationKeyPrefix: 'panel/',
      sources: [build, s3deploy.Source.jsonData('config.json', signIn)],
      // index.html and config.json change with every deploy; the hashed assets never do.
      distribution: this.distribution,
      distributionPaths: ['/panel/index.html', '/panel/config.json'],
      memoryLimit: 256,
    });
    this.acknowledgeDeploymentFunction(deployment);
  }

  /**
   * BucketDeployment's own function (one per stack, made by CDK): its role and runtime are CDK's.
   * Each finding is acknowledged by name, on that function only.
   */
  private acknowledgeDeploymentFunction(deployment: s3deploy.BucketDeployment) {
    const fn = deployment.handlerRole.node.scope!;
    const stack = Stack.of(this);
    const bucketArn = `<${stack.getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket)}.Arn>/*`;
    const why = (what: string) =>
      `CDK's BucketDeployment function: ${what}. It runs only during a deployment, copying the panel's build ` +
      'from the CDK asset bucket to the panel bucket.';
    const acknowledge = (id: string, reason: string) => Validations.of(fn).acknowledge({ id, reason });
    acknowledge(
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      why('CDK attaches AWSLambdaBasicExecutionRole for its logs'),
    );
    acknowledge(
      'AwsSolutions-L1',
      why('CDK pins its runtime to the one its bundled AWS CLI layer is built for'),
    );
    for (const action of ['s3:GetBucket*', 's3:GetObject*', 's3:List*', 's3:Abort*', 's3:DeleteObject*']) {
      acknowledge(
        `AwsSolutions-IAM5[Action::${action}]`,
        why(`CDK grants ${action} to read the asset and sync the bucket`),
      );
    }
    // As cdk-nag names it: tokens as <AWS::…>, an environment's literal account and region as they are.
    const literal = (value: string, token: string) => (Token.isUnresolved(value) ? `<${token}>` : value);
    const assets = `cdk-hnb659fds-assets-${literal(stack.account, 'AWS::AccountId')}-${literal(stack.region, 'AWS::Region')}`;
    for (const resource of [
      `arn:${literal(stack.partition, 'AWS::Partition')}:s3:::${assets}/*`,
      bucketArn,
      '*',
    ]) {
      acknowledge(
        `AwsSolutions-IAM5[Resource::${resource}]`,
        why(
          `objects under ${resource === '*' ? 'CloudFront invalidation, which has no resource-level permission' : resource}`,
        ),
      );
    }
  }
}
