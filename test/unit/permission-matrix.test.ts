// The heart of the product: who may ask for which role, who confirms, who is only told.
// Every combination of the asker's roles × the role asked for × the kind of new contact is checked
// against DESIGN.md's table, written out below in its own words rather than by calling the code.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { planContactChange, type PlannedRequest } from '../../shared/domain/plan';
import { DomainError, type ErrorCode } from '../../shared/domain/errors';
import { ROLES, type Account, type Role, type Service } from '../../shared/domain/model';
import { oraclePlan } from '../support/plan-oracle';

const ASKER = 'aa123456-ovh';
const OLD = 'zz1-ovh'; // holds every role the asker does not
const OTHER = 'bb4321-ovh';
const OWING = 'dd2024-ovh';
const UNKNOWN = 'xx0-ovh';
const NO_CARD = 'nc7-ovh'; // has no valid payment method

const account = (nic: string, unpaidInvoices = 0, paymentMethod = true): Account => ({
  nic,
  email: `${nic}@example.com`,
  name: nic,
  language: 'en',
  zone: 'eu',
  unpaidInvoices,
  paymentMethod,
});

type Target = 'self' | 'other' | 'unknown' | 'unpaid' | 'no card';
const TARGETS: Record<Target, string> = {
  self: ASKER,
  other: OTHER,
  unknown: UNKNOWN,
  unpaid: OWING,
  'no card': NO_CARD,
};

/** Every set of roles an account can hold on one service, the empty one included. */
const ROLE_SETS: Role[][] = [
  [],
  ['admin'],
  ['tech'],
  ['billing'],
  ['admin', 'tech'],
  ['admin', 'billing'],
  ['tech', 'billing'],
  ['admin', 'tech', 'billing'],
];

function serviceWhereAskerHolds(
  roles: Role[],
  oldOwes = false,
): { service: Service; accounts: Map<string, Account> } {
  const contacts = Object.fromEntries(
    ROLES.map((role) => [role, roles.includes(role) ? ASKER : OLD]),
  ) as Service['contacts'];
  const accounts = new Map(
    [
      account(ASKER),
      account(OLD, oldOwes ? 1 : 0),
      account(OTHER),
      account(OWING, 2),
      account(NO_CARD, 0, false),
    ].map((a) => [a.nic, a]),
  );
  return { service: { serviceId: 'example.fi', name: 'example.fi', type: 'domain', contacts }, accounts };
}

/** DESIGN.md "Who may ask for what", as a reviewer reads it. */
function expected(askerRoles: Role[], role: Role, target: Target): ErrorCode | PlannedRequest {
  const isAdmin = askerRoles.includes('admin');
  // admin: may change every role; tech / billing: only their own role, in their own place.
  const allowed = isAdmin || askerRoles.includes(role);
  if (!allowed) return 'role_not_allowed';
  if (target === 'unknown') return 'unknown_account';
  const from = askerRoles.includes(role) ? ASKER : OLD;
  const to = TARGETS[target];
  if (to === from) return 'no_change';
  if (role === 'billing' && target === 'unpaid') return 'unpaid_invoices';
  // A new billing contact needs a valid payment method; a new admin or tech contact does not.
  if (role === 'billing' && target === 'no card') return 'no_payment_method';
  // The confirmers are the asker and the new contact, once if they are the same account.
  const confirmers = to === ASKER ? [ASKER] : [ASKER, to];
  // The old contact, when not a confirmer, is told: always on a takeover, else if they lose all rights.
  const oldKeepsSomething = ROLES.some((r) => r !== role && !askerRoles.includes(r)); // OLD holds those
  const told = from !== ASKER && (to === ASKER || !oldKeepsSomething);
  return { roles: [role], from, to, confirmers, notified: told ? [from] : [] };
}

function outcome(run: () => PlannedRequest[]): ErrorCode | PlannedRequest;
function outcome(run: () => PlannedRequest[], options: { many: true }): ErrorCode | PlannedRequest[];
function outcome(
  run: () => PlannedRequest[],
  { many = false } = {},
): ErrorCode | PlannedRequest | PlannedRequest[] {
  try {
    const plans = run();
    if (many) return plans;
    expect(plans).toHaveLength(1);
    return plans[0]!;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

const cases = ROLE_SETS.flatMap((askerRoles) =>
  ROLES.flatMap((role) => (Object.keys(TARGETS) as Target[]).map((target) => ({ askerRoles, role, target }))),
);

describe('permission matrix: every asker role set × target role × new contact', () => {
  it.each(cases)('asker holding [$askerRoles] asks $role → $target', ({ askerRoles, role, target }) => {
    const { service, accounts } = serviceWhereAskerHolds(askerRoles);
    const got = outcome(() =>
      planContactChange({ service, asker: ASKER, changes: { [role]: TARGETS[target] }, accounts }),
    );
    expect(got).toEqual(expected(askerRoles, role, target));
  });

  it('has the size the table implies', () => expect(cases).toHaveLength(8 * 3 * 5));
});

describe('the DESIGN.md rows, by name', () => {
  const plan = (askerRoles: Role[], changes: Partial<Record<Role, string>>, oldOwes = false) => {
    const { service, accounts } = serviceWhereAskerHolds(askerRoles, oldOwes);
    return planContactChange({ service, asker: ASKER, changes, accounts });
  };

  it('admin names a new tech and billing contact: one request, asker and new one confirm, old one told', () => {
    expect(plan(['admin'], { tech: OTHER, billing: OTHER })).toEqual([
      { roles: ['tech', 'billing'], from: OLD, to: OTHER, confirmers: [ASKER, OTHER], notified: [OLD] },
    ]);
  });

  it('admin takes tech over themself: only the asker confirms, the old contact is told', () => {
    expect(plan(['admin', 'billing'], { tech: ASKER })).toEqual([
      { roles: ['tech'], from: OLD, to: ASKER, confirmers: [ASKER], notified: [OLD] },
    ]);
  });

  it('admin names a new admin in their own place: asker and new admin confirm, nobody else is told', () => {
    expect(plan(['admin', 'tech', 'billing'], { admin: OTHER })).toEqual([
      { roles: ['admin'], from: ASKER, to: OTHER, confirmers: [ASKER, OTHER], notified: [] },
    ]);
  });

  it('roles moving between different pairs of accounts become separate requests', () => {
    const plans = plan(['admin', 'tech'], { admin: OTHER, tech: OTHER, billing: ASKER });
    expect(plans.map((p) => [p.roles, p.from, p.to])).toEqual([
      [['admin', 'tech'], ASKER, OTHER],
      [['billing'], OLD, ASKER],
    ]);
  });

  it('a billing change is refused when the old billing contact has unpaid invoices', () => {
    expect(outcome(() => plan(['admin'], { billing: OTHER }, true))).toBe('unpaid_invoices');
  });

  it('a new billing contact without a valid payment method is refused; as tech they are not', () => {
    expect(outcome(() => plan(['admin'], { billing: NO_CARD }))).toBe('no_payment_method');
    expect(plan(['admin'], { tech: NO_CARD })[0]!.to).toBe(NO_CARD);
  });

  it('the old contact is not told when they keep another role', () => {
    expect(plan(['admin'], { tech: OTHER })[0]!.notified).toEqual([]);
  });

  it('one unchanged role refuses the whole body and writes nothing', () => {
    expect(outcome(() => plan(['admin'], { tech: OTHER, billing: OLD }))).toBe('no_change');
  });

  it('an empty body is a validation error', () => {
    expect(outcome(() => plan(['admin'], {}))).toBe('validation_failed');
  });
});

describe('no escalation, for any service and any body', () => {
  const FOREIGN = 'ff5-ovh'; // an account of another zone than the asker's
  const ACCOUNTS = new Map(
    [
      account(ASKER),
      account(OLD),
      account(OTHER),
      account(OWING, 1),
      { ...account(FOREIGN), zone: 'ca' as const },
      account(NO_CARD, 0, false),
    ].map((a) => [a.nic, a]),
  );
  // Weighted so that about half the bodies get past every refusal: the asker often holds a role,
  // the new contact is usually an account that may be named.
  const holder = fc.oneof(
    { weight: 3, arbitrary: fc.constant(ASKER) },
    fc.constantFrom(OLD, OTHER, OWING, UNKNOWN, NO_CARD),
  );
  const target = fc.oneof(
    { weight: 6, arbitrary: fc.constant(OTHER) },
    { weight: 2, arbitrary: fc.constantFrom(ASKER, OLD) },
    { weight: 1, arbitrary: fc.constantFrom(OWING, UNKNOWN, FOREIGN, NO_CARD) },
  );
  const role = fc.constantFrom(...ROLES);

  it('refuses with exactly the refusal the rules name, and otherwise plans exactly what they say', () => {
    const seen = new Map<string, number>();
    fc.assert(
      fc.property(
        fc.record({ admin: holder, tech: holder, billing: holder }),
        fc.dictionary(role, target, { minKeys: 1 }),
        (contacts, changes) => {
          const service: Service = { serviceId: 's', name: 's', type: 'server', contacts };
          const want = oraclePlan(ACCOUNTS, ASKER, contacts, changes);
          const got = outcome(
            () => planContactChange({ service, asker: ASKER, changes, accounts: ACCOUNTS }),
            {
              many: true,
            },
          );
          const kind = typeof want === 'string' ? want : 'planned';
          seen.set(kind, (seen.get(kind) ?? 0) + 1);
          expect(got).toEqual(want);
          // The escalation rule itself, whatever the oracle says: no role moves that the asker may not change.
          if (Array.isArray(got)) {
            const holds = (r: Role) => contacts[r] === ASKER;
            for (const p of got) {
              for (const r of p.roles) expect(holds('admin') || holds(r)).toBe(true);
              expect(p.confirmers[0]).toBe(ASKER);
            }
          }
        },
      ),
      { numRuns: 2000 },
    );
    // The distribution, printed (npx vitest run test/unit/permission-matrix.test.ts): every refusal
    // is reached, and a meaningful share of bodies is planned rather than refused.
    console.log(`no escalation, 2,000 bodies: ${[...seen].map(([k, n]) => `${k} ${n}`).join(', ')}`);
    for (const code of [
      'role_not_allowed',
      'unknown_account',
      'zone_mismatch',
      'no_change',
      'unpaid_invoices',
      'no_payment_method',
    ])
      expect(seen.get(code) ?? 0, code).toBeGreaterThan(0);
    expect(seen.get('planned') ?? 0).toBeGreaterThanOrEqual(500);
  });
});
