// The workflow begins its wait for one confirmer. Codes normally go out with the request (one email
// per person, create-change.ts); this step keeps a code whose email went out valid, and otherwise
// (the email failed, a request made before, a retried or resumed wait after a crash) replaces it
// with one that is sent, so that no confirmer is left holding a code nobody received.
import { isFinal } from '../domain/model';
import type { Handle } from '../domain/model';
import { TRANSIENT_FAILURE, type AskOutcome } from '../workflow/events';
import type { Deps } from './deps';
import { sendNewCodes } from './notify';

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
