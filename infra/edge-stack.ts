// The stage's edge firewall: an AWS WAF web ACL for its CloudFront distribution. A web ACL that
// CloudFront uses must live in us-east-1 (AWS WAF's rule for the CLOUDFRONT scope), so it has its own
// small stack there, `ServiceContactsEdge-<stage>`, and the stage's stack in its own region reads the
// ACL's ARN through CDK's cross-region references (this stack's output, read with Fn::GetStackOutput).
// `cdk deploy ServiceContacts-<stage>` deploys it first.
// AWS WAF cannot be attached to an HTTP API, so CloudFront is where requests are filtered.
import { Stack, type App, type Environment } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { API_PATHS } from './constructs/panel';

/** The confirm pages, where an emailed code is the proof: requests per client IP in 5 minutes. */
export const CONFIRM_RATE_LIMIT = 100;
/** The API's paths (everything but the panel's files): requests per client IP in 5 minutes. */
export const API_RATE_LIMIT = 1500;

export const edgeStackName = (stage: string) => `ServiceContactsEdge-${stage}`;

/** A managed rule group of AWS's, run with its own actions (blocking what it matches). */
const managed = (name: string, priority: number): wafv2.CfnWebACL.RuleProperty => ({
  name: `aws-${name}`,
  priority,
  statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
  overrideAction: { none: {} },
  visibilityConfig: visibility(name),
});

/**
 * Metrics per rule, never sampled requests: AWS WAF keeps a sample of each matched request with its
 * URI and headers, and `GET /confirm/{id}?token=…` carries a code, a Bearer header a token.
 */
function visibility(metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty {
  return { cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: false };
}

const startsWith = (prefix: string): wafv2.CfnWebACL.StatementProperty => ({
  byteMatchStatement: {
    fieldToMatch: { uriPath: {} },
    positionalConstraint: 'STARTS_WITH',
    searchString: prefix,
    textTransformations: [{ priority: 0, type: 'NONE' }],
  },
});

/** Over the limit, a client gets 429 for the rest of the window, as the stage's throttle answers. */
const rateRule = (
  name: string,
  priority: number,
  limit: number,
  scopeDown: wafv2.CfnWebACL.StatementProperty,
): wafv2.CfnWebACL.RuleProperty => ({
  name,
  priority,
  statement: {
    rateBasedStatement: {
      limit,
      evaluationWindowSec: 300,
      aggregateKeyType: 'IP',
      scopeDownStatement: scopeDown,
    },
  },
  action: { block: { customResponse: { responseCode: 429 } } },
  visibilityConfig: visibility(name),
});

/** The API's paths as CloudFront forwards them: `/me/*` is matched as the prefix `/me`. */
const apiPrefixes = () => [...new Set(API_PATHS.map((path) => path.replace(/\/\*$/, '')))];

export class EdgeStack extends Stack {
  readonly webAclArn: string;

  constructor(app: App, stage: string, env?: Environment) {
    super(app, edgeStackName(stage), {
      env,
      // The stage's stack, in another region, reads the ACL's ARN from this stack's outputs.
      crossRegionReferences: true,
      description: `Service contacts (${stage}): the AWS WAF web ACL of the stage's CloudFront distribution`,
      tags: { service: 'service-contacts', stage },
    });
    const prefixes = apiPrefixes();
    const acl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: `service-contacts-${stage}`,
      description:
        'AWS managed rules and per-IP rate limits in front of the control panel, the API and the confirm pages',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(`service-contacts-${stage}`),
      rules: [
        managed('AWSManagedRulesAmazonIpReputationList', 0),
        rateRule('confirm-rate', 1, CONFIRM_RATE_LIMIT, startsWith('/confirm/')),
        rateRule(
          'api-rate',
          2,
          API_RATE_LIMIT,
          prefixes.length === 1
            ? startsWith(prefixes[0]!)
            : { orStatement: { statements: prefixes.map(startsWith) } },
        ),
        managed('AWSManagedRulesCommonRuleSet', 3),
        managed('AWSManagedRulesKnownBadInputsRuleSet', 4),
      ],
    });
    this.webAclArn = acl.attrArn;
  }
}

/** The edge stack of `stage` in `app`, made once. */
export function edgeStack(app: App, stage: string, env?: Environment): EdgeStack {
  const existing = app.node.tryFindChild(edgeStackName(stage));
  if (existing instanceof EdgeStack) return existing;
  return new EdgeStack(app, stage, env);
}
