// The Workflow port on a state machine whose `.waitForTaskToken` tasks wait for each confirmer: the
// same for Step Functions (sfn-engine.ts) and for the local runner (infra/local). Task tokens are
// kept and used here alone; the use cases speak of requests and confirmers.
import type { ContactChangeRecord, Handle } from '../domain/model';
import type { Workflow } from '../domain/ports';
import type { AskConfirmerEvent, AskOutcome, Heard } from '../workflow/events';

/** What a state machine's execution is started with. */
export interface WorkflowInput {
  requestId: string;
  confirmers: Handle[];
  /** What is left of the request's validity window, in seconds: the timeout of each confirmer's wait. */
  timeoutSeconds: number;
}

/** The calls a state machine takes: Step Functions' StartExecution, SendTask*, StopExecution. */
export interface WorkflowEngine {
  /** Starts the execution named `name`; a second start with the same name is a no-op. */
  start(name: string, input: WorkflowInput): Promise<void>;
  /** False when nothing waits on the token any more (timed out, ended, never was). */
  sendTaskSuccess(token: string, output: unknown): Promise<boolean>;
  sendTaskFailure(token: string, error: 'Refused' | 'Cancelled', cause: string): Promise<boolean>;
  /** Stops a running execution; no-op when it is not running. */
  stop(name: string, cause: string): Promise<void>;
}

/** The task token of each confirmer's current wait. */
export interface TaskTokens {
  /** Keeps the token of a wait that begins; false when the request has already ended. */
  remember(requestId: string, nic: Handle, token: string): Promise<boolean>;
  of(request: ContactChangeRecord): Promise<ReadonlyMap<Handle, string>>;
}

export const ENDED_BEFORE_ASKED = 'The request ended before this confirmer was asked';

export function createTaskTokenWorkflow(engine: WorkflowEngine, tokens: TaskTokens): Workflow {
  const anyWaitFails = async (
    request: ContactChangeRecord,
    error: 'Refused' | 'Cancelled',
    cause: string,
    first?: Handle,
  ): Promise<boolean> => {
    const held = await tokens.of(request);
    // Failing one wait fails the whole Map, which ends the execution; its close step finds the request ended.
    const token = (first && held.get(first)) ?? [...held.values()][0];
    return token ? engine.sendTaskFailure(token, error, cause) : false;
  };

  return {
    async started(request, at) {
      const left = Math.ceil((Date.parse(request.expiresAt) - Date.parse(at)) / 1000);
      await engine.start(request.id, {
        requestId: request.id,
        confirmers: request.confirmers.map((c) => c.nic),
        timeoutSeconds: Math.max(1, left),
      });
    },

    async accepted(request, nic, receipt) {
      const held = await tokens.of(request);
      const mine = held.get(nic);
      // Only this word says the receipt is owed: the wait that takes it is the one that sends it.
      const heard = mine
        ? await engine.sendTaskSuccess(mine, (receipt ? { nic, receipt } : { nic }) satisfies Heard)
        : false;
      if (request.state === 'applying') {
        // An earlier acceptance's callback may have been lost, and its wait would hold the execution
        // until the window ends: answer every wait again (a wait already answered just says no).
        await Promise.all(
          [...held]
            .filter(([other]) => other !== nic)
            .map(([other, token]) => engine.sendTaskSuccess(token, { nic: other } satisfies Heard)),
        );
      }
      return heard;
    },

    // True when a wait took it: the execution's Close step then claims the refusal's notices (notify.ts).
    refused: (request, nic) => anyWaitFails(request, 'Refused', `${nic} refused`, nic),

    async ended(request) {
      if (request.state === 'cancelled')
        await anyWaitFails(request, 'Cancelled', 'The request was withdrawn');
      else await engine.stop(request.id, `The request ended: ${request.state}`);
    },
  };
}

/**
 * The state machine's ask task: keep the wait's token, ask the confirmer (the use case), and end the
 * wait at once when the confirmer already answered or the request already ended.
 */
export function createAskTask(engine: WorkflowEngine, tokens: TaskTokens) {
  return async function askTask(
    { requestId, nic, taskToken }: AskConfirmerEvent,
    ask: (requestId: string, nic: Handle) => Promise<AskOutcome>,
  ): Promise<void> {
    const outcome = (await tokens.remember(requestId, nic, taskToken)) ? await ask(requestId, nic) : 'ended';
    // No receipt on a wait ended here: the confirmer answered before it began, and the answer's own
    // word decided who sends the receipt (taken by no wait, so the answer sent it; or taken by this
    // one, and then this call finds the wait answered already).
    if (outcome === 'accepted') await engine.sendTaskSuccess(taskToken, { nic } satisfies Heard);
    else if (outcome === 'refused') await engine.sendTaskFailure(taskToken, 'Refused', `${nic} refused`);
    else if (outcome === 'ended') await engine.sendTaskFailure(taskToken, 'Cancelled', ENDED_BEFORE_ASKED);
  };
}

export type AskTask = ReturnType<typeof createAskTask>;
