// What a language gives the confirm pages. Like the email templates, every entry is plain text:
// the renderers escape it on the way into markup, so no sentence here can smuggle a tag in.
import type { ChangeState, ConfirmationStatus, Language, Role } from '../domain/model';

export type PageLanguage = Language;

/** A request as a sentence sees it; times are already formatted for the language. */
export interface SentenceView {
  serviceName: string;
  /** The confirmer whose code it is, so a sentence can say "you"; absent when the code is unknown. */
  you?: string;
  askedBy: string;
  from: string;
  to: string;
  expiresAt: string;
  completedAt?: string;
  /** The other confirmers still to answer, as a list in words. */
  others?: string;
}

export interface Said {
  title: string;
  body: string;
  /** What follows from it, in a paragraph of its own. */
  next?: string;
}

export interface PageWords {
  locale: string;
  /** Taken from the email templates, so a page and its email name a role the same way. */
  roleNames: Record<Role, string>;
  product: string;
  eyebrow: string;
  /** Put before the title of a page that shows an error, as screen readers announce the title first. */
  errorPrefix: string;
  /** Beside a handle that is the reader's own. */
  youMark: string;
  facts: {
    service: string;
    role: string;
    roles: string;
    from: string;
    /** The `from` of a change that is done: they no longer hold the roles. */
    previous: string;
    to: string;
    askedBy: string;
    notified: string;
    validUntil: string;
    requestId: string;
  };
  confirm: {
    title(v: SentenceView): string;
    intro(v: SentenceView): string;
    answersHeading: string;
    answersNote: string;
    status: Record<ConfirmationStatus, string>;
    /** "Pending" once the request is over: the chance to answer has gone. */
    neverAnswered: string;
    formHeading: string;
    answeringAs(you: string): string;
    codeLabel: string;
    codeHint: string;
    accept: string;
    refuse: string;
    acceptMeans: string;
    refuseMeans: string;
    personal: string;
  };
  outcome: {
    done(v: SentenceView): Said;
    applying(v: SentenceView): Said;
    waiting(v: SentenceView): Said;
    refused(v: SentenceView): Said;
    ended: string;
  };
  /** How a request that can no longer be answered ended, in one or two sentences. */
  closed: Record<ChangeState, (v: SentenceView) => string>;
  reason(reason: string): string;
  problem: {
    /** `field` goes beside the code field; `fix` is the link to it from the top of the page. */
    invalidCode: Said & { field: string; fix: string };
    alreadyAnswered: Said;
    requestClosed: Said;
    tooManyAttempts(maxTries: number): Said;
    invalidLink: Said;
    internalError: Said;
    /** The form shown when the request is unknown: it opens the (read-only) confirm page again. */
    retype: { label: string; button: string };
    detailLabel: string;
  };
}
