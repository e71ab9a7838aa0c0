// `actions` tells each caller the calls they may make on a request now (API.md), so that the panel
// offers nothing that would be refused and hides nothing that would succeed: for every caller and
// every moment of a request, an action is listed exactly when the use case behind it accepts it.
import { describe, expect, it } from 'vitest';
import type { Action } from '../../shared/domain/actions';
import { cancelChange, resendCodes } from '../../shared/usecases/cancel-resend';
import { getChange, listMyChanges } from '../../shared/usecases/queries';
import type { MemoryDeps } from '../support/memory';
import { AA, BB, SERVICE, ZZ, accept, ask, codeOf, outcome, refuse, world } from './world';

const DAY = 24 * 60 * 60;

/** Aino (admin) asks to give tech to Bob: Aino and Bob confirm, Zed (the old tech contact) is told. */
async function asked(then: (deps: MemoryDeps, id: string) => Promise<unknown> | void = () => {}) {
  const deps = world();
  const { id } = await ask(deps);
  await then(deps, id);
  return { deps, id };
}

const MOMENTS = {
  'just asked': () => asked(),
  'Bob accepted': () => asked((deps, id) => accept(deps, id, BB)),
  'window passed': () => asked((deps) => deps.advance(14 * DAY + 1)),
  // A new admin, not a party to the request, may withdraw it.
  'Zed became admin': () =>
    asked((deps) => {
      const service = deps.store.services.get(SERVICE)!;
      deps.store.services.set(SERVICE, { ...service, contacts: { ...service.contacts, admin: ZZ } });
    }),
  cancelled: () => asked((deps, id) => cancelChange(deps, AA, id)),
};
type Moment = keyof typeof MOMENTS;

/** Tries the call behind `action` as `caller`, with the caller's own code where they have one. */
async function tryAction(moment: Moment, caller: string, action: Action): Promise<boolean> {
  const { deps, id } = await MOMENTS[moment]();
  const code = (() => {
    try {
      return codeOf(deps, id, caller);
    } catch {
      return codeOf(deps, id, BB); // not a confirmer: any real code of the request
    }
  })();
  const call = {
    accept: () => accept(deps, id, caller, code),
    refuse: () => refuse(deps, id, caller, code),
    cancel: () => cancelChange(deps, caller, id),
    resend: () => resendCodes(deps, caller, id, false),
  }[action];
  return (await outcome(call())) === 'ok';
}

const EXPECTED: Record<Moment, Record<string, Action[]>> = {
  'just asked': {
    [AA]: ['accept', 'refuse', 'cancel', 'resend'],
    [BB]: ['accept', 'refuse', 'resend'],
    [ZZ]: [],
  },
  'Bob accepted': { [AA]: ['accept', 'refuse', 'cancel', 'resend'], [BB]: ['resend'], [ZZ]: [] },
  'window passed': { [AA]: ['cancel'], [BB]: [], [ZZ]: [] },
  'Zed became admin': {
    [AA]: ['accept', 'refuse', 'cancel', 'resend'],
    [BB]: ['accept', 'refuse', 'resend'],
    [ZZ]: ['cancel'],
  },
  cancelled: { [AA]: [], [BB]: [], [ZZ]: [] },
};

describe('actions: what the API offers is what the use cases accept', () => {
  for (const [moment, byCaller] of Object.entries(EXPECTED) as [Moment, Record<string, Action[]>][]) {
    for (const [caller, expected] of Object.entries(byCaller)) {
      it(`${moment}, as ${caller}: ${expected.join(', ') || 'nothing'}`, async () => {
        const { deps, id } = await MOMENTS[moment]();
        const shown = await getChange(deps, caller, id);
        expect(shown.actions).toEqual(expected);
        const listed = (await listMyChanges(deps, caller, { limit: 20 })).items.find((r) => r.id === id);
        expect(listed?.actions).toEqual(expected);
        for (const action of ['accept', 'refuse', 'cancel', 'resend'] as const) {
          expect({ action, succeeds: await tryAction(moment, caller, action) }).toEqual({
            action,
            succeeds: expected.includes(action),
          });
        }
      });
    }
  }
});
