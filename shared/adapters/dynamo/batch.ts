// BatchGetItem and BatchWriteItem in chunks of their limits, retrying what DynamoDB left
// unprocessed (it does so under throttling, not as an error) after a growing, jittered pause.
import { BatchGetCommand, BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Item, Key } from './entities/item';
import { pause } from './writes';

const GET_CHUNK = 100;
const WRITE_CHUNK = 25;
const MAX_ROUNDS = 8;

function chunks<T>(list: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < list.length; start += size) result.push(list.slice(start, start + size));
  return result;
}

/** The items found, in no particular order; missing keys are simply absent. */
export async function batchGet(
  doc: DynamoDBDocumentClient,
  tableName: string,
  keys: Key[],
  consistent = false,
): Promise<Item[]> {
  const found: Item[] = [];
  for (const chunk of chunks(keys, GET_CHUNK)) {
    let pending: Key[] = chunk;
    for (let round = 0; pending.length > 0; round++) {
      if (round === MAX_ROUNDS) throw new Error(`BatchGetItem left ${pending.length} keys unprocessed`);
      if (round > 0) await pause(round);
      const output = await doc.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: consistent } } }),
      );
      found.push(...(output.Responses?.[tableName] ?? []));
      pending = (output.UnprocessedKeys?.[tableName]?.Keys ?? []) as Key[];
    }
  }
  return found;
}

/** Puts every item; an existing item with the same key is replaced. */
export async function batchPut(doc: DynamoDBDocumentClient, tableName: string, items: Item[]): Promise<void> {
  for (const chunk of chunks(items, WRITE_CHUNK)) {
    let pending = chunk.map((item) => ({ PutRequest: { Item: item } }));
    for (let round = 0; pending.length > 0; round++) {
      if (round === MAX_ROUNDS) throw new Error(`BatchWriteItem left ${pending.length} items unprocessed`);
      if (round > 0) await pause(round);
      const output = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = (output.UnprocessedItems?.[tableName] ?? []) as typeof pending;
    }
  }
}
