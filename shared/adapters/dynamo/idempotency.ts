// Idempotency-Key records in the same table: one item per (caller, key), claimed with a conditional
// put, so two retries racing each other cannot both create requests. Items carry `ttl` (epoch seconds)
// for DynamoDB's time-to-live; until TTL removes them, an expired record counts as absent.
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { IdempotencyClaim, IdempotencyStore } from '../../domain/ports';
import { isConditionFailure, type Table } from './writes';

export const TTL_ATTRIBUTE = 'ttl';

const keyOf = (scope: string, key: string) => ({ pk: `IDEMPOTENCY#${scope}#${key}`, sk: 'IDEMPOTENCY' });
const epoch = (date: Date) => Math.floor(date.getTime() / 1000);

export function createIdempotencyStore(table: Table): IdempotencyStore {
  return {
    async claim(scope, key, fingerprint, expiresAt): Promise<IdempotencyClaim> {
      try {
        await table.doc.send(
          new PutCommand({
            TableName: table.name,
            Item: {
              ...keyOf(scope, key),
              status: 'in_progress',
              fingerprint,
              [TTL_ATTRIBUTE]: epoch(expiresAt),
            },
            ConditionExpression: 'attribute_not_exists(pk) OR #ttl < :now',
            ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
            ExpressionAttributeValues: { ':now': epoch(new Date()) },
          }),
        );
        return { kind: 'claimed' };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      const { Item } = await table.doc.send(
        new GetCommand({ TableName: table.name, Key: keyOf(scope, key), ConsistentRead: true }),
      );
      if (!Item) return { kind: 'in_progress' }; // released between our put and this read: let the client retry
      if (Item.fingerprint !== fingerprint) return { kind: 'mismatch' };
      if (Item.status !== 'done') return { kind: 'in_progress' };
      return { kind: 'replay', response: JSON.parse(String(Item.response)) };
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
