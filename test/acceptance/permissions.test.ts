// Every row of DESIGN.md's "Who may ask for what", end to end over HTTP as a client would do it:
// ask, read the codes from the mailbox, accept, and see the service, its history and each
// contact's list of services afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmLinkIn, type StoredEmail } from '../../infra/local/ses-local';
import { api, type Api, type Client } from '../support/client';
import { eventually, startTestStack, type TestStack, type World } from '../support/stack';

let stack: TestStack;
let http: Api;
beforeAll(async () => {
  stack = await startTestStack();
  http = api(stack.apiUrl);
});
afterAll(async () => stack?.stop());

type Contacts = { admin: string; tech: string; billing: string };

/** aa reads Finnish; everyone else English. */
const seed = (contacts: Contacts) =>
  stack.seed({
    accounts: { aa: { language: 'fi' }, bb: {}, yy: {}, zz: {} },
    services: { web: { contacts } },
  });

const codeEmails = async (w: World, name: string, id: string) =>
  (await stack.emailsTo(w.email(name))).filter((e: StoredEmail) => confirmLinkIn(e, id) !== undefined);

/** Each confirmer got exactly one code email for the request, in their language, with the link. */
async function expectOneCodeEmailEach(w: World, id: string, confirmers: string[]) {
  for (const name of confirmers) await stack.code(w.email(name), id);
  for (const name of confirmers) {
    const emails = await codeEmails(w, name, id);
    expect(emails, `code emails to ${name}`).toHaveLength(1);
    const [email] = emails as [StoredEmail];
    expect(email.subject).toMatch(
      name === 'aa' ? /^Vahvista pyytämäsi yhteyshenkilön vaihto/ : /^Please confirm/,
    );
    const { link, code } = confirmLinkIn(email, id)!;
    expect(link).toBe(`${stack.apiUrl}/confirm/${id}?token=${encodeURIComponent(code)}`);
    expect(email.body.text).toContain(code);
  }
}

const waitFor = (as: Client, id: string, state: string) =>
  eventually(async () => {
    const { body } = await as.get(`/contact-changes/${id}`);
    return body.state === state ? body : undefined;
  });

interface Row {
  scenario: string;
  contacts: Contacts;
  asker: string;
  body: Partial<Contacts>;
  roles: string[];
  from: string;
  to: string;
  confirmers: string[];
  notified: string[];
  after: Contacts;
  /** Each account's roles on the service afterwards (absent: the service is not among theirs). */
  myRolesAfter: Record<string, string[]>;
}

const EVERY_ROLE = ['admin', 'tech', 'billing'];

// The table of DESIGN.md, row by row (accounts by name: aa, bb, yy, zz).
const rows: Row[] = [
  {
    scenario: 'admin names a new tech and billing contact; the old one loses all rights and is told',
    contacts: { admin: 'aa', tech: 'zz', billing: 'zz' },
    asker: 'aa',
    body: { tech: 'bb', billing: 'bb' },
    roles: ['tech', 'billing'],
    from: 'zz',
    to: 'bb',
    confirmers: ['aa', 'bb'],
    notified: ['zz'],
    after: { admin: 'aa', tech: 'bb', billing: 'bb' },
    myRolesAfter: { aa: ['admin'], bb: ['tech', 'billing'], zz: [] },
  },
  {
    scenario: 'admin names a new tech contact; the old one keeps billing and is not told',
    contacts: { admin: 'aa', tech: 'zz', billing: 'zz' },
    asker: 'aa',
    body: { tech: 'bb' },
    roles: ['tech'],
    from: 'zz',
    to: 'bb',
    confirmers: ['aa', 'bb'],
    notified: [],
    after: { admin: 'aa', tech: 'bb', billing: 'zz' },
    myRolesAfter: { aa: ['admin'], bb: ['tech'], zz: ['billing'] },
  },
  {
    scenario: 'admin takes tech and billing over: the admin alone confirms, the old contact is told',
    contacts: { admin: 'aa', tech: 'zz', billing: 'zz' },
    asker: 'aa',
    body: { tech: 'aa', billing: 'aa' },
    roles: ['tech', 'billing'],
    from: 'zz',
    to: 'aa',
    confirmers: ['aa'],
    notified: ['zz'],
    after: { admin: 'aa', tech: 'aa', billing: 'aa' },
    myRolesAfter: { aa: EVERY_ROLE, zz: [] },
  },
  {
    scenario: 'admin names a new admin in their own place and keeps tech and billing',
    contacts: { admin: 'aa', tech: 'aa', billing: 'aa' },
    asker: 'aa',
    body: { admin: 'bb' },
    roles: ['admin'],
    from: 'aa',
    to: 'bb',
    confirmers: ['aa', 'bb'],
    notified: [],
    after: { admin: 'bb', tech: 'aa', billing: 'aa' },
    myRolesAfter: { aa: ['tech', 'billing'], bb: ['admin'] },
  },
  {
    scenario: 'tech names another tech contact in their own place',
    contacts: { admin: 'aa', tech: 'zz', billing: 'aa' },
    asker: 'zz',
    body: { tech: 'bb' },
    roles: ['tech'],
    from: 'zz',
    to: 'bb',
    confirmers: ['zz', 'bb'],
    notified: [],
    after: { admin: 'aa', tech: 'bb', billing: 'aa' },
    myRolesAfter: { zz: [], bb: ['tech'], aa: ['admin', 'billing'] },
  },
  {
    scenario: 'billing names another billing contact in their own place',
    contacts: { admin: 'aa', tech: 'aa', billing: 'yy' },
    asker: 'yy',
    body: { billing: 'bb' },
    roles: ['billing'],
    from: 'yy',
    to: 'bb',
    confirmers: ['yy', 'bb'],
    notified: [],
    after: { admin: 'aa', tech: 'aa', billing: 'bb' },
    myRolesAfter: { yy: [], bb: ['billing'], aa: ['admin', 'tech'] },
  },
];

/** What a holder of these roles may ask to change (API.md, `editableRoles`). */
const editable = (roles: string[]) => (roles.includes('admin') ? EVERY_ROLE : roles);

describe('who may ask for what, end to end over HTTP', () => {
  it.each(rows)('$scenario', async (row) => {
    const w = await seed(row.contacts);
    const nic = (names: string[]) => names.map(w.nic);
    const named = (contacts: Partial<Contacts>) =>
      Object.fromEntries(Object.entries(contacts).map(([role, name]) => [role, w.nic(name)]));
    const serviceId = w.serviceId('web');
    const asker = await http.as(w.nic(row.asker));

    const created = await asker.post(`/services/${serviceId}/contact-changes`, named(row.body));
    expect(created.status).toBe(202);
    expect(created.body.requests).toHaveLength(1);
    const request = created.body.requests[0];
    expect(request).toMatchObject({
      serviceId,
      roles: row.roles,
      from: w.nic(row.from),
      to: w.nic(row.to),
      askedBy: w.nic(row.asker),
      state: 'awaiting_confirmation',
      confirmations: row.confirmers.map((name) => ({ nic: w.nic(name), status: 'pending' })),
      notified: nic(row.notified),
      completedAt: null,
      reason: null,
      message: `Waiting for the confirmation of ${nic(row.confirmers).join(' and ')}.`,
    });
    for (const name of row.confirmers) expect(created.body.message).toContain(w.nic(name));
    await expectOneCodeEmailEach(w, request.id, row.confirmers);
    for (const name of row.notified) expect(await codeEmails(w, name, request.id)).toEqual([]);

    // Confirmers accept one by one; until the last, the request names who it still waits for.
    for (const [i, name] of row.confirmers.entries()) {
      const confirmer = await http.as(w.nic(name));
      const token = await stack.code(w.email(name), request.id);
      const accepted = await confirmer.post(`/contact-changes/${request.id}/accept`, { token });
      expect(accepted.status).toBe(200);
      const waiting = row.confirmers.slice(i + 1);
      if (waiting.length > 0) {
        expect(accepted.body.state).toBe('awaiting_confirmation');
        expect(accepted.body.message).toBe(`Waiting for the confirmation of ${nic(waiting).join(' and ')}.`);
        expect(accepted.body.confirmations.find((c: { nic: string }) => c.nic === w.nic(name))).toMatchObject(
          {
            status: 'accepted',
            at: expect.any(String),
          },
        );
      }
    }

    const done = await waitFor(asker, request.id, 'done');
    expect(done.completedAt).toEqual(expect.any(String));
    expect(done.confirmations.every((c: { status: string }) => c.status === 'accepted')).toBe(true);
    expect(done.notified).toEqual(nic(row.notified));

    // The asker may hold no role any more: read the service as its admin.
    const admin = await http.as(w.nic(row.after.admin));
    const service = await admin.get(`/services/${serviceId}`);
    expect(service.status).toBe(200);
    expect(service.body.contacts).toEqual(named(row.after));

    const history = await admin.get(`/services/${serviceId}/history`);
    expect(history.body.items.map((r: { id: string; state: string }) => [r.id, r.state])).toEqual([
      [request.id, 'done'],
    ]);

    for (const [name, roles] of Object.entries(row.myRolesAfter)) {
      const mine = await http.as(w.nic(name)).then((c) => c.get('/me/services'));
      const listed = mine.body.items.find((s: { serviceId: string }) => s.serviceId === serviceId);
      if (roles.length === 0) {
        expect(listed, `${name} holds no role any more`).toBeUndefined();
        const gone = await http.as(w.nic(name)).then((c) => c.get(`/services/${serviceId}`));
        expect(gone.status).toBe(404);
      } else {
        expect(listed, `${name}'s services`).toMatchObject({
          contacts: named(row.after),
          myRoles: roles,
          editableRoles: editable(roles),
        });
      }
    }
  });
});
