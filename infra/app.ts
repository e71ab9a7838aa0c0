// The CDK app: the stage's stack, `ServiceContacts-<stage>`, configured by its file
// (infra/stages/<stage>.json, chosen by `-c stage=`) and CDK context (`-c key=value` overrides one
// value; infra/context.ts lists the keys and their defaults), and the stacks it depends on: the
// account's alarms, its sender identity, and the stage's edge stack in us-east-1 (the WAF web ACL).
// cdk-nag's AWS Solutions
// checks run on every synth and fail it on any finding not acknowledged with a reason.
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readDeploySettings, targetEnvironment } from './context';
import { defineStage } from './service-contacts-stack';

const app = new App();
const settings = readDeploySettings((key) => app.node.tryGetContext(key));
// The region is one someone chose (the stage file, -c, or the environment), or synth stops here saying
// so; the account is the credentials' (unset offline, where the template leaves it to CloudFormation).
defineStage(app, settings, targetEnvironment(settings.region, process.env));
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
