// To the asker: a confirmer's code email bounced, for one request or for a batch. The handler of SES's
// bounces sends them.
import * as en from '../templates/en';
import * as fi from '../templates/fi';
import type { KindTemplates } from '../templates/types';
import { batchWaitingView, need, peopleIn, requestView } from '../views';

export const BOUNCE_EMAILS = {
  code_bounced: {
    kind: 'code_bounced',
    view: (m, pack) => ({
      ...requestView(m, pack),
      confirmer: peopleIn(m).name(need(m, 'bounced', m.bounced)),
    }),
    en: en.codeBounced,
    fi: fi.codeBounced,
  },
  batch_code_bounced: {
    kind: 'batch_code_bounced',
    view: (m, pack) => ({
      ...batchWaitingView(m, pack),
      confirmer: peopleIn(m).name(need(m, 'bounced', m.bounced)),
    }),
    en: en.batchCodeBounced,
    fi: fi.batchCodeBounced,
  },
} satisfies KindTemplates;
