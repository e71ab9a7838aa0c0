// Accounts and services, and "my services" read from the per-account membership items.
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { MAX_WRONG_CODES } from '../../domain/codes';
import { DomainError } from '../../domain/errors';
import type { PendingEmail } from '../../domain/model';
import { StaleWriteError, type ContactStore } from '../../domain/ports';
import { batchGet } from './batch';
import { accountKey, readAccount } from './entities/account';
import { emailClaimItem, emailClaimKey, emailPk, readEmailClaim } from './entities/email-claim';
import { accountPk, servicePk, type Item } from './entities/item';
import { readMembershipRow } from './entities/membership';
import { readService, serviceKey } from './entities/service';
import { UpdateBuilder } from './expression';
import { getItem } from './get-item';
import { nameCache, type NameCacheOptions } from './names';
import { queryRawPage, type PagedQuery } from './paging';
import { ROLE_INDEXES } from './table';
import { cancellationReasons, isConditionFailure, isTransientConflict, transact, type Table } from './writes';

/** Enough claims to tell one account from several; more than this many sharers is not a case to serve. */
const CLAIMS_READ = 10;

type AccountPart = Pick<
  ContactStore,
  | 'getAccount'
  | 'getAccounts'
  | 'getNames'
  | 'accountsWithEmail'
  | 'startEmailChange'
  | 'countWrongEmailCode'
  | 'confirmEmailChange'
  | 'cancelEmailChange'
  | 'markEmailBounced'
  | 'updateAccountLanguage'
  | 'getService'
  | 'getServices'
  | 'listServicesOf'
>;

/** The change read is still the one waiting: the same code, as read. */
function expectPending(update: UpdateBuilder, read: PendingEmail): void {
  update.when(`${update.path('pendingEmail', 'codeHash')} = ${update.value(read.codeHash)}`);
}

/** The change ends (confirmed or stopped): its stop link, opened again, says so. */
function rememberEnded(update: UpdateBuilder, read: PendingEmail): void {
  if (read.cancelHash !== undefined)
    update.set(update.path('endedEmailChange'), { cancelHash: read.cancelHash });
}

export function accountStore(table: Table, options: { names?: NameCacheOptions } = {}): AccountPart {
  /** One conditional UpdateItem of an account; a lost condition is not_found (`missing`) or stale. */
  async function updateAccount(nic: string, update: UpdateBuilder, missing?: string): Promise<Item> {
    try {
      const output = await table.doc.send(
        new UpdateCommand({
          TableName: table.name,
          Key: accountKey(nic),
          ...update.build(),
          ReturnValues: 'ALL_NEW',
        }),
      );
      return output.Attributes ?? {};
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      if (missing) throw new DomainError('not_found', missing);
      throw new StaleWriteError(`The address change of ${nic} moved since it was read`);
    }
  }

  async function getAccounts(nics: string[]) {
    const keys = [...new Set(nics)].map(accountKey);
    const items = await batchGet(table.doc, table.name, keys, true);
    const accounts = new Map(items.map((item) => readAccount(item)).map((account) => [account.nic, account]));
    for (const account of accounts.values()) names.remember(account.nic, account.name);
    return accounts;
  }
  const names = nameCache(getAccounts, options.names);

  return {
    async getAccount(nic) {
      const item = await getItem(table, accountKey(nic));
      return item && readAccount(item);
    },

    getAccounts,

    getNames: (nics) => names.namesOf(nics),

    async accountsWithEmail(email) {
      const output = await table.doc.send(
        new QueryCommand({
          TableName: table.name,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': emailPk(email) },
          ConsistentRead: true,
          Limit: CLAIMS_READ,
        }),
      );
      const nics = (output.Items ?? []).map(readEmailClaim);
      if (nics.length === 0) return [];
      // The account itself has the last word: a claim left behind (a fixtures file that changed an
      // address) names nobody.
      const accounts = await getAccounts(nics);
      const wanted = email.trim().toLowerCase();
      return [...accounts.values()].filter((account) => account.email.toLowerCase() === wanted);
    },

    async startEmailChange(nic, pending) {
      const update = new UpdateBuilder().when('attribute_exists(pk)');
      update.set(update.path('pendingEmail'), pending);
      return readAccount(await updateAccount(nic, update, `No account ${nic}.`));
    },

    async countWrongEmailCode(nic, read) {
      const update = new UpdateBuilder();
      update.add(update.path('pendingEmail', 'attempts'), 1);
      expectPending(update, read);
      update.when(`${update.path('pendingEmail', 'attempts')} < ${update.value(MAX_WRONG_CODES)}`);
      await updateAccount(nic, update);
    },

    async confirmEmailChange({ nic, email }, read) {
      const update = new UpdateBuilder();
      // The new address was proven by its code: a bounce of the old one no longer applies.
      update
        .set(update.path('email'), read.email)
        .remove(update.path('pendingEmail'))
        .remove(update.path('emailBouncedAt'));
      rememberEnded(update, read);
      expectPending(update, read);
      // The claim moves with the address, so that naming a contact by address never finds the old one
      // nor misses the new one.
      try {
        await transact(table, [
          { Update: { TableName: table.name, Key: accountKey(nic), ...update.build() } },
          { Delete: { TableName: table.name, Key: emailClaimKey(email, nic) } },
          { Put: { TableName: table.name, Item: emailClaimItem(read.email, nic) } },
        ]);
      } catch (error) {
        // A lost condition, or a wrong code counted at the same moment: the use case reads again and judges again.
        if (cancellationReasons(error)?.[0] !== 'ConditionalCheckFailed' && !isTransientConflict(error))
          throw error;
        throw new StaleWriteError(`The address change of ${nic} moved since it was read`);
      }
      const item = await getItem(table, accountKey(nic));
      if (!item) throw new DomainError('not_found', `No account ${nic}.`);
      return readAccount(item);
    },

    async cancelEmailChange(nic, read) {
      const update = new UpdateBuilder();
      update.remove(update.path('pendingEmail'));
      rememberEnded(update, read);
      expectPending(update, read);
      if (read.cancelHash !== undefined)
        update.when(`${update.path('pendingEmail', 'cancelHash')} = ${update.value(read.cancelHash)}`);
      return readAccount(await updateAccount(nic, update));
    },

    async markEmailBounced(nic, email, at) {
      const update = new UpdateBuilder().when('attribute_exists(pk)');
      update.set(update.path('emailBouncedAt'), at);
      update.when(`${update.path('email')} = ${update.value(email)}`);
      try {
        await updateAccount(nic, update);
        return true;
      } catch (error) {
        if (error instanceof StaleWriteError) return false;
        throw error;
      }
    },

    async updateAccountLanguage(nic, language) {
      const update = new UpdateBuilder().when('attribute_exists(pk)');
      update.set(update.path('language'), language);
      return readAccount(await updateAccount(nic, update, `No account ${nic}.`));
    },

    async getService(serviceId) {
      const item = await getItem(table, serviceKey(serviceId));
      return item && readService(item);
    },

    async getServices(serviceIds) {
      const items = await batchGet(table.doc, table.name, [...new Set(serviceIds)].map(serviceKey), true);
      return new Map(items.map((item) => readService(item)).map((service) => [service.serviceId, service]));
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
      // The busiest read: its rows are read from DynamoDB's attribute values by hand (readMembershipRow).
      const { items, nextCursor } = await queryRawPage(table.doc, query, page);
      return { items: items.map(readMembershipRow), ...(nextCursor && { nextCursor }) };
    },
  };
}
