// Issue 22, item 1: on the public confirm page a wrong code used to count against every confirmer
// still to answer, so the contact being replaced (told of the request, and so of its id) could lock the
// asker and the new contact out for good without signing in. Now a code's key id names whose it is: a
// wrong code counts against that confirmer only, and a code that names nobody against nobody.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashCode, MAX_WRONG_CODES, normaliseCode } from '../../shared/domain/codes';
import { answerChange, type Decision } from '../../shared/usecases/answer';
import { resendCodes } from '../../shared/usecases/cancel-resend';
import { settle } from '../../shared/usecases/settle';
import { AA, accept, ask, BB, outcome, stateOf, world, ZZ } from './world';

type Deps = ReturnType<typeof world>;

const onPage = (
  deps: Deps,
  id: string,
  code: string,
  decision: Decision = 'refuse',
  source = '198.51.100.7',
) => answerChange(deps, { id, code, decision, source });

/** A code with the same key id as `code` and another secret: what a typo in the secret gives. */
const sameKeyOtherSecret = (code: string) => {
  const symbols = normaliseCode(code);
  return `${symbols.slice(0, 6)}${symbols.slice(6).split('').reverse().join('')}`;
};

const attempts = (deps: Deps, id: string) => deps.store.requests.get(id)!.confirmers.map((c) => c.attempts);

describe('the contact being replaced cannot block the change from the confirm page', () => {
  it('five junk refusals from Zed (told of the request) lock nobody: Aino and Bob accept, the change applies', async () => {
    const deps = world();
    const { id, code } = await ask(deps, { tech: BB }); // Zed is the tech being replaced
    for (let i = 0; i < 5; i++) {
      expect(await outcome(onPage(deps, id, 'AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH'))).toBe(
        'invalid_token',
      );
    }
    expect(await outcome(onPage(deps, id, 'NOT-A-CODE'))).toBe('invalid_token');
    expect(attempts(deps, id)).toEqual([0, 0]);
    expect((await onPage(deps, id, code(AA), 'accept')).nic).toBe(AA);
    expect((await onPage(deps, id, code(BB), 'accept')).nic).toBe(BB);
    expect((await settle(deps, id, { type: 'apply' }))?.state).toBe('done'); // the workflow's Apply
    expect(deps.store.services.get('example.fi')?.contacts.tech).toBe(BB);
    expect(deps.mailer.to(ZZ).some((m) => m.kind === 'done')).toBe(true);
  });

  it('a code of another request, or one replaced by a resend, is junk here too', async () => {
    const deps = world();
    const first = await ask(deps, { tech: BB });
    const second = await ask(deps, { billing: BB });
    const old = first.code(BB);
    await resendCodes(deps, BB, first.id, true);
    for (const junk of [second.code(AA), second.code(BB)]) {
      expect(await outcome(onPage(deps, first.id, junk))).toBe('invalid_token');
    }
    // The replaced code's key id died with it.
    for (let i = 0; i < 6; i++) expect(await outcome(onPage(deps, first.id, old))).toBe('invalid_token');
    expect(attempts(deps, first.id)).toEqual([0, 0]);
  });
});

describe('a wrong code counts against the confirmer its key id names, and only them', () => {
  it('five of them lock that confirmer alone; the other still answers; a resend frees them', async () => {
    const deps = world();
    const { id, code } = await ask(deps);
    const typo = sameKeyOtherSecret(code(BB));
    for (let i = 0; i < MAX_WRONG_CODES; i++)
      expect(await outcome(onPage(deps, id, typo))).toBe('invalid_token');
    expect(attempts(deps, id)).toEqual([0, MAX_WRONG_CODES]);
    expect(await outcome(onPage(deps, id, typo))).toBe('too_many_attempts');
    expect(await outcome(onPage(deps, id, code(BB), 'accept'))).toBe('too_many_attempts');
    expect((await onPage(deps, id, code(AA), 'accept')).nic).toBe(AA);
    await resendCodes(deps, BB, id, true);
    expect((await onPage(deps, id, code(BB), 'accept')).nic).toBe(BB);
    expect(stateOf(deps, id)).toBe('applying');
  });

  it('the API still counts any wrong code against the signed-in caller (5 for one confirmer, by any path)', async () => {
    const deps = world();
    const { id, code } = await ask(deps);
    for (let i = 0; i < 3; i++)
      expect(await outcome(accept(deps, id, BB, 'WRONG-WRONG'))).toBe('invalid_token');
    const typo = sameKeyOtherSecret(code(BB));
    for (let i = 0; i < 2; i++) expect(await outcome(onPage(deps, id, typo))).toBe('invalid_token');
    expect(attempts(deps, id)).toEqual([0, 5]);
    expect(await outcome(accept(deps, id, BB))).toBe('too_many_attempts');
  });

  it('the confirmers of one request never share a key id, after any number of resends', async () => {
    const deps = world();
    const { id } = await ask(deps);
    for (let i = 0; i < 3; i++) await resendCodes(deps, AA, id, false);
    const keys = deps.store.requests.get(id)!.confirmers.map((c) => c.keyId);
    expect(keys.every((k) => typeof k === 'string' && k.length === 6)).toBe(true);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('codes of the older form (26 symbols, no key id), in tables before key ids', () => {
  it('still answer with their hash; a wrong one counts against nobody', async () => {
    const deps = world();
    const { id } = await ask(deps);
    const old = '7K3M-Q9XB-2H4D-P8RT-6W1Z-C5N0-AE';
    const request = deps.store.requests.get(id)!;
    request.confirmers = request.confirmers.map(({ keyId: _none, ...c }) =>
      c.nic === BB ? { ...c, codeHash: hashCode(old) } : c,
    );
    for (let i = 0; i < 6; i++)
      expect(await outcome(onPage(deps, id, '7K3M-Q9XB-2H4D-P8RT-6W1Z-C5N0-AF'))).toBe('invalid_token');
    expect(attempts(deps, id)).toEqual([0, 0]);
    expect((await onPage(deps, id, old.toLowerCase(), 'accept')).nic).toBe(BB);
  });
});

describe("codes that are nobody's are limited per request and per source, never the owner's code", () => {
  it('past the limit for the request: too_many_requests with when to try again; the owner still answers', async () => {
    const deps = world(); // 20 per request per hour, 60 per source
    const { id, code } = await ask(deps);
    for (let i = 0; i < 20; i++) {
      expect(await outcome(onPage(deps, id, 'JUNK', 'refuse', `203.0.113.${i}`))).toBe('invalid_token');
    }
    const refused = await onPage(deps, id, 'JUNK').catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'too_many_requests', retryAfterSeconds: expect.any(Number) });
    expect(attempts(deps, id)).toEqual([0, 0]);
    expect((await onPage(deps, id, code(BB), 'accept')).nic).toBe(BB);
    // A typo in the owner's own code is theirs to count, not held back with the junk.
    expect(await outcome(onPage(deps, id, sameKeyOtherSecret(code(AA))))).toBe('invalid_token');
    expect(attempts(deps, id)).toEqual([1, 0]);
  });

  it('past the limit for one source, across requests; other sources go on', async () => {
    const deps = world();
    const ids = [(await ask(deps, { billing: BB })).id, (await ask(deps, { tech: BB })).id];
    // 2 × 19 from one source stays under each request's 20, and reaches the source's 38.
    deps.settings.limits.unownedCodesPerSourcePerHour = 38;
    for (let i = 0; i < 38; i++) {
      expect(await outcome(onPage(deps, ids[i % 2]!, 'JUNK', 'refuse', '192.0.2.1'))).toBe('invalid_token');
    }
    expect(await outcome(onPage(deps, ids[0]!, 'JUNK', 'refuse', '192.0.2.1'))).toBe('too_many_requests');
    expect(await outcome(onPage(deps, ids[1]!, 'JUNK', 'refuse', '192.0.2.2'))).toBe('invalid_token');
  });
});

describe('property: no attempt on the page by someone who does not hold a code changes any count', () => {
  /** What a stranger can type: anything, things shaped like codes, other requests' and replaced codes. */
  const strangerCode = fc.oneof(
    fc.string({ minLength: 1, maxLength: 64 }),
    fc.stringMatching(/^[0-9A-HJKMNP-TV-Z]{32}$/),
    fc.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/),
    fc.constantFrom('other request', 'replaced'),
  );

  it('holds for any sequence of answers, and the owners then still answer', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ code: strangerCode, decision: fc.constantFrom<Decision>('accept', 'refuse') }), {
          maxLength: 25,
        }),
        async (tries) => {
          const deps = world();
          const { id, code } = await ask(deps, { tech: BB });
          const other = await ask(deps, { billing: BB });
          const replaced = code(AA);
          await resendCodes(deps, AA, id, true);
          for (const { code: typed, decision } of tries) {
            const given =
              typed === 'other request' ? other.code(BB) : typed === 'replaced' ? replaced : typed;
            const result = await outcome(onPage(deps, id, given, decision));
            expect(['invalid_token', 'too_many_requests', 'validation_failed']).toContain(result);
          }
          expect(attempts(deps, id)).toEqual([0, 0]);
          expect(stateOf(deps, id)).toBe('awaiting_confirmation');
          expect((await onPage(deps, id, code(AA), 'accept')).nic).toBe(AA);
          expect((await onPage(deps, id, code(BB), 'accept')).nic).toBe(BB);
          expect(stateOf(deps, id)).toBe('applying');
        },
      ),
      { numRuns: 60 },
    );
  });
});
