// Accounts and services, and "my services" read from the per-account membership items.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../../domain/errors';
import type { ContactStore } from '../../domain/ports';
import { batchGet } from './batch';
import { accountKey, readAccount } from './entities/account';
import { accountPk, servicePk } from './entities/item';
import { readMembership } from './entities/membership';
import { readService, serviceKey } from './entities/service';
import { getItem } from './get-item';
import { queryPage, type PagedQuery } from './paging';
import { ROLE_INDEXES } from './table';
import { isConditionFailure, type Table } from './writes';

type AccountPart = Pick<
  ContactStore,
  'getAccount' | 'getAccounts' | 'updateAccountEmail' | 'getService' | 'listServicesOf'
>;

export function accountStore(table: Table): AccountPart {
  return {
    async getAccount(nic) {
      const item = await getItem(table, accountKey(nic));
      return item && readAccount(item);
    },

    async getAccounts(nics) {
      const keys = [...new Set(nics)].map(accountKey);
      const items = await batchGet(table.doc, table.name, keys, true);
      return new Map(items.map((item) => readAccount(item)).map((account) => [account.nic, account]));
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
        return readAccount(output.Attributes ?? {});
      } catch (error) {
        if (isConditionFailure(error)) throw new DomainError('not_found', `No account ${nic}.`);
        throw error;
      }
    },

    async getService(serviceId) {
      const item = await getItem(table, serviceKey(serviceId));
      return item && readService(item);
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
      return { items: items.map(readMembership), ...(nextCursor && { nextCursor }) };
    },
  };
}
