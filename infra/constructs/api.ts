// The HTTP API: one route per deployed route declaration (functions/http/routes.ts), JWT-guarded where
// the route says `auth`, throttled, with JSON access logs. No CORS: the confirm page posts its form to
// its own origin, and other clients are servers or apps, not pages of another origin.
import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { HttpRoute } from '../../functions/http/routes';

export interface ContactsApiProps {
  prefix: string;
  authorizer: apigw.IHttpRouteAuthorizer;
  /**
   * A regional custom domain and its certificate (in the stack's region): CloudFront's way in, and then
   * the only one, as the default `execute-api` endpoint is disabled.
   */
  originDomain?: { domainName: string; certificateArn: string };
}

/**
 * What an access log line holds. Never the query string: GET /confirm/{id}?token=… carries a
 * confirmation code, and `$context.path` leaves the query out.
 */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  time: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationLatencyMs: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  nic: '$context.authorizer.claims.nic',
};

export class ContactsApi extends Construct {
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  /** The custom domain CloudFront reaches the API at, when the stage has one. */
  readonly domainName?: apigw.DomainName;
  private readonly authorizer: apigw.IHttpRouteAuthorizer;

  constructor(scope: Construct, id: string, props: ContactsApiProps) {
    super(scope, id);
    this.authorizer = props.authorizer;
    if (props.originDomain) {
      this.domainName = new apigw.DomainName(this, 'OriginDomain', {
        domainName: props.originDomain.domainName,
        certificate: acm.Certificate.fromCertificateArn(
          this,
          'OriginCertificate',
          props.originDomain.certificateArn,
        ),
        securityPolicy: apigw.SecurityPolicy.TLS_1_2,
      });
    }

    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      apiName: props.prefix,
      description: 'Service contacts: confirmed changes of the admin, tech and billing contacts of services',
      // The stage is made below: HttpApi's own default stage takes neither throttling nor access logs.
      createDefaultStage: false,
      // With a custom domain, CloudFront (and its WAF) is the only way in: the default endpoint is off.
      disableExecuteApiEndpoint: Boolean(this.domainName),
    });

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      ...(this.domainName ? { domainMapping: { domainName: this.domainName } } : {}),
      // Per route; a burst of code guesses is also capped by the 5 wrong codes per confirmer.
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
  }

  /** The API's own URL (no trailing slash), the `ApiUrl` output; emailed links start at the panel's address. */
  get url(): string {
    return `https://${this.originHost}`;
  }

  /** The host CloudFront forwards the API's paths to: the custom domain, else the execute-api endpoint. */
  get originHost(): string {
    if (this.domainName) return this.domainName.name;
    const { region, urlSuffix } = Stack.of(this);
    return `${this.httpApi.apiId}.execute-api.${region}.${urlSuffix}`;
  }

  addRoutes(routes: { entry: HttpRoute; fn: lambda.IFunction }[]): void {
    for (const { entry, fn } of routes) {
      const [created] = this.httpApi.addRoutes({
        path: entry.route.path,
        methods: [apigw.HttpMethod[entry.route.method]],
        integration: new HttpLambdaIntegration(`${entry.name}-integration`, fn),
        authorizer: entry.route.auth ? this.authorizer : new apigw.HttpNoneAuthorizer(),
      });
      if (!entry.route.auth && created) {
        Validations.of(created).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${entry.route.method} ${entry.route.path} is public by the HTTP contract (API.md): ${publicWhy(entry.route.path)}`,
        });
      }
    }
  }
}

function publicWhy(path: string): string {
  if (path.startsWith('/confirm/'))
    return 'the emailed confirm page, where possession of the single-use code is the proof.';
  if (path === '/health') return 'liveness, answers {"status":"ok"} and reads nothing.';
  return 'the published OpenAPI document of this API.';
}
