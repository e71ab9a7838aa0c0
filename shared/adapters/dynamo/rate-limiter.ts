// The RateLimiter port on the table: one conditional UpdateItem per use, so that Lambdas running side
// by side share the count, and the count can never pass the limit (the increment is refused at it).
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RateLimiter } from '../../domain/ports';
import { counterGiveBack, counterUpdate, retryAfter } from './entities/rate-counter';
import { isConditionFailure, type Table } from './writes';

export function createRateLimiter(table: Table): RateLimiter {
  return {
    async take(limit, now) {
      const counter = counterUpdate(limit, now);
      try {
        await table.doc.send(new UpdateCommand({ TableName: table.name, ...counter.write }));
        return { allowed: true };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        return { allowed: false, retryAfterSeconds: retryAfter(counter, now) };
      }
    },
    async giveBack(limit, now) {
      try {
        await table.doc.send(new UpdateCommand({ TableName: table.name, ...counterGiveBack(limit, now) }));
      } catch (error) {
        if (!isConditionFailure(error)) throw error; // nothing left to give back
      }
    },
  };
}
