// The control panel's budgets (issue 9), measured, never asserted in tests:
// - bundle: the JavaScript of a first load (index.html's scripts and what they preload), gzipped,
//   for the build npm start serves and the AWS build: ≤ 80 KB each.
// - render: "My contacts" for an account with 2,000 services: from a click on its link to the first
//   table row on screen, vs. the bare GET /me/services the screen makes, fetched by the same page in
//   the same run, alternating: ≤ 1.5×. A full page load (HTML, cached JS, /me, then the list) is
//   printed beside it.
// - lighthouse: Lighthouse 12.2.3 on the sign-in page and on "My contacts" (signed in): performance
//   ≥ 90, accessibility ≥ 95, best practices ≥ 95.
// `npm run bench:panel [-- bundle|render|lighthouse]` runs parts alone and updates the `panel` entry of
// bench/results.json; the full `npm run bench` runs them all.
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { chromium, type Page } from 'playwright-core';
import { loadFixtures, parseFixtures } from '../shared/adapters/fixtures';
import { createDynamoClients } from '../shared/adapters/dynamo/client';
import { startLocalStack, type LocalStack } from '../infra/local/stack';
import { ensurePanelBuilt } from '../infra/local/build-panel';

const WEB = resolve(import.meta.dirname, '../web');
const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const SERVICES = 2_000;
const OWNER = 'pa100001-ovh';
const LIGHTHOUSE_RUNS = 3;

export const BUDGETS = {
  firstLoadKBGzip: 80,
  renderRatio: 1.5,
  performance: 90,
  accessibility: 95,
  bestPractices: 95,
};

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

async function stackWithServices(): Promise<LocalStack> {
  await ensurePanelBuilt();
  const stack = await startLocalStack({ fixtures: null, sweepIntervalSeconds: 0 });
  const { doc } = createDynamoClients({ region: 'eu-west-1', endpoint: stack.dynamodbEndpoint });
  const others = ['pb100002-ovh', 'pc100003-ovh'];
  await loadFixtures(
    doc,
    stack.tableName,
    parseFixtures({
      accounts: [OWNER, ...others].map((nic, i) => ({
        nic,
        email: `${nic}@example.com`,
        name: `Panel Bench ${i}`,
        language: 'en',
        unpaidInvoices: 0,
      })),
      services: Array.from({ length: SERVICES }, (_, i) => ({
        serviceId: `svc${String(i).padStart(5, '0')}.example`,
        name: `svc${String(i).padStart(5, '0')}.example`,
        type: (['domain', 'server', 'hosting'] as const)[i % 3],
        contacts: { admin: OWNER, tech: others[i % 2]!, billing: i % 5 ? OWNER : others[0]! },
      })),
    }),
  );
  doc.destroy();
  return stack;
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

/** Lighthouse on the sign-in page and, signed in in the same tab, on "My contacts". */
export async function lighthouseScores() {
  const { default: lighthouse } = await import('lighthouse');
  const puppeteer = await import('puppeteer-core');
  const stack = await stackWithServices();
  const browser = await puppeteer.launch({ executablePath: CHROMIUM, args: ARGS });
  const scores: Record<string, Record<string, number>> = {};
  const metrics: Record<string, Record<string, string>> = {};
  try {
    const page = await browser.newPage();
    /** One Lighthouse run from a blank page (as a first visit; the tab's sessionStorage keeps the token). */
    const once = async (url: string) => {
      await page.goto('about:blank');
      const result = await lighthouse(
        url,
        {
          output: 'json',
          logLevel: 'error',
          onlyCategories: ['performance', 'accessibility', 'best-practices'],
          // The token lives in this tab's sessionStorage; Lighthouse would otherwise clear it.
          disableStorageReset: true,
        },
        undefined,
        page,
      );
      return result!.lhr;
    };
    /** The median run by performance of `RUNS` (Lighthouse's own advice against its variance), after a warm-up. */
    const run = async (name: string, url: string) => {
      await once(url);
      const runs = [];
      for (let i = 0; i < LIGHTHOUSE_RUNS; i++) runs.push(await once(url));
      runs.sort((a, b) => (a.categories.performance?.score ?? 0) - (b.categories.performance?.score ?? 0));
      const { categories, audits } = runs[Math.floor(runs.length / 2)]!;
      metrics[name] = Object.fromEntries(
        [
          'first-contentful-paint',
          'largest-contentful-paint',
          'total-blocking-time',
          'cumulative-layout-shift',
          'speed-index',
        ].map((id) => [id, audits[id]?.displayValue ?? '']),
      );
      scores[name] = {
        performance: Math.round((categories.performance?.score ?? 0) * 100),
        accessibility: Math.round((categories.accessibility?.score ?? 0) * 100),
        bestPractices: Math.round((categories['best-practices']?.score ?? 0) * 100),
      };
    };
    await run('sign-in', `${stack.apiUrl}/panel/`);
    await page.goto(`${stack.apiUrl}/panel/`);
    await page.waitForSelector('select');
    await page.select('select', OWNER);
    await Promise.all([page.waitForSelector('table.contacts tbody tr'), page.click('button[type=submit]')]);
    await run('my-contacts', `${stack.apiUrl}/panel/`);
    return { scores, metrics };
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
  process.exit(0);
}
