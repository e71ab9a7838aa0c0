// The one reminder before a request expires, and the one per person per batch: the sweep sends them.
import * as en from '../templates/en';
import * as fi from '../templates/fi';
import type { KindTemplates } from '../templates/types';
import { batchWaitingView, need, requestView, webLink } from '../views';

export const REMINDER_EMAILS = {
  reminder: {
    kind: 'reminder',
    view: (m, pack) => ({ ...requestView(m, pack), link: webLink(need(m, 'link', m.link)) }),
    en: en.reminder,
    fi: fi.reminder,
  },
  batch_reminder: {
    kind: 'batch_reminder',
    view: batchWaitingView,
    en: en.batchReminder,
    fi: fi.batchReminder,
  },
} satisfies KindTemplates;
