// A service: `SERVICE#<serviceId>` / `PROFILE`, with its three contacts.
import * as z from '../../../zod';
import { SERVICE_TYPES, type Service } from '../../../domain/model';
import { itemSchema, parseItem, servicePk, type Item, type Key } from './item';

export const serviceKey = (serviceId: string): Key => ({ pk: servicePk(serviceId), sk: 'PROFILE' });

const contactsSchema = () => z.object({ admin: z.string(), tech: z.string(), billing: z.string() });

export const serviceSchema = itemSchema(() =>
  z.object({
    serviceId: z.string(),
    name: z.string(),
    type: z.enum(SERVICE_TYPES),
    contacts: contactsSchema(),
  }),
);

export const serviceItem = (service: Service): Item => ({
  ...serviceKey(service.serviceId),
  entity: 'service',
  ...service,
});

export const readService = (item: Item): Service => parseItem('service', serviceSchema, item);
