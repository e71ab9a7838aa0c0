// The shapes the whole system talks about. No AWS imports here: this is the vocabulary of the rules.

export const ROLES = ['admin', 'tech', 'billing'] as const;
export type Role = (typeof ROLES)[number];

export const LANGUAGES = ['fi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Geographic zones: contacts change only between accounts of the same zone (DESIGN.md, "Same zone"). */
export const ZONES = ['eu', 'ca', 'us'] as const;
export type Zone = (typeof ZONES)[number];

export const SERVICE_TYPES = ['domain', 'server', 'hosting'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

/** A normalised (lower-case, validated) account handle such as `aa123456-ovh`. */
export type Handle = string;

export interface Account {
  nic: Handle;
  email: string;
  name: string;
  language: Language;
  zone: Zone;
  /** IANA name the account reads times in; absent, it follows the language (time-zone.ts). */
  timeZone?: string;
  /** How many invoices of this account are unpaid; billing changes need 0 on both sides. */
  unpaidInvoices: number;
  /** Whether the account has a valid payment method: a new billing contact needs one (DESIGN.md). */
  paymentMethod: boolean;
  /** An address change that waits for the code sent to the new address. */
  pendingEmail?: PendingEmail;
  /**
   * The stop link's hash of the last change that was confirmed or stopped, so that the link, opened
   * again, says there is nothing left to stop rather than that it is wrong.
   */
  endedEmailChange?: { cancelHash: string };
  /**
   * When mail to `email` last bounced permanently or drew a complaint (ISO); cleared when the address
   * changes, since the new one was proven by its code.
   */
  emailBouncedAt?: string;
}

/** The address is the root of trust (every code goes to it), so a change of it is itself confirmed. */
export interface PendingEmail {
  email: string;
  /** Hex SHA-256 of the code sent to the new address. */
  codeHash: string;
  /** When the code stops working (ISO). */
  expiresAt: string;
  /** Wrong codes entered for this change. */
  attempts: number;
  /**
   * Hex SHA-256 of the code in the link emailed to the old address, which stops this change (issue 22):
   * the owner's way out when a stolen session started it. Absent on changes started before it existed.
   */
  cancelHash?: string;
}

export type Contacts = Record<Role, Handle>;

export interface Service {
  serviceId: string;
  name: string;
  type: ServiceType;
  contacts: Contacts;
}

export const CHANGE_STATES = [
  'awaiting_confirmation',
  'applying',
  'done',
  'refused',
  'expired',
  'failed',
  'cancelled',
] as const;
export type ChangeState = (typeof CHANGE_STATES)[number];

/** States after which nothing more happens to a request. */
export const FINAL_STATES = ['done', 'refused', 'expired', 'failed', 'cancelled'] as const;
export type FinalState = (typeof FINAL_STATES)[number];

export const isFinal = (state: ChangeState): state is FinalState =>
  (FINAL_STATES as readonly string[]).includes(state);

/**
 * Why a request ended without being applied, as a code and the accounts it names, so that every
 * language can say it in its own words (the API's `reason` keeps the English sentence).
 */
export const WHY_CODES = [
  'refused', // nics: who refused
  'cancelled', // nics: who withdrew it
  'not_confirmed_in_time', // nics: who had not answered when the window passed
  'contacts_moved', // the roles no longer had the contact the request moves them from
  'authority_lost', // nics: the asker, who no longer holds a role that allows the change
  'unpaid_invoices', // nics: the billing sides that owe
  'no_payment_method', // nics: the new billing contact, whose account has no valid payment method
  'fault', // a step failed on our side
] as const;
export type WhyCode = (typeof WHY_CODES)[number];

/** API.md's `reasonCode`: how a request ended without being applied, for clients to word themselves. */
export const REASON_CODES = [
  'cancelled',
  'refused',
  'expired',
  'unpaid_invoices',
  'no_payment_method',
  'authority_lost',
  'contacts_changed',
  'failed',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export interface Why {
  code: WhyCode;
  nics: Handle[];
}

export const CONFIRMATION_STATUSES = ['pending', 'accepted', 'refused'] as const;
export type ConfirmationStatus = (typeof CONFIRMATION_STATUSES)[number];

/** What the API shows of one confirmer. */
export interface Confirmation {
  nic: Handle;
  status: ConfirmationStatus;
  at?: string;
  /** Present only when the email with this confirmer's current code bounced: they never got it. */
  emailBounced?: true;
}

/**
 * What the store keeps of one confirmer: the public part plus the secrets of the
 * confirmation. The code itself is never stored, only its hash.
 */
export interface ConfirmerRecord extends Confirmation {
  /** Hex SHA-256 of the current code; absent until the workflow has asked this confirmer. */
  codeHash?: string;
  /**
   * The key id of the current code (its first symbols, codes.ts): a wrong code on the public page that
   * carries it counts against this confirmer alone. Absent for codes issued before key ids, and once
   * the code is spent.
   */
  keyId?: string;
  /** When the current code was issued (ISO). */
  codeIssuedAt?: string;
  /**
   * When the email carrying the current code went out (ISO); absent while it has not, so that a
   * retried or resumed ask knows to send a working code rather than keep one nobody received.
   */
  codeSentAt?: string;
  /**
   * Hex SHA-256 of the code this confirmer held when they answered or the request ended. It opens
   * nothing; it lets the emailed link say "you already answered" rather than "wrong code".
   */
  spentCodeHash?: string;
  /** Wrong codes entered since the current code was issued. */
  attempts: number;
  /** When the one reminder before expiry was sent (ISO); absent if not yet. */
  remindedAt?: string;
  /** When SES reported that the email with the current code bounced (ISO); a new code clears it. */
  bouncedAt?: string;
}

/** A contact change request as the store keeps it. */
export interface ContactChangeRecord {
  id: string;
  serviceId: string;
  serviceName: string;
  roles: Role[];
  from: Handle;
  to: Handle;
  askedBy: Handle;
  state: ChangeState;
  /** In the order they are asked: the asker first, then the new contact (once if the same). */
  confirmers: ConfirmerRecord[];
  /** Old contacts who are told, not asked. */
  notified: Handle[];
  createdAt: string;
  expiresAt: string;
  /** When everyone had accepted (ISO); absent until then. */
  applyingSince?: string;
  completedAt: string | null;
  reason: string | null;
  why: Why | null;
  /** The batch this request was asked in (shared/domain/batch.ts); absent for a request asked alone. */
  batchId?: string;
  /**
   * Bookkeeping, never shown: the refusal that ended it still owes its emails. Set in the refusal's own
   * write, taken by whoever sends them (ContactStore.claimRefusalNotices), so that exactly one does;
   * the sweep looks for it once no other sender can still be running (lifecycle.ts, `sweepDueAt`).
   */
  refusalNoticesOwed?: true;
}

/** A contact change request as the API shows it (API.md "ContactChange"). */
export interface ContactChange {
  id: string;
  serviceId: string;
  /** The service's name when the request was made: titles read better with it than with an id. */
  serviceName: string;
  roles: Role[];
  from: Handle;
  to: Handle;
  askedBy: Handle;
  state: ChangeState;
  confirmations: Confirmation[];
  notified: Handle[];
  createdAt: string;
  expiresAt: string;
  completedAt: string | null;
  reason: string | null;
  /** `reason` as a code and the handles it names, for clients that say it in another language. */
  why: Why | null;
  reasonCode: ReasonCode | null;
  /** The one account the reason names (who refused, who withdrew, the asker who lost authority). */
  reasonBy: Handle | null;
  /** The display name of every handle shown here that has an account. */
  names: Record<Handle, string>;
  message: string;
  /** The batch the request was asked in, or null for a request asked alone. */
  batchId: string | null;
}

export interface Page<T> {
  items: T[];
  /** Opaque; absent when there is no further page. */
  nextCursor?: string;
}

export interface PageRequest {
  limit: number;
  cursor?: string;
}
