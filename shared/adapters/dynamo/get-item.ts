// One GetItem, strongly consistent: every read of the store is followed by a conditional write or
// answers a person who has just written, so an eventually consistent read would only add races.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Item, Key } from './entities/item';
import type { Table } from './writes';

export async function getItem(table: Table, key: Key): Promise<Item | undefined> {
  return (await table.doc.send(new GetCommand({ TableName: table.name, Key: key, ConsistentRead: true })))
    .Item;
}
