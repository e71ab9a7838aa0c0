// The verified address change (API.md: PUT /me/email, POST /me/email/confirm). Starting it sends a
// code to the new address and tells the old one; only the code changes the address, and the old
// address is told again when it has.
import { hashCode, newCode } from '../domain/codes';
import { judgeEmailCode, plannedEmailChange } from '../domain/email-change';
import { DomainError } from '../domain/errors';
import type { Account, Handle } from '../domain/model';
import { StaleWriteError } from '../domain/ports';
import { emailChangeLimit } from '../domain/rate-limits';
import { isoNow, within, type Deps } from './deps';
import { recipientOf } from './notify';
import { getMe } from './reads';

export const profileLink = (deps: Deps, code: string): string =>
  `${deps.settings.publicBaseUrl.replace(/\/$/, '')}/panel/profile?emailCode=${encodeURIComponent(code)}`;

export async function startEmailChange(deps: Deps, caller: Handle, email: string): Promise<Account> {
  const account = await getMe(deps, caller);
  const { code } = newCode();
  const pending = plannedEmailChange(account, email, hashCode(code), deps.now());
  await within(deps, emailChangeLimit(deps.settings.limits, caller));
  const updated = await deps.store.startEmailChange(caller, pending);
  // The code goes to the new address only: receiving it is what proves the address.
  await deps.mailer.send({
    kind: 'email_change_code',
    to: { ...recipientOf(account), email },
    code,
    link: profileLink(deps, code),
    newEmail: email,
    until: pending.expiresAt,
  });
  await tellOldAddress(deps, account, {
    kind: 'email_change_started',
    newEmail: email,
    until: pending.expiresAt,
  });
  return updated;
}

export async function confirmEmailChange(deps: Deps, caller: Handle, code: string): Promise<Account> {
  for (let round = 0; round < 3; round++) {
    const account = await getMe(deps, caller);
    const judged = judgeEmailCode(account, code, isoNow(deps));
    try {
      if (!judged.ok) {
        await deps.store.countWrongEmailCode(caller, judged.pending);
        throw new DomainError('invalid_token', 'This code is wrong, used or replaced.');
      }
      const changed = await deps.store.confirmEmailChange(account, judged.pending);
      await tellOldAddress(deps, account, { kind: 'email_changed', newEmail: judged.pending.email });
      return changed;
    } catch (error) {
      // Another try or a new start landed in between: read again and judge again.
      if (!(error instanceof StaleWriteError)) throw error;
    }
  }
  throw new DomainError('nothing_pending', 'The address change moved while you answered; please try again.');
}

/** A notice to the address as it was: never thrown, since the change it reports stands. */
async function tellOldAddress(
  deps: Deps,
  account: Account,
  message: { kind: 'email_change_started' | 'email_changed'; newEmail: string; until?: string },
): Promise<void> {
  try {
    await deps.mailer.send({ ...message, to: recipientOf(account) });
  } catch (error) {
    deps.log.warn('A notice to the old address could not be sent', {
      nic: account.nic,
      error: String(error),
    });
  }
}
