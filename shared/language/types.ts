// What every language gives both the emails and the confirm pages: the roles and what they mean, how
// people are named, and why a request ended. One place, so an email and the page it links to say the
// same thing in the same words.
import type { Handle, Role, Why } from '../domain/model';

/** How sentences name people, and who the reader is, so that a sentence can say "you". */
export interface People {
  /** "Aino Aalto (aa123456-ovh)"; the handle alone for an account with no name. */
  name(nic: Handle): string;
  /** The reader's handle, when known. */
  you?: Handle;
}

export interface Vocabulary {
  /** For Intl: dates and lists in the reader's language. */
  locale: string;
  roleNames: Record<Role, string>;
  /** One line per role: what its holder handles (DESIGN.md's definitions). */
  roleMeanings: Record<Role, string>;
  /** Above the role lines. */
  rolesHeading: string;
  /** Whenever the administrative role moves: OVHcloud's guide warns of what an admin can do. */
  adminWarning: string;
  /** Why a request ended, said to the reader. */
  why(why: Why, people: People): string;
}
