// The hand-written reader of "my services" rows (entities/membership.ts, readMembershipRow) against
// the service's zod schema it stands in for: whatever a stored row holds, the two agree on whether it
// reads and on what it reads as, and a row that does not read is an error naming the row and field.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseItem, type Item } from '../../shared/adapters/dynamo/entities/item';
import { membershipItems, readMembershipRow } from '../../shared/adapters/dynamo/entities/membership';
import { serviceSchema } from '../../shared/adapters/dynamo/entities/service';
import { SERVICE_TYPES, type Service } from '../../shared/domain/model';

/** A plain value as DynamoDB stores it: what the DocumentClient's marshalling would send. */
function attribute(value: unknown): AttributeValue {
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') return { N: String(value) };
  if (typeof value === 'boolean') return { BOOL: value };
  if (value === null) return { NULL: true };
  if (Array.isArray(value)) return { L: value.map(attribute) };
  return { M: row(value as Item) };
}
const row = (item: Item): Record<string, AttributeValue> =>
  Object.fromEntries(
    Object.entries(item)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => [name, attribute(value)]),
  );

/** How the rows were read before: the DocumentClient's plain item through serviceSchema. */
const readWithSchema = (item: Item): Service => parseItem('membership', serviceSchema, item);

const outcome = (read: () => Service) => {
  try {
    return { service: read() };
  } catch (error) {
    return { refused: (error as Error).message.split(': ')[0] };
  }
};

const service: Service = {
  serviceId: 'svc-1.fi',
  name: 'Svc one',
  type: 'server',
  contacts: { admin: 'aa1-ovh', tech: 'bb1-ovh', billing: 'aa1-ovh' },
};
const stored = membershipItems(service)[0]!;

describe('reading a "my services" row by hand', () => {
  it('reads the rows the store writes as their service, and nothing more', () => {
    for (const item of membershipItems(service)) expect(readMembershipRow(row(item))).toStrictEqual(service);
  });

  it('refuses a malformed row naming the row and the field, as an unreadable stored item', () => {
    const cases: [Item, string][] = [
      [{ ...stored, name: undefined }, 'name: expected a string'],
      [{ ...stored, serviceId: 42 }, 'serviceId: expected a string'],
      [{ ...stored, type: 'boat' }, `type: expected one of ${SERVICE_TYPES.join(', ')}`],
      [{ ...stored, contacts: ['aa1-ovh'] }, 'contacts: expected a map'],
      [{ ...stored, contacts: { ...service.contacts, tech: null } }, 'contacts.tech: expected a string'],
    ];
    for (const [item, problem] of cases) {
      expect(() => readMembershipRow(row(item))).toThrow(
        `A stored membership item does not read as one (ACCOUNT#aa1-ovh / SERVICE#svc-1.fi): ${problem}`,
      );
      expect(() => readWithSchema(item)).toThrow('A stored membership item does not read as one');
    }
  });

  it('agrees with the service schema on any row: the same service, or both refuse it', () => {
    const anything = fc.oneof(
      fc.constant(undefined),
      fc.string(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.string(), { maxLength: 2 }),
      fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
    );
    const orElse = <T>(valid: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: valid }, anything);
    const handle = orElse(fc.string());
    const item = fc.record({
      pk: fc.constant(stored.pk),
      sk: fc.constant(stored.sk),
      entity: fc.constant('membership'),
      serviceId: orElse(fc.string()),
      name: orElse(fc.string()),
      type: orElse(fc.constantFrom(...SERVICE_TYPES, 'Domain', '')),
      contacts: orElse(
        fc.record(
          { admin: handle, tech: handle, billing: handle, other: fc.string() },
          { requiredKeys: ['admin', 'tech'] },
        ),
      ),
      roles: fc.constant(['admin']),
    });
    fc.assert(
      fc.property(item, (generated) => {
        const plain = generated as Item;
        expect(outcome(() => readMembershipRow(row(plain)))).toStrictEqual(
          outcome(() => readWithSchema(plain)),
        );
      }),
      { numRuns: 2_000 },
    );
  });
});
