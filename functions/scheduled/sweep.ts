// Run by the EventBridge schedule (locally, by a timer): reminders, and the end of stale requests.
import { deps } from '../../shared/runtime';
import { logger } from '../../shared/http/logger';
import { sweepStaleRequests, type SweepReport } from '../../shared/usecases/sweep';

export const handler = async (): Promise<SweepReport> => {
  const report = await sweepStaleRequests(deps());
  logger.info('Stale-request sweep done', { ...report });
  return report;
};
