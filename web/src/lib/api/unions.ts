// The generated API types' unions listed as values, with no browser code (client.ts re-exports them), so
// that the panel's pure modules and their unit tests can read them outside a browser.
import type { components } from './schema';

type Schemas = components['schemas'];
type Role = Schemas['Role'];
type ChangeState = Schemas['ContactChange']['state'];

/** Every value of a generated union, in the order given: a compile error when the API adds or drops one. */
const every = <T extends string>(order: Record<T, true>) => Object.keys(order) as T[];
export const ROLES: readonly Role[] = every<Role>({ admin: true, tech: true, billing: true });
/** In a request's life's order. */
export const CHANGE_STATES: readonly ChangeState[] = every<ChangeState>({
  awaiting_confirmation: true,
  applying: true,
  done: true,
  refused: true,
  expired: true,
  failed: true,
  cancelled: true,
});
