// Who may do what to one open request and its service, over HTTP: every caller role against every
// endpoint, as a table to check against API.md and DESIGN.md line by line.
//
// The world: aa was admin and billing of `web`, zz its tech contact. aa asked to make bb the tech
// contact (the request R: aa and bb confirm, zz — losing every role — is told); then the admin role
// went to nn. So for R: aa is the asker (and a confirmer, holding billing only now), bb the other
// confirmer, zz is told, nn is the current admin and no party, yy a stranger; "none" has no token.
//
// A cell reads `<status>` or `<status> <code>`; lists add `+` when R (or the service) is listed and
// `-` when it is not. Confirmers answer with their own code; everyone else tries bb's. Cells that
// succeed and write get a world of their own; every other cell runs in one shared world, which they
// leave as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type Answer, type Api, type Client } from '../support/client';
import { checkAnswer } from '../support/contract';
import { startTestStack, type TestStack, type World } from '../support/stack';

let stack: TestStack;
let http: Api;
let shared: Ctx;
beforeAll(async () => {
  stack = await startTestStack();
  http = api(stack.apiUrl);
  shared = await world();
});
afterAll(async () => stack?.stop());

const ROLES = ['asker', 'confirmer', 'told', 'admin', 'stranger', 'none'] as const;
type CallerRole = (typeof ROLES)[number];
const ACCOUNT: Record<Exclude<CallerRole, 'none'>, string> = {
  asker: 'aa',
  confirmer: 'bb',
  told: 'zz',
  admin: 'nn',
  stranger: 'yy',
};

interface Ctx {
  w: World;
  id: string;
  serviceId: string;
  codes: { aa: string; bb: string };
  as: Record<CallerRole, Client>;
}

async function world(): Promise<Ctx> {
  const w = await stack.seed({
    accounts: { aa: {}, bb: {}, zz: {}, nn: {}, yy: {} },
    services: { web: { contacts: { admin: 'aa', tech: 'zz', billing: 'aa' } } },
  });
  const clients = await Promise.all(Object.values(ACCOUNT).map((name) => http.as(w.nic(name))));
  const as = Object.fromEntries([
    ...Object.keys(ACCOUNT).map((role, i) => [role, clients[i]!]),
    ['none', http],
  ]) as Record<CallerRole, Client>;
  const serviceId = w.serviceId('web');
  const created = await as.asker.post(`/services/${serviceId}/contact-changes`, { tech: w.nic('bb') });
  expect(created.status).toBe(202);
  const id: string = created.body.requests[0].id;
  const codes = { aa: await stack.code(w.email('aa'), id), bb: await stack.code(w.email('bb'), id) };
  await w.reload({ web: { contacts: { admin: 'nn', tech: 'zz', billing: 'aa' } } });
  return { w, id, serviceId, codes, as };
}

const ownCode = (c: Ctx, role: CallerRole) => (role === 'asker' ? c.codes.aa : c.codes.bb);
const form = (c: Ctx, role: CallerRole) =>
  http.raw(
    'POST',
    `/confirm/${c.id}`,
    new URLSearchParams({
      token: ['asker', 'confirmer'].includes(role) ? ownCode(c, role) : '',
      decision: 'accept',
    }).toString(),
    { 'content-type': 'application/x-www-form-urlencoded' },
  );

interface Row {
  endpoint: string;
  call: (c: Ctx, as: Client, role: CallerRole) => Promise<Answer>;
  /** Whether R (or the service) is in a 2xx list: the `+` / `-` of a cell. */
  listed?: (answer: Answer, c: Ctx) => boolean;
  /** A 2xx of this row writes: such cells run in a world of their own. */
  writes?: boolean;
  cells: Record<CallerRole, string>;
}

const cells = (...values: string[]) =>
  Object.fromEntries(ROLES.map((role, i) => [role, values[i]!])) as Record<CallerRole, string>;

// prettier-ignore
const MATRIX: Row[] = [
  //                                                                                asker                  confirmer            told                   admin                  stranger        none
  { endpoint: 'GET /contact-changes/{id}', call: (c, as) => as.get(`/contact-changes/${c.id}`),
    cells: cells('200',                  '200',               '200',                 '200',                 '404 not_found', '401 unauthenticated') },
  { endpoint: 'POST /contact-changes/{id}/accept', writes: true,
    call: (c, as, role) => as.post(`/contact-changes/${c.id}/accept`, { token: ownCode(c, role) }),
    cells: cells('200',                  '200',               '403 not_a_party',     '403 not_a_party',     '404 not_found', '401 unauthenticated') },
  { endpoint: 'POST /contact-changes/{id}/refuse', writes: true,
    call: (c, as, role) => as.post(`/contact-changes/${c.id}/refuse`, { token: ownCode(c, role) }),
    cells: cells('200',                  '200',               '403 not_a_party',     '403 not_a_party',     '404 not_found', '401 unauthenticated') },
  { endpoint: 'POST /contact-changes/{id}/cancel', writes: true, call: (c, as) => as.post(`/contact-changes/${c.id}/cancel`),
    cells: cells('200',                  '403 not_the_asker', '403 not_the_asker',   '200',                 '404 not_found', '401 unauthenticated') },
  { endpoint: 'POST /contact-changes/{id}/resend', writes: true, call: (c, as) => as.post(`/contact-changes/${c.id}/resend`),
    cells: cells('202',                  '202',               '403 not_a_party',     '403 not_a_party',     '404 not_found', '401 unauthenticated') },
  { endpoint: 'POST /contact-changes/{id}/resend {onlyMe}', writes: true,
    call: (c, as) => as.post(`/contact-changes/${c.id}/resend`, { onlyMe: true }),
    cells: cells('202',                  '202',               '403 not_a_party',     '403 not_a_party',     '404 not_found', '401 unauthenticated') },
  { endpoint: 'GET /services/{serviceId}', call: (c, as) => as.get(`/services/${c.serviceId}`),
    cells: cells('200',                  '404 not_found',     '200',                 '200',                 '404 not_found', '401 unauthenticated') },
  { endpoint: 'GET /services/{serviceId}/history', call: (c, as) => as.get(`/services/${c.serviceId}/history`),
    cells: cells('200',                  '404 not_found',     '200',                 '200',                 '404 not_found', '401 unauthenticated') },
  { endpoint: 'POST /services/{serviceId}/contact-changes {tech}', writes: true,
    call: (c, as) => as.post(`/services/${c.serviceId}/contact-changes`, { tech: c.w.nic('yy') }),
    cells: cells('403 role_not_allowed', '404 not_found',     '409 change_pending',  '409 change_pending',  '404 not_found', '401 unauthenticated') },
  { endpoint: 'POST /services/{serviceId}/contact-changes {billing}', writes: true,
    call: (c, as) => as.post(`/services/${c.serviceId}/contact-changes`, { billing: c.w.nic('yy') }),
    cells: cells('202',                  '404 not_found',     '403 role_not_allowed', '202',                '404 not_found', '401 unauthenticated') },
  { endpoint: 'GET /me', call: (_, as) => as.get('/me'),
    cells: cells('200',                  '200',               '200',                 '200',                 '200',           '401 unauthenticated') },
  { endpoint: 'PUT /me/email', writes: true, call: (c, as) => as.put('/me/email', { email: `new.${c.w.email('yy')}` }),
    cells: cells('202',                  '202',               '202',                 '202',                 '202',           '401 unauthenticated') },
  { endpoint: 'POST /me/email/confirm (nothing started)', call: (_, as) => as.post('/me/email/confirm', { token: 'AAAA-BBBB' }),
    cells: cells('409 nothing_pending',  '409 nothing_pending', '409 nothing_pending', '409 nothing_pending', '409 nothing_pending', '401 unauthenticated') },
  { endpoint: 'GET /me/services', call: (_, as) => as.get('/me/services'),
    listed: (a, c) => a.body.items.some((s: { serviceId: string }) => s.serviceId === c.serviceId),
    cells: cells('200 +',                '200 -',             '200 +',               '200 +',               '200 -',         '401 unauthenticated') },
  { endpoint: 'GET /me/contact-changes', call: (_, as) => as.get('/me/contact-changes'),
    listed: (a, c) => a.body.items.some((r: { id: string }) => r.id === c.id),
    cells: cells('200 +',                '200 +',             '200 +',               '200 -',               '200 -',         '401 unauthenticated') },
  // The emailed page has no sign-in: the code is the proof. Only confirmers hold one; the others open
  // the link bare, and get the page that asks for a code and shows nothing of the request.
  { endpoint: 'GET /confirm/{id}?token=', call: (c, _, role) =>
      http.get(`/confirm/${c.id}?token=${['asker', 'confirmer'].includes(role) ? encodeURIComponent(ownCode(c, role)) : ''}`),
    cells: cells('200',                  '200',               '200',                 '200',                 '200',           '200') },
  { endpoint: 'POST /confirm/{id}', writes: true, call: (c, _, role) => form(c, role),
    cells: cells('200',                  '200',               '422',                 '422',                 '422',           '422') },
];

/** A cell as the answer shows it. */
function cellOf(row: Row, answer: Answer, c: Ctx): string {
  checkAnswer(answer, { html: true });
  if (answer.status < 300 && row.listed) return `${answer.status} ${row.listed(answer, c) ? '+' : '-'}`;
  const code = typeof answer.body === 'object' ? answer.body?.code : undefined;
  return code ? `${answer.status} ${code}` : String(answer.status);
}

const succeeds = (cell: string) => /^2/.test(cell);
const ownWorld = (row: Row, role: CallerRole) => Boolean(row.writes) && succeeds(row.cells[role]);

describe('the authorization matrix', () => {
  it.each(MATRIX)('$endpoint, for every caller that changes nothing', async (row) => {
    const roles = ROLES.filter((role) => !ownWorld(row, role));
    const seen: Record<string, string> = {};
    for (const role of roles) seen[role] = cellOf(row, await row.call(shared, shared.as[role], role), shared);
    expect(seen).toEqual(Object.fromEntries(roles.map((role) => [role, row.cells[role]])));
  });

  it('the shared world is as it was: R still waits for both confirmers', async () => {
    const r = await shared.as.asker.get(`/contact-changes/${shared.id}`);
    expect(r.body.state).toBe('awaiting_confirmation');
    expect(r.body.confirmations.map((c: { status: string }) => c.status)).toEqual(['pending', 'pending']);
  });

  const writers = MATRIX.flatMap((row) =>
    ROLES.filter((role) => ownWorld(row, role)).map((role) => ({
      row,
      role,
      name: `${row.endpoint} by the ${role}`,
    })),
  );
  it.concurrent.each(writers)('$name', async ({ row, role }) => {
    const c = await world();
    const answer = await row.call(c, c.as[role], role);
    expect(cellOf(row, answer, c)).toBe(row.cells[role]);
    if (row.endpoint.startsWith('POST /contact-changes/')) expect(answer.body.id).toBe(c.id);
  });
});
