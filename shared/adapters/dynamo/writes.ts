// What the store's writes share: the table handle, reading why a transaction was cancelled, and the
// pointer updates that keep each party's list in step with the request's state.
import {
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { ChangeState, ContactChangeRecord } from '../../domain/model';
import { partiesOf } from '../../domain/view';
import { pointerKey, pointerStateUpdate } from './entities/pointer';

export interface Table {
  doc: DynamoDBDocumentClient;
  name: string;
}

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const errorName = (error: unknown) => (error instanceof Error ? error.name : undefined);

export const isConditionFailure = (error: unknown) => errorName(error) === 'ConditionalCheckFailedException';

/**
 * The code of each transaction item when DynamoDB cancelled the transaction (`None`,
 * `ConditionalCheckFailed`, `TransactionConflict`…), in item order; undefined for any other error.
 */
export function cancellationReasons(error: unknown): string[] | undefined {
  if (errorName(error) !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.map((reason) => reason.Code ?? 'None');
}

/** Another writer touched the same items at the same moment: trying again may well succeed. */
export const isTransientConflict = (error: unknown) =>
  errorName(error) === 'TransactionConflictException' ||
  (cancellationReasons(error)?.includes('TransactionConflict') ?? false);

export async function transact(table: Table, items: TransactItem[]): Promise<void> {
  await table.doc.send(new TransactWriteCommand({ TransactItems: items }));
}

/** Moves every party's pointer to `state`, in the transaction that moves the request. */
export const pointerStateUpdates = (
  table: Table,
  request: ContactChangeRecord,
  state: ChangeState,
): TransactItem[] =>
  partiesOf(request).map((nic) => ({
    Update: { TableName: table.name, Key: pointerKey(nic, request), ...pointerStateUpdate(nic, state) },
  }));

export const pause = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, 10 * attempt + Math.random() * 40 * attempt));
