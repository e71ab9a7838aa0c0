// A small world for use-case tests over the in-memory ports: Aino (aa) is admin and billing of
// example.fi, Zed (zz) its tech; Bob (bb) is a customer to hand roles to.
import { expect } from 'vitest';
import { answerChange } from '../../shared/usecases/answer';
import { askConfirmer } from '../../shared/usecases/ask-confirmer';
import { requestContactChange } from '../../shared/usecases/create-change';
import type { ContactChangeRecord, Contacts, Language, Role } from '../../shared/domain/model';
import { isDomainError } from '../../shared/domain/errors';
import { accountFor } from '../support/accounts';
import { memoryDeps, memoryStore, type Fault, type MemoryDeps } from '../support/memory';

export const AA = 'aa1-ovh';
export const BB = 'bb2-ovh';
export const ZZ = 'zz3-ovh';
export const SERVICE = 'example.fi';
/** Who the contacts of example.fi are, and of the services a batch test asks on (servicesForABatch). */
export const AINO_ADMIN_ZED_TECH: Contacts = { admin: AA, tech: ZZ, billing: AA };

export function world(language: Language = 'en'): MemoryDeps {
  const account = (nic: string, name: string) => accountFor(nic, { name, language });
  return memoryDeps(
    memoryStore({
      accounts: [account(AA, 'Aino Aalto'), account(BB, 'Bob Brown'), account(ZZ, 'Zed Zorn')],
      services: [{ serviceId: SERVICE, name: SERVICE, type: 'domain', contacts: { ...AINO_ADMIN_ZED_TECH } }],
    }),
  );
}

/** Aino asks for `changes`; every confirmer is asked (the workflow's ask task) and their codes kept. */
export async function ask(deps: MemoryDeps, changes: Partial<Record<Role, string>> = { tech: BB }) {
  const { requests } = await requestContactChange(deps, AA, SERVICE, changes);
  for (const request of requests) {
    for (const c of request.confirmations) await askConfirmer(deps, request.id, c.nic);
  }
  const id = requests[0]!.id;
  return { id, ids: requests.map((r) => r.id), code: (nic: string, of = id) => codeOf(deps, of, nic) };
}

/** The code in the newest code email to `nic` for request `id`. */
export function codeOf(deps: MemoryDeps, id: string, nic: string): string {
  const code = deps.mailer
    .to(nic)
    .flatMap((m) => m.asks ?? [])
    .findLast((ask) => ask.request.id === id)?.code;
  if (!code) throw new Error(`No code email to ${nic} for ${id}`);
  return code;
}

export const accept = (deps: MemoryDeps, id: string, nic: string, token = codeOf(deps, id, nic)) =>
  answerChange(deps, { id, code: token, decision: 'accept', caller: nic });

export const refuse = (deps: MemoryDeps, id: string, nic: string, token = codeOf(deps, id, nic)) =>
  answerChange(deps, { id, code: token, decision: 'refuse', caller: nic });

/** The API code of a rejected call, or "ok". */
export const outcome = (call: Promise<unknown>): Promise<string> =>
  call.then(
    () => 'ok',
    (error: unknown) => {
      if (isDomainError(error)) return error.code;
      throw error;
    },
  );

/** The refusal a rejected call threw (a call that answers fails the test). */
export const refusalOf = (call: Promise<unknown>): Promise<unknown> =>
  call.then(
    (value) => {
      throw new Error(`expected a refusal, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );

/**
 * A refusal's words (`detail`, and each field's message): what the form or page shows. No test reads
 * which words; every refusal must have some (API.md: problem details).
 */
export const WORDS = expect.stringMatching(/\S/);

export const stateOf = (deps: MemoryDeps, id: string): ContactChangeRecord['state'] | undefined =>
  deps.store.requests.get(id)?.state;

/** Emails of `kind` to `nic`. */
export const emails = (deps: MemoryDeps, nic: string, kind: string) =>
  deps.mailer.to(nic).filter((m) => m.kind === kind);

/**
 * Runs `meanwhile` once, just before the `nth` store call named `call` goes ahead: the interleaving
 * a race test wants, made certain.
 */
export function before(deps: MemoryDeps, call: string, meanwhile: () => Promise<unknown>, nth = 1): void {
  let seen = 0;
  const fault: Fault = async (name) => {
    if (name !== call || ++seen !== nth) return;
    deps.store.faults.splice(deps.store.faults.indexOf(fault), 1);
    await meanwhile();
  };
  deps.store.faults.push(fault);
}
