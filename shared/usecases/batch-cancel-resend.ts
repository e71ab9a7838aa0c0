// Withdrawing a batch, and new batch codes (API.md, "Batches"). A cancel ends each request still
// awaiting confirmation through the one loop (settle), so each person hears once, in the batch's
// outcome email. A resend gives each confirmer who has not answered one new code for all of their
// open requests of the batch, in one email; the old code dies in each request with its write.
import { toBatchView, type BatchView, type StoredBatch } from '../domain/batch';
import { DomainError } from '../domain/errors';
import type { ContactChangeRecord, Handle } from '../domain/model';
import { partiesOf } from '../domain/view';
import { closed, openNow, resendInBatch } from './batch-codes';
import { inGroups, type Deps } from './deps';
import { seenBy } from './reads';
import { settle } from './settle';

interface SeenBatch {
  batch: StoredBatch;
  requests: ContactChangeRecord[];
  /** The batch's services the caller is admin of now (read only for a caller who is not the asker). */
  administered: Set<string>;
}

/** A batch the caller may see (as GET shows it), with its requests as they stand; else not_found. */
async function readBatch(deps: Deps, caller: Handle, id: string): Promise<SeenBatch> {
  const batch = await deps.store.getBatch(id);
  const notFound = new DomainError('not_found', 'No such batch among yours.');
  if (!batch?.published) throw notFound;
  const requests = await deps.store.getRequests(batch.requestIds);
  const administered = new Set<string>();
  if (batch.askedBy !== caller) {
    for (const service of (await deps.store.getServices(batch.services)).values())
      if (service.contacts.admin === caller) administered.add(service.serviceId);
    if (administered.size === 0 && !requests.some((r) => partiesOf(r).includes(caller))) throw notFound;
  }
  return { batch, requests, administered };
}

const viewOf = async (deps: Deps, caller: Handle, batch: StoredBatch): Promise<BatchView> =>
  toBatchView(batch, await seenBy(deps, caller, await deps.store.getRequests(batch.requestIds)));

/**
 * The asker withdraws every request of the batch still awaiting confirmation; a current admin of some
 * of its services, those of the services they administer.
 */
export async function cancelBatch(deps: Deps, caller: Handle, id: string): Promise<BatchView> {
  const { batch, requests, administered } = await readBatch(deps, caller, id);
  if (batch.askedBy !== caller && administered.size === 0)
    throw new DomainError(
      'not_the_asker',
      'Only the asker or an admin of its services may cancel this batch.',
    );
  const open = requests.filter(
    (r) => r.state === 'awaiting_confirmation' && (batch.askedBy === caller || administered.has(r.serviceId)),
  );
  if (open.length === 0) throw closed();
  // A request another move ended meanwhile (its last acceptance, the timeout) keeps that ending.
  await inGroups(open, (request) => settle(deps, request.id, { type: 'cancelled', by: caller }, request));
  return viewOf(deps, caller, batch);
}

/**
 * A new batch code to each confirmer who has not answered (or only to the caller), for every open
 * request of the batch where they are still asked.
 */
export async function resendBatch(
  deps: Deps,
  caller: Handle,
  id: string,
  onlyMe: boolean,
): Promise<BatchView> {
  const { batch, requests } = await readBatch(deps, caller, id);
  // The asker confirms every request too (confirmersOf): "the asker or a confirmer" is a confirmer.
  if (!requests.some((r) => r.confirmers.some((c) => c.nic === caller)))
    throw new DomainError('not_a_party', 'Only the asker or a confirmer may have the codes sent again.');
  const open = openNow(deps, requests);
  if (open.length === 0) throw closed();
  const pending = [
    ...new Set(open.flatMap((r) => r.confirmers.filter((c) => c.status === 'pending').map((c) => c.nic))),
  ];
  if (onlyMe && !pending.includes(caller))
    throw new DomainError('already_answered', 'You have already answered every request of this batch.');
  await resendInBatch(deps, batch, open, onlyMe ? [caller] : pending);
  return viewOf(deps, caller, batch);
}
