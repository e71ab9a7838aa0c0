// What the contact-change state machine hands its four Lambda tasks. It lives apart from the CDK
// construct that builds the payloads so that the handlers' bundles never pull in aws-cdk-lib.
import type { FinalState, Handle } from '../domain/model';

/** One confirmer's wait begins: the task token is the one SendTaskSuccess / SendTaskFailure answer. */
export interface AskConfirmerEvent {
  requestId: string;
  nic: Handle;
  taskToken: string;
}

/** Every confirmer accepted: apply the change. */
export interface ApplyEvent {
  requestId: string;
}

/** The change is applied: tell everyone concerned. */
export interface NotifyEvent {
  requestId: string;
}

/** Why an execution ends without applying; `done` is NotifyDone's path, never Close's. */
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
 * The apply task throws this when the contacts are no longer what the request expects. Step Functions
 * matches a Lambda error by its type, which the Node.js runtime takes from `name`: the Catch on
 * `PreconditionFailed` depends on this exact name.
 */
export class PreconditionFailed extends Error {
  override readonly name = 'PreconditionFailed';
}
