// The deployment's settings, read once from CDK context (cdk.json or `-c key=value`) and validated
// here with zod, so that a bad value stops `cdk synth` with every problem named, before AWS sees it.
import * as z from 'zod';

/** Values given with `-c` arrive as strings; the same keys in cdk.json may be numbers or lists. */
const seconds = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const list = z
  .union([z.string(), z.array(z.string())])
  .transform((value) =>
    (Array.isArray(value) ? value : value.split(',')).map((s) => s.trim()).filter(Boolean),
  );

const contextSchema = z
  .object({
    /** Part of every resource name, so that several stages can live in one account. */
    stage: z
      .string()
      .regex(
        /^[a-z][a-z0-9-]{0,11}$/,
        'lower-case letters, digits and dashes, at most 12, starting with a letter',
      )
      .default('dev'),
    /** The From address of every email; SES must have it (or its domain) verified. */
    senderEmail: z.email(),
    /** When set, SES verifies this whole domain (DKIM records) instead of the single address. */
    senderDomain: z
      .string()
      .regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/i, 'a domain name such as example.com')
      .optional(),
    /** The hosting provider's name in emails and pages (PROVIDER_NAME); default: shared/config.ts's. */
    providerName: z.string().trim().min(1).max(100).optional(),
    /** Where the confirm page is served; default: the HTTP API's own URL. */
    publicBaseUrl: z.url({ protocol: /^https$/ }).optional(),
    changeRequestTtlSeconds: seconds(14 * 24 * 3600),
    reminderBeforeExpirySeconds: seconds(2 * 24 * 3600),
    sweepIntervalMinutes: z.coerce.number().int().min(1).max(1440).default(5),
    /** An existing OIDC issuer instead of the stack's Cognito user pool; needs jwtAudience too. */
    jwtIssuer: z.url({ protocol: /^https$/ }).optional(),
    jwtAudience: list.optional(),
    /** Gets the alarm topic's notices when set (the subscription must be confirmed from the inbox). */
    alarmEmail: z.email().optional(),
    /**
     * While the account is in the SES sandbox, SES also authorises each send against the recipient's
     * verified identity; these addresses are added to the send permission. Empty once out of the sandbox.
     */
    sandboxRecipients: list.pipe(z.array(z.email())).default([]),
  })
  .superRefine((value, ctx) => {
    if (value.reminderBeforeExpirySeconds >= value.changeRequestTtlSeconds) {
      ctx.addIssue({
        code: 'custom',
        path: ['reminderBeforeExpirySeconds'],
        message: 'must be shorter than changeRequestTtlSeconds',
      });
    }
    if (Boolean(value.jwtIssuer) !== Boolean(value.jwtAudience?.length)) {
      ctx.addIssue({
        code: 'custom',
        path: [value.jwtIssuer ? 'jwtAudience' : 'jwtIssuer'],
        message: 'jwtIssuer and jwtAudience go together: give both, or neither to use the Cognito user pool',
      });
    }
    const domain = value.senderEmail.split('@')[1]?.toLowerCase();
    if (value.senderDomain && domain !== value.senderDomain.toLowerCase()) {
      ctx.addIssue({
        code: 'custom',
        path: ['senderDomain'],
        message: `must be the domain of senderEmail (${domain})`,
      });
    }
  });

export type DeploySettings = z.infer<typeof contextSchema>;

/** The context keys this app reads; everything else in the context is CDK's own. */
export const CONTEXT_KEYS = Object.keys(contextSchema.shape) as (keyof DeploySettings)[];

/** Validates the context; throws one Error naming every bad key, the way `cdk synth` shows it. */
export function readDeploySettings(tryGetContext: (key: string) => unknown): DeploySettings {
  const raw = Object.fromEntries(
    CONTEXT_KEYS.map((key) => [key, tryGetContext(key)]).filter(
      ([, value]) => value !== undefined && value !== '',
    ),
  );
  const parsed = contextSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `  -c ${issue.path.join('.') || '(context)'}: ${issue.message}`,
    );
    throw new Error(`Bad CDK context:\n${problems.join('\n')}`);
  }
  return parsed.data;
}
