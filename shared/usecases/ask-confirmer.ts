// The workflow begins its wait for one confirmer: make their code and email it. Also the resumption
// of a wait (a retried task, a restarted local runner): a code already sent stays valid.
import { hashCode, newCode as makeCode } from '../domain/codes';
import { newCode } from '../domain/confirmers';
import { isFinal } from '../domain/lifecycle';
import type { Handle } from '../domain/model';
import { isoNow, type Deps } from './deps';
import { sendCodes } from './notify';

/** Where the confirmer stands once asked; the workflow adapter ends or keeps its wait by it. */
export type AskOutcome = 'asked' | 'accepted' | 'refused' | 'ended';

export async function askConfirmer(deps: Deps, requestId: string, nic: Handle): Promise<AskOutcome> {
  const request = await deps.store.getRequest(requestId);
  const confirmer = request?.confirmers.find((c) => c.nic === nic);
  // Ended before its wait began (cancelled at once, swept): the wait ends too.
  if (!request || !confirmer || isFinal(request.state)) return 'ended';
  if (confirmer.status !== 'pending') return confirmer.status;
  if (confirmer.codeHash) return 'asked'; // the code went out with the request, or before a restart: keep it valid
  // No code yet: the request was made before codes were issued with it, or its first code email is
  // owed. The wait still leaves the confirmer with a working code.
  const code = makeCode();
  const updated = await deps.store.commit(newCode(request, nic, hashCode(code), isoNow(deps)));
  await sendCodes(deps, [{ request: updated, nic, code }]);
  return 'asked';
}
