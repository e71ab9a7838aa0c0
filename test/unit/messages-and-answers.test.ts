// The API's words for every state a request can stand in, and which confirmer a code belongs to
// (issue 20: branches of shared/domain that no other test reached).
import { describe, expect, it } from 'vitest';
import { codeOwner, judgeAnswer } from '../../shared/domain/answers';
import { hashCode } from '../../shared/domain/codes';
import { DomainError } from '../../shared/domain/errors';
import { describeRequest, rolesInWords, unpaidInWords } from '../../shared/domain/messages';
import type { ChangeState, ContactChangeRecord } from '../../shared/domain/model';

const [AA, BB, ZZ] = ['aa1-ovh', 'bb2-ovh', 'zz3-ovh'];
const NOW = '2027-02-21T09:00:00.000Z';

/** aa asks to give tech (and maybe billing) from zz to bb: aa and bb confirm with their codes. */
function request(state: ChangeState, extra: Partial<ContactChangeRecord> = {}): ContactChangeRecord {
  return {
    id: 'r1',
    serviceId: 'example.fi',
    serviceName: 'example.fi',
    roles: ['tech'],
    from: ZZ,
    to: BB,
    askedBy: AA,
    state,
    confirmers: [
      { nic: AA, status: 'pending', attempts: 0, codeHash: hashCode('AAAA-1111') },
      { nic: BB, status: 'pending', attempts: 0, codeHash: hashCode('BBBB-2222') },
    ],
    notified: [ZZ],
    createdAt: '2027-02-20T09:00:00.000Z',
    expiresAt: '2027-03-06T09:00:00.000Z',
    completedAt: null,
    reason: null,
    why: null,
    ...extra,
  };
}

describe('describeRequest: one sentence for every state', () => {
  const what = 'tech contact of example.fi from zz3-ovh to bb2-ovh';
  it.each([
    ['awaiting_confirmation', {}, `Waiting for the confirmation of ${AA} and ${BB}.`],
    ['applying', {}, `Everyone has confirmed; the change of the ${what} is being applied.`],
    ['done', {}, `The ${what} has been changed.`],
    ['refused', {}, `The change of the ${what} was refused.`],
    [
      'refused',
      { reason: 'bb2-ovh refused the change.' },
      `The change of the ${what} was refused: bb2-ovh refused the change.`,
    ],
    ['expired', {}, `The change of the ${what} expired before everyone confirmed it.`],
    ['failed', {}, `The change of the ${what} could not be applied.`],
    ['failed', { reason: 'Invoices.' }, `The change of the ${what} could not be applied: Invoices.`],
    ['cancelled', {}, `The change of the ${what} was cancelled by ${AA}.`],
  ] as const)('%s %o', (state, extra, sentence) => {
    expect(describeRequest(request(state, extra))).toBe(sentence);
  });

  it('names the one confirmer still waiting, and several roles in the plural', () => {
    const one = request('awaiting_confirmation');
    one.confirmers[0]!.status = 'accepted';
    expect(describeRequest(one)).toBe(`Waiting for the confirmation of ${BB}.`);
    expect(rolesInWords(['admin', 'tech', 'billing'])).toBe('admin, tech and billing contacts');
    expect(rolesInWords(['tech'])).toBe('tech contact');
  });

  it('tells whose invoices are unpaid only to that account', () => {
    expect(unpaidInWords([BB], BB)).toMatch(/^Your account has unpaid invoices/);
    expect(unpaidInWords([BB], AA)).toMatch(/^The billing contact cannot change while/);
    expect(unpaidInWords([BB])).toBe(unpaidInWords([BB], AA));
  });
});

describe('codeOwner: whose code this is', () => {
  it('the current holder, the one who answered with it, or nobody', () => {
    const r = request('awaiting_confirmation');
    expect(codeOwner(r, 'bbbb 2222')).toEqual({ nic: BB, current: true });
    r.confirmers[1] = { nic: BB, status: 'accepted', attempts: 0, spentCodeHash: hashCode('BBBB-2222') };
    expect(codeOwner(r, 'BBBB-2222')).toEqual({ nic: BB, current: false });
    expect(codeOwner(r, 'AAAA-1111')).toEqual({ nic: AA, current: true });
    expect(codeOwner(r, 'CCCC-3333')).toBeUndefined();
  });
});

describe('judgeAnswer: the refusals in their order', () => {
  const codeOf = (fn: () => unknown) => {
    try {
      fn();
      return 'judged';
    } catch (error) {
      return (error as DomainError).code;
    }
  };

  it('signed in: another confirmer’s code is not_a_party; a wrong one is a counted wrong code', () => {
    const r = request('awaiting_confirmation');
    expect(codeOf(() => judgeAnswer(r, { code: 'AAAA-1111', decision: 'accept', caller: BB }, NOW))).toBe(
      'not_a_party',
    );
    const judged = judgeAnswer(r, { code: 'CCCC-3333', decision: 'accept', caller: BB }, NOW);
    expect(judged).toMatchObject({ event: { type: 'wrong_code', nics: [BB] }, nic: BB });
  });

  it('on the page: an ended request is request_closed before anything else; a spent code is already_answered', () => {
    expect(
      codeOf(() => judgeAnswer(request('cancelled'), { code: 'BBBB-2222', decision: 'accept' }, NOW)),
    ).toBe('request_closed');
    const r = request('awaiting_confirmation');
    r.confirmers[1] = { nic: BB, status: 'refused', attempts: 0, spentCodeHash: hashCode('BBBB-2222') };
    expect(codeOf(() => judgeAnswer(r, { code: 'BBBB-2222', decision: 'accept' }, NOW))).toBe(
      'already_answered',
    );
    // A spent code of a confirmer who is somehow pending again is judged as any other code: nobody's.
    r.confirmers[1] = { nic: BB, status: 'pending', attempts: 0, spentCodeHash: hashCode('BBBB-2222') };
    expect(judgeAnswer(r, { code: 'BBBB-2222', decision: 'accept' }, NOW)).toMatchObject({ junk: true });
  });
});
