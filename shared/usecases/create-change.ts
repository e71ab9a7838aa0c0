// Asking for a contact change: plan it with the domain rules, store every request with its guards and
// its confirmers' codes in one transaction, email each person once with all of their codes, and
// start one workflow execution per request.
import { DomainError, isDomainError } from '../domain/errors';
import { ROLES, type ContactChangeRecord, type Handle, type Role } from '../domain/model';
import { issueCodes, newRequest } from '../domain/new-request';
import { describeRegistered } from '../domain/messages';
import { rolesOf } from '../domain/permissions';
import { accountsToRead, planContactChange, type ChangeBody, type PlanInput } from '../domain/plan';
import type { CallersContactChange } from '../domain/view';
import { codeUnsent } from '../domain/confirmers';
import { StaleWriteError } from '../domain/ports';
import { addressRefusalLimit, requestLimit } from '../domain/rate-limits';
import { within, type Deps } from './deps';
import { seenBy } from './reads';
import { settle } from './settle';
import { sendCodes, type IssuedCode } from './notify';

export interface CreatedChanges {
  requests: CallersContactChange[];
  message: string;
}

/** Each role's new contact as the asker named them: a handle, or the address of an account. */
export type NamedContacts = Partial<Record<Role, string>>;

export async function requestContactChange(
  deps: Deps,
  asker: Handle,
  serviceId: string,
  named: NamedContacts,
): Promise<CreatedChanges> {
  const service = await deps.store.getService(serviceId);
  if (!service || rolesOf(service.contacts, asker).length === 0) {
    throw new DomainError('not_found', 'No such service among yours.');
  }
  const { changes, sharedAddresses } = await handlesOf(deps, named);
  // The asker's and the current contacts' accounts come with the same read: the code emails name them.
  const current = ROLES.filter((role) => changes[role] !== undefined).map((role) => service.contacts[role]);
  const accounts = await deps.store.getAccounts([...accountsToRead(service, asker, changes), ...current]);
  const plans = await planOrCountRefusal(deps, { service, asker, changes, accounts, named, sharedAddresses });

  const now = deps.now();
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
  const quota = { limit: requestLimit(deps.settings.limits, asker), uses: records.length, at: now };
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
  return { requests: await seenBy(deps, asker, records, admin), message: describeRegistered(emailed) };
}

/**
 * A refusal of a body that names someone by address counts toward the asker's limit on such refusals
 * (issue 22): each one says something of an address's account while sending nothing, so past the limit
 * the answer is too_many_requests instead, and says nothing of the address.
 */
async function planOrCountRefusal(deps: Deps, input: PlanInput) {
  try {
    return planContactChange(input);
  } catch (error) {
    if (isDomainError(error) && Object.values(input.named ?? {}).some((name) => name?.includes('@'))) {
      await within(deps, addressRefusalLimit(deps.settings.limits, input.asker));
    }
    throw error;
  }
}

/**
 * Addresses become the handle of the one account whose current, verified address it is. One that
 * names no account, or several (one person's handles may share it), stays as typed: the planner then
 * refuses it as unknown_account in its turn, after role_not_allowed, like an unknown handle, and in
 * words of its own when several accounts share it.
 */
async function handlesOf(deps: Deps, named: NamedContacts) {
  const found = new Map<string, string>();
  const sharedAddresses = new Set<string>();
  const changes: ChangeBody = {};
  for (const role of ROLES) {
    const name = named[role];
    if (name === undefined) continue;
    if (!name.includes('@')) {
      changes[role] = name;
      continue;
    }
    const address = name.toLowerCase();
    if (!found.has(address)) {
      const accounts = await deps.store.accountsWithEmail(address);
      found.set(address, accounts.length === 1 ? accounts[0]!.nic : name);
      if (accounts.length > 1) sharedAddresses.add(address);
    }
    changes[role] = found.get(address)!;
  }
  return { changes, sharedAddresses };
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
