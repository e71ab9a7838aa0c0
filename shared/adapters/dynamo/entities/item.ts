// What every entity module shares: the shape of a key and of a raw item, and reading an item back
// through its zod schema, so that nothing read from the table is ever cast into shape.
import type * as z from '../../../zod';

export type Key = { pk: string; sk: string };
export type Item = Record<string, unknown>;

export const accountPk = (nic: string) => `ACCOUNT#${nic}`;
export const servicePk = (serviceId: string) => `SERVICE#${serviceId}`;

/** Reads `item` as `schema` says; a malformed item is a bug or a bad migration, named as such. */
export function parseItem<S extends z.ZodMiniType>(entity: string, schema: S, item: Item): z.output<S> {
  const parsed = schema.safeParse(item);
  if (parsed.success) return parsed.data;
  const where = `${String(item.pk)} / ${String(item.sk)}`;
  throw new Error(`A stored ${entity} item does not read as one (${where}): ${parsed.error.message}`);
}
