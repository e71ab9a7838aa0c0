// The run's DynamoDB Local for the integration tests (test/support/servers.ts), or one of this file's
// own outside such a run; each file, or each test, asks for a table of its own.
import { randomUUID } from 'node:crypto';
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import type { ContactStore } from '../../shared/domain/ports';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local';
import { createDynamoClients } from '../../shared/adapters/dynamo/client';
import { createDynamoStore } from '../../shared/adapters/dynamo/store';
import { createTable } from '../../shared/adapters/dynamo/table';
import { dropTable, sharedDynamoDb } from './servers';

export async function startDynamoForTests() {
  const shared = sharedDynamoDb();
  const local = shared ? undefined : await startDynamoDbLocal();
  const endpoint = shared ?? local!.endpoint;
  const { client, doc } = createDynamoClients({ region: 'eu-west-1', endpoint });
  const tables: string[] = [];
  return {
    endpoint,
    doc,
    /** A fresh table with a unique name, and the store over it. */
    async newStore() {
      const tableName = `test-${randomUUID()}`;
      await createTable(client, tableName);
      tables.push(tableName);
      return { tableName, store: createDynamoStore(doc, tableName) };
    },
    /** Drops this file's tables from the shared DynamoDB Local, or stops its own. */
    async stop() {
      doc.destroy();
      client.destroy();
      if (local) await local.stop();
      else await Promise.all(tables.map((name) => dropTable(endpoint, name)));
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

/** One fresh table for this test file, made before its tests and dropped after. */
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
