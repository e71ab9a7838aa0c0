// What a Refused failure's Cause tells the Close step: whether the refusal's notices were handed to it.
import { describe, expect, it } from 'vitest';
import { handedRefusal, noticesHanded, refusedBeforeAsked } from '../../shared/workflow/events';

describe('a refusal handed to the workflow', () => {
  it('the API’s Cause hands the notices over, and still reads as a sentence in the console', () => {
    const cause = handedRefusal('bb2-ovh');
    expect(noticesHanded({ Error: 'Refused', Cause: cause })).toBe(true);
    expect(JSON.parse(cause)).toEqual({ message: 'bb2-ovh refused', nic: 'bb2-ovh', notices: 'yours' });
  });

  it('the ask task’s own Refused, another error, or none hands nothing over', () => {
    expect(noticesHanded({ Error: 'Refused', Cause: refusedBeforeAsked('bb2-ovh') })).toBe(false);
    expect(noticesHanded({ Error: 'Refused' })).toBe(false);
    expect(noticesHanded({ Error: 'Refused', Cause: '{"notices":"mine"}' })).toBe(false);
    expect(noticesHanded({ Error: 'Cancelled', Cause: handedRefusal('bb2-ovh') })).toBe(false);
    expect(noticesHanded(undefined)).toBe(false);
  });
});
