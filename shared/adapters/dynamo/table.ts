// The table's key schema as plain data: the local CreateTable below and the CDK stack both build
// the table from it, so the two cannot drift. Every key attribute is a string.
import {
  CreateTableCommand,
  ResourceInUseException,
  waitUntilTableExists,
  type CreateTableCommandInput,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import type { Role } from '../../domain/model';

export interface IndexDefinition {
  indexName: string;
  partitionKey: string;
  sortKey: string;
  /** Projected besides the keys; absent: every attribute (ALL). */
  nonKeyAttributes?: readonly string[];
}

/**
 * Sparse role indexes: a membership item carries `adminOf` / `techOf` / `billingOf` only for the roles
 * its account holds, so `?role=` is one Query on that index with no FilterExpression (no short pages).
 */
export const ROLE_INDEXES = {
  admin: { indexName: 'servicesByAdmin', partitionKey: 'adminOf', sortKey: 'sk' },
  tech: { indexName: 'servicesByTech', partitionKey: 'techOf', sortKey: 'sk' },
  billing: { indexName: 'servicesByBilling', partitionKey: 'billingOf', sortKey: 'sk' },
} as const satisfies Record<Role, IndexDefinition>;

/** Party pointers by (account, state), for `GET /me/contact-changes?state=` without a filter. */
export const PARTY_STATE_INDEX = {
  indexName: 'changesByPartyState',
  partitionKey: 'partyState',
  sortKey: 'sk',
} as const satisfies IndexDefinition;

/**
 * Sparse: only open requests carry `openPk` / `openSk`, so the sweep never reads closed ones. It
 * projects what the sweep reads to remind and to decide, never the secrets: the code hashes and the
 * task tokens live in their own attributes (`codeHashes`, `waits`), which stay out of the index.
 * test/integration/change-requests.test.ts holds this list against the request item's attributes.
 */
export const OPEN_INDEX = {
  indexName: 'openByExpiry',
  partitionKey: 'openPk',
  sortKey: 'openSk',
  nonKeyAttributes: [
    'entity',
    'id',
    'serviceId',
    'serviceName',
    'roles',
    'from',
    'to',
    'askedBy',
    'state',
    'confirmers',
    'confirmerOrder',
    'notified',
    'createdAt',
    'expiresAt',
    'applyingSince',
    'completedAt',
    'reason',
    'why',
  ],
} as const satisfies IndexDefinition;

/** The other indexes project ALL attributes: a page is served by the index alone. */
export const TABLE_SCHEMA = {
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [...Object.values(ROLE_INDEXES), PARTY_STATE_INDEX, OPEN_INDEX],
} as const;

/** The name of each index, as the functions' declared needs name where they Query. */
export type IndexName = (typeof TABLE_SCHEMA.indexes)[number]['indexName'];

export function createTableInput(tableName: string): CreateTableCommandInput {
  const keyNames = new Set<string>([TABLE_SCHEMA.partitionKey, TABLE_SCHEMA.sortKey]);
  for (const index of TABLE_SCHEMA.indexes) keyNames.add(index.partitionKey).add(index.sortKey);
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...keyNames].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: TABLE_SCHEMA.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_SCHEMA.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: TABLE_SCHEMA.indexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection:
        'nonKeyAttributes' in index
          ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.nonKeyAttributes] }
          : { ProjectionType: 'ALL' },
    })),
  };
}

/** Creates the table unless it exists, and waits until it is active. For DynamoDB Local and tests. */
export async function createTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new CreateTableCommand(createTableInput(tableName)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { TableName: tableName });
}
