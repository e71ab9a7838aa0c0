// The functions that AWS invokes itself, located from the declarations beside their handlers: the
// state machine's tasks, keyed as the definition's task states name them, the scheduled sweep, and
// the handler of SES's bounces and complaints.
import { locate } from './declare';
import * as bounces from './events/bounces';
import * as sweep from './scheduled/sweep';
import * as apply from './workflow/apply';
import * as askConfirmer from './workflow/ask-confirmer';
import * as close from './workflow/close';
import * as receipt from './workflow/receipt';

export const WORKFLOW_TASKS = {
  askConfirmer: locate(
    'functions/workflow/ask-confirmer.ts',
    askConfirmer,
    askConfirmer.askConfirmerFunction,
  ),
  apply: locate('functions/workflow/apply.ts', apply, apply.applyFunction),
  close: locate('functions/workflow/close.ts', close, close.closeFunction),
  receipt: locate('functions/workflow/receipt.ts', receipt, receipt.receiptFunction),
};

export type TaskName = keyof typeof WORKFLOW_TASKS;

export const SWEEP = locate('functions/scheduled/sweep.ts', sweep, sweep.sweepFunction);

export const BOUNCES = locate('functions/events/bounces.ts', bounces, bounces.bounceFunction);
