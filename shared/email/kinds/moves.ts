// What a move of a request tells: an acceptance that leaves others to answer, and each way a request
// ends, to its people one by one and, for a batch, once per person when all of theirs have ended. Every
// function that answers, cancels, applies or expires a request sends these.
import { isFinal } from '../../domain/model';
import type { FinalState } from '../../domain/model';
import type { ContactChangeSummary, EmailMessage } from '../../domain/ports';
import { listInWords, rolesInWords } from '../../language/people';
import * as en from '../templates/en';
import * as fi from '../templates/fi';
import type { KindTemplate, KindTemplates, KindViews, LanguagePack } from '../templates/types';
import { need, peopleIn, requestView, webLink } from '../views';

function batchOutcomeView(m: EmailMessage, pack: LanguagePack): KindViews['batch_outcome'] {
  const outcome = need(m, 'outcome', m.outcome);
  const requests = need(m, 'outcome.requests', outcome.requests);
  const people = peopleIn(m);
  const services = [...new Set(requests.map((r) => r.serviceName))];
  return {
    lines: requests.map((r) => ({
      change: `${r.serviceName}: ${rolesInWords(pack.words, r.roles)}, ${people.name(r.from)} → ${people.name(r.to)}`,
      state: endedState(m, r),
      ...(r.why && { why: pack.words.why(r.why, people) }),
    })),
    serviceCount: services.length,
    serviceName: services.length === 1 ? services[0] : undefined,
    panelLink: webLink(outcome.panelLink),
  };
}

function endedState(m: EmailMessage, request: ContactChangeSummary): FinalState {
  if (!isFinal(request.state)) throw new Error(`A "${m.kind}" email lists a request still ${request.state}`);
  return request.state;
}

/**
 * Kinds some functions send alone, apart: a function that creates requests sends `failed` (a request
 * whose workflow cannot start ends failed at once, asking.ts) or `batch_outcome` (a batch's requests
 * tell how they ended in the outcome email alone, batch-notices.ts), and the workflow's receipt task
 * `waiting`. An entry that names MOVE_EMAILS, or reads a property of it, bundles every template of
 * them (an object's properties do not tree-shake).
 */
const failed = {
  kind: 'failed',
  view: requestView,
  en: en.failed,
  fi: fi.failed,
} satisfies KindTemplate<'failed'>;

const batchOutcome = {
  kind: 'batch_outcome',
  view: batchOutcomeView,
  en: en.batchOutcome,
  fi: fi.batchOutcome,
} satisfies KindTemplate<'batch_outcome'>;

const waiting = {
  kind: 'waiting',
  view: (m, pack) => ({
    ...requestView(m, pack),
    others: listInWords(pack.words.locale, need(m, 'others', m.others).map(peopleIn(m).name)),
  }),
  en: en.waiting,
  fi: fi.waiting,
} satisfies KindTemplate<'waiting'>;

export const FAILED_EMAILS = { failed } satisfies KindTemplates;
/** The receipt of an acceptance, all the workflow's receipt task sends. */
export const WAITING_EMAILS = { waiting } satisfies KindTemplates;
export const BATCH_OUTCOME_EMAILS = { batch_outcome: batchOutcome } satisfies KindTemplates;

// The shared kinds by their names, never spread nor read as FAILED_EMAILS.failed: esbuild keeps an
// unused object whose making may run code (a spread, a property read: a getter), and every template
// it holds with it.
export const MOVE_EMAILS = {
  waiting,
  done: {
    kind: 'done',
    view: (m, pack) => ({ ...requestView(m, pack), fromHasNoRole: m.fromHasNoRole ?? false }),
    en: en.done,
    fi: fi.done,
  },
  refused: {
    kind: 'refused',
    view: (m, pack) => ({
      ...requestView(m, pack),
      refuser: m.request?.why?.code === 'refused' && m.request.why.nics.includes(m.to.nic),
    }),
    en: en.refused,
    fi: fi.refused,
  },
  expired: { kind: 'expired', view: requestView, en: en.expired, fi: fi.expired },
  failed,
  cancelled: { kind: 'cancelled', view: requestView, en: en.cancelled, fi: fi.cancelled },
  batch_outcome: batchOutcome,
} satisfies KindTemplates;
