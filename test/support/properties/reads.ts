// The routes that only read, as property endpoints. A 2xx must show the caller only what is theirs:
// every listed service is one they hold a role on, every listed request one they are part of, in the
// state the model knows, filtered as asked — a forged cursor that leaked someone else's row fails here.
import fc from 'fast-check';
import type { Answer, Api } from '../client';
import {
  listQueryMostlyPlain,
  queryString,
  ROLES,
  STATES,
  type ListQuery,
  type PagedList,
} from './generators';
import { isServiceId, isUuid, limitOk, page, routeOf, sameCode, type Prepared, type Sent } from './harness';
import { callerOf, callerPick, pickOf, targetPick, type CallerPick, type TargetPick } from './picks';
import { partiesOf, rolesOf, editableBy, type ModelState, type WorldModel } from './world';
import type { CodePick } from './answers';

/** The states a request of the model shows over the API (an accepted one has been applied by now). */
const SHOWN: Record<ModelState, string> = {
  awaiting_confirmation: 'awaiting_confirmation',
  accepted: 'done',
  refused: 'refused',
  cancelled: 'cancelled',
};

/** A list's query as API.md reads it: sure to be refused, sure to be taken, or a cursor only the server can judge. */
function queryVerdict(q: ListQuery, filters: ('role' | 'state')[]): 'invalid' | 'valid' | 'cursor' {
  if (q.limit !== undefined && !limitOk(q.limit)) return 'invalid';
  if (filters.includes('role') && q.role !== undefined && !(ROLES as readonly string[]).includes(q.role))
    return 'invalid';
  if (filters.includes('state') && q.state !== undefined && !STATES.includes(q.state)) return 'invalid';
  if (q.cursor !== undefined) return q.cursor.length === 0 || q.cursor.length > 2048 ? 'invalid' : 'cursor';
  return 'valid';
}

/** A page of `expected` (by id): only those, and as many as fit when it is the first page. */
function checkPage(answer: Answer, q: ListQuery, expected: string[], idOf: (item: never) => string) {
  const ids: string[] = answer.body.items.map(idOf);
  const strangers = ids.filter((id) => !expected.includes(id));
  if (strangers.length > 0) throw new Error(`listed what is not the caller's: ${strangers.join(', ')}`);
  const limit = q.limit === undefined ? 50 : Number(q.limit);
  if (q.cursor === undefined && ids.length !== Math.min(limit, expected.length))
    throw new Error(`a first page of ${ids.length}, expected ${Math.min(limit, expected.length)}`);
}

export interface ListPick {
  caller: CallerPick;
  query: ListQuery;
}

export const listPicks = (list: PagedList): fc.Arbitrary<ListPick> =>
  fc.record({ caller: callerPick, query: listQueryMostlyPlain(list) });

function listRoute(model: WorldModel, http: Api, path: string, pick: ListPick) {
  const caller = callerOf(model, http, pick.caller);
  const sent: Sent = {
    who: caller.who,
    client: caller.client,
    method: 'GET',
    path: `${path}${queryString(pick.query)}`,
  };
  return { caller, sent };
}

const outcomesOf = (verdict: 'invalid' | 'valid' | 'cursor') =>
  verdict === 'invalid' ? ['validation_failed'] : verdict === 'cursor' ? ['ok', 'validation_failed'] : ['ok'];

/** GET /me/services: services the caller holds a role on, `?role=` filtered. */
export function myServices(model: WorldModel, http: Api) {
  return (pick: ListPick): Prepared => {
    const { caller, sent } = listRoute(model, http, '/me/services', pick);
    const route = routeOf(sent, /^\/me\/services$/, true, caller.nic !== undefined);
    if ('outcomes' in route) return { sent, verdict: { allowed: route.outcomes } };
    const nic = caller.nic!;
    const role = pick.query.role as (typeof ROLES)[number] | undefined;
    const mine = [...model.services].filter(
      ([, c]) => rolesOf(c, nic).length > 0 && (!role || rolesOf(c, nic).includes(role)),
    );
    return {
      sent,
      verdict: {
        allowed: outcomesOf(queryVerdict(pick.query, ['role'])),
        check: (answer) => {
          checkPage(
            answer,
            pick.query,
            mine.map(([id]) => id),
            (s: { serviceId: string }) => s.serviceId,
          );
          for (const s of answer.body.items) {
            const contacts = model.services.get(s.serviceId)!;
            if (
              JSON.stringify(s.myRoles) !== JSON.stringify(rolesOf(contacts, nic)) ||
              JSON.stringify(s.editableRoles) !== JSON.stringify(editableBy(contacts, nic))
            )
              throw new Error(`${s.serviceId} shows roles ${s.myRoles} / ${s.editableRoles}`);
          }
        },
      },
    };
  };
}

/** GET /me/contact-changes: requests the caller asked, confirms or is told of, `?state=` filtered. */
export function myChanges(model: WorldModel, http: Api) {
  return (pick: ListPick): Prepared => {
    const { caller, sent } = listRoute(model, http, '/me/contact-changes', pick);
    const route = routeOf(sent, /^\/me\/contact-changes$/, true, caller.nic !== undefined);
    if ('outcomes' in route) return { sent, verdict: { allowed: route.outcomes } };
    const nic = caller.nic!;
    const state = pick.query.state;
    const mine = [...model.requests.values()].filter(
      (r) => partiesOf(r).includes(nic) && (!state || SHOWN[r.state] === state),
    );
    return {
      sent,
      verdict: {
        allowed: outcomesOf(queryVerdict(pick.query, ['state'])),
        check: (answer) => {
          checkPage(
            answer,
            pick.query,
            mine.map((r) => r.id),
            (r: { id: string }) => r.id,
          );
          for (const r of answer.body.items)
            if (r.state !== SHOWN[model.requests.get(r.id)!.state])
              throw new Error(`${r.id} shows ${r.state}`);
        },
      },
    };
  };
}

export interface ServicePick {
  caller: CallerPick;
  target: TargetPick;
  query: ListQuery;
}

export const servicePicks = (list: PagedList): fc.Arbitrary<ServicePick> =>
  fc.record({ caller: callerPick, target: targetPick, query: listQueryMostlyPlain(list) });

/** GET /services/{serviceId} and its /history: only for a holder of a role on it (404 otherwise). */
export function service(model: WorldModel, http: Api, history: boolean) {
  return (pick: ServicePick): Prepared => {
    const services = [...model.services.keys()];
    const segment = pick.target.kind === 'real' ? pickOf(services, pick.target.index) : pick.target.segment;
    const contacts = model.services.get(segment);
    const caller = callerOf(model, http, pick.caller, contacts ? Object.values(contacts) : []);
    const sent: Sent = {
      who: caller.who,
      client: caller.client,
      method: 'GET',
      path: `/services/${encodeURIComponent(segment)}${history ? `/history${queryString(pick.query)}` : ''}`,
    };
    const template = history ? /^\/services\/([^/]+)\/history$/ : /^\/services\/([^/]+)$/;
    const route = routeOf(sent, template, true, caller.nic !== undefined);
    if ('outcomes' in route) return { sent, verdict: { allowed: route.outcomes } };
    const serviceId = route.segments[0]!;
    const query = history ? queryVerdict(pick.query, []) : 'valid';
    if (!isServiceId(serviceId) || query === 'invalid')
      return { sent, verdict: { allowed: ['validation_failed'] } };
    const nic = caller.nic!;
    const held = model.services.get(serviceId);
    if (!held || rolesOf(held, nic).length === 0)
      return {
        sent,
        verdict: { allowed: query === 'cursor' ? ['not_found', 'validation_failed'] : ['not_found'] },
      };
    const ended = [...model.requests.values()].filter(
      (r) => r.serviceId === serviceId && r.state !== 'awaiting_confirmation',
    );
    return {
      sent,
      verdict: {
        allowed: outcomesOf(query),
        check: (answer) => {
          if (history) {
            checkPage(
              answer,
              pick.query,
              ended.map((r) => r.id),
              (r: { id: string }) => r.id,
            );
            return;
          }
          const { contacts, myRoles } = answer.body;
          if (
            JSON.stringify(contacts) !==
              JSON.stringify({ admin: held.admin, tech: held.tech, billing: held.billing }) ||
            JSON.stringify(myRoles) !== JSON.stringify(rolesOf(held, nic))
          )
            throw new Error(`the service reads ${JSON.stringify(answer.body)}`);
        },
      },
    };
  };
}

/** GET /me: the caller's own account. */
export function me(model: WorldModel, http: Api) {
  return (pick: ListPick): Prepared => {
    const { caller, sent } = listRoute(model, http, '/me', pick);
    const route = routeOf(sent, /^\/me$/, true, caller.nic !== undefined);
    if ('outcomes' in route) return { sent, verdict: { allowed: route.outcomes } };
    const account = model.accounts.get(caller.nic!)!;
    return {
      sent,
      verdict: {
        allowed: ['ok'],
        check: (answer) => {
          if (answer.body.nic !== account.nic || answer.body.email !== account.email)
            throw new Error(`/me reads ${JSON.stringify(answer.body)}`);
        },
      },
    };
  };
}

export interface RequestReadPick {
  caller: CallerPick;
  target: TargetPick;
}

export const requestReadPicks: fc.Arbitrary<RequestReadPick> = fc.record({
  caller: callerPick,
  target: targetPick,
});

const targetOf = (model: WorldModel, pick: TargetPick) => {
  if (pick.kind === 'noise') return { segment: pick.segment };
  const r = pickOf([...model.requests.values()], pick.index);
  return { segment: r.id, r };
};

/** GET /contact-changes/{id}: for its parties and its service's current admin; 404 for anyone else. */
export function oneChange(model: WorldModel, http: Api) {
  return (pick: RequestReadPick): Prepared => {
    const { segment, r } = targetOf(model, pick.target);
    const near = r ? [...partiesOf(r), model.services.get(r.serviceId)!.admin] : [];
    const caller = callerOf(model, http, pick.caller, near);
    const sent: Sent = {
      who: caller.who,
      client: caller.client,
      method: 'GET',
      path: `/contact-changes/${encodeURIComponent(segment)}`,
    };
    const route = routeOf(sent, /^\/contact-changes\/([^/]+)$/, true, caller.nic !== undefined);
    if ('outcomes' in route) return { sent, verdict: { allowed: route.outcomes } };
    const id = route.segments[0]!;
    if (!isUuid(id)) return { sent, verdict: { allowed: ['validation_failed'] } };
    const request = model.requests.get(id);
    const nic = caller.nic!;
    if (
      !request ||
      !(partiesOf(request).includes(nic) || model.services.get(request.serviceId)!.admin === nic)
    )
      return { sent, verdict: { allowed: ['not_found'] } };
    return {
      sent,
      verdict: {
        allowed: ['ok'],
        check: (answer) => {
          if (answer.body.id !== id || answer.body.state !== SHOWN[request.state])
            throw new Error(`the request reads ${JSON.stringify(answer.body)}`);
        },
      },
    };
  };
}

export interface LinkPick {
  target: TargetPick;
  confirmer: number;
  code: CodePick;
  withToken: boolean;
  query: ListQuery;
}

export const linkPicks = (codePick: fc.Arbitrary<CodePick>): fc.Arbitrary<LinkPick> =>
  fc.record({
    target: targetPick,
    confirmer: fc.nat(),
    code: codePick,
    withToken: fc.oneof(
      { weight: 9, arbitrary: fc.constant(true) },
      { weight: 1, arbitrary: fc.constant(false) },
    ),
    query: listQueryMostlyPlain({ keys: [['pk', 'sk']], partitions: () => ['x'] }).map(
      ({ token: _, ...rest }) => rest,
    ),
  });

/**
 * GET /confirm/{id}?token=: the page never changes anything. Without a code it asks for one (200). A
 * code its owner holds, answered with, or held when the request ended shows the request and where it
 * stands (200, API.md); any other code is the wrong-code page (422), before and after the end.
 */
export function confirmLink(model: WorldModel, http: Api) {
  return (pick: LinkPick): Prepared => {
    const { segment, r } = targetOf(model, pick.target);
    const c = r ? pickOf(r.confirmers, pick.confirmer) : undefined;
    const token =
      typeof pick.code === 'object'
        ? pick.code.wrong
        : pick.code === 'own'
          ? c?.live
          : pick.code === 'other'
            ? r?.confirmers.find((x) => x !== c && x.live)?.live
            : pick.code === 'spent'
              ? (c?.spent ?? r?.confirmers.find((x) => x.spent)?.spent)
              : r?.confirmers.flatMap((x) => x.dead)[0];
    const query = { ...pick.query, ...(pick.withToken && token !== undefined && { token }) };
    const sent: Sent = {
      who: 'anonymous',
      client: http,
      method: 'GET',
      path: `/confirm/${encodeURIComponent(segment)}${queryString(query)}`,
    };
    const route = routeOf(sent, /^\/confirm\/([^/]+)$/, false, false);
    if ('outcomes' in route) return { sent, verdict: { allowed: route.outcomes } };
    const id = route.segments[0]!;
    const given = 'token' in query ? query.token! : '';
    if (!isUuid(id)) return { sent, verdict: { allowed: [page('validation_failed')] } };
    const request = model.requests.get(id);
    if (!request) return { sent, verdict: { allowed: [page('not_found')] } };
    const owner = request.confirmers.find(
      (x) => sameCode(given, x.live) || sameCode(given, x.spent) || sameCode(given, x.endedWith),
    );
    if (given === '' || owner) return { sent, verdict: { allowed: ['ok'] } };
    return { sent, verdict: { allowed: [page('invalid_token')] } };
  };
}

export const PAGED = {
  services: (nics: () => string[]): PagedList => ({
    keys: [['pk', 'sk'], ...['adminOf', 'techOf', 'billingOf'].map((index) => ['pk', 'sk', index])],
    partitions: () => nics().map((n) => `ACCOUNT#${n}`),
  }),
  changes: (nics: () => string[]): PagedList => ({
    keys: [
      ['pk', 'sk'],
      ['pk', 'sk', 'partyState'],
    ],
    partitions: () => [
      ...nics().map((n) => `ACCOUNT#${n}`),
      ...nics().flatMap((n) => STATES.map((s) => `ACCOUNT#${n}#${s}`)),
    ],
  }),
  history: (serviceIds: () => string[]): PagedList => ({
    keys: [['pk', 'sk']],
    partitions: () => serviceIds().map((id) => `SERVICE#${id}`),
  }),
};
