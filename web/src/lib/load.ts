// Loading state for a screen: the value, the problem, and a reload that keeps the old value on screen.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { ApiProblem } from './api/client';

export interface Loaded<T> {
  data?: T;
  problem?: ApiProblem;
  loading: boolean;
  reload(): Promise<void>;
}

export function useLoad<T>(load: () => Promise<T>, keys: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; problem?: ApiProblem; loading: boolean }>({ loading: true });
  const latest = useRef(0);
  // `keys` are the dependencies, as in useEffect.
  const run = useCallback(load, keys);
  const reload = useCallback(async () => {
    const mine = ++latest.current;
    setState((old) => ({ ...old, loading: true }));
    try {
      const data = await run();
      if (mine === latest.current) setState({ data, loading: false });
    } catch (error) {
      const problem = error instanceof ApiProblem ? error : new ApiProblem(0, 'unexpected', String(error));
      if (mine === latest.current) setState((old) => ({ data: old.data, problem, loading: false }));
    }
  }, [run]);
  // A layout effect: the request starts right after the render, not a frame later as useEffect's would.
  useLayoutEffect(() => void reload(), [reload]);
  return { ...state, reload };
}

/**
 * Calls `refresh` every `everyMs` while `active` and the tab is visible, and once when the tab comes
 * back into view: an answer given elsewhere shows up within seconds, and a hidden tab costs nothing.
 */
export function useAutoRefresh(active: boolean, refresh: () => void, everyMs = 5000) {
  const latest = useRef(refresh);
  latest.current = refresh;
  useEffect(() => {
    if (!active) return;
    let timer: ReturnType<typeof setInterval> | undefined;
    const start = () => {
      clearInterval(timer);
      timer = document.hidden ? undefined : setInterval(() => latest.current(), everyMs);
    };
    const onVisibility = () => {
      if (!document.hidden) latest.current();
      start();
    };
    start();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [active, everyMs]);
}
