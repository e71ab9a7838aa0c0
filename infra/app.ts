// The CDK app: one stack per stage, `ServiceContacts-<stage>`, configured by CDK context (cdk.json,
// `-c key=value`; infra/context.ts lists the keys and their defaults). cdk-nag's AWS Solutions
// checks run on every synth and fail it on any finding not acknowledged with a reason.
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { targetEnvironment } from './context';
import { defineServiceContacts } from './service-contacts-stack';

const app = new App();
// The region is one someone chose, or synth stops here saying so; the account is the credentials'
// (unset offline, where the template leaves it to CloudFormation).
defineServiceContacts(
  app,
  targetEnvironment(app.node.tryGetContext('region') as string | undefined, process.env),
);
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
