// Idempotency-Key records in the same table (entities/idempotency.ts): one item per (caller, key),
// claimed with a conditional put, so two retries racing each other cannot both create requests.
// Until TTL removes an expired record, it counts as absent.
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { IdempotencyClaim, IdempotencyStore } from '../../domain/ports';
import {
  idempotencyItem,
  idempotencyKey as keyOf,
  readIdempotency,
  TTL_ATTRIBUTE,
} from './entities/idempotency';
import { getItem } from './get-item';
import { isConditionFailure, type Table } from './writes';
const epoch = (date: Date) => Math.floor(date.getTime() / 1000);

export function createIdempotencyStore(table: Table): IdempotencyStore {
  return {
    async claim(scope, key, fingerprint, { expiresAt, runningUntil, now }): Promise<IdempotencyClaim> {
      try {
        await table.doc.send(
          new PutCommand({
            TableName: table.name,
            Item: idempotencyItem(scope, key, fingerprint, {
              expiresAt: epoch(expiresAt),
              runningUntil: runningUntil.getTime(),
            }),
            // Free: never used, expired, or claimed by a call that timed out or crashed.
            ConditionExpression:
              'attribute_not_exists(pk) OR #ttl < :now OR (#status = :inProgress AND #runningUntil < :nowMs)',
            ExpressionAttributeNames: {
              '#ttl': TTL_ATTRIBUTE,
              '#status': 'status',
              '#runningUntil': 'runningUntil',
            },
            ExpressionAttributeValues: {
              ':now': epoch(now),
              ':nowMs': now.getTime(),
              ':inProgress': 'in_progress',
            },
          }),
        );
        return { kind: 'claimed' };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      const item = await getItem(table, keyOf(scope, key));
      if (!item) return { kind: 'in_progress' }; // released between our put and this read: let the client retry
      const record = readIdempotency(item);
      if (record.fingerprint !== fingerprint) return { kind: 'mismatch' };
      if (record.status !== 'done' || record.response === undefined) return { kind: 'in_progress' };
      return { kind: 'replay', response: JSON.parse(record.response) };
    },

    async complete(scope, key, response) {
      await table.doc.send(
        new UpdateCommand({
          TableName: table.name,
          Key: keyOf(scope, key),
          UpdateExpression: 'SET #status = :done, #response = :response',
          ExpressionAttributeNames: { '#status': 'status', '#response': 'response' },
          ExpressionAttributeValues: { ':done': 'done', ':response': JSON.stringify(response) },
        }),
      );
    },

    async release(scope, key) {
      await table.doc.send(new DeleteCommand({ TableName: table.name, Key: keyOf(scope, key) }));
    },
  };
}
