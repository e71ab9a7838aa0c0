// A history entry: `SERVICE#<serviceId>` / `HISTORY#<completedAt>#<id>`, the final request as it
// was, so that a service's past is one Query, newest first.
import type { ContactChangeRecord } from '../../../domain/model';
import { parseItem, servicePk, type Item, type Key } from './item';
import { requestFields, requestSchema } from './request';

export const HISTORY_PREFIX = 'HISTORY#';

export const historyKey = (request: Pick<ContactChangeRecord, 'serviceId' | 'completedAt' | 'id'>): Key => ({
  pk: servicePk(request.serviceId),
  sk: `${HISTORY_PREFIX}${request.completedAt}#${request.id}`,
});

export const historyItem = (final: ContactChangeRecord): Item => ({
  ...historyKey(final),
  entity: 'history',
  ...requestFields(final),
});

export const readHistory = (item: Item): ContactChangeRecord => parseItem('history', requestSchema, item);
