// Reading a request back from the raw table, with every item that must agree with it: its party
// pointers, its guards, its history entry and, once done, the service's contacts. Tests of races and
// of generated traffic assert "one consistent final state" with this, so it reads the items as they
// are stored (docs/data-model.md), not through the store that wrote them.
import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoClients } from '../../shared/adapters/dynamo/client';

export type RawItem = Record<string, unknown>;

const OPEN_STATES = ['awaiting_confirmation', 'applying'];
const FINAL_STATES = ['done', 'refused', 'expired', 'failed', 'cancelled'];
const MAX_WRONG_CODES = 5;

export interface RawConfirmer {
  nic: string;
  status: 'pending' | 'accepted' | 'refused';
  attempts: number;
  codeHash?: string;
}

export interface RawRequest {
  id: string;
  serviceId: string;
  roles: string[];
  from: string;
  to: string;
  askedBy: string;
  state: string;
  confirmers: RawConfirmer[];
  notified: string[];
  createdAt: string;
  completedAt?: string | null;
  reason?: string | null;
  item: RawItem;
}

export interface TableReader {
  item(pk: string, sk: string): Promise<RawItem | undefined>;
  /** Every item of partition `pk` whose sort key begins with `prefix`. */
  query(pk: string, prefix: string): Promise<RawItem[]>;
  request(id: string): Promise<RawRequest | undefined>;
  /** What is wrong with request `id` and the items that go with it; empty when all agree. */
  problemsOf(id: string): Promise<string[]>;
  close(): void;
}

export function tableReader(endpoint: string, tableName: string): TableReader {
  const { doc } = createDynamoClients({ region: 'eu-west-1', endpoint });
  const item = async (pk: string, sk: string) =>
    (await doc.send(new GetCommand({ TableName: tableName, Key: { pk, sk }, ConsistentRead: true }))).Item;
  const query = (pk: string, prefix: string) => queryAll(doc, tableName, pk, prefix);
  const request = async (id: string) => {
    const raw = await item(`REQUEST#${id}`, 'REQUEST');
    return raw ? asRequest(raw) : undefined;
  };
  return {
    item,
    query,
    request,
    async problemsOf(id) {
      const r = await request(id);
      if (!r) return [`no request item for ${id}`];
      return [...checkRequestItem(r), ...(await checkCompanions(r, item, query))];
    },
    close: () => doc.destroy(),
  };
}

async function queryAll(doc: DynamoDBDocumentClient, tableName: string, pk: string, prefix: string) {
  const items: RawItem[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

function asRequest(item: RawItem): RawRequest {
  const map = item.confirmers as Record<string, RawConfirmer>;
  return {
    id: String(item.id),
    serviceId: String(item.serviceId),
    roles: item.roles as string[],
    from: String(item.from),
    to: String(item.to),
    askedBy: String(item.askedBy),
    state: String(item.state),
    // The live code's hash is kept apart from the confirmers (codeHashes.<nic>.live).
    confirmers: (item.confirmerOrder as string[]).map((nic) => ({
      ...map[nic]!,
      codeHash: (item.codeHashes as Record<string, { live?: string }> | undefined)?.[nic]?.live,
    })),
    notified: item.notified as string[],
    createdAt: String(item.createdAt),
    completedAt: item.completedAt as string | null | undefined,
    reason: item.reason as string | null | undefined,
    item,
  };
}

/** The request item on its own: a state DESIGN.md allows, with the fields that state implies. */
function checkRequestItem(r: RawRequest): string[] {
  const problems: string[] = [];
  const open = OPEN_STATES.includes(r.state);
  if (!open && !FINAL_STATES.includes(r.state)) problems.push(`unknown state ${r.state}`);
  // The sweep's keys: while open, and on a refused request while its emails are owed.
  const swept = open || (r.state === 'refused' && r.item.refusalNoticesOwed === true);
  if (swept !== (r.item.openPk !== undefined))
    problems.push(`state ${r.state} but openPk=${String(r.item.openPk)}`);
  for (const c of r.confirmers) {
    if (c.attempts > MAX_WRONG_CODES) problems.push(`${c.nic} has ${c.attempts} wrong codes counted`);
    if (!open && c.codeHash) problems.push(`${c.nic} still has a live code on a ${r.state} request`);
  }
  const statuses = r.confirmers.map((c) => c.status);
  const expected: Record<string, (s: string[]) => boolean> = {
    awaiting_confirmation: (s) => s.includes('pending') && !s.includes('refused'),
    applying: (s) => s.every((x) => x === 'accepted'),
    done: (s) => s.every((x) => x === 'accepted'),
    failed: (s) => !s.includes('refused'),
    refused: (s) => s.filter((x) => x === 'refused').length === 1,
    expired: (s) => s.includes('pending') && !s.includes('refused'),
    cancelled: (s) => s.includes('pending') && !s.includes('refused'),
  };
  if (expected[r.state] && !expected[r.state]!(statuses))
    problems.push(`state ${r.state} with confirmers ${statuses.join(', ')}`);
  if (FINAL_STATES.includes(r.state) !== Boolean(r.completedAt))
    problems.push(`state ${r.state} with completedAt ${String(r.completedAt)}`);
  if (['failed', 'refused', 'expired'].includes(r.state) && !r.reason)
    problems.push(`state ${r.state} without a reason`);
  return problems;
}

/** Pointers, guards, history and the service agree with the request item. */
async function checkCompanions(
  r: RawRequest,
  item: TableReader['item'],
  query: TableReader['query'],
): Promise<string[]> {
  const problems: string[] = [];
  const parties = new Set([r.askedBy, ...r.confirmers.map((c) => c.nic), ...r.notified]);
  for (const nic of parties) {
    const pointer = await item(`ACCOUNT#${nic}`, `CHANGE#${r.createdAt}#${r.id}`);
    if (!pointer) problems.push(`no pointer for ${nic}`);
    else if (pointer.state !== r.state || pointer.partyState !== `ACCOUNT#${nic}#${r.state}`)
      problems.push(`pointer of ${nic} says ${String(pointer.state)}, the request ${r.state}`);
  }
  const open = OPEN_STATES.includes(r.state);
  for (const role of r.roles) {
    const guard = await item(`SERVICE#${r.serviceId}`, `OPEN#${role}`);
    if (open && guard?.requestId !== r.id) problems.push(`open request without its ${role} guard`);
    if (!open && guard?.requestId === r.id) problems.push(`${r.state} request still holds the ${role} guard`);
  }
  const history = (await query(`SERVICE#${r.serviceId}`, 'HISTORY#')).filter((h) => h.id === r.id);
  if (open && history.length > 0) problems.push('an open request is in the history');
  if (!open && (history.length !== 1 || history[0]!.state !== r.state))
    problems.push(
      `history of a ${r.state} request: ${history.map((h) => String(h.state)).join(', ') || 'none'}`,
    );
  if (r.state === 'done') {
    const service = await item(`SERVICE#${r.serviceId}`, 'PROFILE');
    const contacts = (service?.contacts ?? {}) as Record<string, string>;
    for (const role of r.roles)
      if (contacts[role] !== r.to) problems.push(`done, but the ${role} contact is ${contacts[role]}`);
  }
  return problems;
}
