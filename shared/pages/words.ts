// What a language gives the confirm pages. Like the email templates, every entry is plain text:
// the renderers escape it on the way into markup, so no sentence here can smuggle a tag in.
import type { ChangeState, ConfirmationStatus, Language } from '../domain/model';
import type { Vocabulary } from '../language/types';

export type PageLanguage = Language;

/** A request as a sentence sees it: people named, times in the reader's zone, all in their language. */
export interface SentenceView {
  serviceName: string;
  /** The roles the request moves, in words. */
  roles: string;
  /** The code's owner, so a sentence can say "you"; absent when the code is unknown. */
  you?: string;
  youAre: { asker: boolean; from: boolean; to: boolean };
  /** People, each as "Aino Aalto (aa123456-ovh)". */
  askedBy: string;
  from: string;
  to: string;
  expiresAt: string;
  completedAt?: string;
  /** The other confirmers still to answer, as a list in words. */
  others?: string;
  /** Why the request ended, said to the reader. */
  why?: string;
}

export interface Said {
  title: string;
  body: string;
  /** What follows from it, in a paragraph of its own. */
  next?: string;
}

export interface PageWords {
  /** Shared with the emails: roles, their meanings, the admin warning, why a request ended. */
  words: Vocabulary;
  product: string;
  eyebrow: string;
  /** Put before the title of a page that shows an error, as screen readers announce the title first. */
  errorPrefix: string;
  /** Beside a person who is the reader. */
  youMark: string;
  facts: {
    heading: string;
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
    codeLabel: string;
    codeHint: string;
    accept: string;
    refuse: string;
    acceptMeans: string;
    refuseMeans: string;
    personal: string;
  };
  /**
   * Where a request stands, for the code's owner: right after their answer (`fresh`) or when they
   * open their link again later. Ended requests say who ended it, how and when.
   */
  status: {
    waiting(v: SentenceView, fresh: boolean): Said;
    applying(v: SentenceView, fresh: boolean): Said;
    done(v: SentenceView, fresh: boolean): Said;
    refused(v: SentenceView, byYou: boolean): Said;
    expired(v: SentenceView): Said;
    cancelled(v: SentenceView): Said;
    failed(v: SentenceView): Said;
    /** To the asker of a request that ended without being applied. */
    askAgain: string;
  };
  /** The page of a batch code: one answer for every service of a batch that awaits the reader. */
  batch: {
    eyebrow: string;
    title(count: number): string;
    /** `askedBy` as a person in words; `youAsked` when the reader asked for the batch. */
    intro(v: { askedBy: string; count: number; youAsked: boolean }): string;
    servicesHeading: string;
    /** One request: its roles move from one person to another. */
    change(v: { roles: string; from: string; to: string }): string;
    acceptMeans: string;
    refuseMeans: string;
    /** Where each request stands; `waiting` is an open request the reader has answered. */
    state: Record<ChangeState | 'waiting', string>;
    /** After the reader's answer (`fresh`) or on opening the link again. */
    answered(v: { accepted: number; refused: number; fresh: boolean }): Said;
  };
  /** The link of a reminder carries no code: the reader types the one they were sent. */
  enterCode: Said & { label: string; button: string };
  problem: {
    /** `field` goes beside the code field. */
    invalidCode: Said & { field: string };
    tooManyAttempts(maxTries: number): Said;
    /** Too many codes that are nobody's, for this request or from this address. */
    tooManyCodes(minutes: number): Said;
    invalidLink: Said;
    internalError: Said;
    /** The form that opens the (read-only) confirm page again with a retyped code. */
    retype: { label: string; button: string };
  };
}
