// The DynamoDB implementation of the ContactStore port, one table (docs/data-model.md).
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ContactStore } from '../../domain/ports';
import { accountStore } from './accounts';
import { batchMarks } from './batch-marks';
import { batchStore } from './batches';
import { commitTransition, commitTransitions } from './commit';
import type { NameCacheOptions } from './names';
import { requestStore } from './requests';

export function createDynamoStore(
  doc: DynamoDBDocumentClient,
  tableName: string,
  options: { names?: NameCacheOptions } = {},
): ContactStore {
  const table = { doc, name: tableName };
  return {
    ...accountStore(table, options),
    ...requestStore(table),
    ...batchStore(table),
    ...batchMarks(table),
    commit: (transition) => commitTransition(table, transition),
    commitEach: (transitions) => commitTransitions(table, transitions),
  };
}
