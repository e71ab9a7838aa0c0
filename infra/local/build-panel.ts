// `npm start` and the browser tests serve web/dist/one-machine; this builds it when it is missing or
// older than the panel's sources (npm ci's `prepare` step builds it once for a newcomer).
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PANEL_DIR } from './panel-files';

const WEB = resolve(import.meta.dirname, '../../web');
// The shared look (shared/look) is part of the panel's stylesheet.
const SOURCES = ['src', 'public', 'index.html', 'vite.config.ts', '../shared/look'].map((name) =>
  join(WEB, name),
);

async function newestChange(path: string): Promise<number> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(path);
  return Math.max(
    info.mtimeMs,
    ...(await Promise.all(entries.map((entry) => newestChange(join(path, entry))))),
  );
}

export async function panelIsCurrent(): Promise<boolean> {
  const built = (await stat(join(PANEL_DIR, 'index.html')).catch(() => undefined))?.mtimeMs ?? 0;
  const sources = Math.max(...(await Promise.all(SOURCES.map(newestChange))));
  return built > sources;
}

/** Builds the one-machine panel unless the build is current; true when it built. */
export async function ensurePanelBuilt(log: (line: string) => void = () => {}): Promise<boolean> {
  if (await panelIsCurrent()) return false;
  log('Building the control panel (web/)…');
  const { build } = await import('vite');
  await build({ configFile: join(WEB, 'vite.config.ts'), mode: 'one-machine', logLevel: 'warn' });
  return true;
}

if (process.argv[1] === import.meta.filename) await ensurePanelBuilt(console.log);
