// A party pointer: `ACCOUNT#<nic>` / `CHANGE#<createdAt>#<id>`, one per account a request concerns,
// so that "my requests" is one Query; `partyState` keys the index that filters them by state.
import * as z from '../../../zod';
import type { ChangeState, ContactChangeRecord, Handle } from '../../../domain/model';
import { PARTY_STATE_INDEX } from '../table';
import { accountPk, itemSchema, parseItem, type Item, type Key } from './item';

export const pointerKey = (nic: Handle, request: Pick<ContactChangeRecord, 'createdAt' | 'id'>): Key => ({
  pk: accountPk(nic),
  sk: `CHANGE#${request.createdAt}#${request.id}`,
});

export const POINTER_PREFIX = 'CHANGE#';

export const partyState = (nic: Handle, state: ChangeState) => `${accountPk(nic)}#${state}`;

export const pointerItem = (nic: Handle, request: ContactChangeRecord): Item => ({
  ...pointerKey(nic, request),
  entity: 'pointer',
  requestId: request.id,
  state: request.state,
  [PARTY_STATE_INDEX.partitionKey]: partyState(nic, request.state),
});

/** The pointer's state moves with the request's: the update, for the same transaction. */
export const pointerStateUpdate = (nic: Handle, state: ChangeState) => ({
  UpdateExpression: 'SET #state = :state, #partyState = :partyState',
  // Each pointer must exist, so a lost pointer is never recreated half-empty.
  ConditionExpression: 'attribute_exists(pk)',
  ExpressionAttributeNames: { '#state': 'state', '#partyState': PARTY_STATE_INDEX.partitionKey },
  ExpressionAttributeValues: { ':state': state, ':partyState': partyState(nic, state) },
});

const schema = itemSchema(() => z.object({ requestId: z.string() }));

export const readPointer = (item: Item): string => parseItem('pointer', schema, item).requestId;
