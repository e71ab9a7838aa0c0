// Every path of the panel, built and read here alone: links, navigation and routes agree, and each
// id in a path is encoded once (service ids are domain names, but may hold any printable character).
import type { ChangeState } from './api/client';

export const BASE = '/panel';

const under = (...parts: string[]) => [BASE, ...parts.map(encodeURIComponent)].join('/');

export const paths = {
  contacts: () => `${BASE}/`,
  /** My requests: open ones without a state, every state with `all`. */
  requests: (state?: ChangeState | 'all') =>
    under('requests') + (state ? `?state=${encodeURIComponent(state)}` : ''),
  request: (id: string) => under('requests', id),
  service: (serviceId: string) => under('services', serviceId),
  profile: () => under('profile'),
  /** Where Cognito's managed login comes back to, and the stack's settings for it (AWS only). */
  signInCallback: () => under('callback'),
  config: () => under('config.json'),
};

export type Route =
  | { screen: 'contacts' }
  | { screen: 'requests'; state: string | null }
  | { screen: 'request'; id: string }
  | { screen: 'service'; serviceId: string }
  | { screen: 'profile' }
  | { screen: 'not-found' };

/** The screen a URL shows; a trailing slash changes nothing. */
export function routeOf({ pathname, searchParams }: URL): Route {
  const path = pathname.replace(/\/+$/, '');
  if (path === BASE) return { screen: 'contacts' };
  if (!path.startsWith(`${BASE}/`)) return { screen: 'not-found' };
  let parts: string[];
  try {
    parts = path
      .slice(BASE.length + 1)
      .split('/')
      .map(decodeURIComponent);
  } catch {
    return { screen: 'not-found' }; // a malformed escape: no id of ours
  }
  if (parts.length === 1 && parts[0] === 'requests')
    return { screen: 'requests', state: searchParams.get('state') };
  if (parts.length === 1 && parts[0] === 'profile') return { screen: 'profile' };
  if (parts.length === 2 && parts[0] === 'requests') return { screen: 'request', id: parts[1]! };
  if (parts.length === 2 && parts[0] === 'services') return { screen: 'service', serviceId: parts[1]! };
  return { screen: 'not-found' };
}

/** Whether `path` is inside the panel, and so a link the router follows without a page load. */
export const inPanel = (path: string) => path === BASE || path.startsWith(`${BASE}/`);
