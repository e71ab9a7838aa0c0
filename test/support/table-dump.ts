// A full dump of the table, for tests that prove a request wrote nothing. A Scan is fine here (tests
// and tooling only); the product never scans. Items are sorted by key and serialised, so two dumps
// compare with a plain equality and a difference shows as the items that changed.
import { ScanCommand, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import { createDynamoClients } from '../../shared/adapters/dynamo/client';

export type TableDump = Map<string, string>;

/** A key for sorting and diffing: every item has string `pk` and `sk`. */
const keyOf = (item: Record<string, unknown>) => `${String(item.pk)}\u0000${String(item.sk)}`;

/** Every item of `tableName`, by key, each as canonical JSON (attributes in sorted order). */
export async function dumpTable(endpoint: string, tableName: string): Promise<TableDump> {
  const { doc } = createDynamoClients({ region: 'eu-west-1', endpoint });
  try {
    const dump: TableDump = new Map();
    let start: ScanCommandOutput['LastEvaluatedKey'];
    do {
      const page = await doc.send(
        new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: start }),
      );
      for (const item of page.Items ?? []) dump.set(keyOf(item), canonical(item));
      start = page.LastEvaluatedKey;
    } while (start);
    return new Map([...dump].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  } finally {
    doc.destroy();
  }
}

/** What changed between two dumps: added, removed and changed keys; empty when nothing was written. */
export function diffDumps(before: TableDump, after: TableDump): string[] {
  const changes: string[] = [];
  for (const [key, item] of after) {
    if (!before.has(key)) changes.push(`added ${item}`);
    else if (before.get(key) !== item) changes.push(`changed ${before.get(key)} → ${item}`);
  }
  for (const [key, item] of before) if (!after.has(key)) changes.push(`removed ${item}`);
  return changes;
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v instanceof Set
      ? [...v].sort()
      : v && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
        : v,
  );
}
