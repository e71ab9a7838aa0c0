// The workflow begins its wait for one confirmer: make their code and email it. Also the resumption
// of a wait (a retried task, a restarted local runner): a code whose email went out stays valid; a
// code stored but never sent (the email failed, the task died) is replaced by one that is sent, so
// that no confirmer is left holding a code nobody received.
import { hashCode, newCode as makeCode } from '../domain/codes';
import { codeSent, newCode } from '../domain/confirmers';
import { isFinal } from '../domain/lifecycle';
import type { Account, ContactChangeRecord, Handle } from '../domain/model';
import { StaleWriteError } from '../domain/ports';
import { isoNow, type Deps } from './deps';
import { confirmLink, recipientOf, summaryOf } from './notify';

/** Where the confirmer stands once asked; the workflow adapter ends or keeps its wait by it. */
export type AskOutcome = 'asked' | 'accepted' | 'refused' | 'ended';

export async function askConfirmer(deps: Deps, requestId: string, nic: Handle): Promise<AskOutcome> {
  const request = await deps.store.getRequest(requestId);
  const confirmer = request?.confirmers.find((c) => c.nic === nic);
  // Ended before its wait began (cancelled at once, swept): the wait ends too.
  if (!request || !confirmer || isFinal(request.state)) return 'ended';
  if (confirmer.status !== 'pending') return confirmer.status;
  if (confirmer.codeHash && confirmer.codeSentAt) return 'asked'; // it went out: keep it valid
  const account = await deps.store.getAccount(nic);
  if (!account) throw new Error(`Confirmer ${nic} of request ${requestId} has no account`);
  await sendNewCode(deps, request, account);
  return 'asked';
}

/**
 * Issues a fresh code (the old one dies with the write), emails it, and records that it went out.
 * Returns the request with the new code; StaleWriteError when the confirmer can no longer be asked.
 */
export async function sendNewCode(
  deps: Deps,
  request: ContactChangeRecord,
  account: Account,
): Promise<ContactChangeRecord> {
  const code = makeCode();
  const codeHash = hashCode(code);
  const updated = await deps.store.commit(newCode(request, account.nic, codeHash, isoNow(deps)));
  await deps.mailer.send({
    kind: 'code',
    to: recipientOf(account),
    request: summaryOf(updated),
    code,
    link: confirmLink(deps, request.id, code),
  });
  try {
    return await deps.store.commit(codeSent(updated, account.nic, codeHash, isoNow(deps)));
  } catch (error) {
    // Answered or replaced meanwhile: the email went out either way, and nothing waits on the mark.
    if (error instanceof StaleWriteError) return updated;
    throw error;
  }
}
