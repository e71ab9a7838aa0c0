// The code emails: one person's codes for the requests of a submission or a resend, and one person's one
// code for a batch. Sent by the functions that create requests and batches, resend, and ask a confirmer.
import { ROLES } from '../../domain/model';
import type { EmailMessage } from '../../domain/ports';
import { formatTime, listInWords, rolesInWords } from '../../language/people';
import * as en from '../templates/en';
import * as fi from '../templates/fi';
import type { KindTemplate, KindTemplates, KindViews, LanguagePack } from '../templates/types';
import { batchServices, need, peopleIn, summaryView, webLink } from '../views';

function codeView(m: EmailMessage, pack: LanguagePack): KindViews['code'] {
  const asks = need(m, 'asks', m.asks).map((ask) => ({
    request: summaryView(m, ask.request, pack),
    code: need(m, 'code', ask.code),
    link: webLink(ask.link),
    panelLink: webLink(ask.panelLink),
  }));
  const requests = need(m, 'asks', m.asks).map((ask) => ask.request);
  const first = requests[0]!;
  const roles = ROLES.filter((role) => requests.some((r) => r.roles.includes(role)));
  const yours = ROLES.filter((role) => requests.some((r) => r.to === m.to.nic && r.roles.includes(role)));
  return {
    serviceName: first.serviceName,
    asks,
    asker: first.askedBy === m.to.nic,
    askedBy: peopleIn(m).name(first.askedBy),
    yourRoles: rolesInWords(pack.words, yours),
    others: m.others?.length ? listInWords(pack.words.locale, m.others.map(peopleIn(m).name)) : undefined,
    resent: m.resent ?? false,
    expiresAt: formatTime(pack.words.locale, first.expiresAt, m.to.timeZone),
    roleLines: roles.map((role) => pack.words.roleMeanings[role]),
    adminMoves: roles.includes('admin'),
  };
}

function batchCodeView(m: EmailMessage, pack: LanguagePack): KindViews['batch_code'] {
  const batch = need(m, 'batch', m.batch);
  const requests = need(m, 'batch.requests', batch.requests);
  const people = peopleIn(m);
  const first = requests[0]!;
  const roles = ROLES.filter((role) => requests.some((r) => r.roles.includes(role)));
  const yours = ROLES.filter((role) => requests.some((r) => r.to === m.to.nic && r.roles.includes(role)));
  return {
    ...batchServices(m, requests, pack),
    asker: first.askedBy === m.to.nic,
    askedBy: people.name(first.askedBy),
    yourRoles: rolesInWords(pack.words, yours),
    others: m.others?.length ? listInWords(pack.words.locale, m.others.map(people.name)) : undefined,
    resent: m.resent ?? false,
    code: need(m, 'batch.code', batch.code),
    link: webLink(batch.link),
    panelLink: webLink(batch.panelLink),
    expiresAt: formatTime(pack.words.locale, first.expiresAt, m.to.timeZone),
    roleLines: roles.map((role) => pack.words.roleMeanings[role]),
    adminMoves: roles.includes('admin'),
  };
}

const code = { kind: 'code', view: codeView, en: en.code, fi: fi.code } satisfies KindTemplate<'code'>;
const batchCode = {
  kind: 'batch_code',
  view: batchCodeView,
  en: en.batchCode,
  fi: fi.batchCode,
} satisfies KindTemplate<'batch_code'>;

/** A request's codes, and a batch's one code: apart, for the functions that send only one of them. */
export const REQUEST_CODE_EMAILS = { code } satisfies KindTemplates;
export const BATCH_CODE_EMAILS = { batch_code: batchCode } satisfies KindTemplates;

// By their names, never spread nor read as REQUEST_CODE_EMAILS.code: esbuild keeps an unused object
// whose making may run code (a spread, a property read: a getter), and every template it holds with it.
export const CODE_EMAILS = { code, batch_code: batchCode } satisfies KindTemplates;
