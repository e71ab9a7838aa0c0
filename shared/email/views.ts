// What the kinds of email share in turning a message into their templates' views: a request in the
// reader's words, the people named by name and handle, the checks that a message carries what its
// kind needs. Each kind's own view is in shared/email/kinds/, beside its templates.
import type { ContactChangeSummary, EmailMessage } from '../domain/ports';
import { formatTime, listInWords, peopleOf, rolesInWords } from '../language/people';
import type { BatchWaitingView, LanguagePack, RequestView } from './templates/types';

export const peopleIn = (m: EmailMessage) => peopleOf(m.names ?? {}, m.to.nic);

/** A message that lacks what its kind needs is a bug in the caller: fail loudly rather than send a hollow email. */
export function need<T>(m: EmailMessage, field: string, value: T | undefined): T {
  if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) {
    throw new Error(`A "${m.kind}" email needs ${field}`);
  }
  return value;
}

/** Only web links become hrefs: a `javascript:` address in a message must never reach an inbox. */
export function webLink(link: string): string {
  const { protocol } = new URL(link);
  if (protocol !== 'https:' && protocol !== 'http:') throw new Error(`Not a web link: ${protocol}`);
  return link;
}

export function requestView(m: EmailMessage, pack: LanguagePack): RequestView {
  return {
    ...summaryView(m, need(m, 'request', m.request), pack),
    panelLink: m.panelLink === undefined ? undefined : webLink(m.panelLink),
  };
}

export function summaryView(m: EmailMessage, request: ContactChangeSummary, pack: LanguagePack): RequestView {
  const people = peopleIn(m);
  const you = m.to.nic;
  return {
    id: request.id,
    serviceName: request.serviceName,
    roles: rolesInWords(pack.words, request.roles),
    roleCount: request.roles.length,
    from: people.name(request.from),
    to: people.name(request.to),
    askedBy: people.name(request.askedBy),
    notified: request.notified.length
      ? listInWords(pack.words.locale, request.notified.map(people.name))
      : undefined,
    you: {
      asker: request.askedBy === you,
      from: request.from === you,
      to: request.to === you,
      answered: request.confirmations.some((c) => c.nic === you && c.status !== 'pending'),
    },
    expiresAt: formatTime(pack.words.locale, request.expiresAt, m.to.timeZone),
    why: request.why ? pack.words.why(request.why, people) : undefined,
    roleLines: request.roles.map((role) => pack.words.roleMeanings[role]),
    adminMoves: request.roles.includes('admin'),
  };
}

/**
 * A batch's requests as an email lists them, a line per service ("service: roles, from → to"), and
 * how many services they are, with the service's name when there is only one.
 */
export function batchServices(
  m: EmailMessage,
  requests: readonly ContactChangeSummary[],
  pack: LanguagePack,
): { lines: string[]; serviceCount: number; serviceName?: string } {
  const people = peopleIn(m);
  const services = [...new Set(requests.map((r) => r.serviceName))];
  return {
    lines: requests.map(
      (r) =>
        `${r.serviceName}: ${rolesInWords(pack.words, r.roles)}, ${people.name(r.from)} → ${people.name(r.to)}`,
    ),
    serviceCount: services.length,
    serviceName: services.length === 1 ? services[0] : undefined,
  };
}

/** The requests of a batch still waiting for someone's answer: a batch reminder's, a batch bounce's. */
export function batchWaitingView(m: EmailMessage, pack: LanguagePack): BatchWaitingView {
  const waiting = need(m, 'waiting', m.waiting);
  const requests = need(m, 'waiting.requests', waiting.requests);
  return {
    ...batchServices(m, requests, pack),
    expiresAt: formatTime(pack.words.locale, requests[0]!.expiresAt, m.to.timeZone),
    panelLink: webLink(waiting.panelLink),
  };
}
