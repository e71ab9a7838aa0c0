// Run by the EventBridge schedule (locally, by a timer): reminders, and the end of stale requests.
import { readConfig } from '../../shared/config';
import { observed } from '../../shared/telemetry';
import { deps } from '../../shared/runtime';
import { logger } from '../../shared/http/logger';
import { sweepStaleRequests, type SweepReport } from '../../shared/usecases/sweep';

const budgetMs = readConfig().SWEEP_TIME_BUDGET_SECONDS * 1000;

export const handler = observed(async (): Promise<SweepReport> => {
  const report = await sweepStaleRequests(deps(), { budgetMs });
  logger.info('Stale-request sweep done', { ...report });
  return report;
});
