// Fixture files (API.md, "Fixtures"): validated whole before anything is written, then written
// with BatchWriteItem. Loading the same file again overwrites the same items.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from '../zod';
import { DomainError, type FieldProblem } from '../domain/errors';
import { handleSchema } from '../domain/handle';
import { LANGUAGES, ROLES, SERVICE_TYPES, ZONES } from '../domain/model';
import { isTimeZone } from '../domain/time-zone';
import { batchPut } from './dynamo/batch';
import { accountItem } from './dynamo/entities/account';
import { emailClaimItem } from './dynamo/entities/email-claim';
import { invoiceItem } from './dynamo/entities/invoice';
import { membershipItems } from './dynamo/entities/membership';
import { serviceItem } from './dynamo/entities/service';

const invoiceSchema = z.strictObject({
  id: z.string().check(z.trim(), z.minLength(1)),
  amount: z.number().check(z.nonnegative()),
  currency: z.string().check(z.regex(/^[A-Z]{3}$/, 'a currency code such as EUR')),
  status: z.enum(['paid', 'unpaid']),
  dueDate: z.iso.date(),
});

const accountSchema = z.pipe(
  z
    .strictObject({
      nic: handleSchema(),
      email: z.email('not an email address'),
      name: z.string().check(z.trim(), z.minLength(1, 'a name is needed')),
      language: z.enum(LANGUAGES, `one of ${LANGUAGES.join(', ')}`),
      zone: z._default(z.enum(ZONES, `one of ${ZONES.join(', ')}`), 'eu'),
      // A name Intl does not know would fail only later, when an email formats a time in it.
      timeZone: z.optional(
        z.string().check(z.trim(), z.refine(isTimeZone, 'not an IANA time zone (e.g. Europe/Helsinki)')),
      ),
      unpaidInvoices: z.optional(z.number().check(z.int(), z.nonnegative())),
      invoices: z.optional(z.array(invoiceSchema)),
      // Most customers have a card on file; a fixture says `false` for one who has none.
      paymentMethod: z._default(z.boolean('true or false'), true),
    })
    .check(
      z.refine((account) => account.unpaidInvoices === undefined || account.invoices === undefined, {
        message: 'give either unpaidInvoices or invoices, not both',
        path: ['unpaidInvoices'],
      }),
    ),
  z.transform(({ invoices = [], unpaidInvoices, ...account }) => ({
    ...account,
    unpaidInvoices: unpaidInvoices ?? invoices.filter((invoice) => invoice.status === 'unpaid').length,
    invoices,
  })),
);

// A service id is a key part and a URL path segment: no `#`, no `/`, no spaces.
const serviceSchema = z.strictObject({
  serviceId: z
    .string()
    .check(
      z.trim(),
      z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/, 'letters, digits, dots, hyphens and underscores only'),
    ),
  name: z.string().check(z.trim(), z.minLength(1, 'a name is needed')),
  type: z.enum(SERVICE_TYPES, `one of ${SERVICE_TYPES.join(', ')}`),
  contacts: z.strictObject({ admin: handleSchema(), tech: handleSchema(), billing: handleSchema() }),
});

/** `accounts[0].nic` rather than zod's array of path parts. */
const pathText = (path: PropertyKey[]) =>
  path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i > 0 ? '.' : ''}${String(part)}`))
    .join('');

/** Reports every repeated value of `key`, pointing at the repeat and naming the first. */
function refuseDuplicates<T>(
  ctx: z.core.$RefinementCtx,
  list: T[],
  key: (item: T) => string,
  where: PropertyKey[],
  field: string,
) {
  const first = new Map<string, number>();
  list.forEach((item, index) => {
    const value = key(item);
    const seen = first.get(value);
    if (seen === undefined) first.set(value, index);
    else
      ctx.addIssue({
        code: 'custom',
        path: [...where, index, field],
        message: `${value} repeats ${pathText([...where, seen])}`,
      });
  });
}

export const fixturesSchema = z
  .strictObject({ accounts: z.array(accountSchema), services: z._default(z.array(serviceSchema), []) })
  .check(
    z.superRefine(
      ({ accounts, services }, ctx) => {
        refuseDuplicates(ctx, accounts, (account) => account.nic, ['accounts'], 'nic');
        refuseDuplicates(ctx, services, (service) => service.serviceId, ['services'], 'serviceId');
        accounts.forEach((account, index) => {
          refuseDuplicates(
            ctx,
            account.invoices,
            (invoice) => invoice.id,
            ['accounts', index, 'invoices'],
            'id',
          );
        });
        const known = new Set(accounts.map((account) => account.nic));
        services.forEach((service, index) => {
          for (const role of ROLES) {
            const nic = service.contacts[role];
            if (!known.has(nic)) {
              ctx.addIssue({
                code: 'custom',
                path: ['services', index, 'contacts', role],
                message: `no account ${nic} in this file`,
              });
            }
          }
        });
      },
      // Cross-checks read the entries as parsed; until every entry is well-formed they would only echo its errors.
      { when: (payload) => payload.issues.length === 0 },
    ),
  );

export type Fixtures = z.output<typeof fixturesSchema>;

/** The fixtures in `data`, or DomainError validation_failed naming every bad entry. */
export function parseFixtures(data: unknown): Fixtures {
  const parsed = fixturesSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const problems: FieldProblem[] = parsed.error.issues.map((issue) => ({
    path: pathText(issue.path) || '(file)',
    message: issue.message,
  }));
  const lines = problems.map((problem) => `  ${problem.path}: ${problem.message}`);
  throw new DomainError('validation_failed', `The fixtures are not valid:\n${lines.join('\n')}`, problems);
}

export interface FixtureCounts {
  accounts: number;
  invoices: number;
  services: number;
  memberships: number;
}

export async function loadFixtures(
  doc: DynamoDBDocumentClient,
  tableName: string,
  fixtures: Fixtures,
): Promise<FixtureCounts> {
  const accounts = fixtures.accounts.map(({ invoices: _invoices, ...account }) => accountItem(account));
  // Each account's claim on its address goes in the same batch: naming a contact by address finds it.
  const claims = fixtures.accounts.map((account) => emailClaimItem(account.email, account.nic));
  const invoices = fixtures.accounts.flatMap((account) =>
    account.invoices.map((invoice) => invoiceItem(account.nic, invoice)),
  );
  const services = fixtures.services.map(serviceItem);
  const memberships = fixtures.services.flatMap(membershipItems);
  await batchPut(doc, tableName, [...accounts, ...claims, ...invoices, ...services, ...memberships]);
  return {
    accounts: accounts.length,
    invoices: invoices.length,
    services: services.length,
    memberships: memberships.length,
  };
}
