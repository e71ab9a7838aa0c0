// What a language file provides. Templates return blocks of plain text, never markup: render.ts turns the
// same blocks into the text and the HTML part and escapes every value on the way, so no template can forget to.
import type { FinalState } from '../../domain/model';
import type { EmailKind, EmailMessage, EmailTemplate } from '../../domain/ports';
import type { Vocabulary } from '../../language/types';

/** Where the reader stands in a request, so each gets the email that fits them. */
export interface Standing {
  asker: boolean;
  /** The old contact: they lose the roles. */
  from: boolean;
  /** The new contact: they get the roles. */
  to: boolean;
  /** The reader has accepted or refused (their code is spent). */
  answered: boolean;
}

/** A request as a template sees it: every value already written for the reader. */
export interface RequestView {
  id: string;
  serviceName: string;
  /** The roles in words, joined ("tekninen yhteyshenkilö ja laskutusyhteyshenkilö"). */
  roles: string;
  roleCount: number;
  /** People, each as "Aino Aalto (aa123456-ovh)". */
  from: string;
  to: string;
  askedBy: string;
  /** Old contacts who are told, not asked; absent when none. */
  notified?: string;
  you: Standing;
  /** The end of the validity window, in the reader's time zone, with the zone. */
  expiresAt: string;
  /** Why it ended, said to the reader ("You refused the change."); absent while it has not. */
  why?: string;
  /** One line per role the request moves, saying what its holder handles. */
  roleLines: string[];
  /** The administrative role moves: the guide's warning belongs in the email. */
  adminMoves: boolean;
  /** The request's page in the control panel. */
  panelLink?: string;
}

export interface AskView {
  request: RequestView;
  code: string;
  link: string;
  panelLink: string;
}

/** Requests of a batch still waiting for one person's answer. */
export interface BatchWaitingView {
  /** One per request, in the batch's order: the service, the roles, from whom to whom. */
  lines: string[];
  serviceCount: number;
  /** The one service's name, when there is one. */
  serviceName?: string;
  /** The end of the batch's window, in the reader's time zone. */
  expiresAt: string;
  panelLink: string;
}

/** What each kind of email needs; render.ts checks the message carries it before a template runs. */
export interface KindViews {
  code: {
    serviceName: string;
    /** The reader's own requests, in the order they were made; each with its own code. */
    asks: AskView[];
    /** The reader asked for the change (else they are the new contact of every request here). */
    asker: boolean;
    askedBy: string;
    /** The roles the reader is asked to take, in words. */
    yourRoles: string;
    /** For the asker: everyone else emailed a code. */
    others?: string;
    resent: boolean;
    expiresAt: string;
    roleLines: string[];
    adminMoves: boolean;
  };
  /** One person's one code for every request of a batch where they are asked. */
  batch_code: {
    /** The services where the reader is asked: one line per request, in the batch's order. */
    lines: string[];
    /** How many services those lines are of. */
    serviceCount: number;
    /** The one service's name, when there is one. */
    serviceName?: string;
    asker: boolean;
    askedBy: string;
    /** The roles the reader is asked to take, in words. */
    yourRoles: string;
    /** For the asker: everyone else emailed a code. */
    others?: string;
    resent: boolean;
    code: string;
    link: string;
    panelLink: string;
    expiresAt: string;
    roleLines: string[];
    adminMoves: boolean;
  };
  /** Once every request of a batch concerning the reader has ended: how each ended. */
  batch_outcome: {
    /** One per request, in the batch's order: the change, and how it ended in the reader's words. */
    lines: Array<{ change: string; state: FinalState; why?: string }>;
    serviceCount: number;
    /** The one service's name, when there is one. */
    serviceName?: string;
    panelLink: string;
  };
  /** The one reminder of a batch: the services still waiting for the reader's answer. */
  batch_reminder: BatchWaitingView;
  /** To the asker: `confirmer`'s batch code email bounced; the services still waiting for them. */
  batch_code_bounced: BatchWaitingView & { confirmer: string };
  reminder: RequestView & { link: string };
  waiting: RequestView & { others: string };
  done: RequestView & { fromHasNoRole: boolean };
  refused: RequestView & { refuser: boolean };
  expired: RequestView;
  failed: RequestView;
  cancelled: RequestView;
  /** To the asker: the code email to `confirmer` ("Name (handle)") bounced. */
  code_bounced: RequestView & { confirmer: string };
  /** To the new address: the code, and the profile link that fills it in. */
  email_change_code: { nic: string; newEmail: string; code: string; link: string; until: string };
  /** To the old address: a change was started; nothing changes without the code. */
  email_change_started: { nic: string; newEmail: string; until: string; cancelLink: string };
  email_changed: { nic: string; newEmail: string };
}

export type Block =
  | { type: 'paragraph'; text: string }
  /** A heading of its own, for one of several requests in an email. */
  | { type: 'heading'; text: string }
  /** Label and value pairs: a table in HTML, aligned lines in text. */
  | { type: 'facts'; rows: Array<[label: string, value: string]> }
  /** A short list under a lead-in line. */
  | { type: 'list'; label: string; items: string[] }
  /** Something the reader must not miss, set apart. */
  | { type: 'warning'; text: string }
  /** A code on a line of its own, so that it is easy to select and copy. */
  | { type: 'code'; label: string; code: string }
  /** A button in HTML; in text the address on a line of its own. */
  | { type: 'action'; label: string; button: string; href: string }
  /** A plain link under a lead-in line: a way on that is not the email's main action. */
  | { type: 'link'; label: string; href: string };

export interface EmailContent {
  subject: string;
  blocks: Block[];
}

export interface LanguagePack {
  words: Vocabulary;
  greeting(name: string): string;
  signOff(provider: string): string[];
  footer(provider: string): string;
}

/**
 * One kind of email: what a message of it becomes for the templates (checked, values written for the
 * reader), and the template in each language. Methods, so that a kind's template is one of any kind's.
 */
export interface KindTemplate<K extends EmailKind> extends EmailTemplate<K> {
  view(message: EmailMessage, pack: LanguagePack): KindViews[K];
  fi(view: KindViews[K]): EmailContent;
  en(view: KindViews[K]): EmailContent;
}

/** Kinds of email with their templates: a group of shared/email/kinds/. */
export type KindTemplates = { readonly [K in EmailKind]?: KindTemplate<K> };
