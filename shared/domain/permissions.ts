// The permission table of DESIGN.md, in one place. Everything else asks these functions.
import { ROLES, type Contacts, type Handle, type Role } from './model';

/** The roles `nic` holds on a service with these contacts, in the canonical order. */
export const rolesOf = (contacts: Contacts, nic: Handle): Role[] =>
  ROLES.filter((role) => contacts[role] === nic);

/**
 * The roles an account with `myRoles` may ask to change: an admin may change every contact
 * (including giving the admin role away in their own place); tech and billing contacts may only
 * name someone else in their own role.
 */
export function editableRoles(myRoles: readonly Role[]): Role[] {
  if (myRoles.includes('admin')) return [...ROLES];
  return ROLES.filter((role) => myRoles.includes(role));
}

/** The confirmers of a change: the asker and the new contact, once if they are the same account. */
export const confirmersOf = (asker: Handle, to: Handle): Handle[] => (asker === to ? [asker] : [asker, to]);
