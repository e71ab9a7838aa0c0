// cdk-nag's AWS Solutions checks on the real stack: no finding is left open, and every one that is
// acknowledged says why, on the one construct it concerns (never the stack as a whole).
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthesise, type Synthesised } from './synth';

interface Acknowledgement {
  path: string;
  id: string;
  reason: string;
}

function acknowledgements(root: IConstruct): Acknowledgement[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      // Each entry is `{ [ruleId]: reason }`.
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
      // CDK stores the id qualified by a namespace (`Annotation::AwsSolutions-…`).
      .map(([id, reason]) => ({ path: construct.node.path, id: id.replace(/^\w+::/, ''), reason })),
  );
}

let dev: Synthesised;
beforeAll(() => {
  dev = synthesise();
});

describe('cdk-nag AwsSolutions', () => {
  it.each([
    ['the default stack (Cognito user pool)', {}],
    [
      'with an existing JWT issuer, a sender domain and an alarm email',
      {
        jwtIssuer: 'https://login.example.com/',
        jwtAudience: 'contacts-api',
        senderEmail: 'contacts@example.org',
        senderDomain: 'example.org',
        alarmEmail: 'ops@example.org',
      },
    ],
  ])('leaves no finding unacknowledged: %s', (_name, context) => {
    const { app, stack } = Object.keys(context).length ? synthesise(context) : dev;
    const report = new AwsSolutionsChecks(app).validateScope(stack);
    const open = report.violations.map(
      (v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.resourceLogicalId).join(', ')}`,
    );
    expect(open).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('acknowledges findings on single constructs, each with a written reason', () => {
    const acknowledged = acknowledgements(dev.stack);
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const { path, id, reason } of acknowledged) {
      expect(path, id).not.toBe(dev.stack.node.path);
      expect(reason.length, `${path} ${id}`).toBeGreaterThan(40);
      // Wildcard findings are acknowledged one resource at a time, never the whole rule.
      if (id.startsWith('AwsSolutions-IAM5'))
        expect(id).toMatch(/^AwsSolutions-IAM5\[(Resource|Action)::.+\]$/);
    }
  });

  it('acknowledges only these rules', () => {
    const rules = new Set(acknowledgements(dev.stack).map(({ id }) => id.replace(/\[.*$/, '')));
    expect([...rules].sort()).toEqual([
      'AwsSolutions-APIG4',
      'AwsSolutions-CFR1', // the panel's distribution: no geo restriction
      'AwsSolutions-CFR3', // no CloudFront access logs (they would hold confirm codes)
      'AwsSolutions-CFR4', // the default certificate when no panelDomain is given
      'AwsSolutions-COG8',
      'AwsSolutions-IAM4', // CDK's BucketDeployment function
      'AwsSolutions-IAM5',
      'AwsSolutions-L1', // CDK's BucketDeployment function
      'AwsSolutions-S1', // the panel bucket: CloudFront is its only reader
      'AwsSolutions-SNS2',
      'AwsSolutions-SQS3',
      'CloudFormation-Validate::W3694', // the bounce topic's subscription to the handler's live alias
    ]);
  });
});
