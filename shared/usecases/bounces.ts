// SES says an email did not reach its reader (a permanent bounce or a complaint). The account's
// address is marked as bouncing; and when the email carried codes, each open request still waiting
// for that reader's answer shows that their code never arrived, and its asker is told by email, so
// that the address can be fixed and the codes resent instead of the request waiting out its window
// (in a batch, once per batch, listing its services).
import { makesAddressUnusable, sameAddress, type DeliveryProblem } from '../domain/bounces';
import { codeBounced } from '../domain/confirmers';
import type { ContactChangeRecord, Handle } from '../domain/model';
import { StaleWriteError } from '../domain/ports';
import { isoNow, type Deps } from './deps';
import { commitAndTell, tellBatchBounce } from './notify';

export type BounceOutcome =
  /** Transient, or not ours to place (no account tag): nothing to mark. */
  | { kind: 'ignored'; why: string }
  /** The account has moved to another address since: the bounce says nothing of it. */
  | { kind: 'stale' }
  | { kind: 'marked'; nic: Handle; requests: string[] };

/** A page of the reader's open requests: one Query and one BatchGetItem of at most 100 keys. */
const PAGE = 100;

export async function recordDeliveryProblem(deps: Deps, problem: DeliveryProblem): Promise<BounceOutcome> {
  if (!makesAddressUnusable(problem)) return { kind: 'ignored', why: `${problem.bounceType} bounce` };
  const { nic } = problem;
  if (!nic) return { kind: 'ignored', why: 'no account tag' };
  const account = await deps.store.getAccount(nic);
  // Every email goes to one reader, so the recipients are that account's address, or an address it
  // no longer has (the new address of an address change is not the account's until proven).
  if (!account || !problem.recipients.some((address) => sameAddress(address, account.email))) {
    return { kind: 'stale' };
  }
  const now = isoNow(deps);
  if (!(await deps.store.markEmailBounced(nic, account.email, now))) return { kind: 'stale' };
  deps.metrics.count('EmailsBounced');
  if (problem.kind !== 'code' && problem.kind !== 'batch_code') return { kind: 'marked', nic, requests: [] };

  // The reader's open requests come from their own party pointers (the state index), rather than from
  // request ids carried in the email's tags: a code email may list many requests, and tags are short.
  // It is one Query and one BatchGetItem for all but the busiest confirmers.
  const marked: string[] = [];
  /** A request of each batch marked, with when the bounced code was issued: its asker hears once per batch. */
  const batches = new Map<string, { request: ContactChangeRecord & { batchId: string }; issuedAt: string }>();
  let cursor: string | undefined;
  do {
    const page = await deps.store.listRequestsOf(nic, {
      state: 'awaiting_confirmation',
      limit: PAGE,
      cursor,
    });
    for (const request of page.items) {
      const transition = codeBounced(request, nic, problem.sentAt, now);
      if (!transition) continue;
      try {
        await commitAndTell(deps, transition);
        marked.push(request.id);
        const issuedAt = request.confirmers.find((c) => c.nic === nic)?.codeIssuedAt ?? '';
        if (request.batchId !== undefined && !batches.has(request.batchId)) {
          batches.set(request.batchId, { request: { ...request, batchId: request.batchId }, issuedAt });
        }
      } catch (error) {
        // Answered, resent or ended meanwhile: the code that bounced is no longer the one that counts.
        if (!(error instanceof StaleWriteError)) throw error;
      }
    }
    cursor = page.nextCursor;
  } while (cursor);
  // A request of a batch tells no asker itself: one email per batch lists every service still waiting.
  for (const { request, issuedAt } of batches.values()) await tellBatchBounce(deps, request, nic, issuedAt);
  return { kind: 'marked', nic, requests: marked };
}
