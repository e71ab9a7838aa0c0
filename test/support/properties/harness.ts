// Running one endpoint's property: each generated pick becomes a request against the world as it
// stands, with what API.md and DESIGN.md allow to come of it (the verdict). The answer must keep the
// contract's promises (no 5xx, problem documents with API.md's codes) and be one the verdict allows;
// a 2xx is checked further (a 200 for a caller who should get 403 fails). Then the world's model
// learns what the answer said happened, and the table is later checked against that model.
//
// Calls run one after another within an endpoint, so the model is exact; the model is mutable, so a
// failing case is reported as it was, never shrunk (shrinking would replay it on a world that moved).
import fc from 'fast-check';
import type { Answer, Client } from '../client';
import { checkAnswer, outcomeOf, show, STATUS_OF_CODE } from '../contract';

export interface Sent {
  /** Who sent it, for the report. */
  who: string;
  client: Client;
  method: string;
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

export interface Verdict {
  /** The outcomes allowed: `ok` (2xx), a problem's code, or `page <status>` for an HTML page. */
  allowed: string[];
  /** Further checks of a 2xx answer's body. */
  check?: (answer: Answer) => void;
  /** What the model learns from the answer (and any follow-up the world needs). */
  after?: (answer: Answer) => void | Promise<void>;
}

export interface Prepared {
  sent: Sent;
  verdict: Verdict;
}

/** Outcomes that never got past the transport, the token check or validation. */
const STOPPED_EARLY = new Set([
  'validation_failed',
  'unauthenticated',
  'method_not_allowed',
  'payload_too_large',
  `page ${STATUS_OF_CODE.validation_failed}`,
]);

export class Tally {
  readonly counts = new Map<string, number>();
  add(outcome: string) {
    this.counts.set(outcome, (this.counts.get(outcome) ?? 0) + 1);
  }
  get total() {
    return [...this.counts.values()].reduce((a, b) => a + b, 0);
  }
  /** How many got past validation and the token check, to the rules. */
  get reachedRules() {
    return [...this.counts].filter(([o]) => !STOPPED_EARLY.has(o)).reduce((a, [, n]) => a + n, 0);
  }
  line(name: string) {
    const parts = [...this.counts].sort((a, b) => b[1] - a[1]).map(([o, n]) => `${o} ${n}`);
    const share = Math.round((100 * this.reachedRules) / Math.max(1, this.total));
    return `${name.padEnd(44)} ${String(share).padStart(3)}% past validation+auth | ${parts.join(', ')}`;
  }
}

const describeSent = (s: Sent) =>
  `${s.who}: ${s.method} ${s.path.slice(0, 300)} ${JSON.stringify(s.headers ?? {})} ${s.body?.slice(0, 300) ?? ''}`;

/** Runs `runs` picks one after another; `prepare` reads the model as it stands when the case runs. */
export async function runProperty<P>(
  picks: fc.Arbitrary<P>,
  prepare: (pick: P) => Prepared | Promise<Prepared>,
  { runs, html = false, tally }: { runs: number; html?: boolean; tally: Tally },
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(picks, async (pick) => {
      const { sent, verdict } = await prepare(pick);
      const answer = await sent.client.raw(sent.method, sent.path, sent.body, sent.headers);
      const fail = (why: string) =>
        new Error(`${why}\n  sent: ${describeSent(sent)}\n  got:  ${show(answer)}`);
      try {
        checkAnswer(answer, { html });
      } catch (error) {
        throw fail((error as Error).message);
      }
      const outcome = outcomeOf(answer);
      tally.add(outcome);
      if (!verdict.allowed.includes(outcome)) throw fail(`expected one of ${verdict.allowed.join(', ')}`);
      if (outcome === 'ok') {
        try {
          verdict.check?.(answer);
        } catch (error) {
          throw fail(`a 2xx that should not be: ${(error as Error).message}`);
        }
      }
      await verdict.after?.(answer);
    }),
    { numRuns: runs, endOnFailure: true },
  );
}

/** The outcome a page shows for an error code: its status. */
export const page = (code: string) => `page ${STATUS_OF_CODE[code]}`;

// ---- What the contract says of inputs, for the verdicts -----------------------------------------

const JSON_LABEL = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;
const FORM_LABEL = /^application\/x-www-form-urlencoded\s*(;|$)/i;

export type ReadBody = { kind: 'absent' } | { kind: 'invalid' } | { kind: 'value'; value: unknown };

/** A JSON route's body as the contract reads it: absent, not JSON (400), or the parsed value. */
export function readJson(sent: Sent): ReadBody {
  if (sent.body === undefined || sent.body === '') return { kind: 'absent' };
  if (!JSON_LABEL.test(sent.headers?.['content-type'] ?? '')) return { kind: 'invalid' };
  try {
    return { kind: 'value', value: JSON.parse(sent.body) };
  } catch {
    return { kind: 'invalid' };
  }
}

/** A form route's body: absent, not a form (400), or its fields. */
export function readForm(sent: Sent): ReadBody {
  if (sent.body === undefined || sent.body === '') return { kind: 'absent' };
  if (!FORM_LABEL.test(sent.headers?.['content-type'] ?? '')) return { kind: 'invalid' };
  return { kind: 'value', value: Object.fromEntries(new URLSearchParams(sent.body)) };
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Only these keys, as the contract's bodies take no others. */
export const onlyKeys = (v: Record<string, unknown>, keys: string[]) =>
  Object.keys(v).every((k) => keys.includes(k));

/** A handle as API.md reads it: ASCII letters, digits, -ovh, any case, spaces around; lower-cased. */
export function handleOf(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const trimmed = v.trim();
  return /^[A-Za-z]{2}[0-9]{1,10}-[Oo][Vv][Hh]$/.test(trimmed) ? trimmed.toLowerCase() : undefined;
}

/** A code as typed: any non-blank text up to 64 characters once trimmed. */
export const codeOf = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim().length >= 1 && v.trim().length <= 64 ? v.trim() : undefined;

export const isUuid = (s: string) =>
  /^([0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|0{8}-0{4}-0{4}-0{4}-0{12}|f{8}-f{4}-f{4}-f{4}-f{12})$/i.test(
    s,
  );
export const isServiceId = (s: string) => s.length <= 253 && /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(s);

/** `?limit=` as API.md takes it: a whole number 1–100 (query strings are text, read as numbers). */
export const limitOk = (s: string) => {
  const n = Number(s);
  return Number.isInteger(n) && n >= 1 && n <= 100;
};

/**
 * What the transport decides before any handler: the path as a client's URL resolves it, the route
 * it matches (else 404), a malformed escape in a segment (400), then the token (401). Returns the
 * decoded segments, or the outcomes that may end the call (a path whose dot segments resolve
 * elsewhere may land on another route: any refusal then).
 */
export function routeOf(
  sent: Sent,
  template: RegExp,
  auth: boolean,
  hasToken: boolean,
): { segments: string[] } | { outcomes: string[] } {
  const raw = sent.path.split('?')[0]!;
  const path = new URL(sent.path, 'http://127.0.0.1').pathname;
  // Dot segments the client resolves can leave the API for the control panel (`/` redirects there).
  if (path !== raw && (path === '/' || path.startsWith('/panel/')))
    return { outcomes: sent.method === 'GET' ? ['ok'] : ['not_found', 'method_not_allowed'] };
  if (path !== raw)
    return { outcomes: ['not_found', 'method_not_allowed', 'validation_failed', 'unauthenticated'] };
  const match = template.exec(path);
  if (!match) return { outcomes: ['not_found'] };
  let segments: string[];
  try {
    segments = match.slice(1).map((s) => decodeURIComponent(s));
  } catch {
    return { outcomes: ['validation_failed'] };
  }
  if (auth && !hasToken) return { outcomes: ['unauthenticated'] };
  return { segments };
}

/** Codes compare as typed: case, dashes and spaces do not matter (I and L read as 1, O as 0). */
const normaliseCode = (code: string) =>
  code.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
export const sameCode = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && normaliseCode(a) === normaliseCode(b);
