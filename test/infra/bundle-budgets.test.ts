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

  it('hold every function to 200 KB at most (issue 23), health and openapi to far less, and none above the default without a reason', () => {
    for (const name of deployed) expect(bundleBudget(name), name).toBeLessThanOrEqual(200 * KB);
    expect(bundleBudget('health')).toBeLessThanOrEqual(50 * KB);
    expect(bundleBudget('openapi')).toBeLessThanOrEqual(50 * KB);
    expect(bundleBudget('sweep')).toBe(DEFAULT_BUNDLE_BUDGET);
    for (const [name, { why }] of Object.entries(BUNDLE_BUDGETS)) expect(why, name).not.toBe('');
  });

  it('name every function over its budget, and none at it', () => {
    const found = overBudget([
      { name: 'health', bytes: 8 * KB + 1 },
      { name: 'openapi', bytes: 16 * KB },
      { name: 'sweep', bytes: DEFAULT_BUNDLE_BUDGET + 2_000 },
    ]);
    expect(found.map(describeOverBudget)).toEqual([
      'sweep: 186,320 bytes, budget 184,320 (+2,000)',
      'health: 8,193 bytes, budget 8,192 (+1)',
    ]);
  });
});
