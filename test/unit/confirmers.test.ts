// A confirmer's part of an open request (domain/confirmers.ts): each write holds only while that
// confirmer still waits; the reminder and the bounce notice go only to whom they concern.
import { describe, expect, it } from 'vitest';
import {
  codeBounced,
  codeSent,
  codeUnsent,
  dueForReminder,
  newCode,
  reminder,
} from '../../shared/domain/confirmers';
import type { ContactChangeRecord } from '../../shared/domain/model';
import { AA, BB, ask, world } from '../usecases/world';

const NOW = '2027-03-02T09:00:00.000Z';

/** An open request of Aino's giving tech to Bob; both are asked, with codes sent. */
async function openRequest(): Promise<ContactChangeRecord> {
  const deps = world();
  const { id } = await ask(deps);
  return structuredClone(deps.store.requests.get(id)!);
}

const answered = (request: ContactChangeRecord, nic: string): ContactChangeRecord => ({
  ...request,
  confirmers: request.confirmers.map((c) => (c.nic === nic ? { ...c, status: 'accepted', at: NOW } : c)),
});

describe('a confirmer’s writes', () => {
  it('hold only while that confirmer has not answered, and tell nobody (but the reminder, the one reminded)', async () => {
    const read = await openRequest();
    const hash = read.confirmers.find((c) => c.nic === BB)!.codeHash!;
    for (const t of [newCode(read, BB, 'h', NOW), codeSent(read, BB, hash, NOW), codeUnsent(read, BB)]) {
      expect(t.expect.statuses).toEqual({ [BB]: 'pending' });
      expect(t.notices).toEqual([]);
    }
    const reminded = reminder(read, BB, NOW);
    expect(reminded.expect.statuses).toEqual({ [BB]: 'pending' });
    expect(reminded.notices).toEqual([{ kind: 'reminder', to: [BB] }]);
    expect(codeBounced(read, BB, NOW, NOW)!.expect.statuses).toEqual({ [BB]: 'pending' });
  });
});

describe('who is due a reminder', () => {
  it('those who have not answered and were not reminded, while the request waits; nobody after it ended', async () => {
    const read = await openRequest();
    expect(dueForReminder(read)).toEqual([AA, BB]);
    expect(dueForReminder(answered(read, AA))).toEqual([BB]);
    expect(dueForReminder(reminder(read, BB, NOW).next)).toEqual([AA]);
    expect(dueForReminder({ ...read, state: 'cancelled' })).toEqual([]);
  });
});

describe('a bounced code email', () => {
  it('concerns only a confirmer who still waits on an open request, holding a code not bounced already', async () => {
    const read = await openRequest();
    expect(codeBounced(read, BB, NOW, NOW)).toBeDefined();
    expect(codeBounced(read, 'cc4-ovh', NOW, NOW)).toBeUndefined();
    expect(codeBounced(answered(read, BB), BB, NOW, NOW)).toBeUndefined();
    expect(codeBounced({ ...read, state: 'cancelled' }, BB, NOW, NOW)).toBeUndefined();
    const noCode = {
      ...read,
      confirmers: read.confirmers.map((c) => (c.nic === BB ? { ...c, codeHash: undefined } : c)),
    };
    expect(codeBounced(noCode, BB, NOW, NOW)).toBeUndefined();
    expect(codeBounced(codeBounced(read, BB, NOW, NOW)!.next, BB, NOW, NOW)).toBeUndefined();
  });
});
