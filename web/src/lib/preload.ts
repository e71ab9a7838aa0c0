// A request started by a navigation (router.ts's beforeNavigate), handed to the screen that mounts a
// moment later instead of being sent again: the screen's data is on its way while it renders.
const started = new Map<string, Promise<unknown>>();

export function preload<T>(key: string, load: () => Promise<T>): void {
  const promise = load();
  promise.catch(() => {}); // the screen that takes it sees the failure
  started.set(key, promise);
}

/** The request a navigation started for `key`, or a new one. */
export function takeOrLoad<T>(key: string, load: () => Promise<T>): Promise<T> {
  const promise = started.get(key) as Promise<T> | undefined;
  started.delete(key);
  return promise ?? load();
}
