// The edges of the use cases that no flow test walks through: reads of what is not yours, the
// Idempotency-Key's three answers, the sweep's lease held by another run, a resend for oneself only,
// an address change confirmed while it is being stopped, the same bounce twice. Each is called
// through the use case's exported entry point, as a handler would (issue 20: branch coverage).
import { describe, expect, it } from 'vitest';
import { recordDeliveryProblem } from '../../shared/usecases/bounces';
import { askConfirmer } from '../../shared/usecases/ask-confirmer';
import { cancelEmailChange, confirmEmailChange, startEmailChange } from '../../shared/usecases/email-change';
import { cancelChange, resendCodes } from '../../shared/usecases/cancel-resend';
import { requestContactChange } from '../../shared/usecases/create-change';
import { once } from '../../shared/usecases/idempotency';
import {
  getChange,
  getHistory,
  getServiceOf,
  listMyChanges,
  listMyServices,
  setLanguage,
} from '../../shared/usecases/queries';
import { getMe } from '../../shared/usecases/reads';
import { sweepAlone } from '../../shared/usecases/sweep';
import { STUCK_APPLYING_SECONDS } from '../../shared/domain/lifecycle';
import {
  AA,
  BB,
  SERVICE,
  WORDS,
  ZZ,
  accept,
  ask,
  before,
  emails,
  outcome,
  refusalOf,
  stateOf,
  world,
} from './world';

const OUTSIDER = 'oo9-ovh'; // an account of nobody's services: seeded below where it is needed

describe('reads', () => {
  it('a service is shown only to its contacts: a stranger and a missing service are both not_found, in words', async () => {
    const deps = world();
    expect(await getServiceOf(deps, AA, SERVICE)).toMatchObject({
      serviceId: SERVICE,
      myRoles: ['admin', 'billing'],
    });
    expect(await getServiceOf(deps, ZZ, SERVICE)).toMatchObject({ myRoles: ['tech'] });
    expect(await refusalOf(getServiceOf(deps, BB, SERVICE))).toMatchObject({
      code: 'not_found',
      message: WORDS,
    });
    expect(await outcome(getServiceOf(deps, AA, 'nothing.example'))).toBe('not_found');
    expect(await outcome(getHistory(deps, BB, SERVICE, { limit: 50 }))).toBe('not_found');
  });

  it('the asker cancels without a read of the service: only someone else needs to be its admin', async () => {
    const deps = world();
    const { id } = await ask(deps);
    deps.store.calls.length = 0;
    await cancelChange(deps, AA, id);
    expect(deps.store.calls.filter((call) => call === 'getService' || call === 'getServices')).toEqual([]);
  });

  it('a list of my requests reads a service only where being its admin would let me cancel', async () => {
    const deps = world();
    const { id } = await ask(deps);
    const servicesRead = async (nic: string) => {
      deps.store.calls.length = 0;
      await listMyChanges(deps, nic, { limit: 50 });
      return deps.store.calls.filter((call) => call === 'getServices').length;
    };
    // Open: the asker may cancel anyway; Bob, asked, could only as an admin.
    expect([await servicesRead(AA), await servicesRead(BB)]).toEqual([0, 1]);
    await cancelChange(deps, AA, id);
    // Ended: nobody may cancel.
    expect([await servicesRead(AA), await servicesRead(BB)]).toEqual([0, 0]);
  });

  it('lists my services with my roles, my requests, and a service history that shows what I may see', async () => {
    const deps = world();
    const { id } = await ask(deps);
    expect(
      (await listMyServices(deps, ZZ, { limit: 50 })).items.map((s) => [s.serviceId, s.myRoles]),
    ).toEqual([[SERVICE, ['tech']]]);
    expect((await listMyServices(deps, BB, { limit: 50 })).items).toEqual([]);
    expect((await listMyChanges(deps, BB, { limit: 50 })).items.map((r) => r.id)).toEqual([id]);
    expect((await listMyChanges(deps, ZZ, { limit: 50 })).items.map((r) => r.id)).toEqual([id]); // told, as the old tech
    // The history holds ended requests: an open one joins it when it ends.
    expect((await getHistory(deps, AA, SERVICE, { limit: 50 })).items).toEqual([]);
    await cancelChange(deps, AA, id);
    expect((await getHistory(deps, AA, SERVICE, { limit: 50 })).items.map((r) => [r.id, r.state])).toEqual([
      [id, 'cancelled'],
    ]);
    expect(await getChange(deps, BB, id)).toMatchObject({ id, state: 'cancelled' });
  });

  it('my own account, its language changed by me alone; an account that is gone is not_found', async () => {
    const deps = world();
    expect(await setLanguage(deps, BB, 'fi')).toMatchObject({ nic: BB, language: 'fi' });
    expect(await getMe(deps, BB)).toMatchObject({ nic: BB, language: 'fi' });
    expect((await getMe(deps, AA)).language).toBe('en');
    expect(await outcome(getMe(deps, OUTSIDER))).toBe('not_found');
  });

  it('an id that names no request is not_found to read, answer, cancel or resend, and writes nothing', async () => {
    const deps = world();
    const { code } = await ask(deps);
    const none = 'cc-00000000000000000000000000';
    expect(await outcome(getChange(deps, AA, none))).toBe('not_found');
    expect(await outcome(accept(deps, none, AA, code(AA)))).toBe('not_found');
    expect(await outcome(cancelChange(deps, AA, none))).toBe('not_found');
    expect(await outcome(resendCodes(deps, AA, none, false))).toBe('not_found');
    expect([...deps.store.requests.values()].map((r) => r.state)).toEqual(['awaiting_confirmation']);
  });
});

describe('asking for a change on a service that is not yours', () => {
  it('is not_found, whether the service is missing or the asker holds no role on it, and writes nothing', async () => {
    const deps = world();
    expect(await outcome(requestContactChange(deps, BB, SERVICE, { tech: BB }))).toBe('not_found');
    expect(await outcome(requestContactChange(deps, AA, 'nothing.example', { tech: BB }))).toBe('not_found');
    expect(deps.store.requests.size).toBe(0);
    expect(deps.mailer.sent).toEqual([]);
  });
});

describe('Idempotency-Key (API.md): the same key and body answer once', () => {
  const until = () => new Date(Date.now() + 60_000);

  it('without a key every call runs', async () => {
    const deps = world();
    let runs = 0;
    await once(deps, AA, undefined, { a: 1 }, async () => ++runs, until());
    await once(deps, AA, undefined, { a: 1 }, async () => ++runs, until());
    expect(runs).toBe(2);
  });

  it('a key used again with the same body replays the first answer without running; with another body it is refused', async () => {
    const deps = world();
    let runs = 0;
    const first = await once(deps, AA, 'k1', { a: 1 }, async () => ({ run: ++runs }), until());
    const again = await once(deps, AA, 'k1', { a: 1 }, async () => ({ run: ++runs }), until());
    expect([first, again, runs]).toEqual([{ run: 1 }, { run: 1 }, 1]);
    expect(await outcome(once(deps, AA, 'k1', { a: 2 }, async () => ++runs, until()))).toBe(
      'validation_failed',
    );
    // Keys are the caller's own: another account's same key runs.
    expect(await once(deps, BB, 'k1', { a: 1 }, async () => ({ run: ++runs }), until())).toEqual({ run: 2 });
  });

  it('answers once for 24 hours: a day after, the same key and body run again', async () => {
    const deps = world();
    let runs = 0;
    const call = () => once(deps, AA, 'k3', { a: 1 }, async () => ({ run: ++runs }), until());
    await call();
    deps.advance(24 * 3600 - 60);
    expect(await call()).toEqual({ run: 1 });
    deps.advance(120);
    expect(await call()).toEqual({ run: 2 });
  });

  it('a key used again with another body is refused on the header, the field decisions.md names, in words', async () => {
    const deps = world();
    await once(deps, AA, 'k4', { a: 1 }, async () => 'first', until());
    const refusal = await refusalOf(once(deps, AA, 'k4', { a: 2 }, async () => 'second', until()));
    expect(refusal).toMatchObject({
      code: 'validation_failed',
      message: WORDS,
      errors: [{ path: 'headers.idempotency-key', message: WORDS }],
    });
  });

  it('a refusal frees the key, so that the call can run again once the cause is fixed', async () => {
    const deps = world();
    const refused = once(
      deps,
      AA,
      'k2',
      {},
      () => requestContactChange(deps, AA, SERVICE, { tech: ZZ }),
      until(),
    );
    expect(await outcome(refused)).toBe('no_change');
    const created = await once(
      deps,
      AA,
      'k2',
      {},
      () => requestContactChange(deps, AA, SERVICE, { tech: BB }),
      until(),
    );
    expect(created.requests).toHaveLength(1);
  });
});

describe('the sweep under its lease (sweepAlone)', () => {
  it('does nothing while another run holds the lease, and sweeps once it has lapsed', async () => {
    const deps = world();
    const { id } = await ask(deps);
    deps.advance(deps.settings.ttlSeconds + 1);
    const other = new Date(deps.now().getTime() + 60_000);
    expect(await deps.leases.take('sweep', 'another-run', { now: deps.now(), until: other })).toEqual({
      taken: true,
    });
    const held = await sweepAlone(deps, { until: new Date(deps.now().getTime() + 30_000) });
    expect(held).toMatchObject({ expired: 0, complete: false, leaseHeld: { holder: 'another-run' } });
    expect(stateOf(deps, id)).toBe('awaiting_confirmation');
    deps.advance(61);
    const swept = await sweepAlone(deps, { until: new Date(deps.now().getTime() + 30_000) });
    expect(swept).toMatchObject({ expired: 1, complete: true });
    expect(swept).not.toHaveProperty('leaseHeld');
    expect(stateOf(deps, id)).toBe('expired');
    // Given back: the next run takes it at once.
    expect(await deps.leases.take('sweep', 'next-run', { now: deps.now(), until: other })).toEqual({
      taken: true,
    });
  });

  it('counts a request stuck applying, past its window, as finished (applied), not expired', async () => {
    const deps = world();
    const { id } = await ask(deps);
    await accept(deps, id, AA);
    await accept(deps, id, BB); // the workflow heard it and was lost before its apply
    deps.advance(Math.max(deps.settings.ttlSeconds, STUCK_APPLYING_SECONDS) + 1);
    expect(await sweepAlone(deps, { until: new Date(deps.now().getTime() + 30_000) })).toMatchObject({
      finished: 1,
      expired: 0,
    });
    expect(stateOf(deps, id)).toBe('done');
    expect(deps.workflow.calls).toContainEqual({ call: 'ended', id, state: 'done' });
  });
});

describe('a resend for oneself only ({"onlyMe": true})', () => {
  it('is for the parties: an admin who is neither asker nor confirmer is not_a_party', async () => {
    const deps = world();
    // Zed (tech) asks for Bob in his own place: Zed and Bob confirm, Aino (admin) is no party.
    const { requests } = await requestContactChange(deps, ZZ, SERVICE, { tech: BB });
    const id = requests[0]!.id;
    // Admins see every request of their service, but only its parties have codes sent.
    expect(await outcome(resendCodes(deps, AA, id, true))).toBe('not_a_party');
    expect(await outcome(resendCodes(deps, AA, id, false))).toBe('not_a_party');
    await askConfirmer(deps, id, ZZ);
    expect(await outcome(resendCodes(deps, ZZ, id, true))).toBe('ok');
  });

  it('sends only to the caller, and is already_answered once the caller has answered', async () => {
    const deps = world();
    const { id } = await ask(deps);
    const before = emails(deps, AA, 'code').length;
    await resendCodes(deps, BB, id, true);
    expect(emails(deps, AA, 'code')).toHaveLength(before);
    await accept(deps, id, BB);
    expect(await outcome(resendCodes(deps, BB, id, true))).toBe('already_answered');
    // Not only-me: Aino, still pending, gets a new code.
    await resendCodes(deps, BB, id, false);
    expect(emails(deps, AA, 'code')).toHaveLength(before + 1);
  });

  it('says so when a code email fails, rather than claiming it was sent', async () => {
    const deps = world();
    const { id } = await ask(deps);
    const send = deps.mailer.send.bind(deps.mailer);
    deps.mailer.send = async (message, template) => {
      if (message.to.nic === BB) throw new Error('SES refused the email');
      return send(message, template);
    };
    await expect(resendCodes(deps, AA, id, false)).rejects.toThrow(/could not be sent/);
  });
});

describe('the ask step of a confirmer who has already answered', () => {
  it('sends nothing and reports the answer', async () => {
    const deps = world();
    const { id } = await ask(deps);
    await accept(deps, id, BB);
    const sent = deps.mailer.sent.length;
    expect(await askConfirmer(deps, id, BB)).toBe('accepted');
    expect(deps.mailer.sent).toHaveLength(sent);
  });
});

describe('stopping an address change that is confirmed meanwhile', () => {
  it('is nothing_pending, and the confirmed address stands', async () => {
    const deps = world();
    await startEmailChange(deps, BB, 'bob@new.example');
    const code = deps.mailer
      .to(BB)
      .map((m) => JSON.stringify(m))
      .join('')
      .match(/emailCode=([^\s&"\\]+)/)?.[1];
    expect(code).toBeDefined();
    before(deps, 'cancelEmailChange', () => confirmEmailChange(deps, BB, decodeURIComponent(code!)));
    expect(await outcome(cancelEmailChange(deps, BB))).toBe('nothing_pending');
    expect(deps.store.accounts.get(BB)?.email).toBe('bob@new.example');
  });
});

describe('a bounce of an address the account leaves meanwhile', () => {
  it('is stale: the new address is not marked as bouncing', async () => {
    const deps = world();
    const old = deps.store.accounts.get(BB)!.email;
    const problem = {
      type: 'bounce' as const,
      bounceType: 'Permanent' as const,
      recipients: [old],
      sentAt: deps.now().toISOString(),
      nic: BB,
      kind: 'notice' as const,
    };
    // The address change lands between the read of the account and the mark.
    before(deps, 'markEmailBounced', async () => {
      deps.store.accounts.set(BB, { ...deps.store.accounts.get(BB)!, email: 'bob@new.example' });
    });
    expect(await recordDeliveryProblem(deps, problem)).toEqual({ kind: 'stale' });
    expect(deps.store.accounts.get(BB)).not.toHaveProperty('emailBouncedAt');
    // The same report with the address as it was read: marked.
    deps.store.accounts.set(BB, { ...deps.store.accounts.get(BB)!, email: old });
    expect(await recordDeliveryProblem(deps, problem)).toEqual({ kind: 'marked', nic: BB, requests: [] });
  });
});

describe('a resend that loses its write to another writer', () => {
  it('is request_closed when the request was cancelled meanwhile, and no code goes out', async () => {
    const deps = world();
    const { id } = await ask(deps);
    const sent = deps.mailer.sent.filter((m) => m.kind === 'code').length;
    before(deps, 'commit', () => cancelChange(deps, AA, id));
    expect(await outcome(resendCodes(deps, AA, id, false))).toBe('request_closed');
    expect(stateOf(deps, id)).toBe('cancelled');
    expect(deps.mailer.sent.filter((m) => m.kind === 'code')).toHaveLength(sent);
  });

  it('skips a confirmer who answered meanwhile: no new code for an answered confirmer', async () => {
    const deps = world();
    const { id } = await ask(deps);
    const sent = emails(deps, BB, 'code').length;
    before(deps, 'commit', () => accept(deps, id, BB));
    expect(await outcome(resendCodes(deps, BB, id, true))).toBe('ok');
    expect(emails(deps, BB, 'code')).toHaveLength(sent);
    expect(deps.store.requests.get(id)?.confirmers.find((c) => c.nic === BB)?.status).toBe('accepted');
  });
});

describe('the sweep applying a request stuck applying whose contacts moved meanwhile', () => {
  it('ends it failed, counted as finished, and tells the workflow', async () => {
    const deps = world();
    const { id } = await ask(deps);
    await accept(deps, id, AA);
    await accept(deps, id, BB);
    deps.store.services.get(SERVICE)!.contacts.tech = AA; // moved outside this request
    deps.advance(STUCK_APPLYING_SECONDS + 1);
    expect(await sweepAlone(deps, { until: new Date(deps.now().getTime() + 30_000) })).toMatchObject({
      finished: 1,
      expired: 0,
    });
    expect(stateOf(deps, id)).toBe('failed');
    expect(deps.workflow.calls).toContainEqual({ call: 'ended', id, state: 'failed' });
  });
});

describe('a store fault is a fault, never a refusal', () => {
  it('stopping an address change: the store’s error comes through, not nothing_pending', async () => {
    const deps = world();
    await startEmailChange(deps, BB, 'bob@new.example');
    deps.store.faults.push((call) => {
      if (call === 'cancelEmailChange') throw new Error('the table is unreachable');
    });
    await expect(cancelEmailChange(deps, BB)).rejects.toThrow('the table is unreachable');
  });

  it('a bounced code email: the store’s error comes through, rather than skipping the request', async () => {
    const deps = world();
    await ask(deps);
    deps.store.faults.push((call) => {
      if (call === 'commit') throw new Error('the table is unreachable');
    });
    const problem = {
      type: 'bounce' as const,
      bounceType: 'Permanent' as const,
      recipients: [deps.store.accounts.get(BB)!.email],
      sentAt: deps.now().toISOString(),
      nic: BB,
      kind: 'code' as const,
    };
    await expect(recordDeliveryProblem(deps, problem)).rejects.toThrow('the table is unreachable');
  });
});

describe('reading a request (reads.ts)', () => {
  /** Counts the store's reads of services from now on. */
  function serviceReads(deps: ReturnType<typeof world>): () => number {
    let reads = 0;
    deps.store.faults.push((call) => {
      if (call === 'getService' || call === 'getServices') reads++;
    });
    return () => reads;
  }

  it('the asker reading their own open request reads no service: its admin matters only to others', async () => {
    const deps = world();
    const { id } = await ask(deps);
    const reads = serviceReads(deps);
    await getChange(deps, AA, id);
    await listMyChanges(deps, AA, { limit: 10 });
    expect(reads()).toBe(0);
  });

  it('an admin who is no party reads the service once: the answer it gave is not read again', async () => {
    const deps = world();
    const { id } = await ask(deps);
    deps.store.accounts.set('cc4-ovh', { ...deps.store.accounts.get(BB)!, nic: 'cc4-ovh' });
    deps.store.services.get(SERVICE)!.contacts.admin = 'cc4-ovh';
    const reads = serviceReads(deps);
    expect((await getChange(deps, 'cc4-ovh', id)).id).toBe(id);
    expect(reads()).toBe(1);
  });

  it('a request whose service is gone is not_found to someone no party to it', async () => {
    const deps = world();
    const { id } = await ask(deps);
    deps.store.services.delete(SERVICE);
    deps.store.accounts.set('cc4-ovh', { ...deps.store.accounts.get(BB)!, nic: 'cc4-ovh' });
    expect(await outcome(getChange(deps, 'cc4-ovh', id))).toBe('not_found');
  });
});
