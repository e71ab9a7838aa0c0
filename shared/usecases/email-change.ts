// The verified address change (API.md: PUT /me/email, POST /me/email/confirm). Starting it sends a
// code to the new address and tells the old one; only the code changes the address, and the old
// address is told again when it has.
import { hashCode, newCode } from '../domain/codes';
import {
  judgeCancelToken,
  judgeEmailCode,
  pendingToCancel,
  plannedEmailChange,
} from '../domain/email-change';
import { DomainError } from '../domain/errors';
import { handleSchema } from '../domain/handle';
import type { Account, Handle, PendingEmail } from '../domain/model';
import { StaleWriteError } from '../domain/ports';
import { emailChangeLimit } from '../domain/rate-limits';
import { isoNow, templateOf, within, type Deps } from './deps';
import { recipientOf } from './notify';
import { getMe } from './reads';

export const profileLink = (deps: Deps, code: string): string =>
  `${deps.settings.publicBaseUrl.replace(/\/$/, '')}/panel/profile?emailCode=${encodeURIComponent(code)}`;

/** The page that stops a waiting change: in the email to the old address only. */
export const cancelLink = (deps: Deps, nic: Handle, token: string): string =>
  `${deps.settings.publicBaseUrl.replace(/\/$/, '')}/email-change/cancel?nic=${encodeURIComponent(nic)}&token=${encodeURIComponent(token)}`;

export async function startEmailChange(deps: Deps, caller: Handle, email: string): Promise<Account> {
  const account = await getMe(deps, caller);
  const { code } = newCode();
  // A second secret, for the old address: whoever reads it can stop the change (issue 22).
  const stop = newCode().code;
  const pending = plannedEmailChange(account, email, hashCode(code), deps.now(), hashCode(stop));
  await within(deps, emailChangeLimit(deps.settings.limits, caller));
  const updated = await deps.store.startEmailChange(caller, pending);
  // The code goes to the new address only: receiving it is what proves the address.
  await deps.mailer.send(
    {
      kind: 'email_change_code',
      to: { ...recipientOf(account), email },
      code,
      link: profileLink(deps, code),
      newEmail: email,
      until: pending.expiresAt,
    },
    templateOf(deps, 'email_change_code'),
  );
  await tellOldAddress(deps, account, {
    kind: 'email_change_started',
    newEmail: email,
    until: pending.expiresAt,
    link: cancelLink(deps, caller, stop),
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

/**
 * What the stop link opens (GET): the account it would stop, in its language, or the refusal the POST
 * would give. Writes nothing, so that link scanners stop nothing.
 */
export async function inspectEmailChangeCancel(deps: Deps, nic: string, token: string): Promise<Account> {
  const account = await readForLink(deps, nic);
  judgeCancelToken(account, token, isoNow(deps));
  return account!;
}

/** The stop link's form (POST): drops the change its token was made for, and only that one. */
export async function cancelEmailChangeByLink(deps: Deps, nic: string, token: string): Promise<Account> {
  const account = await readForLink(deps, nic);
  const pending = judgeCancelToken(account, token, isoNow(deps));
  return cancelOrExplain(deps, account!.nic, pending);
}

/** DELETE /me/email: the signed-in owner stops the waiting change. */
export async function cancelEmailChange(deps: Deps, caller: Handle): Promise<Account> {
  const account = await getMe(deps, caller);
  return cancelOrExplain(deps, caller, pendingToCancel(account, isoNow(deps)));
}

/** A handle that is not one reads as no account: the link is simply wrong. */
async function readForLink(deps: Deps, nic: string): Promise<Account | undefined> {
  const handle = handleSchema().safeParse(nic);
  return handle.success ? deps.store.getAccount(handle.data) : undefined;
}

async function cancelOrExplain(deps: Deps, nic: Handle, pending: PendingEmail): Promise<Account> {
  try {
    return await deps.store.cancelEmailChange(nic, pending);
  } catch (error) {
    // Confirmed, stopped or started again in between: the change this was about is no longer there.
    if (!(error instanceof StaleWriteError)) throw error;
    throw new DomainError('nothing_pending', 'The address change was confirmed or replaced meanwhile.');
  }
}

/** A notice to the address as it was: never thrown, since the change it reports stands. */
async function tellOldAddress(
  deps: Deps,
  account: Account,
  message: {
    kind: 'email_change_started' | 'email_changed';
    newEmail: string;
    until?: string;
    link?: string;
  },
): Promise<void> {
  const template = templateOf(deps, message.kind);
  try {
    await deps.mailer.send({ ...message, to: recipientOf(account) }, template);
  } catch (error) {
    deps.log.warn('A notice to the old address could not be sent', {
      nic: account.nic,
      error: String(error),
    });
  }
}
