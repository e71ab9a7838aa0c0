// New batch codes (API.md, "Batches"): each person asked in a batch holds one code for all of their
// requests of it, so a new code, asked on the batch or on one of its requests, replaces it in each of
// their open requests and goes out in one email. Shared by the batch's resend and a request's.
import type { StoredBatch } from '../domain/batch';
import { hashCode, newCode as makeCode } from '../domain/codes';
import { codeSent, newCode } from '../domain/confirmers';
import { DomainError } from '../domain/errors';
import type { ContactChangeRecord, Handle } from '../domain/model';
import { StaleWriteError } from '../domain/ports';
import { resendLimit } from '../domain/rate-limits';
import { inGroups, isoNow, within, type Deps } from './deps';
import { sendBatchCodes } from './notify';

export const closed = () =>
  new DomainError('request_closed', 'No request of the batch is still awaiting confirmation.');

/** The requests still awaiting confirmation, their window open. */
export const openNow = (deps: Deps, requests: ContactChangeRecord[]) => {
  const now = isoNow(deps);
  return requests.filter((r) => r.state === 'awaiting_confirmation' && r.expiresAt > now);
};

/**
 * New batch codes to `nics` (a resend asked on one request of the batch comes here too), counted
 * against the batch's resend limit first, so that a refused resend sends nothing.
 */
export async function resendBatchCodes(deps: Deps, batchId: string, nics: readonly Handle[]): Promise<void> {
  const batch = await deps.store.getBatch(batchId);
  if (!batch) throw closed();
  await resendInBatch(deps, batch, openNow(deps, await deps.store.getRequests(batch.requestIds)), nics);
}

export async function resendInBatch(
  deps: Deps,
  batch: StoredBatch,
  open: ContactChangeRecord[],
  nics: readonly Handle[],
): Promise<void> {
  await within(deps, ...nics.map((nic) => resendLimit(deps.settings.limits, batch.id, nic)));
  // One code per person; its key id differs from every other one held in the batch's open requests.
  const taken: (string | undefined)[] = open.flatMap((r) => r.confirmers.map((c) => c.keyId));
  const codes = new Map(
    nics.map((nic) => {
      const code = makeCode(taken);
      taken.push(code.keyId);
      return [nic, { ...code, hash: hashCode(code.code) }];
    }),
  );
  const now = isoNow(deps);
  const asked = open.flatMap((request) =>
    request.confirmers
      .filter((c) => c.status === 'pending' && codes.has(c.nic))
      .map((c) => ({ request, nic: c.nic })),
  );
  const written = (
    await inGroups(asked, async ({ request, nic }) => {
      const { hash, keyId } = codes.get(nic)!;
      try {
        return [{ request: await deps.store.commit(newCode(request, nic, hash, now, keyId)), nic }];
      } catch (error) {
        // Answered or ended meanwhile: that request keeps what it has, the others get the new code.
        if (!(error instanceof StaleWriteError)) throw error;
        return [];
      }
    })
  ).flat();
  const sending = new Map(
    [...new Set(written.map((w) => w.nic))].map((nic) => [nic, codes.get(nic)!.code] as const),
  );
  if (sending.size === 0) throw closed();
  const unsent = await sendBatchCodes(deps, batch.id, open, sending, { resent: true });
  await inGroups(
    written.filter(({ nic }) => !unsent.includes(nic)),
    ({ request, nic }) =>
      deps.store.commit(codeSent(request, nic, codes.get(nic)!.hash, now)).catch((error: unknown) => {
        // Answered or replaced meanwhile: the email went out either way, and nothing waits on the mark.
        if (!(error instanceof StaleWriteError)) throw error;
      }),
  );
  if (unsent.length > 0) throw new Error('A code email could not be sent; please try again.');
}
