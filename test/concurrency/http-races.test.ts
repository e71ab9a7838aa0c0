// Every race of issue "Hardening", as a client would run it: 20 (or 40) calls at the same moment over
// HTTP, and the answering ones also through the emailed page's form. Whatever interleaving the
// machine picks, no answer is a 5xx, every answer is one API.md gives for that race, and the request
// ends in one consistent state: read back over the API and from the raw table (its pointers, guards
// and history agree with it). No assertion depends on which call won; each checks what must hold
// for every winner.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmLinkIn } from '../../infra/local/ses-local';
import { codeMatches, normaliseCode } from '../../shared/domain/codes';
import { sweepStaleRequests } from '../../shared/usecases/sweep';
import { api, type Answer, type Api, type Client } from '../support/client';
import { checkAnswer, outcomeOf } from '../support/contract';
import { eventually, startTestStack, type TestStack, type World } from '../support/stack';
import { tableReader, type RawConfirmer, type TableReader } from '../support/table-check';

let stack: TestStack;
let http: Api;
let table: TableReader;
beforeAll(async () => {
  stack = await startTestStack({ ttlSeconds: 3600 });
  http = api(stack.apiUrl);
  table = tableReader(stack.dynamodbEndpoint, stack.tableName);
});
afterAll(async () => {
  table?.close();
  await stack?.stop();
});

const N = 20;
const WRONG = 'AAAA-BBBB-CCCC-DDDD';

interface Open {
  w: World;
  id: string;
  codes: { aa: string; bb: string };
  aa: Client;
  bb: Client;
}

/** aa (admin) asks to make bb the tech contact of `web` instead of zz: aa and bb confirm, zz is told. */
async function openRequest(): Promise<Open> {
  const w = await stack.seed({
    accounts: { aa: {}, bb: {}, zz: {} },
    services: { web: { contacts: { admin: 'aa', tech: 'zz', billing: 'aa' } } },
  });
  const [aa, bb] = await Promise.all([http.as(w.nic('aa')), http.as(w.nic('bb'))]);
  const created = await aa.post(`/services/${w.serviceId('web')}/contact-changes`, { tech: w.nic('bb') });
  expect(created.status).toBe(202);
  const id: string = created.body.requests[0].id;
  const codes = { aa: await stack.code(w.email('aa'), id), bb: await stack.code(w.email('bb'), id) };
  return { w, id, codes, aa, bb };
}

/** A code with `code`'s key id and another secret: what a typo in the secret gives. */
const sameKeyOtherSecret = (code: string) => {
  const symbols = normaliseCode(code);
  return `${symbols.slice(0, 6)}${symbols.slice(6).split('').reverse().join('')}`;
};

/** The emailed page's form, as a browser posts it. */
const page = (id: string, token: string, decision = 'accept') =>
  http.raw('POST', `/confirm/${id}`, new URLSearchParams({ token, decision }).toString(), {
    'content-type': 'application/x-www-form-urlencoded',
  });

/** Runs every call at once; each answer must keep API.md's promises (no 5xx above all). */
async function atOnce(calls: (() => Promise<Answer>)[], { html = false } = {}): Promise<Answer[]> {
  const answers = await Promise.all(calls.map((call) => call()));
  for (const answer of answers) checkAnswer(answer, { html });
  return answers;
}

/** Each answer's outcome must be one of `allowed` (codes, `ok`, or `page <status>`). */
function expectOnly(answers: Answer[], allowed: string[]) {
  const outcomes = answers.map(outcomeOf);
  expect(
    outcomes.filter((o) => !allowed.includes(o)),
    `outcomes: ${outcomes.join(', ')}`,
  ).toEqual([]);
  return outcomes;
}

const count = (outcomes: string[], outcome: string) => outcomes.filter((o) => o === outcome).length;

/** Calls made in an interleaved order: a, b, a, b… */
const interleave = <T>(a: T[], b: T[]) => a.flatMap((x, i) => (i < b.length ? [x, b[i]!] : [x]));

/** Once the request has ended: the same state over the API and in the table, with every item agreeing. */
async function endedConsistently(o: Open) {
  const final = await eventually(async () => {
    const { body } = await o.aa.get(`/contact-changes/${o.id}`);
    return ['awaiting_confirmation', 'applying'].includes(body.state) ? undefined : body;
  });
  expect(await table.problemsOf(o.id)).toEqual([]);
  expect((await table.request(o.id))?.state).toBe(final.state);
  return final;
}

/** While still open: the table agrees with itself and with the API. */
async function openConsistently(o: Open) {
  expect(await table.problemsOf(o.id)).toEqual([]);
  const { body } = await o.aa.get(`/contact-changes/${o.id}`);
  const raw = await table.request(o.id);
  expect(body.state).toBe(raw?.state);
  return raw!;
}

const techOf = async (o: Open) => (await o.aa.get(`/services/${o.w.serviceId('web')}`)).body.contacts.tech;

/** Every code emailed to `name` for the request, oldest first. */
const emailedCodes = async (o: Open, name: string) =>
  (await stack.emailsTo(o.w.email(name)))
    .map((e) => confirmLinkIn(e))
    .filter((link) => link?.requestId === o.id)
    .map((link) => link!.code);

/** What the emailed link shows for a code, without changing anything: 200 only for a live code. */
const linkStatus = async (o: Open, code: string) =>
  (await http.get(`/confirm/${o.id}?token=${encodeURIComponent(code)}`)).status;

describe('two confirmers answering at once', () => {
  it(`over the API: ${N} accepts, half with each code: each confirmer recorded once, the change is done`, async () => {
    const o = await openRequest();
    const answers = await atOnce(
      interleave(
        Array.from(
          { length: N / 2 },
          () => () => o.aa.post(`/contact-changes/${o.id}/accept`, { token: o.codes.aa }),
        ),
        Array.from(
          { length: N / 2 },
          () => () => o.bb.post(`/contact-changes/${o.id}/accept`, { token: o.codes.bb }),
        ),
      ),
    );
    const outcomes = expectOnly(answers, ['ok', 'already_answered', 'request_closed']);
    expect(
      count(
        outcomes.filter((_, i) => i % 2 === 0),
        'ok',
      ),
    ).toBe(1);
    expect(
      count(
        outcomes.filter((_, i) => i % 2 === 1),
        'ok',
      ),
    ).toBe(1);
    expect((await endedConsistently(o)).state).toBe('done');
    expect(await techOf(o)).toBe(o.w.nic('bb'));
  });

  it(`over the page: ${N} forms, half with each code: each code answers once, the change is done`, async () => {
    const o = await openRequest();
    const answers = await atOnce(
      interleave(
        Array.from({ length: N / 2 }, () => () => page(o.id, o.codes.aa)),
        Array.from({ length: N / 2 }, () => () => page(o.id, o.codes.bb)),
      ),
      { html: true },
    );
    const outcomes = expectOnly(answers, ['ok', 'page 409']);
    expect(
      count(
        outcomes.filter((_, i) => i % 2 === 0),
        'ok',
      ),
    ).toBe(1);
    expect(
      count(
        outcomes.filter((_, i) => i % 2 === 1),
        'ok',
      ),
    ).toBe(1);
    expect((await endedConsistently(o)).state).toBe('done');
    expect(await techOf(o)).toBe(o.w.nic('bb'));
  });
});

describe('the right code among wrong ones', () => {
  it(`over the API: 1 right and ${N - 1} wrong codes for one confirmer: every wrong code counted, at most 5`, async () => {
    const o = await openRequest();
    const calls = Array.from(
      { length: N },
      (_, i) => () =>
        o.bb.post(`/contact-changes/${o.id}/accept`, { token: i === N / 2 ? o.codes.bb : WRONG }),
    );
    const outcomes = expectOnly(await atOnce(calls), [
      'ok',
      'invalid_token',
      'too_many_attempts',
      'already_answered',
    ]);
    const right = outcomes[N / 2]!;
    expect(['ok', 'too_many_attempts']).toContain(right);
    const bb = (await openConsistently(o)).confirmers[1]!;
    // Each invalid_token is a wrong code counted; nothing else counts.
    expect(bb.attempts).toBe(count(outcomes, 'invalid_token'));
    expect(bb.attempts).toBeLessThanOrEqual(5);
    expect(bb.status).toBe(right === 'ok' ? 'accepted' : 'pending');
    if (right !== 'ok') expect(bb.attempts).toBe(5); // locked out before the right code was read
  });

  it(`over the page: 1 right and ${N - 1} wrong codes with its key id: they count against its owner alone`, async () => {
    const o = await openRequest();
    const typo = sameKeyOtherSecret(o.codes.bb);
    const calls = Array.from({ length: N }, (_, i) => () => page(o.id, i === N / 2 ? o.codes.bb : typo));
    const outcomes = expectOnly(await atOnce(calls, { html: true }), ['ok', 'page 422', 'page 429']);
    const right = outcomes[N / 2]!;
    expect(['ok', 'page 429']).toContain(right);
    const [aa, bb] = (await openConsistently(o)).confirmers as [RawConfirmer, RawConfirmer];
    // Once bb has answered, a code with bb's old key id names nobody and counts nothing.
    expect(aa.attempts).toBe(0);
    expect(bb.attempts).toBeLessThanOrEqual(Math.min(5, count(outcomes, 'page 422')));
    expect(bb.status).toBe(right === 'ok' ? 'accepted' : 'pending');
    if (right !== 'ok') expect(bb.attempts).toBe(5); // locked out before the right code was read
  });

  it(`over the page: 1 right and ${N - 1} codes that are nobody's: none counts, the right one answers`, async () => {
    const o = await openRequest();
    const calls = Array.from({ length: N }, (_, i) => () => page(o.id, i === N / 2 ? o.codes.bb : WRONG));
    const outcomes = expectOnly(await atOnce(calls, { html: true }), ['ok', 'page 422']);
    expect(outcomes[N / 2]).toBe('ok');
    expect((await openConsistently(o)).confirmers.map((c) => [c.status, c.attempts])).toEqual([
      ['pending', 0],
      ['accepted', 0],
    ]);
  });
});

describe('forty wrong codes at once', () => {
  it('over the API: exactly 5 are counted as invalid_token, the other 35 are too_many_attempts', async () => {
    const o = await openRequest();
    const answers = await atOnce(
      Array.from({ length: 40 }, () => () => o.bb.post(`/contact-changes/${o.id}/accept`, { token: WRONG })),
    );
    const outcomes = expectOnly(answers, ['invalid_token', 'too_many_attempts']);
    expect(count(outcomes, 'invalid_token')).toBe(5);
    expect((await openConsistently(o)).confirmers.map((c) => c.attempts)).toEqual([0, 5]);
    // Locked: even the owner's real code is 429, before anything could tell whose it is.
    const real = await o.bb.post(`/contact-changes/${o.id}/accept`, { token: o.codes.bb });
    expect(outcomeOf(real)).toBe('too_many_attempts');
  });

  it("over the page, with bb's key id: exactly 5 are 422, the other 35 are 429, against bb alone", async () => {
    const o = await openRequest();
    const typo = sameKeyOtherSecret(o.codes.bb);
    const answers = await atOnce(
      Array.from({ length: 40 }, () => () => page(o.id, typo)),
      { html: true },
    );
    const outcomes = expectOnly(answers, ['page 422', 'page 429']);
    expect(count(outcomes, 'page 422')).toBe(5);
    expect((await openConsistently(o)).confirmers.map((c) => c.attempts)).toEqual([0, 5]);
    expect(outcomeOf(await page(o.id, o.codes.bb))).toBe('page 429');
    expect(outcomeOf(await page(o.id, o.codes.aa))).toBe('ok');
  });

  it("over the page, codes that are nobody's: every one is 422 and nobody's count moves", async () => {
    const o = await openRequest();
    const answers = await atOnce(
      Array.from({ length: 40 }, () => () => page(o.id, WRONG, 'refuse')),
      { html: true },
    );
    expectOnly(answers, ['page 422']);
    expect((await openConsistently(o)).confirmers.map((c) => c.attempts)).toEqual([0, 0]);
  });
});

describe('the request ending while others act on it', () => {
  it(`cancel alongside ${N - 1} resends: cancelled, every resend 202 or request_closed, every code dead`, async () => {
    const o = await openRequest();
    const resends = Array.from(
      { length: N - 1 },
      (_, i) => () =>
        i % 2 === 0
          ? o.aa.post(`/contact-changes/${o.id}/resend`)
          : o.bb.post(`/contact-changes/${o.id}/resend`, { onlyMe: true }),
    );
    const calls = [
      ...resends.slice(0, N / 2),
      () => o.aa.post(`/contact-changes/${o.id}/cancel`),
      ...resends.slice(N / 2),
    ];
    const outcomes = expectOnly(await atOnce(calls), ['ok', 'request_closed']);
    expect(outcomes[N / 2]).toBe('ok'); // nothing else ends the request, so the cancel must win
    expect((await endedConsistently(o)).state).toBe('cancelled');
    const ended = (await stack.deps.store.getRequest(o.id))!;
    for (const name of ['aa', 'bb'] as const) {
      // Which resend wrote last before the cancel depends on the interleaving; the rule does not. The
      // code a confirmer held when the request ended is answered 409 with where it stands (its link
      // says the request was withdrawn); every code a later resend replaced before that is a replaced
      // code, 422 (API.md). A resend whose write won but whose call lost to the cancel may still be
      // sending its email when the answers are in: wait for the held code to arrive.
      const confirmer = ended.confirmers.find((c) => c.nic === o.w.nic(name))!;
      const held = (code: string) =>
        codeMatches(code, confirmer.codeHash) || codeMatches(code, confirmer.spentCodeHash);
      const codes = await eventually(async () => {
        const emailed = await emailedCodes(o, name);
        return emailed.some(held) ? emailed : undefined;
      });
      expect(codes.filter(held), `held codes of ${name}`).toHaveLength(1);
      for (const code of codes) expect((await page(o.id, code)).status).toBe(held(code) ? 409 : 422);
    }
  });

  // Cancels that overlap one another all find the request cancelled and say so (200); only the one
  // whose write won tells anyone. Whoever wins, cancel and acceptance never both succeed.
  for (const via of ['API', 'page'] as const) {
    it(`cancel against the last acceptance, over the ${via}: ${N / 2} of each, one side wins`, async () => {
      const o = await openRequest();
      expect((await o.aa.post(`/contact-changes/${o.id}/accept`, { token: o.codes.aa })).status).toBe(200);
      const accept = () =>
        via === 'API'
          ? o.bb.post(`/contact-changes/${o.id}/accept`, { token: o.codes.bb })
          : page(o.id, o.codes.bb);
      const answers = await atOnce(
        interleave(
          Array.from({ length: N / 2 }, () => () => o.aa.post(`/contact-changes/${o.id}/cancel`)),
          Array.from({ length: N / 2 }, () => accept),
        ),
        { html: via === 'page' },
      );
      const outcomes = answers.map(outcomeOf);
      const cancels = outcomes.filter((_, i) => i % 2 === 0);
      const accepts = outcomes.filter((_, i) => i % 2 === 1);
      expect(cancels.filter((o) => !['ok', 'request_closed'].includes(o))).toEqual([]);
      const final = await endedConsistently(o);
      if (final.state === 'cancelled') {
        expect(count(cancels, 'ok')).toBeGreaterThanOrEqual(1);
        expect(accepts.filter((a) => a !== (via === 'API' ? 'request_closed' : 'page 409'))).toEqual([]);
      } else {
        expect(final.state).toBe('done');
        expect(count(cancels, 'ok')).toBe(0);
        expect(count(accepts, 'ok')).toBe(1);
        const lost = via === 'API' ? ['already_answered', 'request_closed'] : ['page 409'];
        expect(accepts.filter((a) => a !== 'ok' && !lost.includes(a))).toEqual([]);
      }
      expect(await techOf(o)).toBe(final.state === 'done' ? o.w.nic('bb') : o.w.nic('zz'));
      const told = (await stack.emailsTo(o.w.email('bb'))).filter((e) => /was cancelled/.test(e.subject));
      expect(told).toHaveLength(final.state === 'cancelled' ? 1 : 0);
    });
  }

  // The stack's clock is moved to 30 ms before the request's end; the calls are sent then, alongside
  // sweeps whose clock is 100 ms ahead (they see it expired). Whether an answer or a sweep writes
  // first is the race; every outcome the rule allows for either order is accepted below.
  const sweepsAhead = () =>
    Array.from({ length: 4 }, () =>
      sweepStaleRequests({ ...stack.deps, now: () => new Date(stack.clock.now().getTime() + 100) }),
    );

  for (const via of ['API', 'page'] as const) {
    it(`the last acceptance against the expiry, over the ${via}: ${N} answers and the sweeps, one final state`, async () => {
      const o = await openRequest();
      expect((await o.aa.post(`/contact-changes/${o.id}/accept`, { token: o.codes.aa })).status).toBe(200);
      const { expiresAt } = (await table.request(o.id))!.item as { expiresAt: string };
      stack.clock.set(new Date(Date.parse(expiresAt) - 30));
      const answer = () =>
        via === 'API'
          ? o.bb.post(`/contact-changes/${o.id}/accept`, { token: o.codes.bb })
          : page(o.id, o.codes.bb);
      const [answers] = await Promise.all([
        atOnce(
          Array.from({ length: N }, () => answer),
          { html: via === 'page' },
        ),
        Promise.all(sweepsAhead()),
      ]);
      const outcomes = expectOnly(
        answers,
        via === 'API' ? ['ok', 'request_closed', 'already_answered'] : ['ok', 'page 409'],
      );
      expect(count(outcomes, 'ok')).toBeLessThanOrEqual(1);
      const final = await endedConsistently(o);
      expect(['done', 'expired']).toContain(final.state);
      // An answer that was recorded is never followed by an expiry: the request then applies.
      if (count(outcomes, 'ok') === 1) expect(final.state).toBe('done');
      expect(await techOf(o)).toBe(final.state === 'done' ? o.w.nic('bb') : o.w.nic('zz'));
    });
  }
});

describe('resends at once', () => {
  it(`${N} resends by the asker and the confirmer: all 202, and exactly one emailed code each still works`, async () => {
    const o = await openRequest();
    const answers = await atOnce(
      interleave(
        Array.from({ length: N / 2 }, () => () => o.aa.post(`/contact-changes/${o.id}/resend`)),
        Array.from(
          { length: N / 2 },
          () => () => o.bb.post(`/contact-changes/${o.id}/resend`, { onlyMe: true }),
        ),
      ),
    );
    expectOnly(answers, ['ok']);
    const raw = await openConsistently(o);
    expect(raw.state).toBe('awaiting_confirmation');
    expect(raw.confirmers.map((c) => c.attempts)).toEqual([0, 0]);
    for (const name of ['aa', 'bb'] as const) {
      const codes = await emailedCodes(o, name);
      expect(codes.length).toBeGreaterThan(1);
      const live = [];
      for (const code of codes) if ((await linkStatus(o, code)) === 200) live.push(code);
      expect(live, `live codes of ${name}`).toHaveLength(1);
    }
  });
});
