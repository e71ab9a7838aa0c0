// Display names for what callers read (API.md `names`), kept by the process for a short while: a
// page of "my services" names the same few people on every refresh, and a name changes only when
// the provider's customer data is loaded again (docs/decisions.md, "Names from a short-lived cache").
// Never for a rule or an email: those read the account itself.
import type { Handle } from '../../domain/model';

/** How long a name read stays good: a changed name shows in every process within this. */
export const NAMES_FRESH_MS = 60_000;
/** Names kept at most; past it the oldest read goes, so that memory stays bounded whatever is read. */
const MAX_NAMES = 10_000;

export interface NameCacheOptions {
  freshMs?: number;
  /** Milliseconds now; tests move it on. */
  clock?: () => number;
}

export interface NameCache {
  /** The names of `nics` that exist: from the cache while fresh, the rest in one read. */
  namesOf(nics: readonly Handle[]): Promise<Map<Handle, string>>;
  /** A name just read with its account elsewhere: the cache takes the fresher copy for free. */
  remember(nic: Handle, name: string): void;
}

export function nameCache(
  /** The accounts of `nics` that exist (the store's getAccounts). */
  read: (nics: Handle[]) => Promise<Map<Handle, { name: string }>>,
  { freshMs = NAMES_FRESH_MS, clock = Date.now }: NameCacheOptions = {},
): NameCache {
  const kept = new Map<Handle, { name: string; readAt: number }>();
  const remember = (nic: Handle, name: string, readAt = clock()) => {
    // Deleted first so that Map order stays the order of reads: the first entry is the oldest.
    kept.delete(nic);
    kept.set(nic, { name, readAt });
    if (kept.size > MAX_NAMES) kept.delete(kept.keys().next().value!);
  };
  return {
    remember,
    async namesOf(nics) {
      // Taken before the read: a name changed while it is in flight is at most freshMs old when dropped.
      const now = clock();
      const names = new Map<Handle, string>();
      const missing: Handle[] = [];
      for (const nic of new Set(nics)) {
        const entry = kept.get(nic);
        if (entry && now - entry.readAt < freshMs) names.set(nic, entry.name);
        else missing.push(nic);
      }
      if (missing.length === 0) return names;
      // An account not found is not kept: one created a moment later is named at once.
      for (const [nic, { name }] of await read(missing)) {
        remember(nic, name, now);
        names.set(nic, name);
      }
      return names;
    },
  };
}
