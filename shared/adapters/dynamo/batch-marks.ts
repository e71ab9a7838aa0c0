// What a batch's item keeps of its requests ending and of the emails it sends once per person: each a
// single UpdateItem on the batch item, so that whoever ends a request learns from one write whose
// requests have all ended, and of two writers at once exactly one sends each email. An outcome email
// stays owed from its claim until it is known sent, with the batch in the sweep's index meanwhile.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BatchDue, BatchNotice, BatchProgress } from '../../domain/batch';
import type { Handle, Page, PageRequest } from '../../domain/model';
import { batchDueOf, batchIndexKeys, batchIndexQuery, batchKey, readProgress } from './entities/batch';
import { queryPage } from './paging';
import { OPEN_INDEX } from './table';
import { isConditionFailure, type Table } from './writes';

const INDEX_NAMES = { '#openPk': OPEN_INDEX.partitionKey, '#openSk': OPEN_INDEX.sortKey };

export function batchMarks(table: Table) {
  /** One UpdateItem on the batch item; false when its condition fails. */
  async function update(input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>) {
    try {
      return await table.doc.send(new UpdateCommand({ TableName: table.name, ...input }));
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  return {
    async markBatchNotice(batchId: string, notice: BatchNotice, key: string): Promise<boolean> {
      const done = await update({
        Key: batchKey(batchId),
        UpdateExpression: 'ADD #marks :keys',
        // Not on a missing attribute either: `contains` of nothing is false, so the first mark holds.
        ConditionExpression: 'published = :true AND NOT contains(#marks, :key)',
        ExpressionAttributeNames: { '#marks': notice },
        ExpressionAttributeValues: { ':keys': new Set([key]), ':true': true, ':key': key },
      });
      return done !== false;
    },

    async recordBatchEnding(batchId: string, requestId: string): Promise<BatchProgress | undefined> {
      const done = await update({
        Key: batchKey(batchId),
        UpdateExpression: 'ADD ended :ids',
        ConditionExpression: 'published = :true',
        ExpressionAttributeValues: { ':ids': new Set([requestId]), ':true': true },
        ReturnValues: 'ALL_NEW',
      });
      if (done === false) return undefined;
      const { concerns, ended } = readProgress(done.Attributes!);
      return { concerns, ended };
    },

    async claimOutcome(batchId: string, nic: Handle, retryAt: string): Promise<boolean> {
      const done = await update({
        Key: batchKey(batchId),
        // Owed until sent; the sweep looks again at retryAt, when no one can still be sending it.
        UpdateExpression: 'ADD told :nics, owed :nics SET #openPk = :pk, #openSk = :sk',
        ConditionExpression: 'published = :true AND NOT contains(told, :nic)',
        ExpressionAttributeNames: INDEX_NAMES,
        ExpressionAttributeValues: {
          ':nics': new Set([nic]),
          ':nic': nic,
          ':true': true,
          ...indexValues(batchIndexKeys('owing', retryAt, batchId)),
        },
      });
      return done !== false;
    },

    async outcomeSent(batchId: string, nic: Handle): Promise<void> {
      // The batch stays in the sweep's list until a sweep finds nothing owed: no second write here.
      await update({
        Key: batchKey(batchId),
        UpdateExpression: 'DELETE owed :nics',
        ExpressionAttributeValues: { ':nics': new Set([nic]) },
      });
    },

    async retakeOwedOutcomes(batchId: string, now: string, retryAt: string) {
      const { partition, sortCondition } = batchIndexQuery(now);
      const due = { ':batches': partition.value, ':due': sortCondition.below };
      const taken = await update({
        Key: batchKey(batchId),
        UpdateExpression: 'SET #openSk = :sk',
        ConditionExpression: 'attribute_exists(owed) AND #openPk = :batches AND #openSk < :due',
        ExpressionAttributeNames: INDEX_NAMES,
        ExpressionAttributeValues: {
          ':sk': batchIndexKeys('owing', retryAt, batchId)[OPEN_INDEX.sortKey],
          ...due,
        },
        ReturnValues: 'ALL_NEW',
      });
      if (taken !== false) {
        const { owed, concerns } = readProgress(taken.Attributes!);
        return { owed: [...owed], concerns };
      }
      // Nothing owed (every email went out): the batch leaves the sweep's list.
      await update({
        Key: batchKey(batchId),
        UpdateExpression: 'REMOVE #openPk, #openSk',
        ConditionExpression: 'attribute_not_exists(owed) AND #openPk = :batches AND #openSk < :due',
        ExpressionAttributeNames: INDEX_NAMES,
        ExpressionAttributeValues: due,
      });
      return { owed: [], concerns: {} };
    },

    async listBatchesDue(before: string, page: PageRequest): Promise<Page<BatchDue>> {
      const { items, nextCursor } = await queryPage(
        table.doc,
        {
          tableName: table.name,
          indexName: OPEN_INDEX.indexName,
          keyNames: ['pk', 'sk', OPEN_INDEX.partitionKey, OPEN_INDEX.sortKey],
          ...batchIndexQuery(before),
        },
        page,
      );
      return { items: items.map(batchDueOf), ...(nextCursor && { nextCursor }) };
    },
  };
}

const indexValues = (keys: Record<string, string>) => ({
  ':pk': keys[OPEN_INDEX.partitionKey],
  ':sk': keys[OPEN_INDEX.sortKey],
});
