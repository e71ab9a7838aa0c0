// Each Lambda function's bundle budget, in bytes of minified ESM (index.mjs, without its source map).
// Sizes are deterministic for a given lock file, so CI holds every function to its budget
// (`npm run bundle-sizes`, a step of .ci/run) and a heavy import cannot land unseen; the bench checks
// the same budgets beside the init times, which stay out of CI (docs/performance.md, "Budgets").
export const KB = 1024;

/**
 * Every function not named below: its own route's code, zod, Powertools Logger and Metrics, middy.
 * 200 KB until batches (issue 19) put their store part and their code emails in every function that
 * builds the runtime's store and mailer (+9.4 KB each, measured with `npm run bundle-sizes`).
 */
export const DEFAULT_BUNDLE_BUDGET = 210 * KB;

/**
 * Known to miss the default, each at its size of issue 23 plus a few KB: zod 4's classic API is 95 KB
 * of every bundle, where zod/mini takes 35 KB for the same schemas; moving the schemas (shared/http,
 * the entities, config) to it brings these under 200 KB. Lower a budget when its bundle shrinks.
 */
function over(reason: 'zod', bytes: number, names: string[]) {
  const why = `${reason}: its classic API is 95 KB of the bundle (docs/performance.md, "Bundles")`;
  return Object.fromEntries(names.map((name) => [name, { bytes, why }]));
}

/** Functions held to another budget than the default, with the reason. */
export const BUNDLE_BUDGETS: Readonly<Record<string, { bytes: number; why: string }>> = {
  health: { bytes: 50 * KB, why: 'a constant answer: nothing of the domain, zod or the SDK' },
  openapi: { bytes: 50 * KB, why: 'the checked-in document (30 KB) and the headers, nothing else' },
  // Each below is 9.4 KB over its size of before batches (issue 19), as every function with the store is.
  ...over('zod', 245 * KB, ['confirm-page', 'confirm-answer']),
  // The pages' layout and words beside the use case (issue 22's stop link).
  ...over('zod', 225 * KB, ['email-change-cancel-page', 'email-change-cancel']),
  // 212 KB until the email to the old address gained its stop link (+0.5 KB of words).
  ...over('zod', 222 * KB, ['accept', 'refuse', 'cancel', 'resend']),
  // Batch answers (issue 19), each at its size measured with `npm run bundle-sizes` plus a few KB: the
  // batch page carries the pages' layout and words as the confirm page does (252.3 KB), the signed-in
  // answers what accept carries and the batch's read (223.0 KB).
  ...over('zod', 256 * KB, ['confirm-batch-page', 'confirm-batch-answer']),
  ...over('zod', 226 * KB, ['accept-batch', 'refuse-batch']),
  ...over('zod', 224 * KB, ['create-change', 'list-changes', 'get-change', 'create-batch', 'get-batch']),
};

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

/** `confirm-page: 245,935 bytes, budget 204,800 (+41,135)` */
export const describeOverBudget = ({ name, bytes, budget }: BundleOverBudget): string =>
  `${name}: ${bytes.toLocaleString('en')} bytes, budget ${budget.toLocaleString('en')} (+${(bytes - budget).toLocaleString('en')})`;
