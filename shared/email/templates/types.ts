// What a language file provides. Templates return blocks of plain text, never markup: render.ts turns the
// same blocks into the text and the HTML part and escapes every value on the way, so no template can forget to.
import type { EmailKind } from '../../domain/ports';
import type { Role } from '../../domain/model';

/** A request as a template sees it: every value already formatted for the recipient's language. */
export interface RequestView {
  /** The recipient's handle, so a template can say "you" rather than name the reader to themself. */
  you: string;
  id: string;
  serviceName: string;
  /** The roles in words, joined ("tekninen yhteyshenkilö ja laskutusyhteyshenkilö"). */
  roles: string;
  roleCount: number;
  from: string;
  to: string;
  askedBy: string;
  /** The end of the validity window, as a date and time with "UTC". */
  expiresAt: string;
}

/** What each kind of email needs; render.ts checks the message carries it before a template runs. */
export interface KindViews {
  code: RequestView & { code: string; link: string };
  /** `link`, when given, is the confirm page without a code: the reader answers with the code they have. */
  reminder: RequestView & { link?: string };
  registered: RequestView & { others: string };
  waiting: RequestView & { others: string };
  done: RequestView;
  /** `refusedBy` and `notConfirmedBy` let the language say why; `reason` is the API's English words. */
  refused: RequestView & { reason?: string; refusedBy?: string };
  expired: RequestView & { reason?: string; notConfirmedBy?: string };
  failed: RequestView & { reason?: string };
  cancelled: RequestView;
  rights_ended: RequestView;
  /** To the new address: the code, and the profile link that fills it in. */
  email_change_code: { nic: string; newEmail: string; code: string; link: string; until: string };
  /** To the old address: a change was started; nothing changes without the code. */
  email_change_started: { nic: string; newEmail: string; until: string };
  email_changed: { nic: string; newEmail: string };
}

export type Block =
  | { type: 'paragraph'; text: string }
  /** Label and value pairs: a table in HTML, aligned lines in text. */
  | { type: 'facts'; rows: Array<[label: string, value: string]> }
  /** A code on a line of its own, so that it is easy to select and copy. */
  | { type: 'code'; label: string; code: string }
  /** A button in HTML; in text the address on a line of its own. */
  | { type: 'action'; label: string; button: string; href: string };

export interface EmailContent {
  subject: string;
  blocks: Block[];
}

export interface LanguagePack {
  /** For Intl: dates and lists in the reader's language. */
  locale: string;
  roleNames: Record<Role, string>;
  greeting(name: string): string;
  signOff: string[];
  footer: string;
  /** The link to the request's page in the control panel, under every email about a request. */
  panelLink: { label: string; button: string };
  emails: { [K in EmailKind]: (view: KindViews[K]) => EmailContent };
}
