// Run by the EventBridge schedule (locally, by a timer): reminders, the end of stale requests, and
// batches: outcome emails owed, creations a crash left unpublished.
import { readConfig } from '../../shared/config';
import { observed } from '../../shared/telemetry';
import { declareFunction } from '../declare';
import { deps } from '../../shared/runtime';
import { MOVE_EMAILS } from '../../shared/email/kinds/moves';
import { REMINDER_EMAILS } from '../../shared/email/kinds/reminders';
import { logger } from '../../shared/http/logger';
import { sweepAlone, type LeasedSweepReport } from '../../shared/usecases/sweep';

/** Reminders, and what an expiry or a late apply tells; the local stack's own sweep sends the same. */
export const SWEEP_EMAILS = { ...REMINDER_EMAILS, ...MOVE_EMAILS };

const budgetMs = readConfig().SWEEP_TIME_BUDGET_SECONDS * 1000;

export const handler = observed(async (_event: unknown, context): Promise<LeasedSweepReport> => {
  // The lease lapses when Lambda would end this run, so a run that crashed holds up the next one no longer.
  const run = deps(SWEEP_EMAILS);
  const until = new Date(run.now().getTime() + context.getRemainingTimeInMillis());
  const report = await sweepAlone(run, { budgetMs, until });
  logger.info(
    report.leaseHeld
      ? 'Stale-request sweep skipped: another run holds its lease'
      : 'Stale-request sweep done',
    { ...report },
  );
  return report;
});

/**
 * Takes and gives back its lease (PutItem, DeleteItem, GetItem of the holder); reads the sparse
 * open-requests index only; reminds, ends what expired and stops its execution; sends owed batch
 * outcome emails again and removes abandoned batches (UpdateItem, BatchGetItem, DeleteItem).
 */
export const sweepFunction = declareFunction({
  name: 'sweep',
  handler,
  needs: {
    items: [
      'dynamodb:GetItem',
      'dynamodb:BatchGetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
    ],
    query: ['openByExpiry'],
    mail: true,
    workflow: ['states:StopExecution'],
  },
});
