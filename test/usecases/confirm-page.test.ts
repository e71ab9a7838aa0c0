// The confirm page's use case: the view it gives the handler to render, from one read of the request,
// and an answer settled from that same copy (issue 21).
import { describe, expect, it } from 'vitest';
import { answerOnPage, showConfirmPage } from '../../shared/usecases/confirm-page';
import { AA, accept, ask, BB, codeOf, world } from './world';

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

  it('a link that is no request id, or a form with no decision, is a link that does not work', async () => {
    const deps = world();
    const { id } = await ask(deps);
    const token = codeOf(deps, id, BB);
    const noId = await showConfirmPage(deps, { id: undefined, token, fallback: 'en' });
    const noDecision = await answerOnPage(deps, { id, token, decision: undefined, fallback: 'en' });
    for (const view of [noId, noDecision]) {
      expect(view.page === 'problem' && view.error.code).toBe('validation_failed');
    }
  });
});
