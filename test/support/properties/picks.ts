// Abstract picks, turned into concrete requests only when a case runs, against the world as it
// stands then: "a party of the request", "the caller's own code", "a real request id". Most picks
// name what is real, so that most cases get past validation and the token check to the rules.
import fc from 'fast-check';
import type { Api, Client } from '../client';
import { bodyNoise, contentType, segmentNoise, text } from './generators';
import type { Sent } from './harness';
import { ACCOUNT_NAMES, partiesOf, type ModelRequest, type WorldModel } from './world';

export type CallerPick =
  | { kind: 'near'; index: number }
  | { kind: 'account'; index: number }
  | { kind: 'bad'; authorization: string }
  | { kind: 'none' };

/** Mostly someone the case concerns, then anyone of the world, then a bad token or none. */
export const callerPick: fc.Arbitrary<CallerPick> = fc.oneof(
  { weight: 6, arbitrary: fc.nat().map((index) => ({ kind: 'near' as const, index })) },
  { weight: 3, arbitrary: fc.nat().map((index) => ({ kind: 'account' as const, index })) },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.constant({ kind: 'none' as const }),
      fc
        .oneof(
          text,
          fc.constantFrom(
            'Bearer x.y.z',
            'Bearer ',
            'Basic YWE6YmI=',
            'Bearer eyJhbGciOiJIUzI1NiJ9.eyJuaWMiOiJhYTEyMzQ1Ni1vdmgifQ.c2ln',
          ),
        )
        .filter((value) => /^[\x21-\x7e][\x20-\x7e]*$/.test(value))
        .map((authorization) => ({ kind: 'bad' as const, authorization })),
    ),
  },
);

export interface Caller {
  who: string;
  /** The caller's handle when the token is good. */
  nic?: string;
  client: Client;
}

/** The caller a pick names; `near` picks among `near` (the request's parties and its service's admin). */
export function callerOf(model: WorldModel, http: Api, pick: CallerPick, near: string[] = []): Caller {
  const everyone = [...model.clients.keys()].filter((nic) =>
    ACCOUNT_NAMES.some((n) => model.w.nic(n) === nic),
  );
  const choose = (list: string[], index: number) => list[index % list.length]!;
  switch (pick.kind) {
    case 'near':
    case 'account': {
      const list = pick.kind === 'near' && near.length > 0 ? near : everyone;
      const nic = choose(list, pick.index);
      return { who: nic, nic, client: model.clients.get(nic)! };
    }
    case 'bad':
      return {
        who: `bad token ${JSON.stringify(pick.authorization)}`,
        client: http.withAuthorization(pick.authorization),
      };
    case 'none':
      return { who: 'no token', client: http };
  }
}

/** The request's parties and its service's current admin: the callers whose answers differ. */
export const nearOf = (model: WorldModel, r: ModelRequest | undefined) =>
  r ? [...new Set([...partiesOf(r), model.services.get(r.serviceId)!.admin])] : [];

export type TargetPick = { kind: 'real'; index: number } | { kind: 'noise'; segment: string };

/** A request (or service) of the world, mostly; else a segment that names none. */
export const targetPick: fc.Arbitrary<TargetPick> = fc.oneof(
  { weight: 8, arbitrary: fc.nat().map((index) => ({ kind: 'real' as const, index })) },
  { weight: 2, arbitrary: segmentNoise.map((segment) => ({ kind: 'noise' as const, segment })) },
);

export const pickOf = <T>(list: T[], index: number): T => list[index % list.length]!;

/** A JSON body: the well-formed one mostly (in one of JSON's labels), else noise in any label. */
export type BodyPick =
  { kind: 'good'; label: string } | { kind: 'noise'; body: string | undefined; label: string };

export const bodyPick: fc.Arbitrary<BodyPick> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .constantFrom(
        'application/json',
        'application/json',
        'application/json; charset=utf-8',
        'application/problem+json',
      )
      .map((label) => ({ kind: 'good' as const, label })),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('noise' as const), body: bodyNoise, label: contentType }),
  },
);

/** The body and its label: `good` as JSON, else the noise. */
export function bodyOf(pick: BodyPick, good: unknown): Pick<Sent, 'body' | 'headers'> {
  return pick.kind === 'good'
    ? { body: JSON.stringify(good), headers: { 'content-type': pick.label } }
    : { body: pick.body, headers: { 'content-type': pick.label } };
}
