// Paged Queries. A cursor is the base64url JSON of the last returned item's key; it is checked
// against the list it claims to continue, so a forged or foreign cursor is a 400, never a 500 and
// never a peek into another account's partition.
import { QueryCommand as RawQueryCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../../domain/errors';
import type { PageRequest } from '../../domain/model';
import type { Item } from './entities/item';

export type SortCondition = { name: string; beginsWith: string } | { name: string; below: string };

const meets = (condition: SortCondition, value: string | undefined): boolean =>
  value !== undefined &&
  ('beginsWith' in condition ? value.startsWith(condition.beginsWith) : value < condition.below);

function keyCondition(condition: SortCondition | undefined): {
  expression: string;
  names: Record<string, string>;
  values: Record<string, string>;
} {
  if (!condition) return { expression: '', names: {}, values: {} };
  return {
    expression: 'beginsWith' in condition ? ' AND begins_with(#sk, :sk)' : ' AND #sk < :sk',
    names: { '#sk': condition.name },
    values: { ':sk': 'beginsWith' in condition ? condition.beginsWith : condition.below },
  };
}

export interface PagedQuery {
  tableName: string;
  indexName?: string;
  /** The partition key attribute and value queried; a cursor must carry the same. */
  partition: { name: string; value: string };
  /** Every key attribute of the table and the index; a cursor must carry exactly these. */
  keyNames: string[];
  /** The sort key condition: a prefix, or an upper bound. A cursor's sort key must meet it too. */
  sortCondition?: SortCondition;
  newestFirst?: boolean;
}

const badCursor = () =>
  new DomainError('validation_failed', 'The cursor does not continue this list.', [
    { path: 'cursor', message: 'not a cursor from this list' },
  ]);

function decodeCursor(cursor: string, query: PagedQuery): Record<string, string> {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (typeof key !== 'object' || key === null || Array.isArray(key)) throw badCursor();
  const entries = Object.entries(key);
  const expected = new Set(query.keyNames);
  const valid =
    entries.length === expected.size &&
    entries.every(([name, value]) => expected.has(name) && typeof value === 'string' && value.length > 0) &&
    (key as Record<string, string>)[query.partition.name] === query.partition.value &&
    // DynamoDB refuses a start key outside the key condition with a ValidationException: a 400 here.
    (!query.sortCondition ||
      meets(query.sortCondition, (key as Record<string, string>)[query.sortCondition.name]));
  if (!valid) throw badCursor();
  return key as Record<string, string>;
}

/** The Query of one page, its values as plain strings (every key attribute of the table is one). */
function pageQuery(query: PagedQuery, page: PageRequest) {
  const sort = keyCondition(query.sortCondition);
  return {
    common: {
      TableName: query.tableName,
      IndexName: query.indexName,
      KeyConditionExpression: `#pk = :pk${sort.expression}`,
      ExpressionAttributeNames: { '#pk': query.partition.name, ...sort.names },
      ScanIndexForward: !query.newestFirst,
      Limit: page.limit + 1,
    },
    values: { ':pk': query.partition.value, ...sort.values },
    startKey: page.cursor === undefined ? undefined : decodeCursor(page.cursor, query),
  };
}

/**
 * It asks for one item more than the page holds, so the last page has no `nextCursor` (DynamoDB's
 * own LastEvaluatedKey would often lead to an empty page). `keyOf`: a key attribute's string.
 */
function cutPage<T>(
  query: PagedQuery,
  page: PageRequest,
  output: { Items?: T[]; LastEvaluatedKey?: unknown },
  keyOf: (item: T, name: string) => string | undefined,
): { items: T[]; nextCursor?: string } {
  const items = output.Items ?? [];
  // A Query also stops at 1 MB; then the page is short but the list goes on.
  if (items.length <= page.limit && !output.LastEvaluatedKey) return { items };
  const pageItems = items.slice(0, page.limit);
  const last = pageItems.at(-1);
  if (!last) return { items: pageItems };
  const lastKey = Object.fromEntries(query.keyNames.map((name) => [name, keyOf(last, name)]));
  return { items: pageItems, nextCursor: Buffer.from(JSON.stringify(lastKey)).toString('base64url') };
}

/** One Query per page, its items as the DocumentClient reads them. */
export async function queryPage(
  doc: DynamoDBDocumentClient,
  query: PagedQuery,
  page: PageRequest,
): Promise<{ items: Item[]; nextCursor?: string }> {
  const { common, values, startKey } = pageQuery(query, page);
  const input: QueryCommandInput = {
    ...common,
    ExpressionAttributeValues: values,
    ExclusiveStartKey: startKey,
  };
  const output = await doc.send(new QueryCommand(input));
  return cutPage(query, page, output, (item, name) => item[name] as string | undefined);
}

const attributeValues = (values: Record<string, string>): Record<string, AttributeValue> =>
  Object.fromEntries(Object.entries(values).map(([name, value]) => [name, { S: value }]));

/**
 * One Query per page, its items as DynamoDB sent them, for a reader that takes attribute values
 * directly (entities/membership.ts says why). The low-level command goes through the DocumentClient,
 * which is the same client underneath (its middleware, its connections), without its unmarshalling.
 */
export async function queryRawPage(
  doc: DynamoDBDocumentClient,
  query: PagedQuery,
  page: PageRequest,
): Promise<{ items: Record<string, AttributeValue>[]; nextCursor?: string }> {
  const { common, values, startKey } = pageQuery(query, page);
  const output = await doc.send(
    new RawQueryCommand({
      ...common,
      ExpressionAttributeValues: attributeValues(values),
      ExclusiveStartKey: startKey && attributeValues(startKey),
    }),
  );
  return cutPage(query, page, output, (item, name) => item[name]?.S);
}
