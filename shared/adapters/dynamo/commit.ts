// Carrying out a Transition decided by the lifecycle (shared/domain/lifecycle.ts). The expectation
// becomes the ConditionExpression, each change a part of the UpdateExpression; when the request's
// state moves, the parties' pointers, the guards, the history and (applied) the service and its
// members' rows move in the same TransactWriteItems. Nothing here decides anything.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { sweptLater } from '../../domain/lifecycle';
import type { ContactChangeRecord, Service } from '../../domain/model';
import { StaleWriteError } from '../../domain/ports';
import type { Change, Expectation, Transition } from '../../domain/transition';
import { UpdateBuilder } from './expression';
import { guardKey } from './entities/guard';
import { historyItem } from './entities/history';
import { membershipItems, membershipKey, rolesByAccount } from './entities/membership';
import {
  CODE_HASHES_ATTRIBUTE,
  openIndexKeys,
  readRequest,
  REFUSAL_NOTICES_OWED_ATTRIBUTE,
  requestKey,
  TASK_TOKENS_ATTRIBUTE,
} from './entities/request';
import { serviceKey } from './entities/service';
import { OPEN_INDEX } from './table';
import { carryTokens } from './task-tokens';
import {
  cancellationReasons,
  isConditionFailure,
  isTransientConflict,
  pause,
  pointerStateUpdates,
  transact,
  type Table,
  type TransactItem,
} from './writes';

const MAX_ATTEMPTS = 5;
const CONFIRMERS = 'confirmers';

function expectOn(update: UpdateBuilder, expect: Expectation): void {
  const confirmer = (nic: string, field: string) => update.path(CONFIRMERS, nic, field);
  update.when(`${update.path('state')} = ${update.value(expect.state)}`);
  for (const [nic, status] of Object.entries(expect.statuses ?? {})) {
    update.when(`${confirmer(nic, 'status')} = ${update.value(status)}`);
  }
  if (expect.code) {
    const path = update.path(CODE_HASHES_ATTRIBUTE, expect.code.nic, 'live');
    update.when(
      expect.code.hash === null
        ? `attribute_not_exists(${path})`
        : `${path} = ${update.value(expect.code.hash)}`,
    );
  }
  for (const nic of expect.attemptsBelow?.nics ?? []) {
    update.when(`${confirmer(nic, 'attempts')} < ${update.value(expect.attemptsBelow!.limit)}`);
  }
  if (expect.openAt) update.when(`${update.path('expiresAt')} > ${update.value(expect.openAt)}`);
  if (expect.notReminded) update.when(`attribute_not_exists(${confirmer(expect.notReminded, 'remindedAt')})`);
  if (expect.notBounced) update.when(`attribute_not_exists(${confirmer(expect.notBounced, 'bouncedAt')})`);
}

function changeOn(
  update: UpdateBuilder,
  change: Change,
  { read, next }: Transition,
  spent: Set<string>,
): void {
  const confirmer = (nic: string, field: string) => update.path(CONFIRMERS, nic, field);
  switch (change.kind) {
    case 'answer':
      update.set(confirmer(change.nic, 'status'), change.status).set(confirmer(change.nic, 'at'), change.at);
      spent.add(change.nic);
      break;
    case 'wrong_code':
      for (const nic of change.nics) update.add(confirmer(nic, 'attempts'), 1);
      break;
    case 'new_code':
      update
        .set(update.path(CODE_HASHES_ATTRIBUTE, change.nic, 'live'), change.codeHash)
        .set(confirmer(change.nic, 'codeIssuedAt'), change.issuedAt)
        .set(confirmer(change.nic, 'attempts'), 0)
        .remove(confirmer(change.nic, 'codeSentAt'))
        .remove(confirmer(change.nic, 'bouncedAt'));
      // The old code's key id dies with it; a code from before key ids has none to set.
      if (change.keyId !== undefined)
        update.set(update.path(CODE_HASHES_ATTRIBUTE, change.nic, 'keyId'), change.keyId);
      else update.remove(update.path(CODE_HASHES_ATTRIBUTE, change.nic, 'keyId'));
      break;
    case 'code_sent':
      update.set(confirmer(change.nic, 'codeSentAt'), change.at);
      break;
    case 'code_unsent':
      update.remove(confirmer(change.nic, 'codeSentAt'));
      break;
    case 'reminded':
      update.set(confirmer(change.nic, 'remindedAt'), change.at);
      break;
    case 'code_bounced':
      update.set(confirmer(change.nic, 'bouncedAt'), change.at);
      break;
    case 'applying': {
      update.set(update.path('state'), 'applying').set(update.path('applyingSince'), change.at);
      // Due for the sweep once its apply is overdue, rather than at the end of its window.
      const due = openIndexKeys({ ...read, state: 'applying', applyingSince: change.at });
      update.set(update.path(OPEN_INDEX.sortKey), due[OPEN_INDEX.sortKey]);
      break;
    }
    case 'end':
      update
        .set(update.path('state'), change.state)
        .set(update.path('completedAt'), change.at)
        .set(update.path('reason'), change.reason)
        .set(update.path('why'), change.why)
        // No task token left to answer.
        .remove(update.path(TASK_TOKENS_ATTRIBUTE));
      // Out of the sweep's index, unless a refusal's emails stay owed (set below: one path, one action).
      if (!sweptLater(next))
        update.remove(update.path(OPEN_INDEX.partitionKey)).remove(update.path(OPEN_INDEX.sortKey));
      for (const c of read.confirmers) spent.add(c.nic);
      break;
    case 'refusal_notices_owed': {
      // Owed, and due to the sweep once no one else can still be sending them (claimRefusalNotices
      // takes the keys off with the mark).
      const due = openIndexKeys(next);
      update
        .set(update.path(REFUSAL_NOTICES_OWED_ATTRIBUTE), true)
        .set(update.path(OPEN_INDEX.partitionKey), due[OPEN_INDEX.partitionKey])
        .set(update.path(OPEN_INDEX.sortKey), due[OPEN_INDEX.sortKey]);
      break;
    }
    case 'apply':
      break; // the service's items, below
  }
}

/**
 * Live codes stop working; a hash is kept apart only to recognise its owner later. The hash comes
 * from the read, so an ending must be decided on the full item, never on the sweep's index copy.
 */
function spend(update: UpdateBuilder, read: ContactChangeRecord, spent: Set<string>): void {
  for (const nic of spent) {
    const hash = read.confirmers.find((c) => c.nic === nic)?.codeHash;
    if (hash) update.set(update.path(CODE_HASHES_ATTRIBUTE, nic, 'spent'), hash);
    update.remove(update.path(CODE_HASHES_ATTRIBUTE, nic, 'live'));
    update.remove(update.path(CODE_HASHES_ATTRIBUTE, nic, 'keyId'));
  }
}

/** The service's contacts move, conditional on all three being as read; its members' rows follow. */
function serviceWrites(table: Table, service: Service, after: Service['contacts']): TransactItem[] {
  const update = new UpdateBuilder();
  update.set(update.path('contacts'), after);
  for (const [role, nic] of Object.entries(service.contacts)) {
    update.when(`${update.path('contacts', role)} = ${update.value(nic)}`);
  }
  const next: Service = { ...service, contacts: after };
  const stillMembers = rolesByAccount(next);
  return [
    { Update: { TableName: table.name, Key: serviceKey(service.serviceId), ...update.build() } },
    ...membershipItems(next).map((item): TransactItem => ({ Put: { TableName: table.name, Item: item } })),
    ...[...rolesByAccount(service).keys()]
      .filter((nic) => !stillMembers.has(nic))
      .map((nic): TransactItem => ({
        Delete: { TableName: table.name, Key: membershipKey(nic, service.serviceId) },
      })),
  ];
}

/** Everything beside the request that follows a move of its state. */
function followingWrites(table: Table, transition: Transition): TransactItem[] {
  const { read, next, changes } = transition;
  const writes: TransactItem[] = [];
  for (const change of changes) {
    if (change.kind === 'apply') writes.push(...serviceWrites(table, change.service, change.after));
  }
  if (next.state !== read.state) writes.push(...pointerStateUpdates(table, read, next.state));
  if (changes.some((change) => change.kind === 'end')) {
    writes.push(
      // Never delete a guard that another request has taken since; a guard already gone is fine.
      ...read.roles.map((role): TransactItem => ({
        Delete: {
          TableName: table.name,
          Key: guardKey(read.serviceId, role),
          ConditionExpression: 'attribute_not_exists(pk) OR requestId = :id',
          ExpressionAttributeValues: { ':id': read.id },
        },
      })),
      { Put: { TableName: table.name, Item: historyItem(next) } },
    );
  }
  return writes;
}

/** A transition as DynamoDB writes: the request's conditional update, and what follows it. */
interface Planned {
  transition: Transition;
  requestUpdate: NonNullable<TransactItem['Update']>;
  following: TransactItem[];
}

function plan(table: Table, transition: Transition): Planned {
  const { read } = transition;
  const update = new UpdateBuilder();
  expectOn(update, transition.expect);
  const spent = new Set<string>();
  for (const change of transition.changes) changeOn(update, change, transition, spent);
  spend(update, read, spent);
  const requestUpdate = { TableName: table.name, Key: requestKey(read.id), ...update.build() };
  return { transition, requestUpdate, following: followingWrites(table, transition) };
}

const staleWrite = (transition: Transition) =>
  new StaleWriteError(`The request ${transition.read.id} changed since it was read`);

export async function commitTransition(table: Table, transition: Transition): Promise<ContactChangeRecord> {
  return commitPlanned(table, plan(table, transition));
}

async function commitPlanned(table: Table, { transition, requestUpdate, following }: Planned) {
  const { read, next } = transition;
  for (let attempt = 1; ; attempt++) {
    try {
      let stored = next;
      if (following.length === 0) {
        // One item: DynamoDB says what it holds now, which concurrent counters may have moved past `next`.
        const output = await table.doc.send(new UpdateCommand({ ...requestUpdate, ReturnValues: 'ALL_NEW' }));
        stored = readRequest(output.Attributes ?? {});
      } else await transact(table, [{ Update: requestUpdate }, ...following]);
      carryTokens(read, stored);
      return stored;
    } catch (error) {
      if (isConditionFailure(error) || cancellationReasons(error)?.includes('ConditionalCheckFailed'))
        throw staleWrite(transition);
      // Another writer touched the same items at the same moment: trying again may well succeed.
      if (!isTransientConflict(error)) throw error;
      if (attempt === MAX_ATTEMPTS) throw staleWrite(transition);
      await pause(attempt);
    }
  }
}

/** DynamoDB's limit on the items of one TransactWriteItems. */
const MAX_TRANSACTION_ITEMS = 100;

const itemsOf = (planned: Planned): TransactItem[] => [
  { Update: planned.requestUpdate },
  ...planned.following,
];

/** Which item a transaction item writes: a transaction may not name one twice. */
function keyOf(item: TransactItem): string {
  const key = item.Update?.Key ?? item.Delete?.Key ?? item.ConditionCheck?.Key ?? item.Put?.Item;
  return `${String(key?.pk)}\u0000${String(key?.sk)}`;
}

/** Consecutive transitions packed into transactions of at most 100 items, no item twice in one. */
function groupsOf(plans: Planned[]): Planned[][] {
  const groups: Planned[][] = [];
  let group: Planned[] = [];
  let keys = new Set<string>();
  for (const planned of plans) {
    const items = itemsOf(planned).map(keyOf);
    const fits = keys.size + items.length <= MAX_TRANSACTION_ITEMS && items.every((key) => !keys.has(key));
    if (!fits && group.length > 0) {
      groups.push(group);
      group = [];
      keys = new Set();
    }
    group.push(planned);
    for (const key of items) keys.add(key);
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

/** commit(), returning a StaleWriteError rather than throwing it. */
const commitOrStale = (table: Table, planned: Planned) =>
  commitPlanned(table, planned).catch((error: unknown) => {
    if (error instanceof StaleWriteError) return error;
    throw error;
  });

/**
 * Many transitions in as few TransactWriteItems as fit (ContactStore.commitEach). A group cancelled
 * by a condition names, item by item, which failed (CancellationReasons): those transitions are
 * stale, and the rest of the group is committed one transition at a time, each as commit() would.
 * A group cancelled by a concurrent writer only (TransactionConflict) is committed one at a time too.
 */
export async function commitTransitions(
  table: Table,
  transitions: Transition[],
): Promise<(ContactChangeRecord | StaleWriteError)[]> {
  const outcomes = new Map<Transition, ContactChangeRecord | StaleWriteError>();
  for (const group of groupsOf(transitions.map((t) => plan(table, t)))) {
    if (group.length === 1) {
      outcomes.set(group[0]!.transition, await commitOrStale(table, group[0]!));
      continue;
    }
    try {
      await transact(table, group.flatMap(itemsOf));
      for (const { transition } of group) {
        carryTokens(transition.read, transition.next);
        outcomes.set(transition, transition.next);
      }
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons) throw error;
      let at = 0;
      for (const planned of group) {
        const own = reasons.slice(at, (at += itemsOf(planned).length));
        // Its own condition failed: it is stale whatever happens to the others.
        if (own.includes('ConditionalCheckFailed'))
          outcomes.set(planned.transition, staleWrite(planned.transition));
        else outcomes.set(planned.transition, await commitOrStale(table, planned));
      }
    }
  }
  return transitions.map((t) => outcomes.get(t)!);
}
