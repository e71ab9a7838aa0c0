// Each Lambda function's bundle budget, in bytes of minified ESM (index.mjs, without its source map).
// Sizes are deterministic for a given lock file, so CI holds every function to its budget
// (`npm run bundle-sizes`, a step of .ci/run) and a heavy import cannot land unseen; the bench checks
// the same budgets beside the init times, which stay out of CI (docs/performance.md, "Budgets").
export const KB = 1024;

/**
 * Every function not named below: its own route's code, zod/mini, Powertools Logger, middy, and the
 * store and mailer of the runtime. Issue 23 brought them from 212–236 KB down to 132–176 KB (zod/mini
 * instead of classic zod, the pages' and answers' schemas out, our own security headers); the largest,
 * create-batch and get-batch, were 175.3 KB (`npm run bundle-sizes`). Batch notices (issue 19: one
 * reminder and one bounce notice per batch, outcome emails retried, endings counted on the batch item)
 * then added 4–9 KB to every function with the store and mailer: create-batch was 184.1 KB. Then each
 * function bundled only the email templates of the kinds it sends (shared/email/kinds/), 9–25 KB
 * less each: 126–175 KB, the largest create-batch and get-batch at 174.8 KB. The store's parts since
 * (the batch's side-by-side writes, a refusal's owed emails) took those two to 179.9 KB, 109 bytes
 * under. Then cuts of what functions bundled and never used: the creating functions and a batch's
 * cancel and resend name only the email kinds they send (11.6–11.9 KB each), and the contract's
 * schemas are marked pure, so that a bundle keeps only its routes' (1.0–11.2 KB); an acceptance's
 * receipt handed to the workflow (its own `receipt` function, naming only the "waiting" template) added
 * a few hundred bytes elsewhere: 118–170 KB,
 * the largest the answers' four (accept, cancel, refuse, resend) at 169.3 KB, 10.7 KB under. The budget
 * stayed, so that the store and notices can grow; the next cut if they outgrow it is each route's
 * own store parts (the store carries every part's methods into every function).
 */
export const DEFAULT_BUNDLE_BUDGET = 180 * KB;

/** Functions held to another budget than the default, with the reason. */
export const BUNDLE_BUDGETS: Readonly<Record<string, { bytes: number; why: string }>> = {
  // 4.9 KB at issue 23: the answer, the API's headers and middy's core.
  health: { bytes: 8 * KB, why: 'a constant answer: nothing of the domain, zod or the SDK' },
  // 12.2 KB at issue 23, of which 7.6 KB the Brotli-compressed document: each route adds a little.
  openapi: {
    bytes: 16 * KB,
    why: 'the checked-in document, compressed (7.6 KB), and the headers, nothing else',
  },
  // 195.8 and 195.2 KB at issue 23: the pages' layout and words (about 30 KB) beside the answers' use
  // cases and their emails; 204.5 and 203.8 KB after the batch notices (+8.7 KB: the batch marks, and
  // the reminder and bounce templates). 187.0 and 186.4 KB once each function bundled only the email
  // templates of what it sends: an answer's notices and the batch outcome, no code, reminder, bounce
  // or address-change email (17.4 KB less). 192.3 KB (the batch pages) once a refusal's emails were
  // left owed on the request for the workflow to send (the store's claim, the lifecycle's `sweptLater`,
  // the commit's mark: about 1.2 KB in every function with the store), over the 192 KB they had.
  // 182.7 and 183.1 KB once zod's `catch` came without all of zod's util module (8.2 KB, shared/zod.ts)
  // and the contract's schemas their routes do not name were left out (1.0 KB).
  ...pages(['confirm-page', 'confirm-answer', 'confirm-batch-page', 'confirm-batch-answer']),
};

function pages(names: string[]) {
  const why = "the confirm pages' layout, styles and words in both languages, beside the use cases";
  return Object.fromEntries(names.map((name) => [name, { bytes: 196 * KB, why }]));
}

export const bundleBudget = (name: string): number => BUNDLE_BUDGETS[name]?.bytes ?? DEFAULT_BUNDLE_BUDGET;

export interface BundleSize {
  /** The function's short name, as declared (`confirm-page`), without the stage's prefix. */
  name: string;
  bytes: number;
}

export interface BundleOverBudget extends BundleSize {
  budget: number;
}

/** The bundles over their budget, largest first. */
export const overBudget = (bundles: readonly BundleSize[]): BundleOverBudget[] =>
  bundles
    .map((bundle) => ({ ...bundle, budget: bundleBudget(bundle.name) }))
    .filter((bundle) => bundle.bytes > bundle.budget)
    .sort((a, b) => b.bytes - a.bytes);

/** `confirm-page: 197,735 bytes, budget 196,608 (+1,127)` */
export const describeOverBudget = ({ name, bytes, budget }: BundleOverBudget): string =>
  `${name}: ${bytes.toLocaleString('en')} bytes, budget ${budget.toLocaleString('en')} (+${(bytes - budget).toLocaleString('en')})`;
