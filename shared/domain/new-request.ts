// A new request as it is first stored: one plan (plan.ts) of one service, with its confirmers' codes
// already issued, so that the codes go out in one email per person (one ask, or one batch) and the
// workflow's ask finds each code sent. Single requests and batches build their requests here alike.
import { hashCode, newCode } from './codes';
import type { ContactChangeRecord, Handle, Service } from './model';
import type { PlannedRequest } from './plan';

/** A code just made for one person: the plain code goes in their email, the rest is stored. */
export interface IssuedPersonCode {
  nic: Handle;
  code: string;
  codeHash: string;
  keyId: string;
}

/**
 * A fresh code for each of `nics`, every key id distinct from the others' (codes.ts: a key id names
 * one confirmer), so that the same codes may serve every request of a batch at once.
 */
export function issueCodes(nics: readonly Handle[]): Map<Handle, IssuedPersonCode> {
  const issued = new Map<Handle, IssuedPersonCode>();
  for (const nic of new Set(nics)) {
    const { code, keyId } = newCode([...issued.values()].map((c) => c.keyId));
    issued.set(nic, { nic, code, codeHash: hashCode(code), keyId });
  }
  return issued;
}

export interface NewRequestInput {
  id: string;
  service: Pick<Service, 'serviceId' | 'name'>;
  asker: Handle;
  plan: PlannedRequest;
  /** At least every confirmer of the plan's code. */
  codes: ReadonlyMap<Handle, Pick<IssuedPersonCode, 'codeHash' | 'keyId'>>;
  createdAt: string;
  expiresAt: string;
  batchId?: string;
}

export function newRequest({
  id,
  service,
  asker,
  plan,
  codes,
  createdAt,
  expiresAt,
  batchId,
}: NewRequestInput): ContactChangeRecord {
  return {
    id,
    serviceId: service.serviceId,
    serviceName: service.name,
    roles: plan.roles,
    from: plan.from,
    to: plan.to,
    askedBy: asker,
    state: 'awaiting_confirmation',
    confirmers: plan.confirmers.map((nic) => {
      const code = codes.get(nic);
      if (!code) throw new Error(`No code was issued to the confirmer ${nic}`);
      return {
        nic,
        status: 'pending',
        attempts: 0,
        codeHash: code.codeHash,
        keyId: code.keyId,
        codeIssuedAt: createdAt,
        // Sent with the request; a failed email takes this back (codeUnsent), so that the workflow's
        // ask sends a working code instead.
        codeSentAt: createdAt,
      };
    }),
    notified: plan.notified,
    createdAt,
    expiresAt,
    completedAt: null,
    reason: null,
    why: null,
    ...(batchId !== undefined && { batchId }),
  };
}
