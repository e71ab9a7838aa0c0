// Every state of the confirm pages (and of the address change's stop page), rendered as the route renders them: the catalogue that the
// language test reads and the browser test screenshots, in either language.
import type { ContactChange, Language } from '../../shared/domain/model';
import { DEFAULT_TIME_ZONES } from '../../shared/domain/time-zone';
import {
  renderBatchConfirmPage,
  renderBatchStatusPage,
  renderConfirmPage,
  renderEnterCodePage,
  renderProblemPage,
  renderStatusPage,
} from '../../shared/pages/confirm-pages';
import {
  renderCancelAskPage,
  renderCancelledPage,
  renderCancelProblemPage,
} from '../../shared/pages/email-change-pages';
import { PAGE_NAMES, REQUEST_ID, TOKEN, pageRequest } from './page-fixtures';

export interface PageSample {
  name: string;
  html: string;
  /** Whether the page offers Accept and Refuse. */
  answers: boolean;
}

export const NONCE = 'dGVzdC1ub25jZS0xMjM0NQ==';
const AA = 'aa123456-ovh';
const BB = 'bb4321-ovh';
const NOW = '2025-11-25T10:00:00.000Z';
const ACCEPTED_AT = '2025-11-24T09:12:00.000Z';
const ENDED_AT = '2025-11-25T09:59:00.000Z';

const bothAccepted: ContactChange['confirmations'] = [
  { nic: AA, status: 'accepted', at: ACCEPTED_AT },
  { nic: BB, status: 'accepted', at: ENDED_AT },
];
const onlyAinoAccepted: ContactChange['confirmations'] = [
  { nic: AA, status: 'accepted', at: ACCEPTED_AT },
  { nic: BB, status: 'pending' },
];

export function pageSamples(language: Language): PageSample[] {
  const base = { language, nonce: NONCE, providerName: 'Example Hosting' };
  const about = (request: ContactChange) => ({
    request,
    serviceName: 'example.fi',
    names: PAGE_NAMES,
    timeZone: DEFAULT_TIME_ZONES[language],
  });
  const confirm = (request: ContactChange, confirmer: string) =>
    renderConfirmPage({ ...base, ...about(request), confirmer, token: TOKEN });
  const status = (request: ContactChange, confirmer: string, fresh = false) =>
    renderStatusPage({ ...base, ...about(request), confirmer, fresh, now: NOW });
  const ended = (
    state: ContactChange['state'],
    why: ContactChange['why'],
    confirmations = onlyAinoAccepted,
  ) => pageRequest({ state, why, completedAt: ENDED_AT, confirmations });

  // A batch of twelve services (API.md, "Batches"), as its code's owner bb sees it before and after answering.
  const batchId = '2b7c1e0a-9d3f-4c8e-8a51-6e0f3d2c1b4a';
  const batchRequests = (state: ContactChange['state'], confirmations: ContactChange['confirmations']) =>
    Array.from({ length: 12 }, (_, i) =>
      pageRequest({
        id: `${REQUEST_ID.slice(0, -2)}${String(i).padStart(2, '0')}`,
        serviceId: `shop${i + 1}.example.fi`,
        serviceName: `shop${i + 1}.example.fi`,
        state,
        confirmations,
        batchId,
      }),
    );
  const batch = { ...base, batchId, askedBy: AA, confirmer: BB, names: PAGE_NAMES };

  const pages: Array<[string, string, boolean?]> = [
    [
      'batch-confirm',
      renderBatchConfirmPage({
        ...batch,
        requests: batchRequests('awaiting_confirmation', onlyAinoAccepted),
        token: TOKEN,
      }),
      true,
    ],
    [
      'batch-accepted',
      renderBatchStatusPage({
        ...batch,
        requests: batchRequests('applying', bothAccepted).map((r, i) =>
          i < 3 ? { ...r, state: 'done' } : r,
        ),
        fresh: true,
      }),
    ],
    ['confirm-new-contact', confirm(pageRequest({ confirmations: onlyAinoAccepted }), BB), true],
    ['confirm-asker', confirm(pageRequest(), AA), true],
    ['confirm-new-admin', confirm(pageRequest({ roles: ['admin'] }), BB), true],
    [
      'too-many-codes',
      renderProblemPage({
        ...base,
        code: 'too_many_requests',
        requestId: REQUEST_ID,
        retryAfterSeconds: 1500,
      }),
    ],
    [
      'wrong-code',
      renderProblemPage({ ...base, code: 'invalid_token', requestId: REQUEST_ID, token: 'TYPO' }),
    ],
    ['enter-code', renderEnterCodePage({ ...base, requestId: REQUEST_ID })],
    ['accepted-waiting', status(pageRequest({ confirmations: onlyAinoAccepted }), AA, true)],
    ['accepted-waiting-again', status(pageRequest({ confirmations: onlyAinoAccepted }), AA)],
    ['applying', status(pageRequest({ state: 'applying', confirmations: bothAccepted }), BB, true)],
    [
      'done-new-contact',
      status(pageRequest({ state: 'done', completedAt: ENDED_AT, confirmations: bothAccepted }), BB, true),
    ],
    [
      'done-asker-again',
      status(pageRequest({ state: 'done', completedAt: ENDED_AT, confirmations: bothAccepted }), AA),
    ],
    [
      'refused-by-you',
      status(
        ended('refused', { code: 'refused', nics: [BB] }, [
          onlyAinoAccepted[0]!,
          { nic: BB, status: 'refused', at: ENDED_AT },
        ]),
        BB,
        true,
      ),
    ],
    [
      'refused-by-other',
      status(
        ended('refused', { code: 'refused', nics: [BB] }, [
          onlyAinoAccepted[0]!,
          { nic: BB, status: 'refused', at: ENDED_AT },
        ]),
        AA,
      ),
    ],
    ['expired', status(ended('expired', { code: 'not_confirmed_in_time', nics: [BB] }), BB)],
    ['cancelled', status(ended('cancelled', { code: 'cancelled', nics: [AA] }), BB)],
    ['failed', status(ended('failed', { code: 'unpaid_invoices', nics: [BB] }, bothAccepted), AA)],
    ['too-many-attempts', renderProblemPage({ ...base, code: 'too_many_attempts', requestId: REQUEST_ID })],
    ['invalid-link', renderProblemPage({ ...base, code: 'not_found' })],
    ['internal-error', renderProblemPage({ ...base, code: 'internal_error' })],
    // The page behind the stop link of an address change (issue 22), in the same catalogue.
    ['email-change-stop', renderCancelAskPage({ ...base, nic: AA, token: TOKEN })],
    ['email-change-stopped', renderCancelledPage(base)],
    ['email-change-nothing-to-stop', renderCancelProblemPage({ ...base, code: 'nothing_pending' })],
    ['email-change-wrong-link', renderCancelProblemPage({ ...base, code: 'invalid_token' })],
  ];
  return pages.map(([name, html, answers = false]) => ({ name, html, answers }));
}
