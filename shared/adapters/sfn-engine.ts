// The state machine's calls on AWS Step Functions: one execution per request, named by its id, and
// the callbacks of its `.waitForTaskToken` tasks.
import {
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StopExecutionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import type { WorkflowEngine } from './task-token-workflow';

/** Step Functions no longer waits on the token: it timed out, its execution ended, or it never was. */
const GONE_TOKEN_ERRORS = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);
/** SendTaskFailure's limit on `cause`. */
const MAX_CAUSE_LENGTH = 32_768;

const errorName = (error: unknown) => (error instanceof Error ? error.name : undefined);

async function unless<T>(errors: Set<string>, call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (errors.has(errorName(error) ?? '')) return undefined;
    throw error;
  }
}

/** `arn:<partition>:states:<region>:<account>:stateMachine:<name>` → the ARN prefix of its executions. */
function executionArnPrefix(stateMachineArn: string): string {
  const [arn, partition, service, region, account, type, name] = stateMachineArn.split(':');
  if (arn !== 'arn' || service !== 'states' || type !== 'stateMachine' || !name) {
    throw new Error(`Not a state machine ARN: ${stateMachineArn}`);
  }
  return `arn:${partition}:states:${region}:${account}:execution:${name}:`;
}

export function createSfnEngine(client: SFNClient, stateMachineArn: string): WorkflowEngine {
  const executionArns = executionArnPrefix(stateMachineArn);

  return {
    async start(name, input) {
      // Execution names are unique per state machine: a retried start finds its own execution there.
      await unless(new Set(['ExecutionAlreadyExists']), () =>
        client.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) })),
      );
    },
    async sendTaskSuccess(taskToken, output) {
      const sent = await unless(GONE_TOKEN_ERRORS, () =>
        client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output ?? null) })),
      );
      return sent !== undefined;
    },
    async sendTaskFailure(taskToken, error, cause) {
      const sent = await unless(GONE_TOKEN_ERRORS, () =>
        client.send(
          new SendTaskFailureCommand({ taskToken, error, cause: cause.slice(0, MAX_CAUSE_LENGTH) }),
        ),
      );
      return sent !== undefined;
    },
    async stop(name, cause) {
      await unless(new Set(['ExecutionDoesNotExist']), () =>
        client.send(
          new StopExecutionCommand({
            executionArn: executionArns + name,
            cause: cause.slice(0, MAX_CAUSE_LENGTH),
          }),
        ),
      );
    },
  };
}
