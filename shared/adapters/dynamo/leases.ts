// Leases in the same table (entities/lease.ts): a conditional put takes one only when it is free or
// has lapsed, so of two runs racing for it exactly one wins; a conditional delete gives it back.
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Leases } from '../../domain/ports';
import { leaseItem, leaseKey, readLease } from './entities/lease';
import { getItem } from './get-item';
import { isConditionFailure, type Table } from './writes';

export function createLeases(table: Table): Leases {
  return {
    async take(name, holder, { now, until }) {
      // A lease given back between our put and our read is free again: take it on a second try.
      for (let attempt = 1; ; attempt++) {
        try {
          await table.doc.send(
            new PutCommand({
              TableName: table.name,
              Item: leaseItem(name, holder, until),
              ConditionExpression: 'attribute_not_exists(pk) OR #until <= :now',
              ExpressionAttributeNames: { '#until': 'until' },
              ExpressionAttributeValues: { ':now': now.getTime() },
            }),
          );
          return { taken: true };
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
        }
        const item = await getItem(table, leaseKey(name));
        if (item || attempt === 2) {
          const held = item ? readLease(item) : { holder: 'unknown', until: now.getTime() };
          return { taken: false, holder: held.holder, until: new Date(held.until).toISOString() };
        }
      }
    },

    async release(name, holder) {
      try {
        await table.doc.send(
          new DeleteCommand({
            TableName: table.name,
            Key: leaseKey(name),
            ConditionExpression: 'holder = :holder',
            ExpressionAttributeValues: { ':holder': holder },
          }),
        );
      } catch (error) {
        // It lapsed and another run holds it now: that one is not ours to end.
        if (!isConditionFailure(error)) throw error;
      }
    },
  };
}
