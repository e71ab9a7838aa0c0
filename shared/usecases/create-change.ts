// Asking for a contact change: plan it with the domain rules, store every request with its guards and
// its confirmers' codes in one transaction, email each person once with all of their codes, and
// start one workflow execution per request.
import { DomainError } from '../domain/errors';
import { ROLES, type Handle } from '../domain/model';
import { issueCodes, newRequest } from '../domain/new-request';
import { describeRegistered } from '../domain/messages';
import { rolesOf } from '../domain/permissions';
import { accountsToRead, planContactChange } from '../domain/plan';
import type { CallersContactChange } from '../domain/view';
import { codeUnsent } from '../domain/confirmers';
import { StaleWriteError } from '../domain/ports';
import { requestLimit } from '../domain/rate-limits';
import { readAhead, type Deps } from './deps';
import { countingAddressRefusals, handlesOf, startConfirmations, type NamedContacts } from './asking';

import { seenBy } from './reads';
import { sendCodes, type IssuedCode } from './notify';

export interface CreatedChanges {
  requests: CallersContactChange[];
  message: string;
}

export async function requestContactChange(
  deps: Deps,
  asker: Handle,
  serviceId: string,
  named: NamedContacts,
): Promise<CreatedChanges> {
  const now = deps.now();
  const limit = requestLimit(deps.settings.limits, asker);
  // The service, the accounts of the addresses named and the asker's quota are read at once, one round
  // trip where there were three; each is awaited where it was read before, so the errors come in the
  // same order (a service not found first).
  const serviceRead = deps.store.getService(serviceId);
  const handlesRead = readAhead(handlesOf(deps, named));
  const bucketsRead = readAhead(deps.store.readQuota(limit, now));
  const service = await serviceRead;
  if (!service || rolesOf(service.contacts, asker).length === 0) {
    throw new DomainError('not_found', 'No such service among yours.');
  }
  const { changes, sharedAddresses } = await handlesRead;
  // The asker's and the current contacts' accounts come with the same read: the code emails name them.
  const current = ROLES.filter((role) => changes[role] !== undefined).map((role) => service.contacts[role]);
  const accounts = await deps.store.getAccounts([...accountsToRead(service, asker, changes), ...current]);
  const plans = await countingAddressRefusals(deps, asker, named, () =>
    planContactChange({ service, asker, changes, accounts, named, sharedAddresses }),
  );

  const createdAt = now.toISOString();
  const expiresAt = new Date(now.getTime() + deps.settings.ttlSeconds * 1000).toISOString();
  // Every confirmer's code is made here and stored with the request, so that one email per person can
  // carry all of their codes; the workflow's ask step then finds each code already sent.
  const issued: IssuedCode[] = [];
  const records = plans.map((plan) => {
    const codes = issueCodes(plan.confirmers);
    const record = newRequest({ id: deps.newId(), service, asker, plan, codes, createdAt, expiresAt });
    issued.push(...[...codes.values()].map(({ nic, code }) => ({ request: record, nic, code })));
    return record;
  });
  // Each request emails people: the asker's hourly quota is counted with them, in one write.
  const quota = { limit, uses: records.length, at: now, buckets: await bucketsRead };
  await deps.store.createRequests(records, quota);
  deps.metrics.count('RequestsCreated', records.length);

  // The emails go out before the workflows start: a start that fails ends only its own request, and
  // everyone still holds the codes of the others.
  const unsent = await sendCodes(deps, issued, { asker, known: accounts });
  for (const { request, nic } of issued) {
    if (!unsent.includes(nic)) continue;
    // Nothing else wrote the request yet; should something have, the ask sends a new code anyway.
    await deps.store.commit(codeUnsent(request, nic)).catch((error: unknown) => {
      if (!(error instanceof StaleWriteError)) throw error;
    });
  }
  for (const record of records) await startConfirmations(deps, record);

  const emailed = [...new Set(records.flatMap((r) => r.confirmers.map((c) => c.nic)))];
  const admin = rolesOf(service.contacts, asker).includes('admin');
  return {
    requests: await seenBy(deps, asker, records, admin, accounts),
    message: describeRegistered(emailed),
  };
}
