// The confirm page's use case: the view it gives the handler to render, from one read of the request,
// and an answer settled from that same copy (issue 21).
import { describe, expect, it } from 'vitest';
import { answerOnPage, showConfirmPage } from '../../shared/usecases/confirm-page';
import { cancelChange } from '../../shared/usecases/cancel-resend';
import { AA, accept, ask, BB, codeOf, world, WORDS } from './world';

type Deps = ReturnType<typeof world>;

/** Counts the reads of requests the deps make from now on. */
function countReads(deps: Deps): () => number {
  let reads = 0;
  const getRequest = deps.store.getRequest.bind(deps.store);
  deps.store.getRequest = (id) => {
    reads++;
    return getRequest(id);
  };
  return () => reads;
}

describe('the confirm page, as a view', () => {
  it('the owner of a current code gets Accept and Refuse, in their own language', async () => {
    const deps = world('fi');
    const { id } = await ask(deps);
    const reads = countReads(deps);
    const view = await showConfirmPage(deps, { id, token: codeOf(deps, id, BB), fallback: 'en' });
    expect(view).toMatchObject({ page: 'confirm', confirmer: BB, reader: { language: 'fi' } });
    expect(reads()).toBe(1);
  });

  it('a code its owner answered with shows where the request stands; no code asks for one', async () => {
    const deps = world();
    const { id } = await ask(deps);
    const code = codeOf(deps, id, AA);
    await accept(deps, id, AA, code);
    expect(await showConfirmPage(deps, { id, token: code, fallback: 'en' })).toMatchObject({
      page: 'status',
      confirmer: AA,
      fresh: false,
      status: 200,
    });
    expect((await showConfirmPage(deps, { id, token: '', fallback: 'en' })).page).toBe('enter_code');
  });

  it('an answer reads the request once, and the page says it was heard', async () => {
    const deps = world();
    const { id } = await ask(deps);
    const token = codeOf(deps, id, BB);
    const reads = countReads(deps);
    const view = await answerOnPage(deps, { id, token, decision: 'accept', fallback: 'en' });
    expect(view).toMatchObject({ page: 'status', confirmer: BB, fresh: true, status: 200 });
    expect(reads()).toBe(1);
  });

  it('the owner answering again sees where the request stands now (409), from that same one read', async () => {
    const deps = world();
    const { id } = await ask(deps);
    const token = codeOf(deps, id, BB);
    await accept(deps, id, BB, token);
    const reads = countReads(deps);
    const view = await answerOnPage(deps, { id, token, decision: 'refuse', fallback: 'en' });
    expect(view).toMatchObject({ page: 'status', confirmer: BB, fresh: false, status: 409 });
    if (view.page === 'status')
      expect(view.request.confirmers[1]).toMatchObject({ nic: BB, status: 'accepted' });
    expect(reads()).toBe(1);
  });

  it('a link or a form with no request id, or a form with no decision, is a link that does not work, said in words', async () => {
    const deps = world();
    const { id } = await ask(deps);
    const token = codeOf(deps, id, BB);
    const noId = await showConfirmPage(deps, { id: undefined, token, fallback: 'en' });
    const noDecision = await answerOnPage(deps, { id, token, decision: undefined, fallback: 'en' });
    const formNoId = await answerOnPage(deps, { id: undefined, token, decision: 'accept', fallback: 'en' });
    for (const view of [noId, noDecision, formNoId]) {
      expect(view.page === 'problem' && view.error).toMatchObject({
        code: 'validation_failed',
        message: WORDS,
      });
    }
  });

  it('an unknown request or a code that is nobody’s shows nothing of the request, only why, in the link’s language', async () => {
    const deps = world('fi');
    const { id } = await ask(deps);
    const token = codeOf(deps, id, BB);
    const gone = await showConfirmPage(deps, { id: 'cc-00000000000000000000000000', token, fallback: 'en' });
    const wrong = await showConfirmPage(deps, {
      id,
      token: token.replace(/.$/, (c) => (c === '0' ? '1' : '0')),
      fallback: 'en',
    });
    expect(gone.page === 'problem' && gone.error).toMatchObject({ code: 'not_found', message: WORDS });
    expect(wrong.page === 'problem' && wrong.error).toMatchObject({ code: 'invalid_token', message: WORDS });
    // Bob reads Finnish, but a code that is not his does not tell the page who reads it.
    expect(wrong.reader.language).toBe('en');
  });

  it('an answer with no code is a wrong code that counts as no guess, and one for an unknown request is not_found', async () => {
    const deps = world();
    const { id } = await ask(deps);
    const token = codeOf(deps, id, BB);
    // A guess is counted (issue 22); a form without a code is no guess, and eats none of the limit.
    deps.settings.limits = { ...deps.settings.limits, unownedCodesPerRequestPerHour: 1 };
    const noCode = await answerOnPage(deps, { id, token: '', decision: 'accept', fallback: 'en' });
    await answerOnPage(deps, { id, token: '', decision: 'accept', fallback: 'en' });
    const unknown = await answerOnPage(deps, {
      id: 'cc-00000000000000000000000000',
      token,
      decision: 'accept',
      fallback: 'en',
    });
    expect(noCode.page === 'problem' && noCode.error.code).toBe('invalid_token');
    expect(unknown.page === 'problem' && unknown.error).toMatchObject({ code: 'not_found', message: WORDS });
    const guess = await answerOnPage(deps, { id, token: 'X'.repeat(32), decision: 'accept', fallback: 'en' });
    expect(guess.page === 'problem' && guess.error.code).toBe('invalid_token');
    expect(deps.store.requests.get(id)!.confirmers.map((c) => c.status)).toEqual(['pending', 'pending']);
  });

  it('on a cancelled request the owner’s code says where it stands (409); a code that never was its is wrong', async () => {
    const deps = world();
    const { id } = await ask(deps);
    const token = codeOf(deps, id, BB);
    const other = await ask(deps, { billing: BB });
    await cancelChange(deps, AA, id);
    const owners = await answerOnPage(deps, { id, token, decision: 'accept', fallback: 'en' });
    expect(owners).toMatchObject({ page: 'status', confirmer: BB, fresh: false, status: 409 });
    // Bob's code of another request: a real code, but never this request's.
    const strangers = await answerOnPage(deps, {
      id,
      token: other.code(BB),
      decision: 'accept',
      fallback: 'en',
    });
    expect(strangers.page === 'problem' && strangers.error.code).toBe('invalid_token');
  });

  it('fails the call, not the visitor, when the guess limit cannot be counted: an outage is no refusal', async () => {
    const deps = world();
    const { id } = await ask(deps);
    deps.limiter.take = async () => {
      throw new Error('limits table unreachable');
    };
    await expect(
      answerOnPage(deps, {
        id,
        token: 'X'.repeat(32),
        decision: 'accept',
        fallback: 'en',
        source: '198.51.100.7',
      }),
    ).rejects.toThrow('limits table unreachable');
  });
});
