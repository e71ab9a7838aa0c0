// Asking for a contact change: plan it with the domain rules, store every request with its guards in
// one transaction, and start one workflow execution per request.
import { DomainError } from '../domain/errors';
import type { ContactChange, ContactChangeRecord, Handle } from '../domain/model';
import { describeRegistered } from '../domain/messages';
import { rolesOf } from '../domain/permissions';
import { accountsToRead, planContactChange, type ChangeBody } from '../domain/plan';
import { toContactChange } from '../domain/view';
import { isoNow, type Deps } from './deps';
import { settle } from './settle';
import { tell } from './notify';

export interface CreatedChanges {
  requests: ContactChange[];
  message: string;
}

export async function requestContactChange(
  deps: Deps,
  asker: Handle,
  serviceId: string,
  changes: ChangeBody,
): Promise<CreatedChanges> {
  const service = await deps.store.getService(serviceId);
  if (!service || rolesOf(service.contacts, asker).length === 0) {
    throw new DomainError('not_found', 'No such service among yours.');
  }
  // The asker's own account comes with the same read, for the "registered" notice at the end.
  const accounts = await deps.store.getAccounts([...accountsToRead(service, changes), asker]);
  const plans = planContactChange({ service, asker, changes, accounts });

  const createdAt = isoNow(deps);
  const expiresAt = new Date(deps.now().getTime() + deps.settings.ttlSeconds * 1000).toISOString();
  const records: ContactChangeRecord[] = plans.map((plan) => ({
    id: deps.newId(),
    serviceId: service.serviceId,
    serviceName: service.name,
    roles: plan.roles,
    from: plan.from,
    to: plan.to,
    askedBy: asker,
    state: 'awaiting_confirmation',
    confirmers: plan.confirmers.map((nic) => ({ nic, status: 'pending', attempts: 0 })),
    notified: plan.notified,
    createdAt,
    expiresAt,
    completedAt: null,
    reason: null,
    why: null,
  }));
  await deps.store.createRequests(records);

  for (const record of records) await startConfirmations(deps, record);

  const emailed = [...new Set(records.flatMap((r) => r.confirmers.map((c) => c.nic)))];
  for (const record of records)
    await tell(deps, 'registered', record, [asker], { others: emailed }, accounts);
  return { requests: records.map(toContactChange), message: describeRegistered(emailed) };
}

/**
 * A request whose workflow cannot start would wait for codes nobody sends: end it as failed at
 * once (freeing its guard) rather than leave it open until it expires.
 */
async function startConfirmations(deps: Deps, record: ContactChangeRecord): Promise<void> {
  try {
    await deps.workflow.started(record, record.createdAt);
  } catch (error) {
    const reason = 'The confirmations could not be started; please try again.';
    await settle(deps, record.id, { type: 'step_failed', reason }, record);
    throw error;
  }
}
