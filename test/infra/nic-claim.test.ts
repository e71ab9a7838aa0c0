// The Cognito Pre Token Generation trigger: the immutable custom:nic attribute becomes the `nic` claim.
import type { PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler } from '../../infra/constructs/auth.nic-claim';

const event = (userAttributes: Record<string, string>) =>
  ({
    request: { userAttributes, groupConfiguration: {} },
    response: { claimsOverrideDetails: {} },
  }) as unknown as PreTokenGenerationTriggerEvent;

describe('the nic claim trigger', () => {
  it('puts the handle, lower-case, in the `nic` claim', async () => {
    const result = await handler(event({ 'custom:nic': ' AA123456-OVH ' }));
    expect(result.response.claimsOverrideDetails).toEqual({ claimsToAddOrOverride: { nic: 'aa123456-ovh' } });
  });

  it('adds no claim for a user without a handle, so the API answers 401', async () => {
    const result = await handler(event({ email: 'someone@example.com' }));
    expect(result.response.claimsOverrideDetails).toEqual({});
  });
});
