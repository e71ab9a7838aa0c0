// One DynamoDB Local per integration test file; each test asks for a table of its own.
import { randomUUID } from 'node:crypto';
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import type { ContactStore } from '../../shared/domain/ports';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local';
import { createDynamoClients } from '../../shared/adapters/dynamo/client';
import { createDynamoStore } from '../../shared/adapters/dynamo/store';
import { createTable } from '../../shared/adapters/dynamo/table';

export async function startDynamoForTests() {
  const local = await startDynamoDbLocal();
  const { client, doc } = createDynamoClients({ region: 'eu-west-1', endpoint: local.endpoint });
  return {
    endpoint: local.endpoint,
    doc,
    /** A fresh table with a unique name, and the store over it. */
    async newStore() {
      const tableName = `test-${randomUUID()}`;
      await createTable(client, tableName);
      return { tableName, store: createDynamoStore(doc, tableName) };
    },
    async stop() {
      client.destroy();
      await local.stop();
    },
  };
}

export interface TestDb {
  tableName: string;
  store: ContactStore;
  doc: DynamoDBDocumentClient;
  /** An item as it is in the table, read consistently: for asserting on keys the store hides. */
  rawItem(key: { pk: string; sk: string }): Promise<Record<string, unknown> | undefined>;
}

/** One DynamoDB Local and one fresh table for this test file, started before its tests and stopped after. */
export function storePerFile(): TestDb {
  let dynamo: Awaited<ReturnType<typeof startDynamoForTests>> | undefined;
  const db = {} as TestDb;
  beforeAll(async () => {
    dynamo = await startDynamoForTests();
    const { doc } = dynamo;
    Object.assign(db, await dynamo.newStore(), {
      doc,
      rawItem: async (key: { pk: string; sk: string }) =>
        (await doc.send(new GetCommand({ TableName: db.tableName, Key: key, ConsistentRead: true }))).Item,
    });
  });
  afterAll(() => dynamo?.stop());
  return db;
}
