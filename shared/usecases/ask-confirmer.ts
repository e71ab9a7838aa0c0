// The workflow's wait for one confirmer begins: keep its task token with the confirmer, make the
// code and email it. Also the resumption of a wait (a retried task, a restarted local runner).
import { hashCode, newCode } from '../domain/codes';
import { isFinal } from '../domain/lifecycle';
import type { Handle } from '../domain/model';
import { isoNow, type Deps } from './deps';
import { confirmLink, recipientOf, summaryOf } from './notify';

export async function askConfirmer(
  deps: Deps,
  requestId: string,
  nic: Handle,
  taskToken: string,
): Promise<void> {
  const request = await deps.store.getRequest(requestId);
  const confirmer = request?.confirmers.find((c) => c.nic === nic);
  if (!request || !confirmer || isFinal(request.state)) {
    // Ended before its wait began (cancelled at once, swept): end the wait; the close step finds it final.
    await deps.workflow.fail(taskToken, 'Cancelled', 'The request ended before this confirmer was asked');
    return;
  }
  if (confirmer.status === 'accepted') {
    await deps.workflow.succeed(taskToken, { nic });
    return;
  }
  if (confirmer.status === 'refused') {
    await deps.workflow.fail(taskToken, 'Refused', `${nic} refused`);
    return;
  }
  if (confirmer.codeHash) {
    // The code already went out: keep it valid and only point the new wait at this confirmer.
    await deps.store.attachTaskToken(requestId, nic, taskToken);
    return;
  }
  const code = newCode();
  const updated = await deps.store.issueCode(requestId, nic, {
    codeHash: hashCode(code),
    codeIssuedAt: isoNow(deps),
    taskToken,
  });
  const account = await deps.store.getAccount(nic);
  if (!account) throw new Error(`Confirmer ${nic} of request ${requestId} has no account`);
  await deps.mailer.send({
    kind: 'code',
    to: recipientOf(account),
    request: summaryOf(updated),
    code,
    link: confirmLink(deps, requestId, code),
  });
}
