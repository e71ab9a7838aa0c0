// The attacks of issue "Hardening", replayed over HTTP against the local stack the way they were
// first made: a stolen session moving the codes to the thief's inbox, a request completing after its
// asker lost the right to ask it, and a Kelvin sign (U+212A) that folds to a "k" and names someone
// else's account — in a body, a path, a fixtures file and the token's `nic` claim.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTTP_ROUTES } from '../../functions/http/routes';
import { createLocalIssuer } from '../../infra/local/jwt';
import { startHttpServer } from '../../infra/local/http-server';
import { confirmLinkIn } from '../../infra/local/ses-local';
import { api, problemOf, type Api, type Client } from '../support/client';
import { eventually, startTestStack, type TestStack, type World } from '../support/stack';
import { tableReader, type TableReader } from '../support/table-check';

let stack: TestStack;
let http: Api;
let table: TableReader;
beforeAll(async () => {
  stack = await startTestStack();
  http = api(stack.apiUrl);
  table = tableReader(stack.dynamodbEndpoint, stack.tableName);
});
afterAll(async () => {
  table?.close();
  await stack?.stop();
});

const KELVIN = '\u212A';
const problem = (status: number, code: string) => ({ status, code, contentType: 'application/problem+json' });

const stateOnceEnded = (as: Client, id: string) =>
  eventually(async () => {
    const { body } = await as.get(`/contact-changes/${id}`);
    return ['awaiting_confirmation', 'applying'].includes(body.state) ? undefined : body;
  });

const codeEmailsFor = async (address: string, id: string) =>
  (await stack.emailsTo(address)).filter((e) => confirmLinkIn(e)?.requestId === id);

describe('a stolen session', () => {
  it("cannot route the victim's codes to the thief: a new admin for the thief is never confirmed", async () => {
    const w = await stack.seed({
      accounts: { vv: {}, xx: {} },
      services: { web: { contacts: { admin: 'vv', tech: 'vv', billing: 'vv' } } },
    });
    const serviceId = w.serviceId('web');
    const stolen = await http.as(w.nic('vv')); // the victim's session, in the thief's hands
    const thief = await http.as(w.nic('xx')); // the thief's own account
    const thiefsInbox = `inbox.${w.email('xx')}`;

    // 1. The address of the victim's account, to one the thief reads: only started, not changed.
    const started = await stolen.put('/me/email', { email: thiefsInbox });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ email: w.email('vv'), pendingEmail: thiefsInbox });
    const warning = await stack.email(w.email('vv'), (e) => /change of the email address/.test(e.subject));
    expect(warning.body.text).toContain(thiefsInbox);

    // 2. A new admin: the thief's own account.
    const asked = await stolen.post(`/services/${serviceId}/contact-changes`, { admin: w.nic('xx') });
    expect(asked.status).toBe(202);
    const id: string = asked.body.requests[0].id;
    expect(asked.body.requests[0].confirmations.map((c: { nic: string }) => c.nic)).toEqual([
      w.nic('vv'),
      w.nic('xx'),
    ]);

    // The victim's code goes to the victim's verified address, and nothing of it to the thief's inbox.
    const victimsCode = await stack.code(w.email('vv'), id);
    const stolenMail = async () =>
      (await stack.emailsTo(thiefsInbox)).map((e) => e.body.text ?? '').join('\n');
    expect(await codeEmailsFor(thiefsInbox, id)).toEqual([]);
    expect(await stolenMail()).not.toContain(victimsCode);

    // 3. The thief accepts as themself…
    const thiefsCode = await stack.code(w.email('xx'), id);
    expect((await thief.post(`/contact-changes/${id}/accept`, { token: thiefsCode })).status).toBe(200);
    // …and a resend through the stolen session sends the victim's fresh code to the victim again.
    expect((await stolen.post(`/contact-changes/${id}/resend`, { onlyMe: true })).status).toBe(202);
    const fresh = await eventually(async () => {
      const code = await stack.code(w.email('vv'), id);
      return code !== victimsCode ? code : undefined;
    });
    expect(await codeEmailsFor(thiefsInbox, id)).toEqual([]);
    expect(await stolenMail()).not.toContain(fresh);

    // 4. For the victim the thief can only guess — the address-change code from their own inbox
    //    included — and five guesses lock the victim's answer altogether.
    const guesses = [
      await stack.emailChangeCode(thiefsInbox),
      thiefsCode,
      'AAAA-BBBB',
      'CCCC-DDDD',
      'EEEE-FFFF',
    ];
    for (const token of guesses) {
      expect(problemOf(await stolen.post(`/contact-changes/${id}/accept`, { token }))).toEqual(
        problem(422, 'invalid_token'),
      );
    }
    expect(problemOf(await stolen.post(`/contact-changes/${id}/accept`, { token: fresh }))).toEqual(
      problem(429, 'too_many_attempts'),
    );

    // The victim, warned by email, withdraws the request; the service was never the thief's.
    const victim = await http.as(w.nic('vv'));
    expect((await victim.post(`/contact-changes/${id}/cancel`)).body.state).toBe('cancelled');
    const contacts = { admin: w.nic('vv'), tech: w.nic('vv'), billing: w.nic('vv') };
    expect((await victim.get(`/services/${serviceId}`)).body.contacts).toEqual(contacts);
    expect(problemOf(await thief.get(`/services/${serviceId}`))).toEqual(problem(404, 'not_found'));
    expect((await victim.get('/me')).body.email).toBe(w.email('vv'));
    expect(await table.problemsOf(id)).toEqual([]);
  });
});

describe('authority at apply (issue 10: ra1 asks tech → ra5, then admin → ra6)', () => {
  /** ra1 is admin and billing, zz the tech; ra1 asks R2 (tech → ra5), then R1 (admin → ra6), and R1 is done. */
  async function adminMovedAway() {
    const w = await stack.seed({
      accounts: { ra1: {}, ra5: {}, ra6: {}, zz: {}, yy: {} },
      services: { web: { contacts: { admin: 'ra1', tech: 'zz', billing: 'ra1' } } },
    });
    const serviceId = w.serviceId('web');
    const [ra1, ra5, ra6, zz, yy] = await Promise.all(
      ['ra1', 'ra5', 'ra6', 'zz', 'yy'].map((n) => http.as(w.nic(n))),
    );
    const ask = async (body: object) => {
      const answer = await ra1!.post(`/services/${serviceId}/contact-changes`, body);
      expect(answer.status).toBe(202);
      return answer.body.requests[0].id as string;
    };
    const r2 = await ask({ tech: w.nic('ra5') });
    const r1 = await ask({ admin: w.nic('ra6') });
    await accept(w, ra1!, 'ra1', r1);
    await accept(w, ra6!, 'ra6', r1);
    expect((await stateOnceEnded(ra1!, r1)).state).toBe('done');
    expect((await ra6!.get(`/services/${serviceId}`)).body.contacts.admin).toBe(w.nic('ra6'));
    return { w, serviceId, r1, r2, ra1: ra1!, ra5: ra5!, ra6: ra6!, zz: zz!, yy: yy! };
  }

  const accept = async (w: World, as: Client, name: string, id: string) => {
    const answer = await as.post(`/contact-changes/${id}/accept`, {
      token: await stack.code(w.email(name), id),
    });
    expect(answer.status).toBe(200);
    return answer;
  };

  it('the old request, accepted after its asker lost admin, ends failed with the reason, and nothing moves', async () => {
    const { w, serviceId, r2, ra1, ra5, ra6 } = await adminMovedAway();
    // The new admin, no party to R2, sees it; the tech role is taken by it meanwhile.
    expect((await ra6.get(`/contact-changes/${r2}`)).body).toMatchObject({ id: r2, askedBy: w.nic('ra1') });
    expect(
      problemOf(await ra6.post(`/services/${serviceId}/contact-changes`, { tech: w.nic('ra6') })),
    ).toEqual(problem(409, 'change_pending'));

    await accept(w, ra1, 'ra1', r2);
    await accept(w, ra5, 'ra5', r2);
    const ended = await stateOnceEnded(ra6, r2);
    expect(ended).toMatchObject({ state: 'failed', completedAt: expect.any(String) });
    expect(ended.reason).toBe(`${w.nic('ra1')} no longer holds a role that may change the tech contact.`);
    expect((await ra6.get(`/services/${serviceId}`)).body.contacts).toEqual({
      admin: w.nic('ra6'),
      tech: w.nic('zz'),
      billing: w.nic('ra1'),
    });
    const history = await ra6.get(`/services/${serviceId}/history`);
    expect(history.body.items.map((r: { id: string; state: string }) => [r.id, r.state])).toContainEqual([
      r2,
      'failed',
    ]);
    await stack.email(w.email('ra5'), (e) => /could not be made/.test(e.subject));
    expect(await table.problemsOf(r2)).toEqual([]);
    // The role is free again for the admin who holds the authority now.
    expect((await ra6.post(`/services/${serviceId}/contact-changes`, { tech: w.nic('ra6') })).status).toBe(
      202,
    );
  });

  it('the new admin may read and cancel the old request; the told and strangers may not cancel it', async () => {
    const { w, r2, ra1, ra5, ra6, zz, yy } = await adminMovedAway();
    expect(problemOf(await zz.post(`/contact-changes/${r2}/cancel`))).toEqual(problem(403, 'not_the_asker'));
    expect(problemOf(await ra5.post(`/contact-changes/${r2}/cancel`))).toEqual(problem(403, 'not_the_asker'));
    expect(problemOf(await yy.post(`/contact-changes/${r2}/cancel`))).toEqual(problem(404, 'not_found'));
    const cancelled = await ra6.post(`/contact-changes/${r2}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ id: r2, state: 'cancelled' });
    const token = await stack.code(w.email('ra5'), r2);
    expect(problemOf(await ra5.post(`/contact-changes/${r2}/accept`, { token }))).toEqual(
      problem(409, 'request_closed'),
    );
    await stack.email(w.email('ra1'), (e) => /was cancelled/.test(e.subject));
    await stack.email(w.email('ra5'), (e) => /was cancelled/.test(e.subject));
    expect((await ra1.get(`/contact-changes/${r2}`)).body.state).toBe('cancelled');
    expect(await table.problemsOf(r2)).toEqual([]);
  });
});

describe('a Kelvin sign is never folded into a handle', () => {
  /** ka's handle starts with a "k"; the same handle with a Kelvin sign must not reach it. */
  const seedKa = () =>
    stack.seed({
      accounts: { aa: {}, ka: {} },
      services: {
        web: { contacts: { admin: 'aa', tech: 'aa', billing: 'aa' } },
        ka: { contacts: { admin: 'aa', tech: 'aa', billing: 'aa' } },
      },
    });
  const kelvin = (w: World) => `${KELVIN}${w.nic('ka').slice(1)}`;

  it('in a body: 400 validation_failed for every role, and nothing is asked of ka', async () => {
    const w = await seedKa();
    const aa = await http.as(w.nic('aa'));
    for (const handle of [kelvin(w), kelvin(w).toUpperCase(), ` ${kelvin(w)} `]) {
      for (const role of ['admin', 'tech', 'billing']) {
        const answer = await aa.post(`/services/${w.serviceId('web')}/contact-changes`, { [role]: handle });
        expect(problemOf(answer)).toEqual(problem(400, 'validation_failed'));
        expect(answer.body.errors.map((e: { path: string }) => e.path)).toEqual([`body.${role}`]);
      }
    }
    expect(problemOf(await http.post('/_local/token', { nic: kelvin(w) }))).toEqual(
      problem(400, 'validation_failed'),
    );
    expect((await aa.get('/me/contact-changes')).body.items).toEqual([]);
    expect(await stack.emailsTo(w.email('ka'))).toEqual([]);
    // The same handle in ASCII, any case, does name ka.
    const ascii = await aa.post(`/services/${w.serviceId('web')}/contact-changes`, {
      tech: w.nic('ka').toUpperCase(),
    });
    expect(ascii.body.requests[0].to).toBe(w.nic('ka'));
  });

  it('in a path: a service id with a Kelvin sign is 400, not the service whose id has a "k"', async () => {
    const w = await seedKa();
    const aa = await http.as(w.nic('aa'));
    const folded = encodeURIComponent(`${KELVIN}${w.serviceId('ka').slice(1)}`);
    expect((await aa.get(`/services/${w.serviceId('ka')}`)).status).toBe(200);
    for (const answer of [
      await aa.get(`/services/${folded}`),
      await aa.get(`/services/${folded}/history`),
      await aa.post(`/services/${folded}/contact-changes`, { tech: w.nic('ka') }),
    ]) {
      expect(problemOf(answer)).toEqual(problem(400, 'validation_failed'));
    }
    expect((await aa.get('/me/contact-changes')).body.items).toEqual([]);
  });

  it('in a fixtures file: `npm run fixtures` refuses the whole file and writes nothing', async () => {
    const w = await seedKa();
    const folder = await mkdtemp(join(tmpdir(), 'kelvin-'));
    try {
      const file = join(folder, 'fixtures.json');
      const account = {
        nic: kelvin(w),
        email: 'thief@example.net',
        name: 'Not KA',
        language: 'en',
        unpaidInvoices: 0,
      };
      const other = {
        ...account,
        nic: `zz${w.nic('ka').slice(2)}`,
        email: 'other@example.net',
        name: 'Other',
      };
      await writeFile(file, JSON.stringify({ accounts: [other, account], services: [] }));
      const run = promisify(execFile)(
        join('node_modules', '.bin', 'tsx'),
        [
          'infra/local/load-fixtures.ts',
          file,
          '--endpoint',
          stack.dynamodbEndpoint,
          '--table',
          stack.tableName,
        ],
        { env: { ...process.env, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' } },
      );
      await expect(run).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringContaining('accounts[1].nic'),
      });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
    expect(await table.item(`ACCOUNT#${w.nic('ka')}`, 'PROFILE')).toMatchObject({ email: w.email('ka') });
    expect(await table.item(`ACCOUNT#zz${w.nic('ka').slice(2)}`, 'PROFILE')).toBeUndefined();
  });

  it('in the token: a signed `nic` claim with a Kelvin sign is 401 on every route, its ASCII twin is ka', async () => {
    const w = await seedKa();
    // A second front door to the same handlers, whose issuer signs whatever claim the test asks for,
    // as a misconfigured identity provider would.
    const issuer = await createLocalIssuer();
    const server = await startHttpServer({
      port: 0,
      verifyToken: issuer.verifyToken,
      routes: HTTP_ROUTES.map(({ route, handler }) => ({
        method: route.method,
        path: route.path,
        auth: route.auth,
        handler,
      })),
    });
    try {
      const door = api(server.url);
      const folded = door.withAuthorization(`Bearer ${await issuer.issueToken(kelvin(w))}`);
      for (const answer of [
        await folded.get('/me'),
        await folded.get('/me/services'),
        await folded.get(`/services/${w.serviceId('ka')}`),
        await folded.put('/me/email', { email: 'thief@example.net' }),
      ]) {
        expect(problemOf(answer)).toEqual(problem(401, 'unauthenticated'));
      }
      const twin = door.withAuthorization(`Bearer ${await issuer.issueToken(w.nic('ka').toUpperCase())}`);
      expect((await twin.get('/me')).body).toMatchObject({ nic: w.nic('ka'), email: w.email('ka') });
    } finally {
      await server.close();
    }
    expect(await table.item(`ACCOUNT#${w.nic('ka')}`, 'PROFILE')).not.toHaveProperty('pendingEmail');
  });
});
