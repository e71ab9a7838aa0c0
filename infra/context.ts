// The deployment's settings, read once per stage from its committed file (infra/stages/<stage>.json)
// and CDK context (cdk.json or `-c key=value`, which overrides the file one key at a time), and
// validated here with zod, so that a bad value stops `cdk synth` with every problem named, and where
// it came from, before AWS sees it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { Environment } from 'aws-cdk-lib';
import * as z from 'zod';

/** Values given with `-c` arrive as strings; the same keys in cdk.json may be numbers or lists. */
const seconds = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const list = z
  .union([z.string(), z.array(z.string())])
  .transform((value) =>
    (Array.isArray(value) ? value : value.split(',')).map((s) => s.trim()).filter(Boolean),
  );

const settingsShape = z.object({
  /** The AWS region to deploy to; else AWS_REGION or AWS_DEFAULT_REGION (see targetEnvironment). */
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as eu-west-1')
    .optional(),
  /** The production stage: termination protection on its stack. */
  production: z
    .union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')])
    .default(false),
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
  /**
   * `create`: the account's sender identity stack (infra/sender-identity-stack.ts), shared by every
   * stage that sends from it and never owned by one, creates the SES identity (senderDomain or
   * senderEmail). `existing`: it was verified outside CDK, and no stack makes it.
   */
  senderIdentity: z.enum(['create', 'existing']).default('create'),
  /** A subdomain of the sender's domain for the envelope sender (custom MAIL FROM); with `create`. */
  mailFromDomain: z
    .string()
    .regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/i, 'a domain name such as bounce.example.com')
    .optional(),
  /** The control panel's own domain (CloudFront alias); needs panelCertificateArn (ACM, us-east-1). */
  panelDomain: z
    .string()
    .regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/i, 'a domain name such as contacts.example.com')
    .optional(),
  panelCertificateArn: z
    .string()
    .regex(/^arn:aws[\w-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/, 'an ACM certificate ARN in us-east-1')
    .optional(),
  /**
   * A regional custom domain for the HTTP API (API Gateway custom domain name) and its ACM certificate
   * in the stage's own region, both or neither. With them CloudFront reaches the API there and the
   * API's default `execute-api` endpoint is disabled, so it cannot be called around CloudFront's WAF.
   */
  apiOriginDomain: z
    .string()
    .regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/i, 'a domain name such as api-origin.contacts.example.com')
    .optional(),
  apiOriginCertificateArn: z
    .string()
    .regex(/^arn:aws[\w-]*:acm:[a-z]{2}(-[a-z]+)+-\d:\d{12}:certificate\/[\w-]+$/, 'an ACM certificate ARN')
    .optional(),
  /** The hosting provider's name in emails and pages (PROVIDER_NAME); default: shared/config.ts's. */
  providerName: z.string().trim().min(1).max(100).optional(),
  /** Where the emailed links point; default: the panel's CloudFront address (or panelDomain). */
  publicBaseUrl: z.url({ protocol: /^https$/ }).optional(),
  changeRequestTtlSeconds: seconds(14 * 24 * 3600),
  reminderBeforeExpirySeconds: seconds(2 * 24 * 3600),
  sweepIntervalMinutes: z.coerce.number().int().min(1).max(1440).default(5),
  /**
   * Reserved concurrency for the sweep, opt-in: Lambda keeps 100 of an account's quota unreserved, so
   * an account whose quota is 100 or less (a new one's may be 10) refuses any reservation and the
   * first deploy would roll back. The sweep's lease in the table keeps it one run at a time without.
   */
  sweepReservedConcurrency: z.coerce.number().int().min(1).optional(),
  /** An existing OIDC issuer instead of the stack's Cognito user pool; needs jwtAudience too. */
  jwtIssuer: z.url({ protocol: /^https$/ }).optional(),
  jwtAudience: list.optional(),
  /** An existing table to use instead of the stack's own: a point-in-time restore (docs/operations.md). */
  tableName: z
    .string()
    .regex(/^[\w.-]{3,255}$/, 'a DynamoDB table name: 3 to 255 letters, digits, _ . -')
    .optional(),
  /** Gets the alarm topic's notices when set (the subscription must be confirmed from the inbox). */
  alarmEmail: z.email().optional(),
  /**
   * While the account is in the SES sandbox, SES also authorises each send against the recipient's
   * verified identity; these addresses are added to the send permission. Empty once out of the sandbox.
   */
  sandboxRecipients: list.pipe(z.array(z.email())).default([]),
});

/** A stage's file: any setting but the stage itself (its file name), and nothing unknown. */
const stageFileSchema = settingsShape.omit({ stage: true }).partial().strict();

const contextSchema = settingsShape.superRefine((value, ctx) => {
  if (value.reminderBeforeExpirySeconds >= value.changeRequestTtlSeconds) {
    ctx.addIssue({
      code: 'custom',
      path: ['reminderBeforeExpirySeconds'],
      message: 'must be shorter than changeRequestTtlSeconds',
    });
  }
  if (Boolean(value.panelDomain) !== Boolean(value.panelCertificateArn)) {
    ctx.addIssue({
      code: 'custom',
      path: [value.panelDomain ? 'panelCertificateArn' : 'panelDomain'],
      message:
        'panelDomain and panelCertificateArn go together: give both, or neither for the CloudFront address',
    });
  }
  if (Boolean(value.apiOriginDomain) !== Boolean(value.apiOriginCertificateArn)) {
    ctx.addIssue({
      code: 'custom',
      path: [value.apiOriginDomain ? 'apiOriginCertificateArn' : 'apiOriginDomain'],
      message:
        'apiOriginDomain and apiOriginCertificateArn go together: give both, or neither to keep the execute-api endpoint',
    });
  }
  const certificateRegion = value.apiOriginCertificateArn?.split(':')[3];
  if (certificateRegion && value.region && certificateRegion !== value.region) {
    ctx.addIssue({
      code: 'custom',
      path: ['apiOriginCertificateArn'],
      message: `must be a certificate in the stage's region (${value.region}), where API Gateway uses it`,
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
  if (value.mailFromDomain) {
    if (!value.mailFromDomain.toLowerCase().endsWith(`.${domain}`)) {
      ctx.addIssue({
        code: 'custom',
        path: ['mailFromDomain'],
        message: `must be a subdomain of the sender's domain (${domain})`,
      });
    }
    if (value.senderIdentity === 'existing') {
      ctx.addIssue({
        code: 'custom',
        path: ['mailFromDomain'],
        message: 'is set where the identity is created; with senderIdentity=existing, set it there',
      });
    }
  }
});

export type DeploySettings = z.infer<typeof contextSchema>;

/** The context keys this app reads; everything else in the context is CDK's own. */
export const CONTEXT_KEYS = Object.keys(settingsShape.shape) as (keyof DeploySettings)[];

/** Where the stages' files are: one `<stage>.json` per stage, committed. */
export const STAGES_DIR = new URL('./stages/', import.meta.url);

export interface StageFile {
  /** As the errors name it: `infra/stages/<stage>.json`. */
  path: string;
  values: unknown;
}

/** The committed file of `stage`; a stage without one is refused, naming the stages there are. */
export function readStageFile(stage: string): StageFile {
  const path = `infra/stages/${stage}.json`;
  const url = new URL(`${stage}.json`, STAGES_DIR);
  if (!existsSync(url)) {
    const stages = readdirSync(STAGES_DIR)
      .filter((name) => name.endsWith('.json'))
      .map((name) => name.slice(0, -'.json'.length));
    throw new Error(
      `Bad CDK context:\n  -c stage: no file ${path}; the stages are ${stages.join(', ')} (add a file for a new one)`,
    );
  }
  try {
    return { path, values: JSON.parse(readFileSync(url, 'utf8')) as unknown };
  } catch (error) {
    throw new Error(`Bad stage file ${path}: ${String(error)}`, { cause: error });
  }
}

/**
 * The settings of the stage the context names (`dev` by default): its file, overridden key by key by
 * the context. Throws one Error naming every bad key and where it was set, the way `cdk synth` shows it.
 */
export function readDeploySettings(
  tryGetContext: (key: string) => unknown,
  stageFile: (stage: string) => StageFile = readStageFile,
): DeploySettings {
  const given = Object.fromEntries(
    CONTEXT_KEYS.map((key) => [key, tryGetContext(key)]).filter(
      ([, value]) => value !== undefined && value !== '',
    ),
  ) as Record<string, unknown>;
  const stage = settingsShape.shape.stage.safeParse(given.stage);
  if (!stage.success) throw badSettings(stage.error.issues, () => '-c stage');

  const file = stageFile(stage.data);
  const fromFile = stageFileSchema.safeParse(file.values);
  if (!fromFile.success) {
    throw badSettings(fromFile.error.issues, (key) => `${file.path}: ${key || '(file)'}`);
  }
  const parsed = contextSchema.safeParse({ ...(file.values as object), ...given });
  if (!parsed.success) {
    const values = file.values as Record<string, unknown>;
    // Named as the file's only when the file set it; a missing key is given either way.
    throw badSettings(parsed.error.issues, (key) =>
      key in values && !(key in given) ? `${file.path}: ${key}` : `-c ${key}`,
    );
  }
  return parsed.data;
}

function badSettings(issues: z.core.$ZodIssue[], where: (key: string) => string): Error {
  const problems = issues.map((issue) => {
    // An unknown key of a stage file: zod names it in `keys`, with an empty path.
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [issue.path.join('.')];
    return keys.map((key) => `  ${where(key)}: ${issue.message}`).join('\n');
  });
  return new Error(`Bad CDK context:\n${problems.join('\n')}`);
}

/**
 * Where `cdk synth` and `cdk deploy` target: the account of the CLI's credentials, and a region someone
 * chose (context `region`, else AWS_REGION or AWS_DEFAULT_REGION). Never the CLI's CDK_DEFAULT_REGION:
 * without a configured region the CLI fills in us-east-1, and a stack would silently go there.
 */
export function targetEnvironment(
  region: string | undefined,
  env: Record<string, string | undefined>,
): Environment {
  const chosen = region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!chosen) {
    throw new Error(
      'No AWS region chosen: give -c region=<region> (or region in the stage file), or set AWS_REGION. ' +
        "The CDK CLI's own fallback, us-east-1, is never used.",
    );
  }
  return { account: env.CDK_DEFAULT_ACCOUNT, region: chosen };
}
