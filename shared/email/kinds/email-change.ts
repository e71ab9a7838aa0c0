// A change of an account's email address: the code to the new address, the warning to the old one, and
// word to the old one once it changed.
import { formatTime } from '../../language/people';
import * as en from '../templates/en';
import * as fi from '../templates/fi';
import type { KindTemplates } from '../templates/types';
import { need, webLink } from '../views';

export const EMAIL_CHANGE_EMAILS = {
  email_change_code: {
    kind: 'email_change_code',
    view: (m, pack) => ({
      nic: m.to.nic,
      newEmail: need(m, 'newEmail', m.newEmail),
      code: need(m, 'code', m.code),
      link: webLink(need(m, 'link', m.link)),
      until: formatTime(pack.words.locale, need(m, 'until', m.until), m.to.timeZone),
    }),
    en: en.emailChangeCode,
    fi: fi.emailChangeCode,
  },
  email_change_started: {
    kind: 'email_change_started',
    view: (m, pack) => ({
      nic: m.to.nic,
      newEmail: need(m, 'newEmail', m.newEmail),
      until: formatTime(pack.words.locale, need(m, 'until', m.until), m.to.timeZone),
      cancelLink: webLink(need(m, 'link', m.link)),
    }),
    en: en.emailChangeStarted,
    fi: fi.emailChangeStarted,
  },
  email_changed: {
    kind: 'email_changed',
    view: (m) => ({ nic: m.to.nic, newEmail: need(m, 'newEmail', m.newEmail) }),
    en: en.emailChanged,
    fi: fi.emailChanged,
  },
} satisfies KindTemplates;
