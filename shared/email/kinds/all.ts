// Every kind of email with its templates: for the tests and the previews, which render any kind. A
// function's entry names only the kinds it sends (never this), so that its bundle carries no others.
import type { EmailKind } from '../../domain/ports';
import type { KindTemplate } from '../templates/types';
import { BOUNCE_EMAILS } from './bounces';
import { CODE_EMAILS } from './codes';
import { EMAIL_CHANGE_EMAILS } from './email-change';
import { MOVE_EMAILS } from './moves';
import { REMINDER_EMAILS } from './reminders';

export const ALL_EMAILS: { readonly [K in EmailKind]: KindTemplate<K> } = {
  ...MOVE_EMAILS,
  ...CODE_EMAILS,
  ...REMINDER_EMAILS,
  ...BOUNCE_EMAILS,
  ...EMAIL_CHANGE_EMAILS,
};
