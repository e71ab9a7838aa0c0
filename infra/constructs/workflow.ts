// The contact-change state machine, defined once: CDK deploys it, and infra/local synthesises the
// same definition for aws-local-stepfunctions. JSONPath only (no JSONata, no variables) and no
// heartbeats, because the local engine supports neither.
import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import type { AskConfirmerEvent, ApplyEvent, CloseCause, CloseEvent } from '../../shared/workflow/events';

export interface ContactChangeWorkflowProps {
  askConfirmer: lambda.IFunction;
  apply: lambda.IFunction;
  close: lambda.IFunction;
  /** A fixed name lets functions be granted on the state machine's ARN without a reference cycle. */
  stateMachineName?: string;
  logs?: { destination: ILogGroup; level: sfn.LogLevel };
  tracing?: boolean;
}

/** Errors of the Lambda service itself, worth retrying; a handler's own errors are not. */
const LAMBDA_TRANSIENT_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
];

const transientRetry: sfn.RetryProps = {
  errors: LAMBDA_TRANSIENT_ERRORS,
  interval: Duration.seconds(2),
  backoffRate: 2,
  maxAttempts: 6,
};

/** Ties a payload written with JsonPath helpers to the fields of the event its handler receives. */
type PayloadOf<E> = { [K in keyof E]-?: unknown };

const payload = <E>(fields: PayloadOf<E>) => sfn.TaskInput.fromObject(fields);

export class ContactChangeWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: ContactChangeWorkflowProps) {
    super(scope, id);

    const requestId = sfn.JsonPath.stringAt('$.requestId');
    // payloadResponseOnly keeps a result to the Lambda's own return value, and DISCARD drops even that:
    // every later state reads the execution input (requestId) as it came.
    const invoke = (stateId: string, fn: lambda.IFunction, input: sfn.TaskInput) =>
      new tasks.LambdaInvoke(this, stateId, {
        lambdaFunction: fn,
        payload: input,
        payloadResponseOnly: true,
        retryOnServiceExceptions: false,
        resultPath: sfn.JsonPath.DISCARD,
      }).addRetry(transientRetry);

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
      resultPath: sfn.JsonPath.DISCARD,
    }).addRetry(transientRetry);

    const askConfirmers = new sfn.Map(this, 'AskConfirmers', {
      itemsPath: '$.confirmers',
      itemSelector: {
        requestId,
        nic: sfn.JsonPath.stringAt('$$.Map.Item.Value'),
        timeoutSeconds: sfn.JsonPath.numberAt('$.timeoutSeconds'),
      },
      resultPath: sfn.JsonPath.DISCARD,
    }).itemProcessor(askConfirmer);

    const close = invoke(
      'Close',
      props.close,
      payload<CloseEvent>({
        requestId,
        cause: sfn.JsonPath.stringAt('$.cause'),
        error: sfn.JsonPath.objectAt('$.error'),
      }),
    ).next(new sfn.Succeed(this, 'Closed'));
    // One Pass per cause keeps the single Close task readable in the console's graph.
    const closeAs = (cause: CloseCause, stateId: string) =>
      new sfn.Pass(this, stateId, { result: sfn.Result.fromString(cause), resultPath: '$.cause' }).next(
        close,
      );
    const refused = closeAs('refused', 'Refused');
    const cancelled = closeAs('cancelled', 'Cancelled');
    const expired = closeAs('expired', 'Expired');
    const failed = closeAs('failed', 'Failed');
    // Catches keep the input and put the error beside it, so that Close still reads requestId.
    const keepInput = { resultPath: '$.error' };

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
      logs: props.logs,
      tracingEnabled: props.tracing ?? false,
    });
  }
}
