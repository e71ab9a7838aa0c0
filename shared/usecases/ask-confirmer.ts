// The workflow begins its wait for one confirmer. Codes normally go out with the request (one email
// per person, create-change.ts); this step keeps a code whose email went out valid, and otherwise
// (the email failed, a request made before, a retried or resumed wait after a crash) replaces it
// with one that is sent, so that no confirmer is left holding a code nobody received.
import { hashCode, newCode as makeCode } from '../domain/codes';
import { codeSent, newCode } from '../domain/confirmers';
import { isFinal } from '../domain/lifecycle';
import type { ContactChangeRecord, Handle } from '../domain/model';
import { StaleWriteError } from '../domain/ports';
import { TRANSIENT_FAILURE } from '../workflow/events';
import { isoNow, type Deps } from './deps';
import { sendCodes, type CodeEmailOptions } from './notify';

/** Where the confirmer stands once asked; the workflow adapter ends or keeps its wait by it. */
export type AskOutcome = 'asked' | 'accepted' | 'refused' | 'ended';

export async function askConfirmer(deps: Deps, requestId: string, nic: Handle): Promise<AskOutcome> {
  const request = await deps.store.getRequest(requestId);
  const confirmer = request?.confirmers.find((c) => c.nic === nic);
  // Ended before its wait began (cancelled at once, swept): the wait ends too.
  if (!request || !confirmer || isFinal(request.state)) return 'ended';
  if (confirmer.status !== 'pending') return confirmer.status;
  if (confirmer.codeHash && confirmer.codeSentAt) return 'asked'; // it went out: keep it valid
  const unsent = await sendNewCodes(deps, request, [nic]);
  // Worth another try later: the workflow retries the ask (TransientFailure), which sends a new code.
  if (unsent.length > 0) {
    throw Object.assign(new Error(`The code email to ${nic} could not be sent`), { name: TRANSIENT_FAILURE });
  }
  return 'asked';
}

/**
 * Issues a fresh code to each of `nics` (each old one dies with its write), emails them, and records
 * which went out. Returns those whose email failed. A confirmer who answered meanwhile, or a request
 * that ended, loses the write: StaleWriteError.
 */
export async function sendNewCodes(
  deps: Deps,
  request: ContactChangeRecord,
  nics: readonly Handle[],
  options: CodeEmailOptions = {},
): Promise<Handle[]> {
  // Each new key id differs from every other one the request holds or is given here.
  const taken: (string | undefined)[] = request.confirmers.map((c) => c.keyId);
  const codes = nics.map((nic) => {
    const code = makeCode(taken);
    taken.push(code.keyId);
    return { nic, ...code };
  });
  const issued = await Promise.all(
    codes.map(async ({ nic, code, keyId }) => {
      const codeHash = hashCode(code);
      const updated = await deps.store.commit(newCode(request, nic, codeHash, isoNow(deps), keyId));
      return { request: updated, nic, code, codeHash };
    }),
  );
  const unsent = await sendCodes(deps, issued, options);
  for (const { request: updated, nic, codeHash } of issued) {
    if (unsent.includes(nic)) continue;
    try {
      await deps.store.commit(codeSent(updated, nic, codeHash, isoNow(deps)));
    } catch (error) {
      // Answered or replaced meanwhile: the email went out either way, and nothing waits on the mark.
      if (!(error instanceof StaleWriteError)) throw error;
    }
  }
  return unsent;
}
