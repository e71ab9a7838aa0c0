// Where the Step Functions task token of each confirmer's wait is kept: a `waits` map on the request
// item, beside the request but outside the domain's record. Only the workflow adapter reads it.
// A record the store returns remembers the tokens its item held, so that answering a confirmer
// right after reading the request costs no second read.
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from '../../zod';
import type { ContactChangeRecord, Handle } from '../../domain/model';
import type { TaskTokens } from '../task-token-workflow';
import { UpdateBuilder } from './expression';
import type { Item } from './entities/item';
import { requestKey, TASK_TOKENS_ATTRIBUTE } from './entities/request';
import { isConditionFailure, type Table } from './writes';

const tokensSchema = z.builtOnce(() => z.record(z.string(), z.string()));
const seen = new WeakMap<ContactChangeRecord, Readonly<Record<Handle, string>>>();

/** Keeps the tokens of `item` with the record read from it. */
export function rememberTokens(record: ContactChangeRecord, item: Item): void {
  const tokens = item[TASK_TOKENS_ATTRIBUTE];
  const parsed = tokensSchema().safeParse(tokens);
  if (parsed.success) seen.set(record, parsed.data);
}

/** A record written from `read` holds the same waits. */
export function carryTokens(read: ContactChangeRecord, next: ContactChangeRecord): void {
  const tokens = seen.get(read);
  if (tokens) seen.set(next, tokens);
}

export function createTaskTokens(table: Table): TaskTokens {
  return {
    async remember(requestId, nic, token) {
      const update = new UpdateBuilder();
      update.set(update.path(TASK_TOKENS_ATTRIBUTE, nic), token);
      const state = update.path('state');
      update.when(`${state} IN (${update.value('awaiting_confirmation')}, ${update.value('applying')})`);
      try {
        await table.doc.send(
          new UpdateCommand({ TableName: table.name, Key: requestKey(requestId), ...update.build() }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false; // ended, or never was
        throw error;
      }
    },

    async of(request) {
      const known = seen.get(request);
      if (known) return new Map(Object.entries(known));
      const { Item } = await table.doc.send(
        new GetCommand({
          TableName: table.name,
          Key: requestKey(request.id),
          ProjectionExpression: '#waits',
          ExpressionAttributeNames: { '#waits': TASK_TOKENS_ATTRIBUTE },
          ConsistentRead: true,
        }),
      );
      return new Map(Object.entries(tokensSchema().parse(Item?.[TASK_TOKENS_ATTRIBUTE] ?? {})));
    },
  };
}
