// The Step Functions engine under the Workflow port: which AWS answers mean "nothing to do" and which
// are real failures.
import {
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  InvalidToken,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  SFNServiceException,
  StartExecutionCommand,
  StopExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSfnEngine } from '../../shared/adapters/sfn-engine';

const STATE_MACHINE_ARN = 'arn:aws-cn:states:cn-north-1:123456789012:stateMachine:ContactChange';
const sfn = mockClient(SFNClient);
const workflow = createSfnEngine(new SFNClient({ region: 'cn-north-1' }), STATE_MACHINE_ARN);
const meta = { $metadata: {}, message: 'from the mock' };
const input = { requestId: 'req-1', confirmers: ['aa111111-ovh', 'bb222222-ovh'], timeoutSeconds: 1_209_600 };

beforeEach(() => sfn.reset());

describe('starting an execution', () => {
  it('names the execution by the request id and passes the input as JSON', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'x', startDate: new Date() });
    await workflow.start('req-1', input);
    expect(sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input).toEqual({
      stateMachineArn: STATE_MACHINE_ARN,
      name: 'req-1',
      input: JSON.stringify(input),
    });
  });

  it('treats ExecutionAlreadyExists as the retried start it is', async () => {
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists(meta));
    await expect(workflow.start('req-1', input)).resolves.toBeUndefined();
  });

  it('lets any other failure through', async () => {
    sfn
      .on(StartExecutionCommand)
      .rejects(new SFNServiceException({ ...meta, name: 'ThrottlingException', $fault: 'client' }));
    await expect(workflow.start('req-1', input)).rejects.toThrow('from the mock');
  });
});

describe('answering a task token', () => {
  it('sends the output as JSON and says it was heard', async () => {
    sfn.on(SendTaskSuccessCommand).resolves({});
    expect(await workflow.sendTaskSuccess('token-1', { nic: 'aa111111-ovh' })).toBe(true);
    expect(sfn.commandCalls(SendTaskSuccessCommand)[0]?.args[0].input).toEqual({
      taskToken: 'token-1',
      output: '{"nic":"aa111111-ovh"}',
    });
  });

  it('sends a refusal as the named error the definition catches', async () => {
    sfn.on(SendTaskFailureCommand).resolves({});
    expect(await workflow.sendTaskFailure('token-1', 'Refused', 'bb222222-ovh refused')).toBe(true);
    expect(sfn.commandCalls(SendTaskFailureCommand)[0]?.args[0].input).toEqual({
      taskToken: 'token-1',
      error: 'Refused',
      cause: 'bb222222-ovh refused',
    });
  });

  it.each([
    ['TaskTimedOut', new TaskTimedOut(meta)],
    ['TaskDoesNotExist', new TaskDoesNotExist(meta)],
    ['InvalidToken', new InvalidToken(meta)],
  ])('answers false when Step Functions no longer waits on the token (%s)', async (_name, error) => {
    sfn.on(SendTaskSuccessCommand).rejects(error);
    sfn.on(SendTaskFailureCommand).rejects(error);
    expect(await workflow.sendTaskSuccess('token-1', {})).toBe(false);
    expect(await workflow.sendTaskFailure('token-1', 'Cancelled', 'withdrawn')).toBe(false);
  });

  it('throws when Step Functions cannot be reached, so the caller can finish the request itself', async () => {
    sfn.on(SendTaskSuccessCommand).rejects(new Error('connect ETIMEDOUT'));
    await expect(workflow.sendTaskSuccess('token-1', {})).rejects.toThrow('ETIMEDOUT');
  });
});

describe('stopping an execution', () => {
  it('stops the execution named by the request id, in the state machine’s partition, region and account', async () => {
    sfn.on(StopExecutionCommand).resolves({ stopDate: new Date() });
    await workflow.stop('req-1', 'Expired by the sweep');
    expect(sfn.commandCalls(StopExecutionCommand)[0]?.args[0].input).toEqual({
      executionArn: 'arn:aws-cn:states:cn-north-1:123456789012:execution:ContactChange:req-1',
      cause: 'Expired by the sweep',
    });
  });

  it('does nothing when there is no such execution (never started, or lost)', async () => {
    sfn.on(StopExecutionCommand).rejects(new ExecutionDoesNotExist(meta));
    await expect(workflow.stop('req-1', 'swept')).resolves.toBeUndefined();
  });

  it('refuses an ARN that is not a state machine’s', () => {
    expect(() => createSfnEngine(new SFNClient({}), 'arn:aws:lambda:eu-west-1:1:function:x')).toThrow(
      'Not a state machine ARN',
    );
  });
});
