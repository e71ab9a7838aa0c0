// Sending what the domain says people hear (shared/domain/notices.ts): one email per account, in its
// language. A notice that cannot be sent is logged, never thrown.
import type { Account, ContactChangeRecord, Handle } from '../domain/model';
import type { ContactChangeSummary, EmailKind, EmailMessage } from '../domain/ports';
import type { Notice } from '../domain/transition';
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

/** Sends what a Transition says: each notice to its people, with one read of every account. */
export async function tellNotices(
  deps: Deps,
  request: ContactChangeRecord,
  notices: readonly Notice[],
): Promise<void> {
  if (notices.length === 0) return;
  const accounts = await deps.store.getAccounts([...new Set(notices.flatMap((notice) => notice.to))]);
  for (const notice of notices) await tell(deps, notice.kind, request, notice.to, notice.details, accounts);
}
