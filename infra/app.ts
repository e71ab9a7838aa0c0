// The CDK app: one stack per stage, `ServiceContacts-<stage>`, configured by CDK context (cdk.json,
// `-c key=value`; infra/context.ts lists the keys and their defaults). cdk-nag's AWS Solutions
// checks run on every synth and fail it on any finding not acknowledged with a reason.
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { defineServiceContacts } from './service-contacts-stack';

const app = new App();
// Unset offline: the template is then environment-agnostic, and `cdk deploy` fills in the profile's.
defineServiceContacts(app, {
  account: process.env.CDK_DEFAULT_ACCOUNT,
  region: process.env.CDK_DEFAULT_REGION,
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
