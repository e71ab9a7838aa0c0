// The role GitHub Actions assumes to deploy (.github/workflows/deploy.yml), with no stored keys: GitHub's
// OIDC token is exchanged for it, and only this repository's jobs in the named environments may do so.
// The role itself may do one thing: assume the CDK bootstrap roles of this account, in its region and in
// us-east-1 where each stage's web ACL lives (deploy, file and image publishing, lookup), which do the
// deploying. Deployed once per account with
// its own app: `npx cdk deploy --app 'npx tsx infra/pipeline/app.ts' -c githubRepository=owner/name`.
import { CfnOutput, Duration, Stack, type App, type Environment } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

const GITHUB_OIDC = 'token.actions.githubusercontent.com';

export interface GithubDeployRoleProps {
  env?: Environment;
  /** `owner/name` of the repository whose workflow deploys. */
  githubRepository: string;
  /** The GitHub environments whose jobs may assume the role (the workflow's `environment:`). */
  environments: string[];
  /** An account has one OIDC provider per issuer: give its ARN when it exists already. */
  existingProviderArn?: string;
}

export class GithubDeployRoleStack extends Stack {
  readonly role: iam.Role;

  constructor(app: App, id: string, props: GithubDeployRoleProps) {
    super(app, id, {
      env: props.env,
      description: `Service contacts: the role GitHub Actions of ${props.githubRepository} deploy with (OIDC)`,
      tags: { service: 'service-contacts' },
    });
    const provider = props.existingProviderArn
      ? iam.OidcProviderNative.fromOidcProviderArn(this, 'GithubOidc', props.existingProviderArn)
      : new iam.OidcProviderNative(this, 'GithubOidc', {
          url: `https://${GITHUB_OIDC}`,
          clientIds: ['sts.amazonaws.com'],
        });

    this.role = new iam.Role(this, 'DeployRole', {
      roleName: 'service-contacts-github-deploy',
      description: `Assumed by GitHub Actions of ${props.githubRepository} to run cdk diff and cdk deploy`,
      maxSessionDuration: Duration.hours(2),
      assumedBy: new iam.FederatedPrincipal(
        provider.oidcProviderArn,
        {
          StringEquals: {
            [`${GITHUB_OIDC}:aud`]: 'sts.amazonaws.com',
            // A job of this repository running in one of these environments, and nothing else: not a
            // fork, not a job without an environment (a list under StringEquals matches any one).
            [`${GITHUB_OIDC}:sub`]: props.environments.map(
              (environment) => `repo:${props.githubRepository}:environment:${environment}`,
            ),
          },
        },
        'sts:AssumeRoleWithWebIdentity',
      ),
    });
    // The CDK CLI deploys through the bootstrap roles (`cdk bootstrap`, qualifier hnb659fds): the stages'
    // region's, and us-east-1's for the edge stacks (infra/edge-stack.ts: CloudFront's web ACLs live there).
    const regions = [...new Set([this.region, 'us-east-1'])];
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['sts:AssumeRole', 'sts:TagSession'],
        resources: regions.flatMap((region) =>
          ['deploy', 'file-publishing', 'image-publishing', 'lookup'].map(
            (kind) =>
              `arn:${this.partition}:iam::${this.account}:role/cdk-hnb659fds-${kind}-role-${this.account}-${region}`,
          ),
        ),
      }),
    );

    new CfnOutput(this, 'DeployRoleArn', {
      value: this.role.roleArn,
      description: 'Set as the AWS_DEPLOY_ROLE_ARN variable of the GitHub environments (dev, prod).',
    });
  }
}
