// The deployment settings from CDK context: defaults, coercion of `-c` strings, and clear errors.
import { describe, expect, it } from 'vitest';
import { readDeploySettings, targetEnvironment } from '../../infra/context';

const read = (context: Record<string, unknown>) => readDeploySettings((key) => context[key]);
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
  ])('refuse %j', (context, message) => {
    expect(() => read(context)).toThrow(message);
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
