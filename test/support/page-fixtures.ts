// One contact change as the confirm pages get it, for the page tests in Node and in the browser.
import type { ContactChange } from '../../shared/domain/model';

export const REQUEST_ID = '6f1d2c3b-4a59-4e8f-9d7c-1b2a3c4d5e6f';
export const TOKEN = '7K3M-QW9P-X2RT-HB4N-Z8VD-M6JC-YA';
export const PAGE_NAMES = {
  'aa123456-ovh': 'Aino Aalto',
  'bb4321-ovh': 'Bob Brown',
  'cc999-ovh': 'Cecilia Carlsson',
};

/** aa123456-ovh asks to give tech and billing to bb4321-ovh; aa has accepted, bb has not. */
export const pageRequest = (overrides: Partial<ContactChange> = {}): ContactChange => ({
  id: REQUEST_ID,
  serviceId: 'example.fi',
  serviceName: 'example.fi',
  roles: ['tech', 'billing'],
  from: 'aa123456-ovh',
  to: 'bb4321-ovh',
  askedBy: 'aa123456-ovh',
  state: 'awaiting_confirmation',
  confirmations: [
    { nic: 'aa123456-ovh', status: 'accepted', at: '2025-11-24T09:12:00.000Z' },
    { nic: 'bb4321-ovh', status: 'pending' },
  ],
  notified: [],
  createdAt: '2025-11-24T09:05:00.000Z',
  expiresAt: '2025-12-08T09:05:00.000Z',
  completedAt: null,
  reason: null,
  why: null,
  reasonCode: null,
  reasonBy: null,
  names: { 'aa123456-ovh': 'Aino Aalto', 'bb4321-ovh': 'Bob Brown' },
  message: 'Waiting for the confirmation of bb4321-ovh.',
  batchId: null,
  ...overrides,
});
