// The services a batch is asked on, for use-case tests over the in-memory store: `count` domains
// `s0.fi`, `s1.fi`, … named "Service 0", "Service 1", …, all with the same contacts, so that one change
// can be asked on all of them at once.
import type { Contacts, Service } from '../../shared/domain/model';
import type { MemoryDeps } from './memory';

/** Puts `count` services with `contacts` into the store; their ids, in order. */
export function servicesForABatch(deps: MemoryDeps, count: number, contacts: Contacts): string[] {
  return Array.from({ length: count }, (_, i) => {
    const service: Service = {
      serviceId: `s${i}.fi`,
      name: `Service ${i}`,
      type: 'domain',
      contacts: { ...contacts },
    };
    deps.store.services.set(service.serviceId, service);
    return service.serviceId;
  });
}
