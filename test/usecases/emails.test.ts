// Who gets which email, over the in-memory ports: one email per person per occasion, each fitting
// its reader. What the emails say in each language is test/unit/email-render.test.ts's.
import { describe, expect, it } from 'vitest';
import { askConfirmer } from '../../shared/usecases/ask-confirmer';
import { resendCodes } from '../../shared/usecases/cancel-resend';
import { requestContactChange } from '../../shared/usecases/create-change';
import { settle } from '../../shared/usecases/settle';
import { sweepStaleRequests } from '../../shared/usecases/sweep';
import { StaleWriteError } from '../../shared/domain/ports';
import { sendNewCodes } from '../../shared/usecases/notify';
import { AA, accept, ask, BB, emails, refuse, SERVICE, world, ZZ } from './world';

const DAY = 24 * 3600;
const requestIds = (deps: ReturnType<typeof world>, nic: string) =>
  emails(deps, nic, 'code').map((m) => m.asks!.map((a) => a.request.id));

describe('one submission, one email per person', () => {
  it('tech to one account and billing to another: three emails, the asker’s listing both requests', async () => {
    const deps = world();
    const { requests } = await requestContactChange(deps, AA, SERVICE, { tech: BB, billing: ZZ });
    const [tech, billing] = requests.map((r) => r.id);
    expect(deps.mailer.sent.map((m) => [m.kind, m.to.nic])).toEqual(
      expect.arrayContaining([
        ['code', AA],
        ['code', BB],
        ['code', ZZ],
      ]),
    );
    expect(deps.mailer.sent).toHaveLength(3);
    expect(requestIds(deps, AA)).toEqual([[tech, billing]]);
    expect(requestIds(deps, BB)).toEqual([[tech]]);
    expect(requestIds(deps, ZZ)).toEqual([[billing]]);
    // Each request its own code, and only the asker hears who else was emailed.
    const [mine] = emails(deps, AA, 'code');
    expect(new Set(mine!.asks!.map((a) => a.code)).size).toBe(2);
    expect(mine!.others).toEqual([BB, ZZ]);
    expect(emails(deps, BB, 'code')[0]!.others).toBeUndefined();
    // Every account named in the emails comes with its name.
    expect(mine!.names).toMatchObject({ [AA]: 'Aino Aalto', [BB]: 'Bob Brown', [ZZ]: 'Zed Zorn' });
  });

  it('the workflow’s ask step then finds every code sent and sends nothing more', async () => {
    const deps = world();
    const { requests } = await requestContactChange(deps, AA, SERVICE, { tech: BB, billing: BB });
    const sent = deps.mailer.sent.length;
    for (const request of requests) {
      for (const c of request.confirmations)
        expect(await askConfirmer(deps, request.id, c.nic)).toBe('asked');
    }
    expect(deps.mailer.sent).toHaveLength(sent);
    expect(requestIds(deps, BB)).toEqual([requests.map((r) => r.id)]);
  });

  it('an ask step that finds no code issues one and emails it, so every wait leaves a working code', async () => {
    const deps = world();
    const { id } = await ask(deps);
    const request = deps.store.requests.get(id)!;
    const bb = request.confirmers.find((c) => c.nic === BB)!;
    delete bb.codeHash; // as a request made before codes came with it
    expect(await askConfirmer(deps, id, BB)).toBe('asked');
    const codes = requestIds(deps, BB);
    expect(codes).toEqual([[id], [id]]);
    expect((await accept(deps, id, BB)).request.confirmers.find((c) => c.nic === BB)?.status).toBe(
      'accepted',
    );
  });

  it('a resend is one email per confirmer, saying its code replaces the old one', async () => {
    const deps = world();
    const { id } = await ask(deps);
    await resendCodes(deps, AA, id, false);
    for (const nic of [AA, BB]) {
      expect(emails(deps, nic, 'code').at(-1)).toMatchObject({ resent: true, asks: [{ request: { id } }] });
    }
  });
});

describe('each person hears each move once, in the email that fits them', () => {
  it('done: the old contact who lost every role gets one email, saying so', async () => {
    const deps = world();
    const { id } = await ask(deps);
    await accept(deps, id, AA);
    await accept(deps, id, BB);
    deps.mailer.sent.length = 0;
    await settle(deps, id, { type: 'apply' });
    expect(deps.mailer.sent.map((m) => [m.kind, m.to.nic]).sort()).toEqual([
      ['done', AA],
      ['done', BB],
      ['done', ZZ],
    ]);
    expect(emails(deps, ZZ, 'done')[0]).toMatchObject({ fromHasNoRole: true, request: { from: ZZ, to: BB } });
  });

  it('the reminder links to the confirm page without a code, and to the request in the panel', async () => {
    const deps = world();
    const { id } = await ask(deps);
    deps.advance(12 * DAY + 1);
    await sweepStaleRequests(deps);
    const [reminder] = emails(deps, BB, 'reminder');
    expect(reminder).toMatchObject({
      link: `https://contacts.example/confirm/${id}?lang=en`,
      panelLink: `https://contacts.example/panel/requests/${id}`,
    });
    expect(reminder!.to.timeZone).toBe('UTC');
  });
});

describe('what the emails carry (notify.ts)', () => {
  it('links on a base URL that ends in a slash: no doubled slash; a code email’s panel link carries its code, a notice’s none, and only a reminder has a confirm link', async () => {
    const deps = world();
    deps.settings.publicBaseUrl = 'https://contacts.example/';
    const { id, code } = await ask(deps);
    const token = code(BB);
    expect(emails(deps, BB, 'code')[0]!.asks![0]).toMatchObject({
      link: `https://contacts.example/confirm/${id}?token=${token}`,
      panelLink: `https://contacts.example/panel/requests/${id}?code=${token}`,
    });
    await accept(deps, id, AA);
    await accept(deps, id, BB);
    await settle(deps, id, { type: 'apply' });
    const [done] = emails(deps, ZZ, 'done');
    expect(done!.panelLink).toBe(`https://contacts.example/panel/requests/${id}`);
    expect(done).not.toHaveProperty('link');
  });

  it('a request in an email shows each confirmation’s answer, with its time once answered', async () => {
    const deps = world();
    const { id } = await ask(deps);
    const asked = emails(deps, BB, 'code')[0]!.asks![0]!.request.confirmations;
    expect(asked).toEqual([
      { nic: AA, status: 'pending' },
      { nic: BB, status: 'pending' },
    ]);
    await accept(deps, id, AA);
    await accept(deps, id, BB);
    await settle(deps, id, { type: 'apply' });
    const at = deps.now().toISOString();
    expect(emails(deps, ZZ, 'done')[0]!.request!.confirmations).toEqual([
      { nic: AA, status: 'accepted', at },
      { nic: BB, status: 'accepted', at },
    ]);
  });

  it('a first code email is not marked as a resend', async () => {
    const deps = world();
    await ask(deps);
    expect(emails(deps, BB, 'code')[0]).not.toHaveProperty('resent');
  });

  it('a resend marks each new code sent, at the time it went out', async () => {
    const deps = world();
    const { id } = await ask(deps);
    deps.advance(3600);
    await resendCodes(deps, AA, id, false);
    const at = deps.now().toISOString();
    expect(deps.store.requests.get(id)!.confirmers.map((c) => [c.nic, c.codeSentAt])).toEqual([
      [AA, at],
      [BB, at],
    ]);
  });

  it('new codes for a request that moved meanwhile: StaleWriteError when nothing takes it', async () => {
    const deps = world();
    const { id } = await ask(deps);
    const read = structuredClone(deps.store.requests.get(id)!);
    await accept(deps, id, BB);
    await expect(sendNewCodes(deps, read, [BB])).rejects.toBeInstanceOf(StaleWriteError);
  });

  it('an answer fails when the workflow cannot hear a refusal, and the refusal stands', async () => {
    const deps = world();
    const { id } = await ask(deps);
    deps.workflow.refused = async () => {
      throw new Error('Step Functions is unavailable');
    };
    await expect(refuse(deps, id, BB)).rejects.toThrow('Step Functions is unavailable');
    expect(deps.store.requests.get(id)!.state).toBe('refused');
    // Nothing heard it, so its notices did not go to the workflow: the answer sent them.
    expect(
      deps.mailer.sent
        .filter((m) => m.kind === 'refused')
        .map((m) => m.to.nic)
        .sort(),
    ).toEqual([AA, BB, ZZ].sort());
  });
});
