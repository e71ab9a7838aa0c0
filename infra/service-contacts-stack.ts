// The whole service on AWS (DESIGN.md §2): table, mail, authorizer, API, the control panel behind
// CloudFront, one function per handler,
// the contact-change workflow, the sweep schedule and the alarms. Each part is a construct under
// infra/constructs/; this file only wires them together.
import {
  ArnFormat,
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  Token,
  Validations,
  type App,
  type Environment,
  type StackProps,
} from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { accountStack } from './account-stack';
import { edgeStack } from './edge-stack';
import { readDeploySettings, type DeploySettings } from './context';
import { ContactsAlarms } from './constructs/alarms';
import { ContactsApi } from './constructs/api';
import { ContactsAuth } from './constructs/auth';
import { BounceNotifications } from './constructs/bounces';
import { ContactsDashboard, METRICS_NAMESPACE } from './constructs/dashboard';
import { ContactsData } from './constructs/data';
import { ContactsFunctions } from './constructs/functions';
import { ContactsMail } from './constructs/mail';
import { ContactsPanel } from './constructs/panel';
import { SafeRollouts } from './constructs/rollouts';
import { SweepSchedule, sweepTiming } from './constructs/schedule';
import { ContactChangeWorkflow } from './constructs/workflow';
import { senderIdentityName, senderIdentityStack } from './sender-identity-stack';

/** The stack of the stage named in the app's context; infra/app.ts and the tests both build it so. */
export function defineServiceContacts(app: App, env?: Environment): ServiceContactsStack {
  return defineStage(
    app,
    readDeploySettings((key) => app.node.tryGetContext(key)),
    env,
  );
}

/**
 * One stage's stack, after the account's sender identity stack it sends from (made once per app, and
 * none when the identity is verified outside CDK): `cdk deploy ServiceContacts-<stage>` deploys both.
 */
export function defineStage(app: App, settings: DeploySettings, env?: Environment): ServiceContactsStack {
  // The web ACL lives in us-east-1 (CloudFront's). A synth without a region (only the tests' template
  // snapshots: `cdk synth` always has one) cannot refer across regions, so its edge stack keeps the
  // stage's environment and the ARN is a plain export.
  const edge = edgeStack(
    app,
    settings.stage,
    env?.region && !Token.isUnresolved(env.region) ? { ...env, region: 'us-east-1' } : env,
  );
  const stack = new ServiceContactsStack(app, `ServiceContacts-${settings.stage}`, {
    settings,
    env,
    webAclArn: edge.webAclArn,
    crossRegionReferences: true,
    description: `Service contacts (${settings.stage}): confirmed changes of service contacts`,
    // CloudFormation refuses to delete the production stack until the protection is turned off.
    terminationProtection: settings.production,
    tags: { service: 'service-contacts', stage: settings.stage },
  });
  stack.addStackDependency(accountStack(app, settings.alarmEmail, env), "the account's alarms");
  if (settings.senderIdentity === 'create')
    stack.addStackDependency(senderIdentityStack(app, settings, env), 'sends from its SES identity');
  return stack;
}

export interface ServiceContactsStackProps extends StackProps {
  settings: DeploySettings;
  /** The stage's AWS WAF web ACL (infra/edge-stack.ts), for its CloudFront distribution. */
  webAclArn: string;
}

export class ServiceContactsStack extends Stack {
  readonly functions: ContactsFunctions;
  readonly workflow: ContactChangeWorkflow;

  constructor(scope: Construct, id: string, props: ServiceContactsStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const prefix = `service-contacts-${settings.stage}`;
    // Named up front so that the functions (some of them the workflow's own tasks) can be granted
    // rights on its ARN without a reference to it: that reference would be a dependency cycle.
    const stateMachineName = `${prefix}-contact-change`;

    const data = new ContactsData(this, 'Data', { existingTableName: settings.tableName });
    const mail = new ContactsMail(this, 'Mail', {
      prefix,
      senderEmail: settings.senderEmail,
      identities:
        settings.senderIdentity === 'create'
          ? [senderIdentityName(settings)]
          : // SES authorises a send against the address's own identity when it is verified, else its
            // domain's: whichever of the two was verified outside CDK, the functions may send as it.
            [
              settings.senderEmail,
              settings.senderDomain ?? settings.senderEmail.split('@')[1]!.toLowerCase(),
            ],
      sandboxRecipients: settings.sandboxRecipients,
    });
    const auth = new ContactsAuth(this, 'Auth', {
      prefix,
      jwtIssuer: settings.jwtIssuer,
      jwtAudience: settings.jwtAudience,
    });
    const api = new ContactsApi(this, 'Api', {
      prefix,
      authorizer: auth.authorizer,
      originDomain:
        settings.apiOriginDomain && settings.apiOriginCertificateArn
          ? { domainName: settings.apiOriginDomain, certificateArn: settings.apiOriginCertificateArn }
          : undefined,
    });
    const panel = new ContactsPanel(this, 'Panel', {
      prefix,
      apiOriginHost: api.originHost,
      webAclArn: props.webAclArn,
      domainName: settings.panelDomain,
      certificateArn: settings.panelCertificateArn,
    });
    panel.deploy(auth.addPanelClient(panel.baseUrl));

    // Panel, API and confirm pages share the distribution's origin; emailed links point there.
    const publicBaseUrl = settings.publicBaseUrl ?? panel.baseUrl;
    this.functions = new ContactsFunctions(this, 'Functions', {
      prefix,
      data,
      mail,
      stateMachineName,
      publicBaseUrl,
      providerName: settings.providerName,
      changeRequestTtlSeconds: settings.changeRequestTtlSeconds,
      reminderBeforeExpirySeconds: settings.reminderBeforeExpirySeconds,
      sweepTiming: sweepTiming(settings.sweepIntervalMinutes),
      sweepReservedConcurrency: settings.sweepReservedConcurrency,
    });
    // Every caller invokes a function's `live` alias, never $LATEST: a deploy publishes a version, and
    // the alias alone says which one runs (for HTTP functions, CodeDeploy moves it: see below).
    api.addRoutes(this.functions.http.map(({ entry, alias }) => ({ entry, fn: alias })));
    const live = (fn: lambda.IFunction) => this.functions.aliasOf(fn);

    this.workflow = new ContactChangeWorkflow(this, 'Workflow', {
      askConfirmer: live(this.functions.tasks.askConfirmer),
      apply: live(this.functions.tasks.apply),
      close: live(this.functions.tasks.close),
      receipt: live(this.functions.tasks.receipt),
      validityWindow: Duration.seconds(settings.changeRequestTtlSeconds),
      stateMachineName,
      logs: {
        destination: new logs.LogGroup(this, 'WorkflowLogs', {
          logGroupName: `/aws/vendedlogs/states/${stateMachineName}`,
          retention: logs.RetentionDays.ONE_MONTH,
          removalPolicy: RemovalPolicy.DESTROY,
        }),
        // Every state transition, but never the execution data: it holds the task tokens.
        level: sfn.LogLevel.ALL,
      },
      tracing: true,
    });

    const schedule = new SweepSchedule(this, 'Schedule', {
      prefix,
      sweep: live(this.functions.sweep),
      intervalMinutes: settings.sweepIntervalMinutes,
    });

    const bounces = new BounceNotifications(this, 'Bounces', {
      prefix,
      configurationSet: mail.configurationSet,
      bounceHandler: live(this.functions.bounces),
    });
    Validations.of(live(this.functions.bounces)).acknowledge({
      id: 'CloudFormation-Validate::W3694',
      reason:
        "The subscription's endpoint is the handler's live alias, a qualified Lambda ARN, which SNS invokes like " +
        "a function's; the validator only knows the unqualified function as a lambda endpoint.",
    });

    const functions = [
      ...this.functions.all,
      ...(auth.nicClaim ? [{ name: 'nic-claim', fn: auth.nicClaim }] : []),
    ];
    const alarms = new ContactsAlarms(this, 'Alarms', {
      prefix,
      functions,
      stateMachine: this.workflow.stateMachine,
      httpApi: api.httpApi,
      table: data.table,
      configurationSetName: mail.configurationSet.configurationSetName,
      deadLetters: schedule.deadLetters,
      alarmEmail: settings.alarmEmail,
      metricsNamespace: METRICS_NAMESPACE,
    });
    if (bounces.deadLetters) {
      alarms.deadLettersAlarm(
        'BounceDeadLetters',
        bounces.deadLetters,
        'Bounce or complaint notices could not be handled, so some confirmers whose code email bounced are not ' +
          'shown as such. Read the messages in the dead-letter queue for the error, fix it, then redrive them.',
      );
    }
    new SafeRollouts(this, 'Rollouts', { prefix, functions: this.functions.http, alarms });
    new ContactsDashboard(this, 'Dashboard', {
      prefix,
      metricsService: prefix,
      alarms: alarms.alarms,
      httpApi: api.httpApi,
      functions,
      stateMachine: this.workflow.stateMachine,
      table: data.table,
      configurationSetName: mail.configurationSet.configurationSetName,
      sweep: this.functions.sweep,
      deadLetters: schedule.deadLetters,
    });

    this.acknowledgeWildcards(stateMachineName);

    new CfnOutput(this, 'ApiUrl', {
      value: api.url,
      description:
        "The HTTP API's own address (CloudFront's origin); clients and the smoke suite use PanelUrl's origin.",
    });
    if (api.domainName) {
      new CfnOutput(this, 'ApiOriginDnsRecord', {
        value: `${api.domainName.name} CNAME ${api.domainName.regionalDomainName}`,
        description: "Add this record to the API origin domain's DNS: CloudFront reaches the API there.",
      });
    }
    new CfnOutput(this, 'PublicBaseUrl', {
      value: publicBaseUrl,
      description: 'Where the emailed confirm links point.',
    });
    new CfnOutput(this, 'PanelUrl', {
      value: `${panel.baseUrl}/panel/`,
      description: 'The control panel (CloudFront), same origin as the API and the confirm pages.',
    });
    new CfnOutput(this, 'TableName', {
      value: data.table.tableName,
      description: 'For `npm run fixtures` (TABLE_NAME).',
    });
    new CfnOutput(this, 'StateMachineArn', { value: this.workflow.stateMachine.stateMachineArn });
  }

  /**
   * The wildcard resources AWS itself requires, acknowledged one finding at a time (cdk-nag 3 ids
   * `AwsSolutions-IAM5[Resource::…]`), each on the construct that holds that one role.
   */
  private acknowledgeWildcards(stateMachineName: string) {
    // The sweep's unit (function, role, log group); X-Ray's "*" is acknowledged by every function's unit.
    const executions = this.formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: `${stateMachineName}:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    Validations.of(this.functions.sweep.node.scope!).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${this.nagResource(executions)}]`,
      reason:
        'StopExecution on the executions of this one state machine; each is named by a request id not known in advance.',
    });

    const machine = this.workflow.stateMachine;
    Validations.of(machine).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Step Functions logging to CloudWatch Logs (logs:CreateLogDelivery and the other log-delivery actions) ' +
        'and X-Ray tracing support no resource-level permissions; AWS documents Resource "*" for both.',
    });
    for (const task of Object.values(this.functions.tasks)) {
      Validations.of(machine).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${this.nagResource(`${this.functions.aliasOf(task).functionArn}:*`)}]`,
        reason:
          'lambda:InvokeFunction on the task function and its versions/aliases (ARN:*), as CDK grants for LambdaInvoke.',
      });
    }
  }

  /** A resource as cdk-nag names it in a finding: references flattened to `<Ref>` and `<Logical.Attr>`. */
  private nagResource(arn: string): string {
    const flatten = (node: unknown): string => {
      if (typeof node === 'string') return node;
      const value = node as {
        'Fn::Join'?: [string, unknown[]];
        Ref?: string;
        'Fn::GetAtt'?: [string, string];
      };
      if (value['Fn::Join']) return value['Fn::Join'][1].map(flatten).join(value['Fn::Join'][0]);
      if (value.Ref) return `<${value.Ref}>`;
      if (value['Fn::GetAtt']) return `<${value['Fn::GetAtt'].join('.')}>`;
      throw new Error(`Cannot name ${JSON.stringify(node)} as cdk-nag does`);
    };
    return flatten(this.resolve(arn));
  }
}
