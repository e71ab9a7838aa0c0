// The two ways a request ends: closed (refused, expired, failed, cancelled) or applied. Each is one
// TransactWriteItems, so the request, its guards, the parties' pointers, the history and (when
// applied) the service and its members' "my services" rows never disagree.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ContactChangeRecord, Service } from '../../domain/model';
import { StaleWriteError, type ContactStore } from '../../domain/ports';
import {
  guardKey,
  membershipItems,
  membershipKey,
  requestKey,
  rolesByAccount,
  serviceKey,
  toService,
  type Item,
} from './keys';
import { historyItem, toRecord, withoutSecrets } from './records';
import { OPEN_INDEX } from './table';
import {
  cancellationReasons,
  confirmerNames,
  confirmerPath,
  isTransientConflict,
  pause,
  pointerStateUpdates,
  requestUpdate,
  transact,
  usedOnly,
  type Table,
  type TransactItem,
} from './writes';

type TransitionPart = Pick<ContactStore, 'closeRequest' | 'applyChange'>;

const MAX_ATTEMPTS = 5;

/**
 * The writes that end a request: the request itself (under `condition`, which uses `:read` for the
 * state read), its guards, the pointers and the history item. The request update is always first.
 */
function endingWrites(
  table: Table,
  read: ContactChangeRecord,
  final: ContactChangeRecord,
  condition: string,
  conditionValues: Record<string, unknown>,
): TransactItem[] {
  const secrets = read.confirmers.flatMap((_c, i) => [
    `${confirmerPath(i)}.#codeHash`,
    `${confirmerPath(i)}.#taskToken`,
  ]);
  const set = `SET #state = :final, #completedAt = :completedAt, #reason = :reason REMOVE #openPk, #openSk, ${secrets.join(', ')}`;
  const names = {
    ...confirmerNames(read),
    '#state': 'state',
    '#status': 'status',
    '#completedAt': 'completedAt',
    '#reason': 'reason',
    '#codeHash': 'codeHash',
    '#taskToken': 'taskToken',
    '#openPk': OPEN_INDEX.partitionKey,
    '#openSk': OPEN_INDEX.sortKey,
  };
  const values = {
    ...conditionValues,
    ':final': final.state,
    ':completedAt': final.completedAt,
    ':reason': final.reason,
  };
  return [
    requestUpdate(table, read.id, { set, condition, names, values }),
    // Never delete a guard that another request has taken since; a guard already gone is fine.
    ...read.roles.map((role): TransactItem => ({
      Delete: {
        TableName: table.name,
        Key: guardKey(read.serviceId, role),
        ConditionExpression: 'attribute_not_exists(pk) OR requestId = :id',
        ExpressionAttributeValues: { ':id': read.id },
      },
    })),
    ...pointerStateUpdates(table, read, final.state),
    { Put: { TableName: table.name, Item: historyItem(final) } },
  ];
}

/** The service's contacts after the request, and the writes that make them so under optimistic locking. */
function serviceWrites(
  table: Table,
  serviceItem: Item,
  request: ContactChangeRecord,
): { next: Service; writes: TransactItem[] } {
  const before = toService(serviceItem);
  const next: Service = { ...before, contacts: { ...before.contacts } };
  for (const role of request.roles) next.contacts[role] = request.to;
  const version = serviceItem.version as number | undefined;
  const roleNames = Object.fromEntries(request.roles.map((role) => [`#${role}`, role]));
  const set = `SET ${request.roles.map((role) => `#contacts.#${role} = :to`).join(', ')}, #version = :next`;
  const condition = [
    version === undefined ? 'attribute_not_exists(#version)' : '#version = :version',
    ...request.roles.map((role) => `#contacts.#${role} = :from`),
  ].join(' AND ');
  const names = { '#contacts': 'contacts', '#version': 'version', ...roleNames };
  const values = {
    ':to': request.to,
    ':from': request.from,
    ':version': version,
    ':next': (version ?? 0) + 1,
  };
  const stillMembers = rolesByAccount(next);
  return {
    next,
    writes: [
      {
        Update: {
          TableName: table.name,
          Key: serviceKey(before.serviceId),
          UpdateExpression: set,
          ConditionExpression: condition,
          ...usedOnly([set, condition], names, values),
        },
      },
      ...membershipItems(next).map((item): TransactItem => ({ Put: { TableName: table.name, Item: item } })),
      ...[...rolesByAccount(before).keys()]
        .filter((nic) => !stillMembers.has(nic))
        .map((nic): TransactItem => ({
          Delete: { TableName: table.name, Key: membershipKey(nic, before.serviceId) },
        })),
    ],
  };
}

export function transitionStore(table: Table): TransitionPart {
  const get = async (key: { pk: string; sk: string }) =>
    (await table.doc.send(new GetCommand({ TableName: table.name, Key: key, ConsistentRead: true }))).Item;

  return {
    async closeRequest(read, state, reason, at) {
      const final = withoutSecrets({ ...read, state, reason, completedAt: at });
      // While awaiting, an answer landing in between would make this close ignore it.
      const statuses = read.state === 'awaiting_confirmation' ? read.confirmers : [];
      const condition = [
        '#state = :read',
        ...statuses.map((_c, i) => `${confirmerPath(i)}.#status = :status${i}`),
      ].join(' AND ');
      const values = Object.fromEntries([
        [':read', read.state],
        ...statuses.map((c, i) => [`:status${i}`, c.status]),
      ]);
      for (let attempt = 1; ; attempt++) {
        try {
          await transact(table, endingWrites(table, read, final, condition, values));
          return final;
        } catch (error) {
          if (cancellationReasons(error)?.[0] === 'ConditionalCheckFailed') {
            throw new StaleWriteError(`The request ${read.id} is no longer ${read.state}`);
          }
          if (!isTransientConflict(error) || attempt === MAX_ATTEMPTS) throw error;
          await pause(attempt);
        }
      }
    },

    async applyChange(id, at) {
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const requestItem = await get(requestKey(id));
        const request = requestItem && toRecord(requestItem);
        if (request?.state !== 'applying') return { kind: 'not_applying', request };
        const serviceItem = await get(serviceKey(request.serviceId));
        if (
          !serviceItem ||
          request.roles.some((role) => toService(serviceItem).contacts[role] !== request.from)
        ) {
          return { kind: 'contacts_changed', service: serviceItem && toService(serviceItem) };
        }
        const final = withoutSecrets({ ...request, state: 'done', completedAt: at, reason: null });
        const { next, writes } = serviceWrites(table, serviceItem, request);
        try {
          await transact(table, [
            ...writes,
            ...endingWrites(table, request, final, '#state = :read', { ':read': 'applying' }),
          ]);
          return { kind: 'applied', service: next, request: final };
        } catch (error) {
          // Another apply or close won the race: the next round re-reads and decides again.
          const reasons = cancellationReasons(error) ?? [];
          if (!reasons.includes('ConditionalCheckFailed') && !isTransientConflict(error)) throw error;
          await pause(attempt);
        }
      }
      throw new StaleWriteError(`Applying ${id} kept conflicting with other writes`);
    },
  };
}
