// The bundle budgets CI holds every function to (`npm run bundle-sizes` in .ci/run): the check names
// the functions over their budget, and the budget table names only functions that exist.
import { describe, expect, it } from 'vitest';
import { BOUNCES, SWEEP, WORKFLOW_TASKS } from '../../functions/background';
import { HTTP_ROUTES } from '../../functions/http/routes';
import {
  BUNDLE_BUDGETS,
  DEFAULT_BUNDLE_BUDGET,
  KB,
  bundleBudget,
  describeOverBudget,
  overBudget,
} from '../../infra/bundle-budgets';

const deployed = [
  ...HTTP_ROUTES.filter((route) => !route.localOnly),
  ...Object.values(WORKFLOW_TASKS),
  SWEEP,
  BOUNCES,
].map((declaration) => declaration.name);

describe('bundle budgets', () => {
  it('name only deployed functions, so that none outlives its function unseen', () => {
    expect(Object.keys(BUNDLE_BUDGETS).filter((name) => !deployed.includes(name))).toEqual([]);
  });

  it('hold health to 50 KB, openapi (the document, which grows with the routes) to 58 KB, and no function above the default without a reason', () => {
    expect([bundleBudget('health'), bundleBudget('openapi')]).toEqual([50 * KB, 58 * KB]);
    expect(bundleBudget('sweep')).toBe(DEFAULT_BUNDLE_BUDGET);
    for (const [name, { why }] of Object.entries(BUNDLE_BUDGETS)) expect(why, name).not.toBe('');
  });

  it('name every function over its budget, and none at it', () => {
    const found = overBudget([
      { name: 'health', bytes: 50 * KB + 1 },
      { name: 'openapi', bytes: 58 * KB },
      { name: 'sweep', bytes: DEFAULT_BUNDLE_BUDGET + 2_000 },
    ]);
    expect(found.map(describeOverBudget)).toEqual([
      'sweep: 220,112 bytes, budget 218,112 (+2,000)',
      'health: 51,201 bytes, budget 51,200 (+1)',
    ]);
  });
});
