// A history entry: `SERVICE#<serviceId>` / `HISTORY#<completedAt>#<id>`, the final request as it
// was, so that a service's past is one Query, newest first.
import type { ContactChangeRecord } from '../../../domain/model';
import { parseItem, servicePk, type Item, type Key } from './item';
import {
  CODE_HASHES_ATTRIBUTE,
  REFUSAL_NOTICES_OWED_ATTRIBUTE,
  requestFields,
  requestSchema,
} from './request';

export const HISTORY_PREFIX = 'HISTORY#';

export const historyKey = (request: Pick<ContactChangeRecord, 'serviceId' | 'completedAt' | 'id'>): Key => ({
  pk: servicePk(request.serviceId),
  sk: `${HISTORY_PREFIX}${request.completedAt}#${request.id}`,
});

/**
 * The past keeps no code hashes (no link of an ended request is answered from it), nor the mark of
 * emails still owed: that is the request item's to claim.
 */
export function historyItem(final: ContactChangeRecord): Item {
  const fields = requestFields(final);
  delete fields[CODE_HASHES_ATTRIBUTE];
  delete fields[REFUSAL_NOTICES_OWED_ATTRIBUTE];
  return { ...historyKey(final), entity: 'history', ...fields };
}

export const readHistory = (item: Item): ContactChangeRecord => parseItem('history', requestSchema, item);
