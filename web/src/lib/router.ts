// A router of a few lines: the panel has six screens and needs history, links and a path; a library
// would add weight to the first load for nothing more.
import { useEffect, useState } from 'preact/hooks';
import { inPanel } from './paths';

const listeners = new Set<() => void>();
const changed = () => listeners.forEach((listener) => listener());
addEventListener('popstate', changed);

/** Called with the new URL before a screen changes, so that a screen's first request can start at the click. */
export const beforeNavigate = new Set<(url: URL) => void>();

/** Goes to a path of lib/paths.ts. */
export function navigate(to: string, { replace = false } = {}) {
  const url = new URL(to, location.href);
  beforeNavigate.forEach((start) => start(url));
  history[replace ? 'replaceState' : 'pushState'](null, '', to);
  changed();
}

/** The current URL; re-renders on navigation. */
export function useLocation(): URL {
  const [, setTick] = useState(0);
  useEffect(() => {
    const listener = () => setTick((tick) => tick + 1);
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, []);
  return new URL(location.href);
}

/** A plain left click on an in-panel link navigates without a page load; anything else is the browser's. */
export function followLink(event: MouseEvent) {
  const anchor = event.currentTarget as HTMLAnchorElement;
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  if (anchor.target || anchor.origin !== location.origin || !inPanel(anchor.pathname)) return;
  event.preventDefault();
  navigate(anchor.pathname + anchor.search);
}

/** Removes query parameters that carry a code, so it stays neither in history nor in a bookmark. */
export function dropParam(name: string) {
  const url = new URL(location.href);
  if (!url.searchParams.has(name)) return;
  url.searchParams.delete(name);
  history.replaceState(null, '', url.pathname + url.search);
}
