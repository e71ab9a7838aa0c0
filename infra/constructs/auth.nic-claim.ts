// Cognito Pre Token Generation trigger (V1): copies the account handle from the immutable custom
// attribute `custom:nic` into the ID token's `nic` claim, the claim the API reads (API.md). Users can
// never write `custom:nic` themselves: the app client's write attributes leave it out.
import type { PreTokenGenerationTriggerEvent } from 'aws-lambda';

export const handler = async (
  event: PreTokenGenerationTriggerEvent,
): Promise<PreTokenGenerationTriggerEvent> => {
  const nic = event.request.userAttributes['custom:nic']?.trim().toLowerCase();
  // Without a handle the token carries no `nic`, and every authenticated route answers 401.
  if (nic) event.response = { claimsOverrideDetails: { claimsToAddOrOverride: { nic } } };
  return event;
};
