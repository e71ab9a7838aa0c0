// The address change as property endpoints: PUT /me/email starts it (202 with pendingEmail, nothing
// else changes), POST /me/email/confirm finishes it with the code sent to the new address; five wrong
// codes lock it. Each answer tells the world's model what happened to the caller's account.
import fc from 'fast-check';
import type { Api } from '../client';
import { text, wrongCode } from './generators';
import { codeOf, isObject, onlyKeys, readJson, routeOf, sameCode, type Prepared, type Sent } from './harness';
import { bodyOf, bodyPick, callerOf, callerPick, type BodyPick, type CallerPick } from './picks';
import { count, type WorldModel } from './world';

const MAX_WRONG_CODES = 5;

export interface EmailPick {
  caller: CallerPick;
  email:
    { kind: 'new'; word: string } | { kind: 'current'; upper: boolean } | { kind: 'noise'; value: unknown };
  body: BodyPick;
}

export const emailPicks: fc.Arbitrary<EmailPick> = fc.record({
  caller: callerPick,
  email: fc.oneof(
    {
      weight: 6,
      arbitrary: fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/).map((word) => ({ kind: 'new' as const, word })),
    },
    { weight: 1, arbitrary: fc.boolean().map((upper) => ({ kind: 'current' as const, upper })) },
    {
      weight: 1,
      arbitrary: fc
        .oneof(text, fc.jsonValue({ maxDepth: 1 }))
        .map((value) => ({ kind: 'noise' as const, value })),
    },
  ),
  body: bodyPick,
});

/** An address the contract surely accepts (ASCII words, a dot-separated domain), or surely refuses (no @). */
const SURELY_AN_ADDRESS =
  /^[a-z0-9]+([._+-][a-z0-9]+)*@[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)*\.[a-z]{2,}$/i;

/** PUT /me/email: a valid new address starts a change (202 with pendingEmail); nothing else changes. */
export function startEmailChange(model: WorldModel, http: Api) {
  return (pick: EmailPick): Prepared => {
    const caller = callerOf(model, http, pick.caller);
    const account = caller.nic ? model.accounts.get(caller.nic) : undefined;
    const email =
      pick.email.kind === 'new'
        ? `${pick.email.word}.${model.w.email('yy')}`
        : pick.email.kind === 'current'
          ? pick.email.upper
            ? (account?.email ?? '').toUpperCase()
            : (account?.email ?? '')
          : pick.email.value;
    const sent: Sent = {
      who: caller.who,
      client: caller.client,
      method: 'PUT',
      path: '/me/email',
      ...bodyOf(pick.body, { email }),
    };
    const route = routeOf(sent, /^\/me\/email$/, true, caller.nic !== undefined);
    if ('outcomes' in route) return { sent, verdict: { allowed: route.outcomes } };
    const body = readJson(sent);
    const value =
      body.kind === 'value' && isObject(body.value) && onlyKeys(body.value, ['email'])
        ? body.value.email
        : undefined;
    if (typeof value !== 'string' || !value.includes('@') || value.length > 254)
      return { sent, verdict: { allowed: ['validation_failed'] } };
    const sure = SURELY_AN_ADDRESS.test(value);
    const a = account!;
    const outcome = value.toLowerCase() === a.email.toLowerCase() ? 'no_change' : 'ok';
    return {
      sent,
      verdict: {
        allowed: sure ? [outcome] : ['validation_failed', outcome],
        check: (answer) => {
          const { nic, email, pendingEmail } = answer.body;
          if (nic !== a.nic || email !== a.email || pendingEmail !== value)
            throw new Error(`the account reads ${JSON.stringify(answer.body)}`);
        },
        after: (answer) => {
          if (answer.status !== 202) return;
          a.pending = { email: value, attempts: 0 };
          count(model, `email-change#${a.nic}`);
        },
      },
    };
  };
}

export interface EmailCodePick {
  caller: CallerPick;
  code: 'own' | 'other' | { wrong: string };
  body: BodyPick;
}

export const emailCodePicks: fc.Arbitrary<EmailCodePick> = fc.record({
  caller: callerPick,
  code: fc.oneof(
    { weight: 2, arbitrary: fc.constant('own' as const) },
    { weight: 1, arbitrary: fc.constant('other' as const) },
    { weight: 2, arbitrary: wrongCode.map((wrong) => ({ wrong })) },
  ),
  body: bodyPick,
});

/** POST /me/email/confirm: the code sent to the new address changes it, once; five wrong ones lock it. */
export function confirmEmailChange(model: WorldModel, http: Api) {
  const waiting = () => [...model.accounts.values()].filter((a) => a.pending?.code);
  return (pick: EmailCodePick): Prepared => {
    // `near`: the accounts whose address change the world started; `account`: the usual six, with none.
    const started = [...model.accounts.values()].filter((a) => a.pending || a.email.startsWith('new.'));
    const caller = callerOf(
      model,
      http,
      pick.caller,
      started.map((a) => a.nic),
    );
    const account = caller.nic ? model.accounts.get(caller.nic) : undefined;
    const others = waiting().filter((a) => a.nic !== caller.nic);
    const token =
      typeof pick.code === 'object'
        ? pick.code.wrong
        : pick.code === 'own'
          ? (account?.pending?.code ?? others[0]?.pending?.code ?? 'NO-SUCH-CODE')
          : (others[0]?.pending?.code ?? 'NO-SUCH-CODE');
    const sent: Sent = {
      who: caller.who,
      client: caller.client,
      method: 'POST',
      path: '/me/email/confirm',
      ...bodyOf(pick.body, { token }),
    };
    const route = routeOf(sent, /^\/me\/email\/confirm$/, true, caller.nic !== undefined);
    if ('outcomes' in route) return { sent, verdict: { allowed: route.outcomes } };
    const body = readJson(sent);
    const given =
      body.kind === 'value' && isObject(body.value) && onlyKeys(body.value, ['token'])
        ? codeOf(body.value.token)
        : undefined;
    if (given === undefined) return { sent, verdict: { allowed: ['validation_failed'] } };
    const a = account!;
    const pending = a.pending;
    if (!pending) return { sent, verdict: { allowed: ['nothing_pending'] } };
    if (pending.attempts >= MAX_WRONG_CODES) return { sent, verdict: { allowed: ['too_many_attempts'] } };
    if (sameCode(given, pending.code)) {
      return {
        sent,
        verdict: {
          allowed: ['ok'],
          check: (answer) => {
            if (answer.body.email !== pending.email || answer.body.pendingEmail !== null)
              throw new Error(`the account reads ${JSON.stringify(answer.body)}`);
          },
          after: () => {
            a.email = pending.email;
            a.pending = undefined;
          },
        },
      };
    }
    return { sent, verdict: { allowed: ['invalid_token'], after: () => void pending.attempts++ } };
  };
}
