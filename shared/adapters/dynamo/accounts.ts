// Accounts and services, and "my services" read from the per-account membership items.
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../../domain/errors';
import type { ContactStore } from '../../domain/ports';
import { batchGet } from './batch';
import { accountKey, accountPk, serviceKey, servicePk, toAccount, toService, type Item } from './keys';
import { queryPage, type PagedQuery } from './paging';
import { ROLE_INDEXES } from './table';
import { isConditionFailure, type Table } from './writes';

type AccountPart = Pick<
  ContactStore,
  | 'getAccount'
  | 'getAccounts'
  | 'updateAccountEmail'
  | 'updateAccountLanguage'
  | 'getService'
  | 'listServicesOf'
>;

export function accountStore(table: Table): AccountPart {
  const getItem = async (key: { pk: string; sk: string }): Promise<Item | undefined> =>
    (await table.doc.send(new GetCommand({ TableName: table.name, Key: key, ConsistentRead: true }))).Item;

  return {
    async getAccount(nic) {
      const item = await getItem(accountKey(nic));
      return item && toAccount(item);
    },

    async getAccounts(nics) {
      const keys = [...new Set(nics)].map(accountKey);
      const items = await batchGet(table.doc, table.name, keys, true);
      return new Map(items.map((item) => [item.nic as string, toAccount(item)]));
    },

    async updateAccountEmail(nic, email) {
      try {
        const output = await table.doc.send(
          new UpdateCommand({
            TableName: table.name,
            Key: accountKey(nic),
            UpdateExpression: 'SET #email = :email',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#email': 'email' },
            ExpressionAttributeValues: { ':email': email },
            ReturnValues: 'ALL_OLD',
          }),
        );
        return toAccount(output.Attributes as Item);
      } catch (error) {
        if (isConditionFailure(error)) throw new DomainError('not_found', `No account ${nic}.`);
        throw error;
      }
    },

    async updateAccountLanguage(nic, language) {
      try {
        const output = await table.doc.send(
          new UpdateCommand({
            TableName: table.name,
            Key: accountKey(nic),
            UpdateExpression: 'SET #language = :language',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#language': 'language' },
            ExpressionAttributeValues: { ':language': language },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return toAccount(output.Attributes as Item);
      } catch (error) {
        if (isConditionFailure(error)) throw new DomainError('not_found', `No account ${nic}.`);
        throw error;
      }
    },

    async getService(serviceId) {
      const item = await getItem(serviceKey(serviceId));
      return item && toService(item);
    },

    async listServicesOf(nic, { role, ...page }) {
      const sortCondition = { name: 'sk', beginsWith: servicePk('') };
      const query: PagedQuery = role
        ? {
            tableName: table.name,
            indexName: ROLE_INDEXES[role].indexName,
            partition: { name: ROLE_INDEXES[role].partitionKey, value: accountPk(nic) },
            keyNames: ['pk', 'sk', ROLE_INDEXES[role].partitionKey],
            sortCondition,
          }
        : {
            tableName: table.name,
            partition: { name: 'pk', value: accountPk(nic) },
            keyNames: ['pk', 'sk'],
            sortCondition,
          };
      const { items, nextCursor } = await queryPage(table.doc, query, page);
      return { items: items.map(toService), ...(nextCursor && { nextCursor }) };
    },
  };
}
