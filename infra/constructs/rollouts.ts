// Safe rollouts of the HTTP functions: a deploy publishes a new version, and CodeDeploy moves each
// function's `live` alias to it as a canary (10 % of requests for 5 minutes, then all), rolling it
// back to the version before if the function's errors alarm, or the API's 5xx alarm, fires meanwhile.
// A bad version so meets a tenth of the traffic for a few minutes instead of all of it for good.
// The workflow's tasks, the sweep and the bounce handler move at once (alias to the new version):
// their callers retry or run again, and their alarms page as before.
import { Validations } from 'aws-cdk-lib';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import { Construct } from 'constructs';
import type { ContactsAlarms } from './alarms';
import type { DeployedFunction } from './functions';

export interface SafeRolloutsProps {
  prefix: string;
  functions: DeployedFunction[];
  alarms: ContactsAlarms;
}

export const ROLLOUT = codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES;

export class SafeRollouts extends Construct {
  readonly groups: codedeploy.LambdaDeploymentGroup[];

  constructor(scope: Construct, id: string, props: SafeRolloutsProps) {
    super(scope, id);
    const application = new codedeploy.LambdaApplication(this, 'Application', {
      applicationName: props.prefix,
    });
    this.groups = props.functions.map(({ name, alias }) => {
      const errors = props.alarms.errors.get(name);
      if (!errors) throw new Error(`The HTTP function ${name} has no errors alarm to roll back on`);
      const group = new codedeploy.LambdaDeploymentGroup(this, alias.lambda.node.scope!.node.id, {
        application,
        deploymentGroupName: `${props.prefix}-${name}`,
        alias,
        deploymentConfig: ROLLOUT,
        alarms: [errors, props.alarms.api5xx],
        autoRollback: { failedDeployment: true, stoppedDeployment: true, deploymentInAlarm: true },
      });
      Validations.of(group).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited]',
        reason:
          "CodeDeploy's own role for Lambda deployments: AWS's managed policy lets it read the alias and the " +
          'alarms and shift the alias, nothing else (the Limited variant); AWS keeps it current with the service.',
      });
      return group;
    });
  }
}
