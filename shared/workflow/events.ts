// What the contact-change state machine hands its Lambda tasks, and what its waits are answered with.
// It lives apart from the CDK construct that builds the payloads so that the handlers' bundles never
// pull in aws-cdk-lib.
import type { FinalState, Handle } from '../domain/model';

/** One confirmer's wait begins: the task token is the one SendTaskSuccess / SendTaskFailure answer. */
export interface AskConfirmerEvent {
  requestId: string;
  nic: Handle;
  taskToken: string;
}

/**
 * What a confirmer's wait is answered with (SendTaskSuccess's output), the ask task's result at
 * `$.heard`. `receipt` only on the answer's own word to the confirmer's wait when the receipt of the
 * acceptance is handed over: the iteration then runs the receipt step. Every other answer (an ask task
 * ending its own wait, the answers given again to other waits) carries none.
 */
export interface Heard {
  nic: Handle;
  receipt?: true;
}

/** The receipt step: `nic`'s acceptance was heard, and the answerer is owed their "waiting" notice. */
export interface ReceiptEvent {
  requestId: string;
  nic: Handle;
}

/** Where the confirmer stands once asked; the workflow adapter ends or keeps its wait by it. */
export type AskOutcome = 'asked' | 'accepted' | 'refused' | 'ended';

/** Every confirmer accepted: apply the change. */
export interface ApplyEvent {
  requestId: string;
}

/** Why an execution ends without applying; `done` is Apply's path, never Close's. */
export type CloseCause = Exclude<FinalState, 'done'>;

/** The error a Catch recorded: Step Functions' `{Error, Cause}` (a Lambda error's Cause is its JSON). */
export interface WorkflowError {
  Error: string;
  Cause?: string;
}

export interface CloseEvent {
  requestId: string;
  cause: CloseCause;
  error?: WorkflowError;
}

/**
 * The name of an error a task's handler throws for a failure worth another try (a throttled or
 * unavailable dependency, an email that kept failing): the state machine retries it, with backoff;
 * any other error of a handler's own is not retried.
 */
export const TRANSIENT_FAILURE = 'TransientFailure';
