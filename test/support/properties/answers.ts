// What parties do to an open request — accept, refuse (over the API and the emailed page's form),
// cancel, resend — as property endpoints: each pick becomes a request against the world's model, with
// the outcomes API.md and DESIGN.md allow for that caller, request and code, and what the model then
// learns. The order of the rules is the contract's: the caller's standing before the request's state,
// the lockout before any check that could tell whose code it was.
import fc from 'fast-check';
import { keyIdOf, normaliseCode } from '../../../shared/domain/codes';
import type { Answer, Api } from '../client';
import { wrongCode } from './generators';
import {
  codeOf,
  isObject,
  isUuid,
  onlyKeys,
  page,
  readForm,
  readJson,
  routeOf,
  sameCode,
  type Prepared,
  type Sent,
} from './harness';
import {
  bodyOf,
  bodyPick,
  callerOf,
  callerPick,
  nearOf,
  pickOf,
  targetPick,
  type BodyPick,
  type CallerPick,
  type TargetPick,
} from './picks';
import {
  count,
  end,
  maysee,
  PROPERTY_LIMITS,
  recordAnswer,
  type ModelConfirmer,
  type ModelRequest,
  type WorldModel,
} from './world';

const MAX_WRONG_CODES = 5;

export type CodePick = 'own' | 'other' | 'spent' | 'dead' | { wrong: string };

/** Mostly the caller's own code, then someone else's, a used or dead one, or a guess. */
export const codePick: fc.Arbitrary<CodePick> = fc.oneof(
  { weight: 2, arbitrary: fc.constant('own' as const) },
  { weight: 2, arbitrary: fc.constantFrom('other' as const, 'spent' as const, 'dead' as const) },
  { weight: 3, arbitrary: wrongCode.map((wrong) => ({ wrong })) },
);

/** On the page also: the owner's live code with its secret mistyped, which keeps its key id. */
export type PageCodePick = CodePick | 'typo';
const pageCodePick: fc.Arbitrary<PageCodePick> = fc.oneof(
  { weight: 7, arbitrary: codePick },
  { weight: 2, arbitrary: fc.constant('typo' as const) },
);

/** A code of the request for `nic`, as the pick says; a guess when the world has none of that kind. */
function codeFor(r: ModelRequest | undefined, nic: string | undefined, pick: PageCodePick): string {
  if (typeof pick === 'object') return pick.wrong;
  if (pick === 'typo') {
    const live = r?.confirmers.find((c) => c.nic === nic)?.live;
    if (live === undefined) return 'NO-SUCH-CODE-0000';
    const symbols = normaliseCode(live);
    return `${symbols.slice(0, 6)}${symbols.slice(6).split('').reverse().join('')}`;
  }
  const confirmers = r?.confirmers ?? [];
  const mine = confirmers.find((c) => c.nic === nic);
  const candidates =
    pick === 'own'
      ? [mine?.live, ...confirmers.map((c) => c.live)]
      : pick === 'other'
        ? confirmers.filter((c) => c.nic !== nic).map((c) => c.live)
        : pick === 'spent'
          ? confirmers.map((c) => c.spent)
          : confirmers.flatMap((c) => c.dead);
  return candidates.find((c): c is string => c !== undefined) ?? 'NO-SUCH-CODE-0000';
}

/** The request a target names, and its path segment. */
function targetOf(model: WorldModel, pick: TargetPick): { segment: string; r?: ModelRequest } {
  if (pick.kind === 'noise') return { segment: pick.segment };
  const r = pickOf([...model.requests.values()], pick.index);
  return { segment: r.id, r };
}

export interface AnswerPick {
  caller: CallerPick;
  target: TargetPick;
  code: CodePick;
  body: BodyPick;
}

export const answerPicks: fc.Arbitrary<AnswerPick> = fc.record({
  caller: callerPick,
  target: targetPick,
  code: codePick,
  body: bodyPick,
});

/** The contact change a 2xx shows is the request the case named, as the model has it after the answer. */
const isTheRequest = (r: ModelRequest) => (answer: Answer) => {
  if (answer.body.id !== r.id) throw new Error(`answered about ${answer.body.id}, asked about ${r.id}`);
};

/** POST /contact-changes/{id}/accept or /refuse with `{"token"}`, signed in. */
export function answerOverApi(model: WorldModel, http: Api, decision: 'accept' | 'refuse') {
  return (pick: AnswerPick): Prepared => {
    const { segment, r } = targetOf(model, pick.target);
    const caller = callerOf(model, http, pick.caller, nearOf(model, r));
    const token = codeFor(r, caller.nic, pick.code);
    const sent: Sent = {
      who: caller.who,
      client: caller.client,
      method: 'POST',
      path: `/contact-changes/${encodeURIComponent(segment)}/${decision}`,
      ...bodyOf(pick.body, { token }),
    };
    const route = routeOf(
      sent,
      new RegExp(`^/contact-changes/([^/]+)/${decision}$`),
      true,
      caller.nic !== undefined,
    );
    if ('outcomes' in route) return { sent, verdict: { allowed: route.outcomes } };
    const id = route.segments[0]!;
    const body = readJson(sent);
    const given =
      body.kind === 'value' && isObject(body.value) && onlyKeys(body.value, ['token'])
        ? codeOf(body.value.token)
        : undefined;
    if (!isUuid(id) || given === undefined) return { sent, verdict: { allowed: ['validation_failed'] } };
    const request = model.requests.get(id);
    const nic = caller.nic!;
    if (!request || !maysee(model, request, nic)) return { sent, verdict: { allowed: ['not_found'] } };
    const mine = request.confirmers.find((c) => c.nic === nic);
    const refuse = (code: string) => ({ sent, verdict: { allowed: [code] } });
    if (!mine) return refuse('not_a_party');
    if (request.state !== 'awaiting_confirmation') return refuse('request_closed');
    if (mine.status !== 'pending') return refuse('already_answered');
    if (mine.attempts >= MAX_WRONG_CODES) return refuse('too_many_attempts');
    if (sameCode(given, mine.live)) {
      return {
        sent,
        verdict: {
          allowed: ['ok'],
          check: isTheRequest(request),
          after: () => recordAnswer(model, request, nic, decision),
        },
      };
    }
    if (request.confirmers.some((c) => sameCode(given, c.live))) return refuse('not_a_party');
    return { sent, verdict: { allowed: ['invalid_token'], after: () => void mine.attempts++ } };
  };
}

export interface FormPick {
  target: TargetPick;
  /** Whose code, by index among the request's confirmers. */
  confirmer: number;
  code: PageCodePick;
  decision: string;
  label: string;
  withToken: boolean;
}

export const formPicks: fc.Arbitrary<FormPick> = fc.record({
  target: targetPick,
  confirmer: fc.nat(),
  code: pageCodePick,
  decision: fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom('accept', 'refuse') },
    { weight: 1, arbitrary: fc.constantFrom('ACCEPT', 'accept ', '', 'yes') },
  ),
  label: fc.oneof(
    { weight: 8, arbitrary: fc.constant('application/x-www-form-urlencoded') },
    { weight: 1, arbitrary: fc.constantFrom('application/json', 'text/plain') },
  ),
  withToken: fc.oneof(
    { weight: 9, arbitrary: fc.constant(true) },
    { weight: 1, arbitrary: fc.constant(false) },
  ),
});

/** POST /confirm/{id}, the emailed page's form: no sign-in, the code is the proof. */
export function answerOverPage(model: WorldModel, http: Api) {
  return (pick: FormPick): Prepared => {
    const { segment, r } = targetOf(model, pick.target);
    const owner = r ? pickOf(r.confirmers, pick.confirmer).nic : undefined;
    const token = codeFor(r, owner, pick.code);
    const fields = { ...(pick.withToken && { token }), decision: pick.decision };
    const sent: Sent = {
      who: 'anonymous',
      client: http,
      method: 'POST',
      path: `/confirm/${encodeURIComponent(segment)}`,
      body: new URLSearchParams(fields).toString(),
      headers: { 'content-type': pick.label },
    };
    const route = routeOf(sent, /^\/confirm\/([^/]+)$/, false, false);
    if ('outcomes' in route) return { sent, verdict: { allowed: route.outcomes } };
    const id = route.segments[0]!;
    const form = readForm(sent);
    const refuse = (code: string) => ({ sent, verdict: { allowed: [page(code)] } });
    if (form.kind !== 'value') return refuse('validation_failed');
    const fieldsRead = form.value as Record<string, string>;
    const decision = fieldsRead.decision;
    if ((decision !== 'accept' && decision !== 'refuse') || !isUuid(id)) return refuse('validation_failed');
    const given = codeOf(fieldsRead.token);
    if (given === undefined) return refuse('invalid_token');
    const request = model.requests.get(id);
    if (!request) return refuse('not_found');
    if (request.state !== 'awaiting_confirmation') {
      // The owner of a code is told where the request stands; a code that was never its own is wrong.
      const owned = request.confirmers.some((c) => sameCode(given, c.spent) || sameCode(given, c.endedWith));
      return refuse(owned ? 'request_closed' : 'invalid_token');
    }
    if (request.confirmers.some((c) => c.status !== 'pending' && sameCode(given, c.spent)))
      return refuse('already_answered');
    const whose = request.confirmers.find((c) => sameCode(given, c.live));
    if (whose) {
      if (whose.attempts >= MAX_WRONG_CODES) return refuse('too_many_attempts');
      return {
        sent,
        verdict: { allowed: ['ok'], after: () => recordAnswer(model, request, whose.nic, decision) },
      };
    }
    // A wrong code counts against the confirmer its key id names (a live code's), and only them.
    const keyId = keyIdOf(given);
    const named = request.confirmers.find(
      (c) =>
        c.status === 'pending' && c.live !== undefined && keyId !== undefined && keyIdOf(c.live) === keyId,
    );
    if (named) {
      if (named.attempts >= MAX_WRONG_CODES) return refuse('too_many_attempts');
      return { sent, verdict: { allowed: [page('invalid_token')], after: () => void named.attempts++ } };
    }
    // A code that names nobody counts against nobody; past the limits on such guesses it is 429.
    return { sent, verdict: { allowed: [page('invalid_token'), page('too_many_requests')] } };
  };
}

export interface ActionPick {
  caller: CallerPick;
  target: TargetPick;
  body: BodyPick;
  onlyMe: boolean | undefined;
}

export const actionPicks: fc.Arbitrary<ActionPick> = fc.record({
  caller: callerPick,
  target: targetPick,
  body: bodyPick,
  onlyMe: fc.constantFrom(true, false, undefined),
});

/** POST /contact-changes/{id}/cancel: the asker, or a current admin of the service. */
export function cancel(model: WorldModel, http: Api) {
  return (pick: ActionPick): Prepared => {
    const { segment, r } = targetOf(model, pick.target);
    const caller = callerOf(model, http, pick.caller, nearOf(model, r));
    const sent: Sent = {
      who: caller.who,
      client: caller.client,
      method: 'POST',
      path: `/contact-changes/${encodeURIComponent(segment)}/cancel`,
      ...bodyOf(pick.body, {}),
    };
    const route = routeOf(sent, /^\/contact-changes\/([^/]+)\/cancel$/, true, caller.nic !== undefined);
    if ('outcomes' in route) return { sent, verdict: { allowed: route.outcomes } };
    const id = route.segments[0]!;
    const refuse = (code: string) => ({ sent, verdict: { allowed: [code] } });
    if (!isUuid(id)) return refuse('validation_failed');
    const request = model.requests.get(id);
    const nic = caller.nic!;
    if (!request || !maysee(model, request, nic)) return refuse('not_found');
    if (request.askedBy !== nic && model.services.get(request.serviceId)!.admin !== nic)
      return refuse('not_the_asker');
    if (request.state !== 'awaiting_confirmation') return refuse('request_closed');
    return {
      sent,
      verdict: {
        allowed: ['ok'],
        check: (answer) => {
          isTheRequest(request)(answer);
          if (answer.body.state !== 'cancelled') throw new Error(`cancel answered ${answer.body.state}`);
        },
        after: () => end(request, 'cancelled'),
      },
    };
  };
}

/** POST /contact-changes/{id}/resend, optionally `{"onlyMe": true}`: the asker or a confirmer. */
export function resend(model: WorldModel, http: Api) {
  return (pick: ActionPick): Prepared => {
    const { segment, r } = targetOf(model, pick.target);
    const caller = callerOf(model, http, pick.caller, nearOf(model, r));
    const good = pick.onlyMe === undefined ? undefined : { onlyMe: pick.onlyMe };
    const sent: Sent = {
      who: caller.who,
      client: caller.client,
      method: 'POST',
      path: `/contact-changes/${encodeURIComponent(segment)}/resend`,
      ...(good === undefined && pick.body.kind === 'good' ? {} : bodyOf(pick.body, good)),
    };
    const route = routeOf(sent, /^\/contact-changes\/([^/]+)\/resend$/, true, caller.nic !== undefined);
    if ('outcomes' in route) return { sent, verdict: { allowed: route.outcomes } };
    const id = route.segments[0]!;
    const refuse = (code: string) => ({ sent, verdict: { allowed: [code] } });
    const body = readJson(sent);
    const onlyMe =
      body.kind === 'absent'
        ? false
        : body.kind === 'value' &&
            isObject(body.value) &&
            onlyKeys(body.value, ['onlyMe']) &&
            (body.value.onlyMe === undefined || typeof body.value.onlyMe === 'boolean')
          ? body.value.onlyMe === true
          : undefined;
    if (!isUuid(id) || onlyMe === undefined) return refuse('validation_failed');
    const request = model.requests.get(id);
    const nic = caller.nic!;
    if (!request || !maysee(model, request, nic)) return refuse('not_found');
    const isConfirmer = request.confirmers.some((c) => c.nic === nic);
    if (!isConfirmer && request.askedBy !== nic) return refuse('not_a_party');
    if (request.state !== 'awaiting_confirmation') return refuse('request_closed');
    if (onlyMe && !isConfirmer) return refuse('not_a_party');
    const pending = request.confirmers.filter((c) => c.status === 'pending');
    if (onlyMe && !pending.some((c) => c.nic === nic)) return refuse('already_answered');
    const targets = onlyMe ? pending.filter((c) => c.nic === nic) : pending;
    // Counted per confirmer before anything is sent: one target at its limit refuses the whole resend.
    const resent = (c: ModelConfirmer) => model.counted.get(`resend#${request.id}#${c.nic}`) ?? 0;
    if (targets.some((c) => resent(c) >= PROPERTY_LIMITS.resendsPerHour)) return refuse('too_many_requests');
    return {
      sent,
      verdict: {
        allowed: ['ok'],
        check: isTheRequest(request),
        after: () => {
          for (const c of targets) {
            if (c.live) c.dead.push(c.live);
            c.live = undefined; // the new one is in the mailbox; this world never answers with it
            c.attempts = 0;
            count(model, `resend#${request.id}#${c.nic}`);
          }
        },
      },
    };
  };
}
