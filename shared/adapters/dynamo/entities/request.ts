// A change request: `REQUEST#<id>` / `REQUEST`. Confirmers are a map keyed by handle (plus their
// order), so that a conditional update can address one confirmer: `confirmers.<nic>.status`. While
// the request is open it carries the sparse `openByExpiry` keys the sweep reads, and a `waits` map
// of each confirmer's Step Functions task token, which only the workflow adapter reads. The code
// hashes are kept apart from the confirmers too, in `codeHashes.<nic>.live|spent`, with the live
// code's key id in `codeHashes.<nic>.keyId`: the sweep's index copies the confirmers but never a
// secret, nor the key id that would let a reader count wrong codes against a confirmer. A refused
// request whose refusal's emails are still owed carries `refusalNoticesOwed` until they are claimed,
// and keeps the sweep's keys until then (due once no one else can still be sending them).
import * as z from '../../../zod';
import {
  CHANGE_STATES,
  CONFIRMATION_STATUSES,
  ROLES,
  WHY_CODES,
  type ContactChangeRecord,
} from '../../../domain/model';
import { sweepDueAt, sweptLater } from '../../../domain/lifecycle';
import { OPEN_INDEX } from '../table';
import { itemSchema, parseItem, type Item, type Key } from './item';

export const requestKey = (id: string): Key => ({ pk: `REQUEST#${id}`, sk: 'REQUEST' });

export const TASK_TOKENS_ATTRIBUTE = 'waits';
export const CODE_HASHES_ATTRIBUTE = 'codeHashes';
/** On a refused request whose refusal's emails are still owed: set by its write, removed by a claim. */
export const REFUSAL_NOTICES_OWED_ATTRIBUTE = 'refusalNoticesOwed';
/**
 * On the requests of a batch until the batch is published: such a request is nobody's to read unless
 * its batch item says `published`, and it stays out of the sweep's index until it is unstaged.
 */
export const STAGED_ATTRIBUTE = 'staged';
const OPEN_PARTITION = 'OPEN';

/**
 * The sweep's index: every open request under one partition, by when the sweep must look at it, and
 * each refused one whose emails are still owed (lifecycle.ts, `sweptLater`). The index does not
 * project `refusalNoticesOwed`: a refused request is listed only while it is set.
 */
export const openIndexKeys = (
  request: Pick<ContactChangeRecord, 'id' | 'state' | 'expiresAt' | 'applyingSince' | 'completedAt'>,
) => ({
  [OPEN_INDEX.partitionKey]: OPEN_PARTITION,
  [OPEN_INDEX.sortKey]: `${sweepDueAt(request)}#${request.id}`,
});

/** The open index's keys of every request due by `before`, in the index's terms. */
export const openIndexQuery = (before: string) => ({
  partition: { name: OPEN_INDEX.partitionKey, value: OPEN_PARTITION },
  // `$` sorts right after `#`, so every `<before>#<id>` key is included and no later expiry.
  sortCondition: { name: OPEN_INDEX.sortKey, below: `${before}$` },
});

const confirmerSchema = () =>
  z.object({
    nic: z.string(),
    status: z.enum(CONFIRMATION_STATUSES),
    at: z.optional(z.string()),
    codeIssuedAt: z.optional(z.string()),
    codeSentAt: z.optional(z.string()),
    attempts: z.number(),
    remindedAt: z.optional(z.string()),
    bouncedAt: z.optional(z.string()),
  });

/** One confirmer's code hashes: the code that works now (and its key id), and the one they answered or ended with. */
const codeHashesSchema = () =>
  z.object({
    live: z.optional(z.string()),
    keyId: z.optional(z.string()),
    spent: z.optional(z.string()),
  });

export const requestSchema = itemSchema(() =>
  z.pipe(
    z.object({
      id: z.string(),
      serviceId: z.string(),
      serviceName: z.string(),
      roles: z.array(z.enum(ROLES)),
      from: z.string(),
      to: z.string(),
      askedBy: z.string(),
      state: z.enum(CHANGE_STATES),
      confirmers: z.record(z.string(), confirmerSchema()),
      confirmerOrder: z.array(z.string()),
      // Absent from the sweep's index copy, which then reads as confirmers without codes.
      [CODE_HASHES_ATTRIBUTE]: z.optional(z.record(z.string(), codeHashesSchema())),
      notified: z.array(z.string()),
      createdAt: z.string(),
      expiresAt: z.string(),
      applyingSince: z.optional(z.string()),
      completedAt: z.nullish(z.string()),
      reason: z.nullish(z.string()),
      why: z.nullish(z.object({ code: z.enum(WHY_CODES), nics: z.array(z.string()) })),
      batchId: z.optional(z.string()),
      // Absent on every item but a refused one whose emails are still owed (and on items from before it).
      [REFUSAL_NOTICES_OWED_ATTRIBUTE]: z.optional(z.literal(true)),
      // Written by a batch still being created (batches.ts); read apart, by isStaged.
      [STAGED_ATTRIBUTE]: z.optional(z.literal(true)),
    }),
    z.transform(
      ({
        confirmers,
        confirmerOrder,
        codeHashes,
        completedAt,
        reason,
        why,
        staged: _staged,
        ...request
      }): ContactChangeRecord => ({
        ...request,
        confirmers: confirmerOrder.map((nic) => {
          const confirmer = confirmers[nic];
          if (!confirmer) throw new Error(`confirmer ${nic} is in the order but not in the map`);
          const hashes = codeHashes?.[nic];
          return {
            ...confirmer,
            ...(hashes?.live !== undefined && { codeHash: hashes.live }),
            ...(hashes?.live !== undefined && hashes.keyId !== undefined && { keyId: hashes.keyId }),
            ...(hashes?.spent !== undefined && { spentCodeHash: hashes.spent }),
          };
        }),
        completedAt: completedAt ?? null,
        reason: reason ?? null,
        why: why ?? null,
      }),
    ),
  ),
);

/** The item's own fields, without keys: the request item and the history item share them. */
export function requestFields(request: ContactChangeRecord): Item {
  const { confirmers, ...rest } = request;
  return {
    ...rest,
    confirmers: Object.fromEntries(
      confirmers.map(({ codeHash: _live, keyId: _key, spentCodeHash: _spent, ...confirmer }) => [
        confirmer.nic,
        confirmer,
      ]),
    ),
    confirmerOrder: confirmers.map((confirmer) => confirmer.nic),
    // Every confirmer has an entry, so that an update can set `codeHashes.<nic>.live` at once.
    [CODE_HASHES_ATTRIBUTE]: Object.fromEntries(
      confirmers.map((c) => [
        c.nic,
        {
          ...(c.codeHash !== undefined && { live: c.codeHash }),
          ...(c.keyId !== undefined && { keyId: c.keyId }),
          ...(c.spentCodeHash !== undefined && { spent: c.spentCodeHash }),
        },
      ]),
    ),
  };
}

export const requestItem = (request: ContactChangeRecord): Item => ({
  ...requestKey(request.id),
  entity: 'request',
  ...requestFields(request),
  ...(sweptLater(request) && openIndexKeys(request)),
  // Each wait's task token lands here (task-tokens.ts); nested writes need the map to exist.
  [TASK_TOKENS_ATTRIBUTE]: {},
});

/** A request of a batch being created: stored without the sweep's keys, and marked staged. */
export function stagedRequestItem(request: ContactChangeRecord): Item {
  const item: Item = { ...requestItem(request), [STAGED_ATTRIBUTE]: true };
  delete item[OPEN_INDEX.partitionKey];
  delete item[OPEN_INDEX.sortKey];
  return item;
}

export const isStaged = (item: Item): boolean => item[STAGED_ATTRIBUTE] === true;

export const readRequest = (item: Item): ContactChangeRecord => parseItem('request', requestSchema, item);
