// The heart of the product: who may ask for which role, who confirms, who is only told.
// Every combination of the asker's roles × the role asked for × the kind of new contact is checked
// against DESIGN.md's table, written out below in its own words rather than by calling the code.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { planContactChange, type PlannedRequest } from '../../shared/domain/plan';
import { DomainError, type ErrorCode } from '../../shared/domain/errors';
import { ROLES, type Account, type Role, type Service } from '../../shared/domain/model';

const ASKER = 'aa123456-ovh';
const OLD = 'zz1-ovh'; // holds every role the asker does not
const OTHER = 'bb4321-ovh';
const OWING = 'dd2024-ovh';
const UNKNOWN = 'xx0-ovh';

const account = (nic: string, unpaidInvoices = 0): Account => ({
  nic,
  email: `${nic}@example.com`,
  name: nic,
  language: 'en',
  zone: 'eu',
  unpaidInvoices,
  paymentMethod: true,
});

type Target = 'self' | 'other' | 'unknown' | 'unpaid';
const TARGETS: Record<Target, string> = { self: ASKER, other: OTHER, unknown: UNKNOWN, unpaid: OWING };

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
    [account(ASKER), account(OLD, oldOwes ? 1 : 0), account(OTHER), account(OWING, 2)].map((a) => [a.nic, a]),
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
  // The confirmers are the asker and the new contact, once if they are the same account.
  const confirmers = to === ASKER ? [ASKER] : [ASKER, to];
  // The old contact, when not a confirmer, is told: always on a takeover, else if they lose all rights.
  const oldKeepsSomething = ROLES.some((r) => r !== role && !askerRoles.includes(r)); // OLD holds those
  const told = from !== ASKER && (to === ASKER || !oldKeepsSomething);
  return { roles: [role], from, to, confirmers, notified: told ? [from] : [] };
}

function outcome(run: () => PlannedRequest[]): ErrorCode | PlannedRequest {
  try {
    const plans = run();
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

  it('has the size the table implies', () => expect(cases).toHaveLength(8 * 3 * 4));
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
  const handle = fc.constantFrom(ASKER, OLD, OTHER, OWING, UNKNOWN);
  const role = fc.constantFrom(...ROLES);
  it('every planned role is one the asker holds, or the asker is admin; the asker always confirms', () => {
    fc.assert(
      fc.property(
        fc.record({ admin: handle, tech: handle, billing: handle }),
        fc.dictionary(role, handle, { minKeys: 1 }),
        (contacts, changes) => {
          const accounts = new Map([ASKER, OLD, OTHER].map((nic) => [nic, account(nic)]));
          accounts.set(OWING, account(OWING, 1));
          const service: Service = { serviceId: 's', name: 's', type: 'server', contacts };
          let plans: PlannedRequest[] = [];
          try {
            plans = planContactChange({ service, asker: ASKER, changes, accounts });
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
            return;
          }
          const holds = (r: Role) => contacts[r] === ASKER;
          for (const p of plans) {
            for (const r of p.roles) expect(holds('admin') || holds(r)).toBe(true);
            expect(p.confirmers[0]).toBe(ASKER);
            expect(p.confirmers).toContain(p.to);
            expect(p.from).not.toBe(p.to);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
