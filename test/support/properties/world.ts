// The property tests' worlds: each endpoint gets accounts, services and open requests of its own
// (unique ids), with every code its confirmers were emailed, and a model of what the answers say
// happened since. Afterwards the table is read back and held against the model: every write in the
// world must be one an answer announced and the caller was allowed to make.
import { confirmLinkIn, type StoredEmail } from '../../../infra/local/ses-local';
import type { Api, Client } from '../client';
import type { TestStack, World } from '../stack';
import { eventually, GENEROUS_LIMITS } from '../stack';
import { dumpTable, type TableDump } from '../table-dump';
import type { TableReader } from '../table-check';

export type Role = 'admin' | 'tech' | 'billing';
export type Contacts = Record<Role, string>;
export const ROLE_LIST: Role[] = ['admin', 'tech', 'billing'];

/** Where a request stands, as the answers told it: `accepted` is applying or done. */
export type ModelState = 'awaiting_confirmation' | 'accepted' | 'refused' | 'cancelled';

export interface ModelConfirmer {
  nic: string;
  status: 'pending' | 'accepted' | 'refused';
  attempts: number;
  /** The code that works now, while the request is open and this confirmer has not answered. */
  live?: string;
  /** The code this confirmer answered with. */
  spent?: string;
  /** Codes that died: replaced by a resend, or ended with the request. */
  dead: string[];
  /** The code that was live when the request ended: its link still tells its owner the outcome. */
  endedWith?: string;
}

export interface ModelRequest {
  id: string;
  serviceId: string;
  askedBy: string;
  roles: Role[];
  from: string;
  to: string;
  confirmers: ModelConfirmer[];
  notified: string[];
  state: ModelState;
}

export interface ModelAccount {
  nic: string;
  email: string;
  unpaid: number;
  zone: 'eu' | 'ca';
  /** A valid payment method on file: the new billing contact needs one (no_payment_method). */
  paymentMethod: boolean;
  /** An address change waiting for its code. */
  pending?: { email: string; code?: string; attempts: number };
}

/**
 * The letter pairs of a world's accounts; `pp` owes invoices, `yy` has nothing to do with anything,
 * `zz` is in another zone than everyone else (`ca`: naming it is zone_mismatch), `nn` has no payment
 * method (naming it as the billing contact is no_payment_method).
 */
export const ACCOUNT_NAMES = ['aa', 'bb', 'cc', 'tt', 'pp', 'yy', 'zz', 'nn'] as const;
const zoneOf = (name: string) => (name === 'zz' ? ('ca' as const) : ('eu' as const));
const paymentMethodOf = (name: string) => name !== 'nn';

/**
 * The property stack's rate limits, low enough that the generated cases reach too_many_requests on
 * every run, whatever fast-check's seed: DESIGN.md's 3 resends per confirmer per request, and 10 new
 * requests per asker (DESIGN.md's 30 came up in 3 cases of 1,000; a world's seeding asks at most 8
 * per asker). The others are as generous as every test stack's.
 */
export const PROPERTY_LIMITS = { ...GENEROUS_LIMITS, requestsPerHour: 10, resendsPerHour: 3 };

export interface WorldModel {
  w: World;
  accounts: Map<string, ModelAccount>;
  services: Map<string, Contacts>;
  requests: Map<string, ModelRequest>;
  clients: Map<string, Client>;
  /** Uses counted per rate-limit key, from the answers that were counted. */
  counted: Map<string, number>;
  /** Idempotency keys held: `<caller>#<key>` → the fingerprint and first answer. */
  keys: Map<string, { fingerprint: string; body: unknown }>;
}

export interface WorldOptions {
  /** How many services; three kinds in turn (see `kindOf`). */
  services: number;
  /** One open request per service. */
  requests?: boolean;
  /** Extra accounts with an address change waiting, each with its code. */
  pendingEmails?: number;
}

/**
 * Three kinds of service, each with the request it gets:
 * 0: aa admin and billing, tt tech; aa asks tech → bb (aa, bb confirm; tt, losing every role, is told).
 * 1: aa admin, tt tech, cc billing; tt asks tech → cc in their own place (tt, cc confirm; aa is admin, no party).
 * 2: bb admin and tech, pp billing (pp owes); bb asks admin → cc (bb, cc confirm).
 */
const KINDS: { contacts: Record<Role, string>; asker: string; body: Partial<Record<Role, string>> }[] = [
  { contacts: { admin: 'aa', tech: 'tt', billing: 'aa' }, asker: 'aa', body: { tech: 'bb' } },
  { contacts: { admin: 'aa', tech: 'tt', billing: 'cc' }, asker: 'tt', body: { tech: 'cc' } },
  { contacts: { admin: 'bb', tech: 'bb', billing: 'pp' }, asker: 'bb', body: { admin: 'cc' } },
];
const kindOf = (i: number) => KINDS[i % KINDS.length]!;

/** Extra accounts' letter pairs: `ea`, `eb`, … */
const extraName = (i: number) => `e${String.fromCharCode(97 + i)}`;

export async function seedWorld(stack: TestStack, http: Api, options: WorldOptions): Promise<WorldModel> {
  const since = Math.floor(Date.now() / 1000) - 1;
  const extras = Array.from({ length: options.pendingEmails ?? 0 }, (_, i) => extraName(i));
  const serviceNames = Array.from({ length: options.services }, (_, i) => `s${String.fromCharCode(97 + i)}`);
  const w = await stack.seed({
    accounts: Object.fromEntries([
      ...ACCOUNT_NAMES.map((n) => [
        n,
        { unpaidInvoices: n === 'pp' ? 2 : 0, zone: zoneOf(n), paymentMethod: paymentMethodOf(n) },
      ]),
      ...extras.map((n) => [n, {}]),
    ]),
    services: Object.fromEntries(serviceNames.map((s, i) => [s, { contacts: kindOf(i).contacts }])),
  });
  const names = [...ACCOUNT_NAMES, ...extras];
  const clients = new Map(
    await Promise.all(names.map(async (n) => [w.nic(n), await http.as(w.nic(n))] as const)),
  );
  const model: WorldModel = {
    w,
    accounts: new Map(
      names.map((n) => [
        w.nic(n),
        {
          nic: w.nic(n),
          email: w.email(n),
          unpaid: n === 'pp' ? 2 : 0,
          zone: zoneOf(n),
          paymentMethod: paymentMethodOf(n),
        },
      ]),
    ),
    services: new Map(
      serviceNames.map((s, i) => {
        const c = kindOf(i).contacts;
        return [w.serviceId(s), { admin: w.nic(c.admin), tech: w.nic(c.tech), billing: w.nic(c.billing) }];
      }),
    ),
    requests: new Map(),
    clients,
    counted: new Map(),
    keys: new Map(),
  };

  if (options.requests) {
    for (const [i, s] of serviceNames.entries()) {
      const kind = kindOf(i);
      const body = Object.fromEntries(Object.entries(kind.body).map(([role, n]) => [role, w.nic(n)]));
      await ask(model, w.nic(kind.asker), w.serviceId(s), body);
    }
  }
  for (const n of extras) {
    const answer = await clients.get(w.nic(n))!.put('/me/email', { email: `new.${w.email(n)}` });
    if (answer.status !== 202)
      throw new Error(`Could not start an address change for ${n}: ${answer.status}`);
    model.accounts.get(w.nic(n))!.pending = { email: `new.${w.email(n)}`, attempts: 0 };
    count(model, `email-change#${w.nic(n)}`);
  }
  await collectCodes(stack, model, since);
  return model;
}

/** Asks for a change as `asker` and adds the request to the model (its codes come with collectCodes). */
export async function ask(
  model: WorldModel,
  asker: string,
  serviceId: string,
  body: object,
): Promise<ModelRequest[]> {
  const answer = await model.clients.get(asker)!.post(`/services/${serviceId}/contact-changes`, body);
  if (answer.status !== 202)
    throw new Error(`Could not ask ${JSON.stringify(body)}: ${JSON.stringify(answer.body)}`);
  count(model, `requests#${asker}`, answer.body.requests.length);
  return answer.body.requests.map((r: ModelRequest & { confirmations: { nic: string }[] }) => {
    const request: ModelRequest = {
      id: r.id,
      serviceId: r.serviceId,
      askedBy: r.askedBy,
      roles: r.roles,
      from: r.from,
      to: r.to,
      confirmers: r.confirmations.map((c) => ({ nic: c.nic, status: 'pending', attempts: 0, dead: [] })),
      notified: r.notified,
      state: 'awaiting_confirmation',
    };
    model.requests.set(request.id, request);
    return request;
  });
}

export const count = (model: WorldModel, key: string, uses = 1) =>
  model.counted.set(key, (model.counted.get(key) ?? 0) + uses);

const PROFILE_CODE = /\/panel\/profile\?emailCode=([^\s&"'<>]+)/;

/**
 * Waits until every open confirmer and every waiting address change of the model has its newest
 * code in the mailbox, and takes them: one read of the mailbox per poll, however many codes.
 */
export async function collectCodes(stack: TestStack, model: WorldModel, since: number): Promise<void> {
  const wanted = () => {
    const missing: string[] = [];
    for (const r of model.requests.values())
      for (const c of r.confirmers)
        if (r.state === 'awaiting_confirmation' && c.status === 'pending' && !c.live) missing.push(c.nic);
    for (const a of model.accounts.values()) if (a.pending && !a.pending.code) missing.push(a.nic);
    return missing;
  };
  await eventually(async () => {
    const emails = await mailSince(stack, since);
    const addressOf = (nic: string) => model.accounts.get(nic)!.email;
    for (const r of model.requests.values()) {
      for (const c of r.confirmers) {
        if (c.live || c.status !== 'pending' || r.state !== 'awaiting_confirmation') continue;
        const link = emails
          .filter((e) => e.destination.to.includes(addressOf(c.nic)))
          .map((e) => confirmLinkIn(e, r.id))
          .filter((l) => l?.requestId === r.id)
          .at(-1);
        if (link) c.live = link.code;
      }
    }
    for (const a of model.accounts.values()) {
      if (!a.pending || a.pending.code) continue;
      const found = emails
        .filter((e) => e.destination.to.includes(a.pending!.email))
        .map((e) => PROFILE_CODE.exec(e.body.text ?? '')?.[1])
        .filter((c) => c !== undefined)
        .at(-1);
      if (found) a.pending.code = decodeURIComponent(found);
    }
    return wanted().length === 0 ? true : undefined;
  }, 30_000);
}

/** The mailbox since `since` (epoch seconds): the store's own filter keeps each read small. */
async function mailSince(stack: TestStack, since: number): Promise<StoredEmail[]> {
  const response = await fetch(`${stack.sesEndpoint}/store?since=${since}`);
  if (!response.ok) throw new Error(`The mailbox answered ${response.status}`);
  return ((await response.json()) as { emails: StoredEmail[] }).emails;
}

// ---- Rules the verdicts share (DESIGN.md) --------------------------------------------------------

export const rolesOf = (contacts: Contacts, nic: string): Role[] =>
  ROLE_LIST.filter((r) => contacts[r] === nic);
export const editableBy = (contacts: Contacts, nic: string): Role[] => {
  const mine = rolesOf(contacts, nic);
  return mine.includes('admin') ? [...ROLE_LIST] : mine;
};
export const partiesOf = (r: ModelRequest) => [
  ...new Set([r.askedBy, ...r.confirmers.map((c) => c.nic), ...r.notified]),
];
/** A request a caller may see: one they are part of, or one of a service they are admin of now. */
export const maysee = (model: WorldModel, r: ModelRequest, nic: string) =>
  partiesOf(r).includes(nic) || model.services.get(r.serviceId)?.admin === nic;

/** Every live code of the request dies with its end. */
export function end(r: ModelRequest, state: ModelState) {
  r.state = state;
  for (const c of r.confirmers) {
    if (c.live) c.dead.push(c.live);
    c.endedWith = c.live;
    c.live = undefined;
  }
}

/** The model's answer recorded: the confirmer's status, and the request's end when it is one. */
export function recordAnswer(model: WorldModel, r: ModelRequest, nic: string, decision: 'accept' | 'refuse') {
  const c = r.confirmers.find((x) => x.nic === nic)!;
  c.status = decision === 'accept' ? 'accepted' : 'refused';
  c.spent = c.live;
  c.live = undefined;
  if (decision === 'refuse') end(r, 'refused');
  else if (r.confirmers.every((x) => x.status === 'accepted')) {
    end(r, 'accepted');
    const contacts = model.services.get(r.serviceId)!;
    for (const role of r.roles) contacts[role] = r.to;
  }
}

// ---- The table against the model ---------------------------------------------------------------

/** The world's items: every item of the table that names one of its accounts or services. */
export async function worldItems(stack: TestStack, model: WorldModel): Promise<TableDump> {
  const marks = [...model.accounts.keys(), ...model.services.keys()];
  const all = await dumpTable(stack.dynamodbEndpoint, stack.tableName);
  return new Map([...all].filter(([, item]) => marks.some((m) => item.includes(m))));
}

const STATE_IN_TABLE: Record<ModelState, string[]> = {
  awaiting_confirmation: ['awaiting_confirmation'],
  accepted: ['done'],
  refused: ['refused'],
  cancelled: ['cancelled'],
};

/**
 * Every write in the world is one the answers announced: requests are exactly the model's, each in
 * the state, statuses and wrong-code counts the answers said, with pointers, guards and history
 * agreeing; accounts' addresses and waiting changes, services' contacts, rate counters and
 * idempotency records are the model's. Returns what disagrees.
 */
export async function problemsOfWorld(
  stack: TestStack,
  model: WorldModel,
  table: TableReader,
): Promise<string[]> {
  const problems: string[] = [];
  // The applies run after the last acceptance was answered: wait for them to land.
  for (const r of model.requests.values()) {
    if (r.state !== 'accepted') continue;
    await eventually(
      async () => ((await table.request(r.id))?.state === 'applying' ? undefined : true),
      30_000,
    );
  }
  const items = [...(await worldItems(stack, model)).values()].map(
    (s) => JSON.parse(s) as Record<string, unknown>,
  );
  const requestIds = items.filter((i) => i.sk === 'REQUEST').map((i) => String(i.id));
  const unknown = requestIds.filter((id) => !model.requests.has(id));
  if (unknown.length) problems.push(`requests no answer announced: ${unknown.join(', ')}`);
  for (const r of model.requests.values()) {
    const stored = await table.request(r.id);
    if (!stored) {
      problems.push(`request ${r.id} is missing`);
      continue;
    }
    if (!STATE_IN_TABLE[r.state].includes(stored.state))
      problems.push(`${r.id}: ${stored.state}, the answers said ${r.state}`);
    for (const c of r.confirmers) {
      const s = stored.confirmers.find((x) => x.nic === c.nic);
      if (s?.status !== c.status || s.attempts !== c.attempts)
        problems.push(
          `${r.id} ${c.nic}: ${s?.status}/${s?.attempts}, the answers said ${c.status}/${c.attempts}`,
        );
    }
    problems.push(...(await table.problemsOf(r.id)).map((p) => `${r.id}: ${p}`));
  }
  for (const a of model.accounts.values()) {
    const item = await table.item(`ACCOUNT#${a.nic}`, 'PROFILE');
    const pending = item?.pendingEmail as { email?: string; attempts?: number } | undefined;
    if (item?.email !== a.email)
      problems.push(`${a.nic}: address ${String(item?.email)}, the answers said ${a.email}`);
    if (pending?.email !== a.pending?.email || (a.pending && pending?.attempts !== a.pending.attempts))
      problems.push(
        `${a.nic}: waiting change ${JSON.stringify(pending)}, the answers said ${JSON.stringify(a.pending)}`,
      );
  }
  for (const [serviceId, contacts] of model.services) {
    const item = await table.item(`SERVICE#${serviceId}`, 'PROFILE');
    if (!sameContacts(item?.contacts, contacts))
      problems.push(
        `${serviceId}: contacts ${JSON.stringify(item?.contacts)}, the answers said ${JSON.stringify(contacts)}`,
      );
  }
  const counters = items.filter((i) => String(i.pk).startsWith('LIMIT#'));
  const counts = new Map<string, number>();
  for (const c of counters) {
    const key = String(c.pk).slice('LIMIT#'.length);
    counts.set(key, (counts.get(key) ?? 0) + Number(c.count));
  }
  for (const key of new Set([...counts.keys(), ...model.counted.keys()]))
    if ((counts.get(key) ?? 0) !== (model.counted.get(key) ?? 0))
      problems.push(
        `counter ${key}: ${counts.get(key) ?? 0}, the answers counted ${model.counted.get(key) ?? 0}`,
      );
  const keys = items
    .filter((i) => String(i.pk).startsWith('IDEMPOTENCY#'))
    .map((i) => String(i.pk).slice('IDEMPOTENCY#'.length));
  const expectedKeys = [...model.keys.keys()];
  if (JSON.stringify(keys.sort()) !== JSON.stringify(expectedKeys.sort()))
    problems.push(`idempotency records ${keys.join(', ')}, the answers kept ${expectedKeys.join(', ')}`);
  return problems;
}

const sameContacts = (stored: unknown, contacts: Contacts) =>
  typeof stored === 'object' &&
  stored !== null &&
  ROLE_LIST.every((r) => (stored as Record<string, unknown>)[r] === contacts[r]);
