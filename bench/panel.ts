// The control panel's budgets (issue 9), measured, never asserted in tests:
// - bundle: the JavaScript of a first load (index.html's scripts and what they preload), gzipped,
//   for the build npm start serves and the AWS build: ≤ 80 KB each.
// - render: "My contacts" for an account with 2,000 services: from a click on its link to the first
//   table row on screen, vs. the bare GET /me/services the screen makes, fetched by the same page in
//   the same run, alternating: ≤ 1.3× (issue 23; 1.5× before). A full page load (HTML, cached JS,
//   /me, then the list) is printed beside it.
// - lighthouse: Lighthouse 12.2.3 on the sign-in page and on "My contacts" (signed in): performance
//   ≥ 90, accessibility ≥ 95, best practices ≥ 95.
// `npm run bench:panel [-- bundle|render|lighthouse]` runs parts alone and updates the `panel` entry of
// bench/results.json; the full `npm run bench` runs them all. Either exits 1 when a budget is missed
// (bench/budgets.ts), naming it.
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { chromium, type Page } from 'playwright-core';
import type { LocalStack } from '../infra/local/stack';
import { ARGS, CHROMIUM, OWNER, SERVICES, stackWithServices } from './panel-stack';
import { lighthouseScores } from './lighthouse';
import { PANEL_BUDGETS, panelMisses, reportBudgets } from './budgets';

const WEB = resolve(import.meta.dirname, '../web');

const BUDGETS = PANEL_BUDGETS;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]! * 100) / 100;
};

/** First-load JavaScript of a build: the module scripts of index.html and their static imports. */
export async function bundleSizes() {
  const sizes: Record<string, { files: string[]; kbGzip: number }> = {};
  for (const mode of ['one-machine', 'aws']) {
    await build({ configFile: join(WEB, 'vite.config.ts'), mode, logLevel: 'error' });
    const dist = join(WEB, 'dist', mode);
    const html = await readFile(join(dist, 'index.html'), 'utf8');
    const entries = [
      ...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="\/panel\/([^"]+\.js)"/g),
    ].map((m) => m[1]!);
    const files = new Set<string>();
    const visit = async (file: string) => {
      if (files.has(file)) return;
      files.add(file);
      const code = await readFile(join(dist, file), 'utf8');
      // Static imports of other chunks (dynamic import() is not first load).
      for (const m of code.matchAll(/(?:^|[;}\s])import\s*(?:[^'"()]*?from\s*)?["']\.\/([^"']+\.js)["']/g))
        await visit(`assets/${m[1]}`);
    };
    for (const entry of entries) await visit(entry);
    let bytes = 0;
    for (const file of files) bytes += gzipSync(await readFile(join(dist, file))).length;
    sizes[mode] = { files: [...files], kbGzip: Math.round(bytes / 102.4) / 10 };
  }
  // Leave the build npm start serves as it was.
  await build({ configFile: join(WEB, 'vite.config.ts'), mode: 'one-machine', logLevel: 'error' });
  return sizes;
}

async function signInPage(page: Page, stack: LocalStack) {
  await page.goto(`${stack.apiUrl}/panel/`);
  await page.getByLabel('Account').selectOption(OWNER);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('table.contacts tbody tr').first().waitFor();
}

/** Click → first row, and the bare request, alternating in one page; then full loads. */
export async function renderTimes(runs = 30) {
  const stack = await stackWithServices();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInPage(page, stack);
    const bare: number[] = [];
    const click: number[] = [];
    const full: number[] = [];
    for (let run = 0; run < runs + 3; run++) {
      await page.getByRole('link', { name: 'Profile' }).click();
      await page.getByRole('heading', { name: 'Profile', level: 1 }).waitFor();
      // Strings, evaluated in the page (this project's TypeScript has no DOM library).
      const clicked = await page.evaluate<number>(`new Promise((done) => {
        const start = performance.now();
        const observer = new MutationObserver(() => {
          if (!document.querySelector('table.contacts tbody tr')) return;
          observer.disconnect();
          done(performance.now() - start);
        });
        observer.observe(document.body, { childList: true, subtree: true });
        document.querySelector('nav a[href="/panel/"]').click();
      })`);
      const fetched = await page.evaluate<number>(`(async () => {
        const token = sessionStorage.getItem('service-contacts.local-token');
        const start = performance.now();
        const answer = await fetch('/me/services?limit=50', { headers: { authorization: 'Bearer ' + token } });
        await answer.json();
        return performance.now() - start;
      })()`);
      if (run < 3) continue; // warm-up
      click.push(clicked);
      bare.push(fetched);
    }
    for (let run = 0; run < Math.min(10, runs); run++) {
      await page.goto(`${stack.apiUrl}/panel/profile`);
      await page.getByRole('heading', { name: 'Profile', level: 1 }).waitFor();
      const start = Date.now();
      await page.goto(`${stack.apiUrl}/panel/`);
      await page.locator('table.contacts tbody tr').first().waitFor();
      full.push(Date.now() - start);
    }
    const result = {
      services: SERVICES,
      runs,
      bareApiMedianMs: median(bare),
      clickToTableMedianMs: median(click),
      ratio: Math.round((median(click) / median(bare)) * 100) / 100,
      fullLoadMedianMs: median(full),
    };
    return result;
  } finally {
    await browser.close();
    await stack.stop();
  }
}

export type PanelResults = {
  firstLoad?: Awaited<ReturnType<typeof bundleSizes>>;
  render?: Awaited<ReturnType<typeof renderTimes>>;
  lighthouse?: Awaited<ReturnType<typeof lighthouseScores>>;
  budgets: typeof BUDGETS;
};

export async function panelBench(parts: string[], log: (line: string) => void): Promise<PanelResults> {
  const results: PanelResults = { budgets: BUDGETS };
  const want = (part: string) => parts.length === 0 || parts.includes(part);
  if (want('bundle')) {
    log('Panel: first-load JavaScript of both builds');
    results.firstLoad = await bundleSizes();
  }
  if (want('render')) {
    log(`Panel: My contacts with ${SERVICES} services in Chromium`);
    results.render = await renderTimes();
  }
  if (want('lighthouse')) {
    log('Panel: Lighthouse on sign-in and My contacts');
    results.lighthouse = await lighthouseScores();
  }
  return results;
}

export function printPanel(results: PanelResults) {
  const ok = (pass: boolean) => (pass ? 'ok' : 'OVER BUDGET');
  if (results.firstLoad) {
    console.log(`\nPanel first-load JavaScript, gzipped (budget ≤ ${BUDGETS.firstLoadKBGzip} KB)`);
    console.table(
      Object.fromEntries(
        Object.entries(results.firstLoad).map(([mode, s]) => [
          mode,
          { KB: s.kbGzip, files: s.files.length, budget: ok(s.kbGzip <= BUDGETS.firstLoadKBGzip) },
        ]),
      ),
    );
  }
  if (results.render) {
    const r = results.render;
    console.log(
      `\nMy contacts, ${r.services} services, median of ${r.runs} (budget: click → table ≤ ${BUDGETS.renderRatio}× the bare request)`,
    );
    console.table({
      'bare GET /me/services': { ms: r.bareApiMedianMs },
      'click → first row': {
        ms: r.clickToTableMedianMs,
        ratio: r.ratio,
        budget: ok(r.ratio <= BUDGETS.renderRatio),
      },
      'full page load → first row': { ms: r.fullLoadMedianMs },
    });
  }
  if (results.lighthouse) {
    console.log(
      `\nLighthouse 12.2.3 (budgets: performance ≥ ${BUDGETS.performance}, accessibility ≥ ${BUDGETS.accessibility}, best practices ≥ ${BUDGETS.bestPractices})`,
    );
    console.table(
      Object.fromEntries(
        Object.entries(results.lighthouse.scores).map(([page, s]) => [
          page,
          {
            ...s,
            budget: ok(
              s.performance! >= BUDGETS.performance &&
                s.accessibility! >= BUDGETS.accessibility &&
                s.bestPractices! >= BUDGETS.bestPractices,
            ),
          },
        ]),
      ),
    );
    console.table(results.lighthouse.metrics);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const parts = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const results = await panelBench(parts, (line) => process.stderr.write(`${line}\n`));
  printPanel(results);
  // Keep the rest of results.json (the full bench's figures) and what this run did not measure.
  const file = fileURLToPath(new URL('results.json', import.meta.url));
  const all = JSON.parse(await readFile(file, 'utf8').catch(() => '{}'));
  all.panel = { ...all.panel, ...results, date: new Date().toISOString() };
  await writeFile(file, `${JSON.stringify(all, null, 2)}\n`);
  process.exit(reportBudgets(panelMisses(results), ['panel']));
}
