// Self time of V8 CPU profiles by function and by source, for bench/profile.ts and bench/profile-load.ts.
import type { Profiler } from 'node:inspector/promises';

/** Where a script belongs: a package by name, else our folder (shared/usecases, bench…), else node's own. */
export function sourceOf(url: string): string {
  const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const ours = /\/(shared\/[^/]+|functions\/[^/]+|infra\/local|bench)\//.exec(url);
  if (ours) return ours[1]!;
  return url === '' ? '(native / GC / idle)' : url.startsWith('node:') ? 'node:' : url;
}

/** Self time (µs) of the samples of many profiles, by function and by source. */
export class Tally {
  total = 0;
  readonly byFunction = new Map<string, number>();
  readonly bySource = new Map<string, number>();
  readonly callers = new Map<string, number>();
  constructor(private readonly callersOf?: string) {}
  add(profile: Profiler.Profile) {
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const parents = new Map(profile.nodes.flatMap((node) => (node.children ?? []).map((c) => [c, node.id])));
    const deltas = profile.timeDeltas ?? [];
    (profile.samples ?? []).forEach((id, k) => {
      const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
      const us = deltas[k + 1] ?? 0;
      if (this.callersOf && functionName === this.callersOf) {
        const chain: string[] = [];
        for (let up = parents.get(id); up !== undefined && chain.length < 10; up = parents.get(up)) {
          const frame = byId.get(up)!.callFrame;
          chain.push(
            `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*\/(node_modules|wt-[^/]+)\//, '')}:${frame.lineNumber + 1}`,
          );
        }
        const key = chain.join('\n      < ');
        this.callers.set(key, (this.callers.get(key) ?? 0) + us);
      }
      this.total += us;
      const fn = `${functionName || '(anonymous)'} ${url.replace(/^.*\/(node_modules|wt-[^/]+)\//, '')}:${lineNumber + 1}`;
      this.byFunction.set(fn, (this.byFunction.get(fn) ?? 0) + us);
      const source = sourceOf(url);
      this.bySource.set(source, (this.bySource.get(source) ?? 0) + us);
    });
  }
}
