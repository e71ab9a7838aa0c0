// What every entity module shares: the shape of a key and of a raw item, and reading an item back
// through its zod schema, so that nothing read from the table is ever cast into shape.
import type * as z from '../../../zod';

export type Key = { pk: string; sk: string };
export type Item = Record<string, unknown>;

export const accountPk = (nic: string) => `ACCOUNT#${nic}`;
export const servicePk = (serviceId: string) => `SERVICE#${serviceId}`;

/**
 * An entity's schema, built when the first item is read rather than at module init: a function reads
 * few of the entities its bundle holds, and building zod schemas was most of what its init cost
 * beyond the SDK's (docs/performance.md, "Bundles").
 */
export function itemSchema<S extends z.ZodMiniType>(build: () => S): () => S {
  let built: S | undefined;
  return () => (built ??= build());
}

/** A stored item that does not read as its entity: a bug or a bad migration, named as such. */
export const unreadableItem = (entity: string, pk: unknown, sk: unknown, problem: string): Error =>
  new Error(`A stored ${entity} item does not read as one (${String(pk)} / ${String(sk)}): ${problem}`);

/** Reads `item` as `schema` says; a malformed item is an unreadableItem error. */
export function parseItem<S extends z.ZodMiniType>(entity: string, schema: () => S, item: Item): z.output<S> {
  const parsed = schema().safeParse(item);
  if (parsed.success) return parsed.data;
  throw unreadableItem(entity, item.pk, item.sk, parsed.error.message);
}
