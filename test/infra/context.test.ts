// The deployment settings from a stage's file and CDK context: defaults, coercion of `-c` strings,
// `-c` over the file, and errors that name the field and where it was set.
import { describe, expect, it } from 'vitest';
import { readDeploySettings, readStageFile, targetEnvironment } from '../../infra/context';

/** Settings from context alone: an empty stage file. */
const read = (context: Record<string, unknown>) =>
  readDeploySettings(
    (key) => context[key],
    (stage) => ({ path: `infra/stages/${stage}.json`, values: {} }),
  );
/** Settings from the stage file `values` and the context. */
const withFile = (values: unknown, context: Record<string, unknown> = {}) =>
  readDeploySettings(
    (key) => context[key],
    (stage) => ({ path: `infra/stages/${stage}.json`, values }),
  );
const base = { senderEmail: 'contacts@example.com' };

describe('deploy settings', () => {
  it('default everything but the sender', () => {
    expect(read(base)).toEqual({
      stage: 'dev',
      senderEmail: 'contacts@example.com',
      senderIdentity: 'create',
      production: false,
      changeRequestTtlSeconds: 1209600,
      reminderBeforeExpirySeconds: 172800,
      sweepIntervalMinutes: 5,
      sandboxRecipients: [],
    });
  });

  it('read numbers and lists given as `-c key=value` strings', () => {
    const settings = read({
      ...base,
      stage: 'prod',
      changeRequestTtlSeconds: '600',
      reminderBeforeExpirySeconds: '60',
      sweepIntervalMinutes: '1',
      jwtIssuer: 'https://login.example.com/',
      jwtAudience: 'a, b',
      sandboxRecipients: 'x@example.com,y@example.com',
      region: 'eu-north-1',
      production: 'true',
    });
    expect(settings).toMatchObject({
      stage: 'prod',
      changeRequestTtlSeconds: 600,
      reminderBeforeExpirySeconds: 60,
      sweepIntervalMinutes: 1,
      jwtAudience: ['a', 'b'],
      sandboxRecipients: ['x@example.com', 'y@example.com'],
      region: 'eu-north-1',
      production: true,
    });
  });

  it.each([
    [{}, /-c senderEmail:/],
    [{ ...base, stage: 'Prod_1' }, /-c stage: lower-case/],
    [{ ...base, sweepIntervalMinutes: '0' }, /-c sweepIntervalMinutes:/],
    [{ ...base, reminderBeforeExpirySeconds: 1209600 }, /-c reminderBeforeExpirySeconds: must be shorter/],
    [
      { ...base, jwtIssuer: 'https://login.example.com/' },
      /-c jwtAudience: jwtIssuer and jwtAudience go together/,
    ],
    [{ ...base, jwtAudience: 'a' }, /-c jwtIssuer: jwtIssuer and jwtAudience go together/],
    [{ ...base, jwtIssuer: 'http://login.example.com/', jwtAudience: 'a' }, /-c jwtIssuer:/],
    [{ ...base, senderDomain: 'example.org' }, /-c senderDomain: must be the domain of senderEmail/],
    [{ ...base, publicBaseUrl: 'not a url' }, /-c publicBaseUrl:/],
    [{ ...base, senderIdentity: 'import' }, /-c senderIdentity:/],
    [{ ...base, region: 'Ireland' }, /-c region: an AWS region/],
    [{ ...base, production: 'yes' }, /-c production:/],
    [{ ...base, mailFromDomain: 'bounce.example.org' }, /-c mailFromDomain: must be a subdomain/],
    [
      { ...base, mailFromDomain: 'bounce.example.com', senderIdentity: 'existing' },
      /-c mailFromDomain: is set where the identity is created/,
    ],
    [
      { ...base, apiOriginDomain: 'api-origin.example.com' },
      /-c apiOriginCertificateArn: apiOriginDomain and apiOriginCertificateArn go together/,
    ],
    [
      {
        ...base,
        region: 'eu-north-1',
        apiOriginDomain: 'api-origin.example.com',
        apiOriginCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
      },
      /-c apiOriginCertificateArn: must be a certificate in the stage's region \(eu-north-1\)/,
    ],
  ])('refuse %j', (context, message) => {
    expect(() => read(context)).toThrow(message);
  });
});

describe('stage files', () => {
  it('`-c stage=` picks the committed file: dev by default, prod on asking', () => {
    const committed = (context: Record<string, unknown>) => readDeploySettings((key) => context[key]);
    expect(committed({})).toMatchObject({ stage: 'dev', production: false, region: 'eu-west-1' });
    expect(committed({ stage: 'prod' })).toMatchObject({ stage: 'prod', production: true });
    expect(readStageFile('prod').path).toBe('infra/stages/prod.json');
  });

  it('a `-c` flag overrides one value of the file and leaves the rest', () => {
    const file = { senderEmail: 'contacts@example.fi', sweepIntervalMinutes: 10, production: true };
    expect(withFile(file, { sweepIntervalMinutes: '15' })).toMatchObject({
      senderEmail: 'contacts@example.fi',
      sweepIntervalMinutes: 15,
      production: true,
    });
  });

  it('a stage with no file is refused, naming the stages there are', () => {
    expect(() => readDeploySettings((key) => ({ stage: 'qa' })[key])).toThrow(
      /-c stage: no file infra\/stages\/qa\.json; the stages are dev, prod/,
    );
  });

  it.each([
    [{ senderEmail: 'not an address' }, /infra\/stages\/dev\.json: senderEmail:/],
    [{ ...base, sweepIntervalMinute: 5 }, /infra\/stages\/dev\.json: sweepIntervalMinute: Unrecognized key/],
    [{ ...base, stage: 'prod' }, /infra\/stages\/dev\.json: stage: Unrecognized key/],
    [
      { ...base, reminderBeforeExpirySeconds: 1209600 },
      /infra\/stages\/dev\.json: reminderBeforeExpirySeconds: must be shorter/,
    ],
    [['not', 'an', 'object'], /infra\/stages\/dev\.json: \(file\):/],
  ])('a bad file is refused, naming the field and the file: %j', (values, message) => {
    expect(() => withFile(values)).toThrow(message);
  });

  it('a bad `-c` value is named as the flag, even over a good file', () => {
    expect(() => withFile(base, { senderEmail: 'nope' })).toThrow(/-c senderEmail:/);
  });
});

describe('the target environment', () => {
  it('takes the region from context first, then AWS_REGION, then AWS_DEFAULT_REGION', () => {
    const env = {
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-central-1',
      CDK_DEFAULT_ACCOUNT: '123456789012',
    };
    expect(targetEnvironment('eu-north-1', env)).toEqual({ account: '123456789012', region: 'eu-north-1' });
    expect(targetEnvironment(undefined, env)).toEqual({ account: '123456789012', region: 'eu-west-1' });
    expect(targetEnvironment(undefined, { AWS_DEFAULT_REGION: 'eu-central-1' }).region).toBe('eu-central-1');
  });

  it("refuses, loudly, to fall back to the CDK CLI's default region", () => {
    expect(() => targetEnvironment(undefined, { CDK_DEFAULT_REGION: 'us-east-1' })).toThrow(
      /No AWS region chosen: give -c region=/,
    );
  });
});
