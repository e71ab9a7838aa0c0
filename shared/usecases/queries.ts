// What callers read: their account, their services, a service's history, their requests.
import { DomainError } from '../domain/errors';
import type {
  Account,
  ChangeState,
  Handle,
  Language,
  Page,
  PageRequest,
  Role,
  Service,
} from '../domain/model';
import { rolesOf } from '../domain/permissions';
import { toServiceView, type CallersContactChange, type ServiceView } from '../domain/view';
import type { Deps } from './deps';
import { namesOf, oneSeenBy, readVisibleRequest, seenBy } from './reads';

/** The account's language is its own to set, and nobody else needs telling. */
export const setLanguage = (deps: Deps, caller: Handle, language: Language): Promise<Account> =>
  deps.store.updateAccountLanguage(caller, language);

export async function listMyServices(
  deps: Deps,
  caller: Handle,
  query: PageRequest & { role?: Role },
): Promise<Page<ServiceView>> {
  const page = await deps.store.listServicesOf(caller, query);
  // The few people of a page, gathered in one Set: a page of 50 services names 150 contacts, most
  // of them the caller and the same colleagues, and this runs on every load of the busiest screen.
  const people = new Set<Handle>();
  for (const { contacts } of page.items) people.add(contacts.admin).add(contacts.tech).add(contacts.billing);
  const names = await namesOf(deps, people);
  return { ...page, items: page.items.map((service) => toServiceView(service, caller, names)) };
}

async function readServiceOf(deps: Deps, caller: Handle, serviceId: string): Promise<Service> {
  const service = await deps.store.getService(serviceId);
  if (!service || rolesOf(service.contacts, caller).length === 0) {
    throw new DomainError('not_found', 'No such service among yours.');
  }
  return service;
}

export async function getServiceOf(deps: Deps, caller: Handle, serviceId: string): Promise<ServiceView> {
  const service = await readServiceOf(deps, caller, serviceId);
  return toServiceView(service, caller, await namesOf(deps, Object.values(service.contacts)));
}

export async function getHistory(
  deps: Deps,
  caller: Handle,
  serviceId: string,
  query: PageRequest,
): Promise<Page<CallersContactChange>> {
  const service = await readServiceOf(deps, caller, serviceId);
  const page = await deps.store.listHistory(serviceId, query);
  const admin = rolesOf(service.contacts, caller).includes('admin');
  return { ...page, items: await seenBy(deps, caller, page.items, admin) };
}

export async function listMyChanges(
  deps: Deps,
  caller: Handle,
  query: PageRequest & { state?: ChangeState },
): Promise<Page<CallersContactChange>> {
  const page = await deps.store.listRequestsOf(caller, query);
  return { ...page, items: await seenBy(deps, caller, page.items) };
}

export async function getChange(deps: Deps, caller: Handle, id: string): Promise<CallersContactChange> {
  const { request, adminOfService } = await readVisibleRequest(deps, id, caller);
  return oneSeenBy(deps, caller, request, adminOfService);
}
