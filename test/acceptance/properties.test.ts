// Property tests of every route: 1,000 generated requests each — malformed and mislabelled bodies,
// huge strings, odd handles, ids with path-unsafe characters, guessed codes, query garbage, bad
// tokens. Whatever comes in: no 5xx, every error a problem document with a code of API.md's table
// (pages of /confirm may answer with an HTML page instead), and the table unchanged.
//
// Why the table can stay byte for byte the same: nothing generated here may be a request that
// legitimately writes. The world is set up so that every writing path is closed before the dump:
// - accept/refuse: aa and bb have used up their five tries on the open request, so even their real
//   codes get too_many_attempts; zz is only told and yy is a stranger, the other request is closed.
// - cancel/resend: never sent by aa or bb on the open request (that would cancel it or mail codes);
//   everyone else there is not the asker / not a party, and on the closed request it is closed.
// - POST contact-changes: bodies never name an existing account, so the best a body can get is
//   unknown_account; an Idempotency-Key claimed for a refused body is released in the same request.
// - PUT /me/email: bodies are never an object with an address-like `email`.
// - POST /confirm: a real code is only ever paired with a decision other than accept/refuse.
// The GET routes write nothing by contract, so they get everything, real ids and codes included.
//
// Routes run five at a time (describe.concurrent), each one request after another. Since no route is
// sent anything that may write, a diff between the dumps around any route's run is a bug whichever
// route caused it; to pin it on one, run that route alone with `-t`.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { api, type Answer, type Api, type Client } from '../support/client';
import { eventually, startTestStack, type TestStack } from '../support/stack';
import { diffDumps, dumpTable } from '../support/table-dump';

const RUNS = 1000;

// API.md's error table, written out again here rather than imported: the contract is the reference.
const STATUS_OF_CODE: Record<string, number> = {
  validation_failed: 400,
  unauthenticated: 401,
  role_not_allowed: 403,
  not_a_party: 403,
  not_the_asker: 403,
  not_found: 404,
  change_pending: 409,
  request_closed: 409,
  already_answered: 409,
  no_change: 422,
  unknown_account: 422,
  unpaid_invoices: 422,
  invalid_token: 422,
  too_many_attempts: 429,
  // The transport's own answers: a route asked with another method, a body over API Gateway's limit.
  method_not_allowed: 405,
  payload_too_large: 413,
};

let stack: TestStack;
let http: Api;
let callers: Record<'aa' | 'bb' | 'zz' | 'yy', Client>;
let nics: string[];
let serviceIds: string[];
let openId: string;
let closedId: string;
let realCodes: string[];

beforeAll(async () => {
  stack = await startTestStack();
  http = api(stack.apiUrl);
  const w = await stack.seed({
    accounts: { aa: { language: 'fi' }, bb: {}, zz: {}, yy: { unpaidInvoices: 2 } },
    services: {
      web: { contacts: { admin: 'aa', tech: 'zz', billing: 'aa' } },
      other: { contacts: { admin: 'aa', tech: 'zz', billing: 'aa' } },
    },
  });
  nics = ['aa', 'bb', 'zz', 'yy'].map(w.nic);
  serviceIds = [w.serviceId('web'), w.serviceId('other')];
  const [aa, bb, zz, yy] = await Promise.all(['aa', 'bb', 'zz', 'yy'].map((n) => http.as(w.nic(n))));
  callers = { aa: aa!, bb: bb!, zz: zz!, yy: yy! };
  const ask = async (serviceId: string) => {
    const { body } = await aa!.post(`/services/${serviceId}/contact-changes`, { tech: w.nic('bb') });
    const id: string = body.requests[0].id;
    return { id, codes: [await stack.code(w.email('aa'), id), await stack.code(w.email('bb'), id)] };
  };
  const open = await ask(w.serviceId('web'));
  const closed = await ask(w.serviceId('other'));
  await aa!.post(`/contact-changes/${closed.id}/cancel`);
  for (const who of [aa!, bb!]) {
    for (let i = 0; i < 5; i++) await who.post(`/contact-changes/${open.id}/accept`, { token: 'WRONG-CODE' });
  }
  [openId, closedId, realCodes] = [open.id, closed.id, [...open.codes, ...closed.codes]];
  // At rest: only the open request's workflow is still waiting.
  await eventually(async () => (stack.workflow.running() === 1 ? true : undefined));
});
afterAll(async () => stack?.stop());

// ---- Generators -------------------------------------------------------------------------------

const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => s.isWellFormed()),
);
// Large enough to pass any field's bound many times over; API Gateway's 10 MB limit has its own test below.
const huge = fc.integer({ min: 10_000, max: 300_000 }).map((n) => 'x'.repeat(n));
const handleLike = fc.oneof(
  text,
  fc.stringMatching(/^\s?[a-zA-Z]{2}\d{1,12}-[oO][vV][hH]\s?$/),
  fc.constantFrom('', ' ', '-ovh', 'aa-ovh', 'AA1-OVH', 'aa1-ovh\n', 'aa1-ovh\u0000'),
);
const json = fc.jsonValue({ maxDepth: 3 });

/** A raw body and the content type it is labelled with. */
const bodyOf = (shaped: fc.Arbitrary<unknown>) =>
  fc.record({
    body: fc.oneof(
      { weight: 4, arbitrary: shaped.map((v) => JSON.stringify(v)) },
      { weight: 2, arbitrary: json.map((v) => JSON.stringify(v)) },
      { weight: 2, arbitrary: text },
      { weight: 1, arbitrary: huge.map((x) => `{"token":"${x}","email":"${x}","tech":"${x}"}`) },
      { weight: 1, arbitrary: fc.constant(undefined) },
    ),
    contentType: fc.oneof(
      { weight: 6, arbitrary: fc.constant('application/json') },
      {
        weight: 3,
        arbitrary: fc.constantFrom(
          'application/json; charset=utf-8',
          'application/problem+json',
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/xml',
        ),
      },
      { weight: 1, arbitrary: fc.stringMatching(/^[a-z]{1,10}\/[a-z+.-]{1,15}$/) },
    ),
  });

/** A path segment: real ids, UUIDs, garbage (URL-encoded), and raw escapes that may be malformed. */
const segment = (real: string[]) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...real) },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 4, arbitrary: text.map(encodeURIComponent) },
    { weight: 1, arbitrary: huge.map((x) => x.slice(0, 5000)) },
    { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9%._~-]{1,20}$/) },
  );

const garbage = fc.oneof(
  text,
  fc.integer().map(String),
  fc.double().map(String),
  fc.constantFrom('', '-1', '0', '1e2'),
);

const STATES = ['awaiting_confirmation', 'applying', 'done', 'refused', 'expired', 'failed', 'cancelled'];

/** What a list's real cursor holds (docs/data-model.md): its key names, and the partitions it may page. */
interface PagedList {
  keys: string[][];
  partitions: () => string[];
}
const accountPartitions = () => nics.map((n) => `ACCOUNT#${n}`);
const MY_SERVICES: PagedList = {
  keys: [['pk', 'sk'], ...['adminOf', 'techOf', 'billingOf'].map((index) => ['pk', 'sk', index])],
  partitions: accountPartitions,
};
const MY_CHANGES: PagedList = {
  keys: [
    ['pk', 'sk'],
    ['pk', 'sk', 'partyState'],
  ],
  partitions: () => [
    ...accountPartitions(),
    ...nics.flatMap((n) => STATES.map((state) => `ACCOUNT#${n}#${state}`)),
  ],
};
const HISTORY: PagedList = {
  keys: [['pk', 'sk']],
  partitions: () => serviceIds.map((id) => `SERVICE#${id}`),
};

/**
 * Cursors: garbage; base64url JSON of arbitrary key-ish objects; and forged ones shaped like the
 * list's own — its key names, a partition it may page — with the sort key anywhere at all.
 */
const cursorLike = (list: PagedList) => {
  const sortKey = fc.oneof(
    text,
    fc.constantFrom('SERVICE#', 'CHANGE#', 'HISTORY#', 'PROFILE', 'OPEN#tech', 'AAA', 'zzz', ''),
    fc.tuple(fc.constantFrom('SERVICE#', 'CHANGE#', 'HISTORY#'), text).map(([prefix, rest]) => prefix + rest),
    fc.string({ minLength: 1000, maxLength: 1500 }),
  );
  const partition = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...list.partitions()) },
    { weight: 1, arbitrary: text },
  );
  const forged = fc
    .constantFrom(...list.keys)
    .chain((names) =>
      fc
        .tuple(...names.map((name) => (name === 'sk' ? sortKey : partition)))
        .map((values) => Object.fromEntries(names.map((name, i) => [name, values[i]]))),
    );
  const loose = fc.dictionary(
    fc.constantFrom('pk', 'sk', 'partyState', 'adminOf', 'x'),
    fc.oneof(text, sortKey),
  );
  const encoded = (key: object) => Buffer.from(JSON.stringify(key)).toString('base64url');
  return fc.oneof(
    { weight: 1, arbitrary: garbage },
    { weight: 1, arbitrary: loose.map(encoded) },
    { weight: 3, arbitrary: forged.map(encoded) },
  );
};

/**
 * A query string of the paging parameters and the filters, each absent, garbage or valid. Valid ones
 * are the likelier, so that a garbage cursor or filter often comes alone and reaches the store.
 */
const query = (list: PagedList = HISTORY) => {
  const validOrNot = (valid: fc.Arbitrary<string>) =>
    fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: garbage });
  return fc
    .record(
      {
        limit: validOrNot(fc.integer({ min: 1, max: 100 }).map(String)),
        cursor: cursorLike(list),
        role: validOrNot(fc.constantFrom('admin', 'tech', 'billing')),
        state: validOrNot(fc.constantFrom(...STATES)),
        token: garbage,
      },
      { requiredKeys: [] },
    )
    .map((params) => {
      const search = new URLSearchParams(params as Record<string, string>).toString();
      return search ? `?${search}` : '';
    });
};

interface Caller {
  name: string;
  client: Client;
}

/** Who calls: one of the seeded accounts, or someone with a missing or bad token. */
const caller = (): fc.Arbitrary<Caller> =>
  fc.oneof(
    {
      weight: 8,
      arbitrary: fc.constantFrom(...Object.entries(callers)).map(([name, client]) => ({ name, client })),
    },
    {
      weight: 1,
      arbitrary: fc
        .oneof(text, fc.constant('Bearer x.y.z'), fc.constant('Bearer '))
        .filter((value) => /^[\x20-\x7e]*$/.test(value))
        .map((value) => ({ name: 'bad token', client: http.withAuthorization(value) })),
    },
    { weight: 1, arbitrary: fc.constant({ name: 'no token', client: http as Client }) },
  );

/** The body parsed as JSON when it is an object, else undefined: what a handler could act on. */
function asObject(raw: string | undefined): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(raw ?? '');
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

const namesSeededAccount = (raw: string | undefined) =>
  ['admin', 'tech', 'billing'].some((role) => {
    const value = asObject(raw)?.[role];
    return typeof value === 'string' && nics.includes(value.trim().toLowerCase());
  });

// ---- The property -----------------------------------------------------------------------------

/** No 5xx; an error is a problem document whose code and status agree with API.md (or an HTML page). */
function checkAnswer(answer: Answer, { html = false } = {}) {
  const show = () =>
    `${answer.status} ${answer.headers.get('content-type')} ${String(JSON.stringify(answer.body)).slice(0, 300)}`;
  if (answer.status >= 500) throw new Error(`5xx: ${show()}`);
  if (answer.status < 400) return;
  const type = answer.headers.get('content-type') ?? '';
  if (html && type.startsWith('text/html')) return;
  if (type !== 'application/problem+json') throw new Error(`an error without a problem document: ${show()}`);
  const { type: uri, title, status, detail, code, errors } = answer.body ?? {};
  if (typeof uri !== 'string' || typeof title !== 'string' || typeof detail !== 'string')
    throw new Error(`not an RFC 9457 document: ${show()}`);
  if (status !== answer.status || STATUS_OF_CODE[code] !== answer.status)
    throw new Error(`code and status disagree with API.md: ${show()}`);
  const fieldProblem = (e: { path?: unknown; message?: unknown }) =>
    typeof e?.path === 'string' && typeof e?.message === 'string';
  if (errors !== undefined && !(Array.isArray(errors) && errors.every(fieldProblem)))
    throw new Error(`malformed field problems: ${show()}`);
}

/** One generated request, printed readably when fast-check reports a counterexample. */
interface Call {
  who: Caller;
  method: string;
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

const call = (c: Call): Call =>
  Object.assign(c, {
    [fc.toStringMethod]: () =>
      `${c.who.name}: ${c.method} ${c.path.slice(0, 500)} ${JSON.stringify(c.headers ?? {})} ${c.body?.slice(0, 500) ?? ''}`,
  });

const send = ({ who, method, path, body, headers }: Call) => who.client.raw(method, path, body, headers);

interface Endpoint {
  name: string;
  html?: boolean;
  /** Built when the test runs, once the world's ids, codes and callers exist. */
  calls: () => fc.Arbitrary<Call>;
}

const anonymous = (): Caller => ({ name: 'anonymous', client: http });
const labelled = (b: { body: string | undefined; contentType: string }) => ({
  body: b.body,
  headers: { 'content-type': b.contentType },
});
const get = (path: string, list?: PagedList) =>
  fc.tuple(caller(), query(list)).map(([who, q]) => call({ who, method: 'GET', path: `${path}${q}` }));
const requestIds = () => segment([openId, closedId]);

const endpoints: Endpoint[] = [
  {
    name: 'GET /health',
    calls: () => query().map((q) => call({ who: anonymous(), method: 'GET', path: `/health${q}` })),
  },
  {
    name: 'GET /openapi.json',
    calls: () => query().map((q) => call({ who: anonymous(), method: 'GET', path: `/openapi.json${q}` })),
  },
  { name: 'GET /me', calls: () => get('/me') },
  {
    name: 'PUT /me/email',
    calls: () =>
      fc
        .tuple(caller(), bodyOf(fc.record({ email: text }, { requiredKeys: [] })))
        // An address-like email would change the account: the one legitimate write of this route.
        .filter(([, b]) => !String(asObject(b.body)?.email ?? '').includes('@'))
        .map(([who, b]) => call({ who, method: 'PUT', path: '/me/email', ...labelled(b) })),
  },
  { name: 'GET /me/services', calls: () => get('/me/services', MY_SERVICES) },
  { name: 'GET /me/contact-changes', calls: () => get('/me/contact-changes', MY_CHANGES) },
  {
    name: 'GET /services/{serviceId}',
    calls: () =>
      fc
        .tuple(caller(), segment(serviceIds))
        .map(([who, s]) => call({ who, method: 'GET', path: `/services/${s}` })),
  },
  {
    name: 'GET /services/{serviceId}/history',
    calls: () =>
      fc
        .tuple(caller(), segment(serviceIds), query(HISTORY))
        .map(([who, s, q]) => call({ who, method: 'GET', path: `/services/${s}/history${q}` })),
  },
  {
    name: 'POST /services/{serviceId}/contact-changes',
    calls: () =>
      fc
        .tuple(
          caller(),
          segment(serviceIds),
          bodyOf(
            fc.record(
              { admin: handleLike, tech: handleLike, billing: handleLike, extra: text },
              { requiredKeys: [] },
            ),
          ),
          fc.option(
            fc
              .oneof(
                text,
                huge.map((x) => x.slice(0, 300)),
              )
              .filter((key) => /^[\x21-\x7e]+$/.test(key)),
          ),
        )
        // Naming a seeded account could make a valid request, which writes: never sent.
        .filter(([, , b]) => !namesSeededAccount(b.body))
        .map(([who, s, b, key]) => {
          const { body, headers } = labelled(b);
          const idempotency: Record<string, string> = key === null ? {} : { 'idempotency-key': key };
          return call({
            who,
            method: 'POST',
            path: `/services/${s}/contact-changes`,
            body,
            headers: { ...headers, ...idempotency },
          });
        }),
  },
  {
    name: 'GET /contact-changes/{id}',
    calls: () =>
      fc
        .tuple(caller(), requestIds())
        .map(([who, i]) => call({ who, method: 'GET', path: `/contact-changes/${i}` })),
  },
  ...(['accept', 'refuse'] as const).map((decision) => ({
    name: `POST /contact-changes/{id}/${decision}`,
    calls: () =>
      fc
        .tuple(
          caller(),
          requestIds(),
          bodyOf(fc.record({ token: fc.oneof(text, fc.constantFrom(...realCodes)) })),
        )
        .map(([who, i, b]) =>
          call({ who, method: 'POST', path: `/contact-changes/${i}/${decision}`, ...labelled(b) }),
        ),
  })),
  ...(['cancel', 'resend'] as const).map((action) => ({
    name: `POST /contact-changes/{id}/${action}`,
    calls: () =>
      fc
        .tuple(
          caller(),
          requestIds(),
          bodyOf(fc.record({ onlyMe: fc.oneof(fc.boolean(), json) }, { requiredKeys: [] })),
        )
        // aa or bb on the open request would cancel it or mail new codes: the legitimate writes here.
        .filter(([who, i]) => !(i === openId && ['aa', 'bb'].includes(who.name)))
        .map(([who, i, b]) =>
          call({ who, method: 'POST', path: `/contact-changes/${i}/${action}`, ...labelled(b) }),
        ),
  })),
  {
    name: 'GET /confirm/{id}',
    html: true,
    calls: () =>
      fc
        .tuple(
          requestIds(),
          fc.oneof(
            query(),
            fc.constantFrom(...realCodes).map((code) => `?token=${encodeURIComponent(code)}`),
          ),
        )
        .map(([i, q]) => call({ who: anonymous(), method: 'GET', path: `/confirm/${i}${q}` })),
  },
  {
    name: 'POST /confirm/{id}',
    html: true,
    calls: () =>
      fc
        .tuple(
          requestIds(),
          fc.record(
            {
              token: fc.oneof(text, fc.constantFrom(...realCodes)),
              decision: fc.oneof(text, fc.constantFrom('accept', 'refuse', 'ACCEPT', 'accept ')),
            },
            { requiredKeys: [] },
          ),
          fc.constantFrom('application/x-www-form-urlencoded', 'application/json', 'text/plain'),
        )
        // A real code with a real decision is an answer: the one legitimate write of this route.
        .filter(
          ([, form]) =>
            !(realCodes.includes(form.token ?? '') && ['accept', 'refuse'].includes(form.decision ?? '')),
        )
        .map(([i, form, type]) =>
          call({
            who: anonymous(),
            method: 'POST',
            path: `/confirm/${i}`,
            body: type === 'application/json' ? JSON.stringify(form) : new URLSearchParams(form).toString(),
            headers: { 'content-type': type },
          }),
        ),
  },
];

describe.concurrent('every route, 1,000 generated requests each', () => {
  const timeout = 150_000; // 1,000 requests over loopback, next to four other routes' runs
  it.for(endpoints)(
    '$name: no 5xx, only problem documents, nothing written',
    { timeout },
    async ({ calls, html }, { expect }) => {
      const before = await dumpTable(stack.dynamodbEndpoint, stack.tableName);
      await fc.assert(
        fc.asyncProperty(calls(), async (c) => checkAnswer(await send(c), { html })),
        { numRuns: RUNS },
      );
      const after = await dumpTable(stack.dynamodbEndpoint, stack.tableName);
      expect(diffDumps(before, after)).toEqual([]);
    },
  );

  it('a body over 10 MB is 413 payload_too_large on every route that takes a body', async ({ expect }) => {
    const tooLarge = 'x'.repeat(10 * 1024 * 1024 + 1);
    const paths = [
      ['PUT', '/me/email'],
      ['POST', `/services/${serviceIds[0]}/contact-changes`],
      ...['accept', 'refuse', 'cancel', 'resend'].map((action) => [
        'POST',
        `/contact-changes/${closedId}/${action}`,
      ]),
      ['POST', `/confirm/${closedId}`],
    ] as const;
    for (const [method, path] of paths) {
      const answer = await callers.yy.raw(method, path, tooLarge, { 'content-type': 'application/json' });
      checkAnswer(answer);
      expect([answer.status, answer.body.code]).toEqual([413, 'payload_too_large']);
    }
  });
});
