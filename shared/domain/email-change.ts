// Changing an account's address (DESIGN.md: "the account's address is the root of trust"). A code
// goes to the new address; the address changes only when that code comes back within 24 hours, so
// a stolen session cannot move the codes of every request to an inbox the thief reads.
import { codeMatches, MAX_WRONG_CODES } from './codes';
import { DomainError } from './errors';
import type { Account, PendingEmail } from './model';

export const EMAIL_CHANGE_WINDOW_SECONDS = 24 * 3600;

export function plannedEmailChange(
  account: Account,
  email: string,
  codeHash: string,
  now: Date,
  cancelHash?: string,
): PendingEmail {
  if (email.toLowerCase() === account.email.toLowerCase()) {
    throw new DomainError('no_change', 'This already is the address of your account.', [
      { path: 'body.email', message: 'this already is your address' },
    ]);
  }
  return {
    email,
    codeHash,
    expiresAt: new Date(now.getTime() + EMAIL_CHANGE_WINDOW_SECONDS * 1000).toISOString(),
    attempts: 0,
    ...(cancelHash !== undefined && { cancelHash }),
  };
}

export type EmailCodeJudgement = { ok: true; pending: PendingEmail } | { ok: false; pending: PendingEmail };

/**
 * Whether `code` confirms the account's waiting change. Refuses with nothing_pending when none waits
 * (or it ran out), too_many_attempts once locked, before looking at the code at all.
 */
export function judgeEmailCode(account: Account, code: string, now: string): EmailCodeJudgement {
  const pending = account.pendingEmail;
  if (!pending || pending.expiresAt <= now) {
    throw new DomainError('nothing_pending', 'No address change is waiting for a code; start it again.');
  }
  if (pending.attempts >= MAX_WRONG_CODES) {
    throw new DomainError('too_many_attempts', 'Too many wrong codes. Start the address change again.');
  }
  return { ok: codeMatches(code, pending.codeHash), pending };
}

/**
 * The change that the stop link `token` (emailed to the old address) stops. A link of a change that
 * was confirmed, stopped or ran out is nothing_pending: the owner learns there is nothing left to
 * stop. Any other token is invalid_token, and says nothing of the account: not even whether a
 * change waits. The token has 160 random bits, so wrong ones need no lock.
 */
export function judgeCancelToken(account: Account | undefined, token: string, now: string): PendingEmail {
  const pending = account?.pendingEmail;
  if (pending && codeMatches(token, pending.cancelHash)) {
    if (pending.expiresAt <= now) throw nothingToStop();
    return pending;
  }
  if (codeMatches(token, account?.endedEmailChange?.cancelHash)) throw nothingToStop();
  throw new DomainError('invalid_token', 'This link is wrong, used or replaced.');
}

const nothingToStop = () =>
  new DomainError('nothing_pending', 'This address change was already confirmed, stopped or ran out.');

/** For the signed-in owner: the waiting change to drop, or nothing_pending. */
export function pendingToCancel(account: Account, now: string): PendingEmail {
  const pending = account.pendingEmail;
  if (!pending || pending.expiresAt <= now) {
    throw new DomainError('nothing_pending', 'No address change is waiting.');
  }
  return pending;
}
