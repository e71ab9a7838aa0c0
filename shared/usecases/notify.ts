// Who hears what about a request. Every notice goes through here, so the rules of DESIGN.md
// ("everyone asked is told", "an old contact who lost all rights is told") live in one place.
import type { Account, ContactChangeRecord, Handle, Service } from '../domain/model';
import type { ContactChangeSummary, EmailKind, EmailMessage } from '../domain/ports';
import { rolesOf } from '../domain/permissions';
import type { Deps } from './deps';

export const summaryOf = (request: ContactChangeRecord): ContactChangeSummary => ({
  id: request.id,
  serviceId: request.serviceId,
  serviceName: request.serviceName,
  roles: request.roles,
  from: request.from,
  to: request.to,
  askedBy: request.askedBy,
  expiresAt: request.expiresAt,
});

export const recipientOf = ({ nic, email, name, language }: Account): EmailMessage['to'] => ({
  nic,
  email,
  name,
  language,
});

export const confirmLink = (deps: Deps, requestId: string, code: string): string =>
  `${deps.settings.publicBaseUrl.replace(/\/$/, '')}/confirm/${encodeURIComponent(requestId)}?token=${encodeURIComponent(code)}`;

/**
 * Sends one kind of notice about a request to each account. A notice that cannot be sent is logged,
 * never thrown: the state change it reports has already happened and must not be undone by a mail outage.
 */
export async function tell(
  deps: Deps,
  kind: EmailKind,
  request: ContactChangeRecord,
  nics: readonly Handle[],
  extra: Partial<EmailMessage> = {},
  /** Accounts the caller has already read; only the others are read here. */
  known: ReadonlyMap<Handle, Account> = new Map(),
): Promise<void> {
  if (nics.length === 0) return;
  const wanted = [...new Set(nics)];
  const missing = wanted.filter((nic) => !known.has(nic));
  const read = missing.length > 0 ? await deps.store.getAccounts(missing) : new Map<Handle, Account>();
  const accounts = wanted.flatMap((nic) => known.get(nic) ?? read.get(nic) ?? []);
  await Promise.all(
    accounts.map(async (account) => {
      try {
        await deps.mailer.send({ kind, to: recipientOf(account), request: summaryOf(request), ...extra });
      } catch (error) {
        deps.log.warn('A notice could not be sent', {
          kind,
          requestId: request.id,
          nic: account.nic,
          error: String(error),
        });
      }
    }),
  );
}

const confirmerNics = (request: ContactChangeRecord) => request.confirmers.map((c) => c.nic);

/** A request ended without being applied: everyone asked and everyone told hears why. */
export async function tellClosed(deps: Deps, request: ContactChangeRecord): Promise<void> {
  const kind = request.state as Extract<EmailKind, 'refused' | 'expired' | 'failed' | 'cancelled'>;
  const refusedBy = request.confirmers.find((c) => c.status === 'refused')?.nic;
  const notConfirmedBy = request.confirmers.filter((c) => c.status === 'pending').map((c) => c.nic);
  await tell(deps, kind, request, [...confirmerNics(request), ...request.notified], {
    reason: request.reason,
    ...(kind === 'refused' && refusedBy ? { refusedBy } : {}),
    ...(kind === 'expired' && notConfirmedBy.length > 0 ? { notConfirmedBy } : {}),
  });
}

/** A request was applied: confirmers and those told hear it; an old contact left with no role hears that too. */
export async function tellDone(
  deps: Deps,
  request: ContactChangeRecord,
  service: Service | undefined,
): Promise<void> {
  const told = [...confirmerNics(request), ...request.notified];
  const oldHoldsNothing = service !== undefined && rolesOf(service.contacts, request.from).length === 0;
  // One read of every account either notice goes to.
  const accounts = await deps.store.getAccounts([
    ...new Set([...told, ...(oldHoldsNothing ? [request.from] : [])]),
  ]);
  await tell(deps, 'done', request, told, {}, accounts);
  if (oldHoldsNothing) await tell(deps, 'rights_ended', request, [request.from], {}, accounts);
}
