// Asking for a contact change as a property endpoint (POST /services/{id}/contact-changes, with
// Idempotency-Key). An ask may break several rules at once; API.md does not say which one it names,
// so any of those it breaks is allowed — and a body that breaks none must be 202.
import fc from 'fast-check';
import * as z from '../../../shared/zod';
import type { Answer, Api } from '../client';
import { handleNoise, huge, text } from './generators';
import {
  handleOf,
  isObject,
  isServiceId,
  onlyKeys,
  readJson,
  routeOf,
  type Prepared,
  type Sent,
} from './harness';
import {
  bodyOf,
  bodyPick,
  callerOf,
  callerPick,
  pickOf,
  targetPick,
  type BodyPick,
  type CallerPick,
  type TargetPick,
} from './picks';
import {
  ACCOUNT_NAMES,
  count,
  editableBy,
  end,
  PROPERTY_LIMITS,
  rolesOf,
  ROLE_LIST,
  type ModelRequest,
  type Role,
  type WorldModel,
} from './world';

/** A handle in a body: a world account's in any case (spaces around), one nobody has, or noise. */
export type HandlePick =
  | { kind: 'account'; index: number; upper: boolean; spaced: boolean }
  | { kind: 'unknown' }
  | { kind: 'noise'; value: string };

const handlePick: fc.Arbitrary<HandlePick> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      kind: fc.constant('account' as const),
      index: fc.nat(),
      upper: fc.boolean(),
      spaced: fc.boolean(),
    }),
  },
  // `nn`, the account without a payment method, once more often: no_payment_method is the last rule
  // checked, so any other rule the ask breaks hides it, and every run must still reach it.
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('account' as const),
      index: fc.constant(ACCOUNT_NAMES.indexOf('nn')),
      upper: fc.boolean(),
      spaced: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'unknown' as const }) },
  { weight: 1, arbitrary: handleNoise.map((value) => ({ kind: 'noise' as const, value })) },
);

export interface CreatePick {
  caller: CallerPick;
  target: TargetPick;
  roles: Partial<Record<Role, HandlePick>>;
  body: BodyPick;
  key:
    | { kind: 'none' }
    | { kind: 'reused'; index: number }
    | { kind: 'fresh'; value: string }
    | { kind: 'again' };
}

export const createPicks: fc.Arbitrary<CreatePick> = fc.record({
  caller: callerPick,
  target: targetPick,
  roles: fc
    .record({ admin: handlePick, tech: handlePick, billing: handlePick }, { requiredKeys: [] })
    .filter((roles) => Object.keys(roles).length > 0),
  body: bodyPick,
  key: fc.oneof(
    { weight: 12, arbitrary: fc.constant({ kind: 'none' as const }) },
    { weight: 2, arbitrary: fc.nat(4).map((index) => ({ kind: 'reused' as const, index })) },
    // The very request that was answered 202 with its key, sent again: the first answer comes back.
    { weight: 1, arbitrary: fc.constant({ kind: 'again' as const }) },
    {
      weight: 1,
      arbitrary: fc
        .oneof(
          text,
          huge.map((x) => x.slice(0, 300)),
        )
        .filter((k) => /^[\x21-\x7e]+$/.test(k))
        .map((value) => ({ kind: 'fresh' as const, value })),
    },
  ),
});

/** At most this many requests stay open in the world: older ones are cancelled, so roles come free again. */
const KEEP_OPEN = 3;

export function createChange(model: WorldModel, http: Api) {
  const answeredWithKey: Sent[] = [];
  const handleFor = (pick: HandlePick) => {
    if (pick.kind === 'noise') return pick.value;
    if (pick.kind === 'unknown') return model.w.nic('qq');
    const nic = pickOf([...model.accounts.keys()], pick.index);
    const cased = pick.upper ? nic.toUpperCase() : nic;
    return pick.spaced ? ` ${cased} ` : cased;
  };
  return async (pick: CreatePick): Promise<Prepared> => {
    if (pick.key.kind === 'again' && answeredWithKey.length > 0) {
      const sent = answeredWithKey[pick.caller.kind === 'none' ? 0 : answeredWithKey.length - 1]!;
      const held = model.keys.get(`${sent.who}#${sent.headers!['idempotency-key']}`)!;
      const replay = (answer: Answer) => {
        if (JSON.stringify(answer.body) !== JSON.stringify(held.body))
          throw new Error('a replay that differs from the first answer');
      };
      return { sent, verdict: { allowed: ['ok'], check: replay } };
    }
    const services = [...model.services.keys()];
    const segment = pick.target.kind === 'real' ? pickOf(services, pick.target.index) : pick.target.segment;
    const contacts = model.services.get(segment);
    const near = contacts ? [...new Set(ROLE_LIST.map((r) => contacts[r]))] : [];
    const caller = callerOf(model, http, pick.caller, near);
    const good = Object.fromEntries(Object.entries(pick.roles).map(([role, h]) => [role, handleFor(h)]));
    const key =
      pick.key.kind === 'none'
        ? undefined
        : pick.key.kind === 'reused'
          ? `key-${pick.key.index}`
          : pick.key.kind === 'fresh'
            ? pick.key.value
            : undefined;
    const labelled = bodyOf(pick.body, good);
    const sent: Sent = {
      who: caller.who,
      client: caller.client,
      method: 'POST',
      path: `/services/${encodeURIComponent(segment)}/contact-changes`,
      body: labelled.body,
      headers: { ...labelled.headers, ...(key !== undefined && { 'idempotency-key': key }) },
    };
    const route = routeOf(sent, /^\/services\/([^/]+)\/contact-changes$/, true, caller.nic !== undefined);
    if ('outcomes' in route) return { sent, verdict: { allowed: route.outcomes } };
    const serviceId = route.segments[0]!;
    const nic = caller.nic!;
    const body = readJson(sent);
    const changes = body.kind === 'value' ? changesOf(body.value) : undefined;
    if (!isServiceId(serviceId) || !changes || (key !== undefined && key.length > 255))
      return { sent, verdict: { allowed: ['validation_failed'] } };

    const held = key === undefined ? undefined : model.keys.get(`${nic}#${key}`);
    const fingerprint = JSON.stringify({ params: { serviceId }, body: changes });
    if (held) {
      if (held.fingerprint !== fingerprint) return { sent, verdict: { allowed: ['validation_failed'] } };
      const replay = (answer: Answer) => {
        if (JSON.stringify(answer.body) !== JSON.stringify(held.body))
          throw new Error('a replay that differs from the first answer');
      };
      return { sent, verdict: { allowed: ['ok'], check: replay } };
    }
    const broken = brokenRules(model, nic, serviceId, changes);
    if (broken.length > 0) return { sent, verdict: { allowed: broken } };
    const service = model.services.get(serviceId)!;
    return {
      sent,
      verdict: {
        allowed: ['ok'],
        check: (answer) => checkCreated(answer, nic, service, changes),
        after: async (answer) => {
          if (key !== undefined) {
            model.keys.set(`${nic}#${key}`, { fingerprint, body: answer.body });
            answeredWithKey.push(sent);
          }
          count(model, `requests#${nic}`, answer.body.requests.length);
          for (const r of answer.body.requests as (ModelRequest & { confirmations: { nic: string }[] })[]) {
            model.requests.set(r.id, {
              id: r.id,
              serviceId,
              askedBy: nic,
              roles: r.roles,
              from: r.from,
              to: r.to,
              confirmers: r.confirmations.map((c) => ({
                nic: c.nic,
                status: 'pending',
                attempts: 0,
                dead: [],
              })),
              notified: r.notified,
              state: 'awaiting_confirmation',
            });
          }
          await cancelOldest(model);
        },
      },
    };
  };
}

/** The body as API.md reads it: only admin, tech, billing, each a handle, at least one; else undefined. */
/**
 * A role may name an account by its email address (API.md); the world's accounts are never named so
 * by the generators, so a well-formed address is an unknown account, like an unknown handle.
 */
const addressOf = (v: unknown): string | undefined =>
  z.email().check(z.maxLength(254)).safeParse(v).success ? (v as string) : undefined;

function changesOf(value: unknown): Partial<Record<Role, string>> | undefined {
  if (!isObject(value) || !onlyKeys(value, ROLE_LIST) || Object.keys(value).length === 0) return undefined;
  const changes: Partial<Record<Role, string>> = {};
  for (const role of ROLE_LIST) {
    if (!(role in value)) continue;
    const handle = handleOf(value[role]) ?? addressOf(value[role]);
    if (handle === undefined) return undefined;
    changes[role] = handle;
  }
  return changes;
}

/** Every rule of DESIGN.md the ask breaks (API.md's codes); empty when it must be accepted. */
function brokenRules(
  model: WorldModel,
  nic: string,
  serviceId: string,
  changes: Partial<Record<Role, string>>,
): string[] {
  const contacts = model.services.get(serviceId);
  if (!contacts || rolesOf(contacts, nic).length === 0) return ['not_found'];
  const asked = ROLE_LIST.filter((role) => changes[role] !== undefined);
  const broken = new Set<string>();
  if (asked.some((role) => !editableBy(contacts, nic).includes(role))) broken.add('role_not_allowed');
  if (asked.some((role) => !model.accounts.has(changes[role]!))) broken.add('unknown_account');
  const zone = model.accounts.get(nic)!.zone;
  if (asked.some((role) => (model.accounts.get(changes[role]!)?.zone ?? zone) !== zone))
    broken.add('zone_mismatch');
  if (asked.some((role) => changes[role] === contacts[role])) broken.add('no_change');
  const owes = (who: string | undefined) => (who ? (model.accounts.get(who)?.unpaid ?? 0) > 0 : false);
  if (changes.billing !== undefined && (owes(contacts.billing) || owes(changes.billing)))
    broken.add('unpaid_invoices');
  // Only the new billing contact needs a payment method: the old one is leaving the role.
  if (changes.billing !== undefined && model.accounts.get(changes.billing)?.paymentMethod === false)
    broken.add('no_payment_method');
  const open = [...model.requests.values()].filter(
    (r) => r.serviceId === serviceId && r.state === 'awaiting_confirmation',
  );
  if (open.some((r) => r.roles.some((role) => asked.includes(role)))) broken.add('change_pending');
  // The asker's hourly quota is taken with the requests' write, after every rule of the plan (the
  // clock of the property stack stands still, so every request the answers counted is in the window).
  const requests = new Set(asked.map((role) => `${contacts[role]}→${changes[role]}`)).size;
  const rulesPassed = [...broken].every((code) => code === 'change_pending');
  if (rulesPassed && (model.counted.get(`requests#${nic}`) ?? 0) + requests > PROPERTY_LIMITS.requestsPerHour)
    broken.add('too_many_requests');
  return [...broken];
}

/** A 202 makes exactly the requests DESIGN.md's table says: roles grouped by move, the asker and the new contact confirming. */
function checkCreated(
  answer: Answer,
  asker: string,
  contacts: Record<Role, string>,
  changes: Partial<Record<Role, string>>,
) {
  const requests = answer.body.requests as (ModelRequest & {
    confirmations: { nic: string; status: string }[];
  })[];
  const covered = requests.flatMap((r) => r.roles).sort();
  if (JSON.stringify(covered) !== JSON.stringify(Object.keys(changes).sort()))
    throw new Error(`roles ${covered.join(', ')}`);
  for (const r of requests) {
    const confirmers = asker === r.to ? [asker] : [asker, r.to];
    const wrong =
      r.askedBy !== asker ||
      r.state !== 'awaiting_confirmation' ||
      r.roles.some((role) => changes[role] !== r.to || contacts[role] !== r.from) ||
      JSON.stringify(r.confirmations.map((c) => c.nic)) !== JSON.stringify(confirmers) ||
      r.confirmations.some((c) => c.status !== 'pending');
    if (wrong) throw new Error(`the request ${JSON.stringify(r)} is not the one asked for`);
  }
}

/** Keeps at most KEEP_OPEN requests open: the oldest are cancelled by their askers. */
async function cancelOldest(model: WorldModel) {
  const open = [...model.requests.values()].filter((r) => r.state === 'awaiting_confirmation');
  for (const r of open.slice(0, Math.max(0, open.length - KEEP_OPEN))) {
    const answer = await model.clients.get(r.askedBy)!.post(`/contact-changes/${r.id}/cancel`);
    if (answer.status !== 200)
      throw new Error(`The asker could not cancel ${r.id}: ${JSON.stringify(answer.body)}`);
    end(r, 'cancelled');
  }
}
