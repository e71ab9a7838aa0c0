// What the browser tests of the emails and the confirm pages share: Debian's Chromium through
// playwright-core (never a downloaded browser), a small server for the documents under test,
// axe-core, and the folder of screenshots that CI keeps as artifacts (test-artifacts/, gitignored).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { AxeResults } from 'axe-core';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';

export const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts');

/** The two widths every screenshot is taken at: a phone and a laptop. */
export const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 800 },
] as const;

/** Debian's `chromium` package, or any Chromium named by CHROMIUM_PATH (README, "Quick start"). */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });

export interface Served {
  base: string;
  close(): Promise<void>;
}

/** Serves each document at `/<name>` with its own headers; a POST is answered by `onPost`. */
export async function serve(
  documents: ReadonlyMap<string, { html: string; headers?: Record<string, string> }>,
  onPost?: (body: string) => { html: string; headers?: Record<string, string> },
): Promise<Served> {
  const server: Server = createServer((req, res) => {
    if (req.method === 'POST' && onPost) {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        const answer = onPost(body);
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...answer.headers });
        res.end(answer.html);
      });
      return;
    }
    const document = documents.get(decodeURIComponent((req.url ?? '/').split('?')[0]!.slice(1)));
    res.writeHead(document ? 200 : 404, { 'content-type': 'text/html; charset=utf-8', ...document?.headers });
    res.end(document?.html ?? 'not found');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

/** axe-core's minified build, read once per test file's process. */
let axeSource: string | undefined;

/**
 * Serious and critical axe violations on what the page shows now, as short lines to compare with [].
 * axe-core runs inside the page itself, every rule of its default set, as @axe-core/playwright's
 * legacy mode ran it (none of our pages has a frame to merge results from). It is put into the page
 * once per document, minified: AxeBuilder evaluated its unminified 1.4 MB source twice per check,
 * which was 2.4 s of the 3.3 s a check took on the busy two-core machine (issue 20).
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(axeSource);
  // Only violations are read: axe then skips detailing every node that passed (a fifth of its time).
  const violations = await page.evaluate(async () => {
    const { axe, document } = globalThis as unknown as {
      axe: { run(context: unknown, options: object): Promise<AxeResults> };
      document: unknown;
    };
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Each page's DevTools session, opened once: the screenshots below are taken through it. */
const sessions = new WeakMap<Page, Promise<CDPSession>>();

/**
 * A full-page PNG of what the page shows now, written to `path`. Taken through DevTools with
 * `optimizeForSpeed` rather than page.screenshot: still lossless, about a fifth larger, and it took
 * about half the CPU (issue 20: 65 to 110 ms a shot against 145 to 195 ms, Chromium and Node
 * together, on the two-core machine), over the 300 or so screenshots of a CI run. The size is the
 * document's, as page.screenshot's `fullPage` takes it; our pages have no web fonts or animations
 * for page.screenshot to wait for.
 */
export async function fullPagePng(page: Page, path: string): Promise<void> {
  if (!sessions.has(page)) sessions.set(page, page.context().newCDPSession(page));
  const session = await sessions.get(page)!;
  const { cssContentSize } = await session.send('Page.getLayoutMetrics');
  const { data } = await session.send('Page.captureScreenshot', {
    format: 'png',
    optimizeForSpeed: true,
    captureBeyondViewport: true,
    clip: {
      x: 0,
      y: 0,
      width: Math.ceil(cssContentSize.width),
      height: Math.ceil(cssContentSize.height),
      scale: 1,
    },
  });
  writeFileSync(path, Buffer.from(data, 'base64'));
}

/** A full-page screenshot into test-artifacts/<folder>/<name>.png. */
export async function shoot(page: Page, folder: string, name: string): Promise<void> {
  mkdirSync(join(ARTIFACTS, folder), { recursive: true });
  await fullPagePng(page, join(ARTIFACTS, folder, `${name}.png`));
}
