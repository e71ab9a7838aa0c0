// What belongs to the account and region rather than to a stage: the alarms on metrics every stage
// shares (Lambda's throttles, which count every function of the account; SES's account reputation,
// by which SES reviews and may pause the whole account's sending), once per account instead of once
// per stage. Every stage depends on it; `cdk deploy ServiceContacts-<stage>` deploys it first.
import { Duration, Stack, type App, type Environment } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { PERIOD, PagingAlarms } from './constructs/alarms';

export const ACCOUNT_STACK = 'ServiceContactsAccount';
/** The account's alarms are named `service-contacts-account-<name>`, their topic `…-alarms`. */
export const ACCOUNT_PREFIX = 'service-contacts-account';

/** SES reviews an account at 5 % bounces and 0.1 % complaints: these page at half of each. */
const BOUNCE_RATE = 0.025;
const COMPLAINT_RATE = 0.0005;

export class AccountStack extends Stack {
  readonly alarmEmail?: string;
  readonly alarms: PagingAlarms;

  constructor(app: App, props: { env?: Environment; alarmEmail?: string }) {
    super(app, ACCOUNT_STACK, {
      env: props.env,
      description: "Service contacts: the account's own alarms, shared by every stage",
      tags: { service: 'service-contacts' },
    });
    this.alarmEmail = props.alarmEmail;
    this.alarms = new PagingAlarms(this, 'Alarms', { prefix: ACCOUNT_PREFIX, alarmEmail: props.alarmEmail });

    this.alarms.alarm('LambdaThrottles', {
      metric: lambda.Function.metricAllThrottles({ period: PERIOD, statistic: 'Sum' }),
      description:
        'Lambda throttled invocations in this account and region: its concurrency quota (shared with every other ' +
        'application in the account, and every stage) is used up, so API calls fail with 429/500 and workflow ' +
        'tasks retry. Find the function with the most ConcurrentExecutions; ask AWS for a higher ' +
        'concurrency quota or cap the noisy function with reserved concurrency.',
    });
    const reputation = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/SES',
        metricName,
        period: Duration.hours(1),
        statistic: 'Maximum',
      });
    this.alarms.alarm('SesAccountBounceRate', {
      metric: reputation('Reputation.BounceRate'),
      threshold: BOUNCE_RATE,
      description:
        `Over ${BOUNCE_RATE * 100} % of the emails this account sends bounce, every stage and application ` +
        "together; SES reviews the account at 5 % and may pause all its sending. Each stage's own " +
        'ses-bounce-rate alarm says which stage it is; else another application of the account.',
    });
    this.alarms.alarm('SesAccountComplaintRate', {
      metric: reputation('Reputation.ComplaintRate'),
      threshold: COMPLAINT_RATE,
      description:
        `Over ${COMPLAINT_RATE * 100} % of the emails this account sends are marked as spam; SES reviews ` +
        "the account at 0.1 %. Each stage's own ses-complaint-rate alarm says which stage it is.",
    });
  }
}

/** The account stack in `app`, made once: every stage of the app shares it. */
export function accountStack(app: App, alarmEmail: string | undefined, env?: Environment): AccountStack {
  const existing = app.node.tryFindChild(ACCOUNT_STACK);
  if (!(existing instanceof AccountStack)) return new AccountStack(app, { env, alarmEmail });
  // Stages that name different addresses: the account's alarms go to the first; each stage's own to its own.
  return existing;
}
