// Configuration is read and validated once, here. Everything has a local default so that
// `npm start` and the tests need no environment; AWS sets these on each function.
import * as z from './zod';

const seconds = (fallback: number) => z._default(z.coerce.number().check(z.int(), z.positive()), fallback);

// Built on first read, not at module init (docs/performance.md, "Bundles"): a function reads its
// configuration when its first invocation builds the runtime.
const configShape = () =>
  z.object({
    AWS_REGION: z._default(z.string().check(z.minLength(1)), 'eu-west-1'),
    TABLE_NAME: z._default(z.string().check(z.minLength(1)), 'service-contacts'),
    /** Unset in AWS; locally the DynamoDB Local endpoint. */
    DYNAMODB_ENDPOINT: z.optional(z.url()),
    /** Unset in AWS; locally the aws-ses-v2-local endpoint. */
    SES_ENDPOINT: z.optional(z.url()),
    SES_CONFIGURATION_SET: z.optional(z.string().check(z.minLength(1))),
    SENDER_EMAIL: z._default(z.email(), 'contacts@example.com'),
    /** Where the confirm page is served; the emailed links start with it. */
    PUBLIC_BASE_URL: z._default(z.url(), 'http://localhost:3000'),
    STATE_MACHINE_ARN: z.optional(z.string().check(z.minLength(1))),
    /** The hosting provider's name, as customers know it: in every email's subject and footer, and on the pages. */
    PROVIDER_NAME: z._default(
      z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
      'Example Hosting',
    ),
    CHANGE_REQUEST_TTL_SECONDS: seconds(14 * 24 * 3600),
    REMINDER_BEFORE_EXPIRY_SECONDS: seconds(2 * 24 * 3600),
    /**
     * How long one sweep run may work before it stops taking new pages and leaves the rest to the next
     * run; in AWS 80 % of the sweep function's timeout, itself half the schedule's interval.
     */
    SWEEP_TIME_BUDGET_SECONDS: seconds(120),
    /** DESIGN.md's rate limits, per person. */
    RATE_LIMIT_RESENDS_PER_HOUR: seconds(3),
    RATE_LIMIT_REQUESTS_PER_HOUR: seconds(30),
    RATE_LIMIT_EMAIL_CHANGES_PER_DAY: seconds(3),
    /** Codes on the confirm page that are nobody's: per request, and per source address. */
    RATE_LIMIT_UNOWNED_CODES_PER_REQUEST_PER_HOUR: seconds(20),
    RATE_LIMIT_UNOWNED_CODES_PER_SOURCE_PER_HOUR: seconds(60),
    /** Refused contact changes naming someone by address, per asker (probes for accounts). */
    RATE_LIMIT_ADDRESS_REFUSALS_PER_HOUR: seconds(10),
  });
let configSchema: ReturnType<typeof configShape> | undefined;

/** The rate limits of a configuration, as the use cases take them. */
export const rateLimitsOf = (config: Config) => ({
  resendsPerHour: config.RATE_LIMIT_RESENDS_PER_HOUR,
  requestsPerHour: config.RATE_LIMIT_REQUESTS_PER_HOUR,
  emailChangesPerDay: config.RATE_LIMIT_EMAIL_CHANGES_PER_DAY,
  unownedCodesPerRequestPerHour: config.RATE_LIMIT_UNOWNED_CODES_PER_REQUEST_PER_HOUR,
  unownedCodesPerSourcePerHour: config.RATE_LIMIT_UNOWNED_CODES_PER_SOURCE_PER_HOUR,
  addressRefusalsPerHour: config.RATE_LIMIT_ADDRESS_REFUSALS_PER_HOUR,
});

export type Config = z.infer<ReturnType<typeof configShape>>;

/** Parses the given environment; throws with every bad variable named. */
export function readConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = (configSchema ??= configShape()).safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Bad configuration: ${problems.join('; ')}`);
  }
  return parsed.data;
}
