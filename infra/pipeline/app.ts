// The CDK app of the pipeline's role (github-deploy-role-stack.ts), apart from the service's own app:
// it is deployed once per account, by a person, before the pipeline can run.
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import * as z from 'zod';
import { targetEnvironment } from '../context';
import { GithubDeployRoleStack } from './github-deploy-role-stack';

const settingsSchema = z.object({
  githubRepository: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'owner/name of the GitHub repository'),
  githubEnvironments: z
    .string()
    .default('dev,prod')
    .transform((value) =>
      value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  githubOidcProviderArn: z
    .string()
    .regex(
      /^arn:aws[\w-]*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/,
      "the ARN of the account's GitHub OIDC provider",
    )
    .optional(),
  region: z.string().optional(),
});

const app = new App();
const parsed = settingsSchema.safeParse(
  Object.fromEntries(
    Object.keys(settingsSchema.shape).map((key) => [key, app.node.tryGetContext(key) as unknown]),
  ),
);
if (!parsed.success) {
  const problems = parsed.error.issues.map((issue) => `  -c ${issue.path.join('.')}: ${issue.message}`);
  throw new Error(`Bad CDK context:\n${problems.join('\n')}`);
}
const settings = parsed.data;
new GithubDeployRoleStack(app, 'ServiceContactsGithubDeploy', {
  env: targetEnvironment(settings.region, process.env),
  githubRepository: settings.githubRepository,
  environments: settings.githubEnvironments,
  existingProviderArn: settings.githubOidcProviderArn,
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
