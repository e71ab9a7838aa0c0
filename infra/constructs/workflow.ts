// The contact-change state machine, defined once: CDK deploys it, and infra/local synthesises the
// same definition for aws-local-stepfunctions. JSONPath only (no JSONata, no variables) and no
// heartbeats, because the local engine supports neither. Every task retries transient errors with
// jittered backoff and catches the rest; no path turns a change everyone accepted into `failed`.
import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import {
  TRANSIENT_FAILURE,
  type AskConfirmerEvent,
  type ApplyEvent,
  type CloseCause,
  type CloseEvent,
  type Heard,
  type ReceiptEvent,
} from '../../shared/workflow/events';

export interface ContactChangeWorkflowProps {
  askConfirmer: lambda.IFunction;
  apply: lambda.IFunction;
  close: lambda.IFunction;
  /** Sends an acceptance's receipt when the confirmer's wait heard it (functions/workflow/receipt.ts). */
  receipt: lambda.IFunction;
  /**
   * The configured validity window (CHANGE_REQUEST_TTL_SECONDS). Each execution's own window comes in
   * its input; the machine's top-level timeout, a constant, is this window plus EXECUTION_MARGIN.
   */
  validityWindow: Duration;
  /** A fixed name lets functions be granted on the state machine's ARN without a reference cycle. */
  stateMachineName?: string;
  logs?: { destination: ILogGroup; level: sfn.LogLevel };
  tracing?: boolean;
}

/** The timeout of every task function (infra/constructs/functions.ts gives it to them). */
export const TASK_FUNCTION_TIMEOUT = Duration.minutes(1);
/** A task that has not answered by then is cut and retried (States.Timeout), whatever hangs. */
const TASK_TIMEOUT = TASK_FUNCTION_TIMEOUT.plus(Duration.seconds(30));
/**
 * After the window, an execution still closes or applies and notifies, each step with its retries
 * (at most about 2 minutes of waits and 7 invocations each): an hour is far beyond that. The
 * top-level timeout is a backstop against an execution that hangs, never the way a request expires.
 */
export const EXECUTION_MARGIN = Duration.hours(1);

/**
 * Errors worth retrying: the Lambda service's own (AWS's "Handle Lambda service exceptions"), a
 * function that ran out of time (`Sandbox.Timedout`; older runtimes report it as `Lambda.Unknown`,
 * as they do an out-of-memory), and a handler's TransientFailure.
 */
const TRANSIENT_ERRORS = [
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'Lambda.Unknown',
  'Sandbox.Timedout',
  TRANSIENT_FAILURE,
];

/** Exponential backoff, 2 s doubling up to a minute, with full jitter so that retries spread out. */
const backoff = {
  interval: Duration.seconds(2),
  backoffRate: 2,
  maxDelay: Duration.minutes(1),
  maxAttempts: 6,
  jitterStrategy: sfn.JitterType.FULL,
} satisfies sfn.RetryProps;

/** The errors with which a request ends as the lifecycle says; anything else is an operational failure. */
const BUSINESS_ENDS = ['Refused', 'Cancelled', sfn.Errors.TIMEOUT];

/** Where an iteration of the Map keeps what its confirmer's wait was answered with. */
const HEARD = '$.heard';

/** Ties a payload written with JsonPath helpers to the fields of the event its handler receives. */
type PayloadOf<E> = { [K in keyof E]-?: unknown };

const payload = <E>(fields: PayloadOf<E>) => sfn.TaskInput.fromObject(fields);

export class ContactChangeWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: ContactChangeWorkflowProps) {
    super(scope, id);

    const requestId = sfn.JsonPath.stringAt('$.requestId');
    // A Fail state per place an operational failure ends an execution: ExecutionsFailed pages, and the
    // execution's error names the step. Catches put the error at $.error beside the input.
    const failWith = (stateId: string, comment: string) =>
      new sfn.Fail(this, stateId, { comment, errorPath: '$.error.Error', causePath: '$.error.Cause' });
    const keepInput = { resultPath: '$.error' };
    // payloadResponseOnly keeps a result to the Lambda's own return value, and DISCARD drops even that:
    // every later state reads the execution input (requestId) as it came.
    const invoke = (stateId: string, fn: lambda.IFunction, input: sfn.TaskInput) =>
      new tasks.LambdaInvoke(this, stateId, {
        lambdaFunction: fn,
        payload: input,
        payloadResponseOnly: true,
        retryOnServiceExceptions: false,
        resultPath: sfn.JsonPath.DISCARD,
        taskTimeout: sfn.Timeout.duration(TASK_TIMEOUT),
      }).addRetry({ errors: [...TRANSIENT_ERRORS, sfn.Errors.TIMEOUT], ...backoff });

    const askConfirmer = new tasks.LambdaInvoke(this, 'AskConfirmer', {
      lambdaFunction: props.askConfirmer,
      integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: payload<AskConfirmerEvent>({
        requestId,
        nic: sfn.JsonPath.stringAt('$.nic'),
        taskToken: sfn.JsonPath.taskToken,
      }),
      // The validity window of the request; a confirmer who has not answered by then ends it as expired.
      taskTimeout: sfn.Timeout.at('$.timeoutSeconds'),
      retryOnServiceExceptions: false,
      // What the wait was answered with (shared/workflow/events.ts, Heard): whether a receipt is owed.
      resultPath: HEARD,
      // Not States.Timeout: here it is the end of the window, which the Map's Catch turns into `expired`.
    }).addRetry({ errors: TRANSIENT_ERRORS, ...backoff });

    // Only the answer's own word to this wait says `receipt` (the lifecycle's `toldBy`): this
    // iteration alone then sends the answerer's receipt, so exactly one sender and no mark to claim.
    // A lost receipt must never fail the Map, which would close the request as failed: after its
    // retries, any error ends the iteration as if sent (the function logs a notice it could not send).
    const sendReceipt = invoke(
      'SendReceipt',
      props.receipt,
      payload<ReceiptEvent>({ requestId, nic: sfn.JsonPath.stringAt('$.nic') }),
    ).addCatch(
      new sfn.Succeed(this, 'ReceiptLost', { comment: 'The receipt is lost; the request goes on.' }),
      { errors: [sfn.Errors.ALL], ...keepInput },
    );
    const receiptOwed = (heard: keyof Heard) => `${HEARD}.${heard}`;
    const askedAndHeard = askConfirmer.next(
      new sfn.Choice(this, 'ReceiptOwed')
        // isPresent: a wait answered without it (or with no output at all) never errors here.
        .when(sfn.Condition.isPresent(receiptOwed('receipt')), sendReceipt)
        .otherwise(new sfn.Succeed(this, 'Answered')),
    );

    const askConfirmers = new sfn.Map(this, 'AskConfirmers', {
      itemsPath: '$.confirmers',
      itemSelector: {
        requestId,
        nic: sfn.JsonPath.stringAt('$$.Map.Item.Value'),
        timeoutSeconds: sfn.JsonPath.numberAt('$.timeoutSeconds'),
      },
      resultPath: sfn.JsonPath.DISCARD,
    }).itemProcessor(askedAndHeard);

    const close = invoke(
      'Close',
      props.close,
      payload<CloseEvent>({
        requestId,
        cause: sfn.JsonPath.stringAt('$.cause'),
        error: sfn.JsonPath.objectAt('$.error'),
      }),
    )
      .addCatch(
        failWith(
          'CloseFailed',
          'The request may still be open; the sweep ends it once its window has passed.',
        ),
        keepInput,
      )
      .next(
        // A request ended by the lifecycle succeeds; one closed because a step kept failing fails the
        // execution after closing, so that it pages.
        new sfn.Choice(this, 'ClosedBecause')
          .when(
            sfn.Condition.or(
              ...BUSINESS_ENDS.map((error) => sfn.Condition.stringEquals('$.error.Error', error)),
            ),
            new sfn.Succeed(this, 'Closed'),
          )
          .otherwise(failWith('ClosedAfterError', 'Closed as failed because a step kept failing.')),
      );
    // One Pass per cause keeps the single Close task readable in the console's graph.
    const closeAs = (cause: CloseCause, stateId: string) =>
      new sfn.Pass(this, stateId, { result: sfn.Result.fromString(cause), resultPath: '$.cause' }).next(
        close,
      );
    const refused = closeAs('refused', 'Refused');
    const cancelled = closeAs('cancelled', 'Cancelled');
    const expired = closeAs('expired', 'Expired');
    const failed = closeAs('failed', 'Failed');

    // Apply ends the request done, or failed when a rule broke meanwhile: both are data, not errors.
    // An error that outlasts the retries leaves the request `applying` (everyone accepted, so it must
    // not fail for a passing fault) and fails the execution, which alarms; the sweep applies it later.
    const apply = invoke('Apply', props.apply, payload<ApplyEvent>({ requestId }))
      .addCatch(
        new sfn.Fail(this, 'ApplyFailed', {
          error: 'ApplyFailed',
          cause: 'The change could not be applied; the request stays applying until the sweep applies it.',
        }),
        { errors: [sfn.Errors.ALL] },
      )
      .next(new sfn.Succeed(this, 'Done'));

    askConfirmers
      .addCatch(refused, { errors: ['Refused'], ...keepInput })
      .addCatch(cancelled, { errors: ['Cancelled'], ...keepInput })
      .addCatch(expired, { errors: [sfn.Errors.TIMEOUT], ...keepInput })
      .addCatch(failed, { errors: [sfn.Errors.ALL], ...keepInput });

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineType: sfn.StateMachineType.STANDARD,
      stateMachineName: props.stateMachineName,
      definitionBody: sfn.DefinitionBody.fromChainable(askConfirmers.next(apply)),
      timeout: props.validityWindow.plus(EXECUTION_MARGIN),
      logs: props.logs,
      tracingEnabled: props.tracing ?? false,
    });
  }
}
