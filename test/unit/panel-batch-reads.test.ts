// When My requests reads a batch again (web/src/features/requests/batch-reads.ts): only when the list
// says one of its listed requests moved on, or, while a request of it the page does not list is still
// open, once the last read is half a minute old. Every five-second refresh used to read every batch.
import { describe, expect, it } from 'vitest';
import { stillCurrent, UNLISTED_READ_MS } from '../../web/src/features/requests/batch-reads';
import type { components } from '../../web/src/lib/api/schema';

type ContactChange = components['schemas']['ContactChange'];
type Batch = components['schemas']['Batch'];

const request = (id: string, over: Partial<ContactChange> = {}): ContactChange =>
  ({
    id,
    serviceId: `${id}.fi`,
    state: 'awaiting_confirmation',
    confirmations: [
      { nic: 'aa', status: 'pending' },
      { nic: 'bb', status: 'pending' },
    ],
    completedAt: null,
    batchId: 'b1',
    ...over,
  }) as unknown as ContactChange;

const batchOf = (requests: ContactChange[]): Batch => ({ id: 'b1', requests }) as unknown as Batch;
const READ_AT = 1_000_000;
const accepted = (nic: string) => ({ nic, status: 'accepted' as const, at: '2026-12-07T10:00:00.000Z' });

describe('a batch whose requests the page all lists', () => {
  const read = { batch: batchOf([request('r1'), request('r2')]), at: READ_AT };

  it('is not read again while the list says what the read says, however old the read', () => {
    expect(stillCurrent(read, [request('r1'), request('r2')], READ_AT + 10 * UNLISTED_READ_MS)).toBe(true);
  });

  it('is read again when a listed request has a new answer', () => {
    const answered = request('r2', { confirmations: [accepted('aa'), { nic: 'bb', status: 'pending' }] });
    expect(stillCurrent(read, [request('r1'), answered], READ_AT + 1)).toBe(false);
  });

  it('is read again when a listed request has a new state', () => {
    expect(stillCurrent(read, [request('r1', { state: 'cancelled' }), request('r2')], READ_AT + 1)).toBe(
      false,
    );
  });

  it('is read again when the list shows a request the read did not have', () => {
    expect(stillCurrent(read, [request('r1'), request('r3')], READ_AT + 1)).toBe(false);
  });
});

describe('a batch with requests the page does not list', () => {
  it('while one of those is open, is read again once the read is half a minute old', () => {
    const read = { batch: batchOf([request('r1'), request('r2')]), at: READ_AT };
    expect(stillCurrent(read, [request('r1')], READ_AT + UNLISTED_READ_MS - 1)).toBe(true);
    expect(stillCurrent(read, [request('r1')], READ_AT + UNLISTED_READ_MS)).toBe(false);
  });

  it('once all of those have ended, is not read again', () => {
    const done = request('r2', { state: 'done', completedAt: '2026-12-07T10:00:00.000Z' });
    const read = { batch: batchOf([request('r1'), done]), at: READ_AT };
    expect(stillCurrent(read, [request('r1')], READ_AT + 10 * UNLISTED_READ_MS)).toBe(true);
  });
});
