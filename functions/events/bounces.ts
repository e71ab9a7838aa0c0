// SNS delivers SES's bounce and complaint records for this stage's configuration set. Each marks the
// bouncing address and, for a code email, the confirmers who never got their code (use case:
// shared/usecases/bounces.ts). A record it cannot read is logged and dropped; a failure of DynamoDB is
// thrown, so that Lambda retries the notice and, failing that, keeps it in the dead-letter queue.
import type { SNSEvent } from 'aws-lambda';
import { readSesEvent } from '../../shared/adapters/ses-events';
import { logger } from '../../shared/http/logger';
import { deps } from '../../shared/runtime';
import { BOUNCE_EMAILS } from '../../shared/email/kinds/bounces';
import { observed } from '../../shared/telemetry';
import { recordDeliveryProblem } from '../../shared/usecases/bounces';
import { declareFunction } from '../declare';

export const handler = observed(async (event: SNSEvent): Promise<void> => {
  for (const record of event.Records ?? []) {
    const read = readSesEvent(record.Sns?.Message ?? '');
    if (read.kind === 'unreadable') {
      logger.warn('An SES event could not be read; dropped', { why: read.why, snsId: record.Sns?.MessageId });
      continue;
    }
    const outcome = await recordDeliveryProblem(deps(BOUNCE_EMAILS), read.problem);
    // The handle and the outcome, never the address.
    logger.info('SES reported an email that did not arrive', {
      messageId: read.messageId,
      type: read.problem.type,
      bounceType: read.problem.bounceType,
      emailKind: read.problem.kind,
      nic: read.problem.nic,
      outcome,
    });
  }
});

export const bounceFunction = declareFunction({
  name: 'bounces',
  handler,
  needs: {
    items: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:UpdateItem'],
    query: ['changesByPartyState'],
    mail: true,
  },
});
