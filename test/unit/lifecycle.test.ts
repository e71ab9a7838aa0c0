import { describe, expect, it } from 'vitest';
import { assertTransition, canTransition, finalStateOnClose } from '../../shared/domain/lifecycle';
import { CHANGE_STATES, type ChangeState, type ContactChangeRecord } from '../../shared/domain/model';
import { DomainError } from '../../shared/domain/errors';

// DESIGN.md's lifecycle diagram, edge by edge.
const LEGAL: [ChangeState, ChangeState][] = [
  ['awaiting_confirmation', 'applying'],
  ['awaiting_confirmation', 'refused'],
  ['awaiting_confirmation', 'cancelled'],
  ['awaiting_confirmation', 'expired'],
  ['applying', 'done'],
  ['applying', 'failed'],
];

describe('request lifecycle', () => {
  const pairs = CHANGE_STATES.flatMap((from) => CHANGE_STATES.map((to) => [from, to] as const));
  it.each(pairs)('%s → %s', (from, to) => {
    const legal = LEGAL.some(([f, t]) => f === from && t === to);
    expect(canTransition(from, to)).toBe(legal);
    if (legal) expect(() => assertTransition(from, to)).not.toThrow();
    else expect(() => assertTransition(from, to)).toThrow();
  });

  it('a move out of a final state is request_closed', () => {
    expect(() => assertTransition('done', 'failed')).toThrow(DomainError);
  });

  const request = (statuses: ('pending' | 'accepted' | 'refused')[]): ContactChangeRecord => ({
    id: 'r',
    serviceId: 's',
    serviceName: 's',
    roles: ['tech'],
    from: 'aa1-ovh',
    to: 'bb2-ovh',
    askedBy: 'aa1-ovh',
    state: 'awaiting_confirmation',
    confirmers: statuses.map((status, i) => ({ nic: `c${i}-ovh`, status, attempts: 0 })),
    notified: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    expiresAt: '2026-01-15T00:00:00.000Z',
    completedAt: null,
    reason: null,
  });

  it('a refusal already recorded wins over a timeout that raced it', () => {
    expect(finalStateOnClose(request(['accepted', 'refused']), 'expired')).toBe('refused');
    expect(finalStateOnClose(request(['accepted', 'pending']), 'expired')).toBe('expired');
    expect(finalStateOnClose(request(['refused', 'pending']), 'cancelled')).toBe('cancelled');
  });
});
