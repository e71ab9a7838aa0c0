// One DynamoDB Local per integration test file; each test asks for a table of its own.
import { randomUUID } from 'node:crypto';
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
