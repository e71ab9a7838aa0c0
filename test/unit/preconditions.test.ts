// DESIGN.md, just before a change is applied: the contacts are still the ones the request moves, the
// asker still holds a role that allows the roles it changes, and only a billing change reads the
// billing sides' accounts. A request of several roles fails when any one of them no longer holds.
import { describe, expect, it } from 'vitest';
import type { ContactChangeRecord, Role, Service } from '../../shared/domain/model';
import { accountsCheckedAtApply, checkPreconditions } from '../../shared/domain/preconditions';
import { accountFor } from '../support/accounts';

const ASKER = 'aa1-ovh';
const OLD = 'zz3-ovh';
const NEW = 'bb2-ovh';

const accounts = new Map([ASKER, OLD, NEW].map((nic) => [nic, accountFor(nic)]));

/** The asker moves `roles` from Zed to Bob. */
const request = (roles: Role[]): ContactChangeRecord => ({
  id: 'r1',
  serviceId: 'example.fi',
  serviceName: 'example.fi',
  roles,
  from: OLD,
  to: NEW,
  askedBy: ASKER,
  state: 'applying',
  confirmers: [ASKER, NEW].map((nic) => ({
    nic,
    status: 'accepted',
    attempts: 0,
    at: '2027-03-01T09:00:00.000Z',
  })),
  notified: [],
  createdAt: '2027-02-20T09:00:00.000Z',
  expiresAt: '2027-03-06T09:00:00.000Z',
  completedAt: null,
  reason: null,
  why: null,
});

const service = (contacts: Service['contacts']): Service => ({
  serviceId: 'example.fi',
  name: 'example.fi',
  type: 'domain',
  contacts,
});

const outcome = (roles: Role[], contacts: Service['contacts']) => {
  const event = checkPreconditions(request(roles), service(contacts), accounts);
  return event.type === 'preconditions_broken' ? event.why.code : 'met';
};

describe('the preconditions of a change of several roles', () => {
  it('hold while every role it moves is still the old contact’s', () => {
    expect(outcome(['tech', 'billing'], { admin: ASKER, tech: OLD, billing: OLD })).toBe('met');
  });

  it('break as contacts_moved when one of its roles has moved meanwhile', () => {
    expect(outcome(['tech', 'billing'], { admin: ASKER, tech: OLD, billing: ASKER })).toBe('contacts_moved');
  });

  it('break as authority_lost when the asker no longer holds a role that allows them', () => {
    expect(outcome(['tech', 'billing'], { admin: NEW, tech: OLD, billing: OLD })).toBe('authority_lost');
  });
});

describe('the accounts read at apply', () => {
  it('are both billing sides when billing moves, and none otherwise', () => {
    expect(accountsCheckedAtApply(request(['billing', 'tech']))).toEqual([OLD, NEW]);
    expect(accountsCheckedAtApply(request(['admin', 'tech']))).toEqual([]);
  });
});
