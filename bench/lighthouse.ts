// Lighthouse 12.2.3 on the panel's sign-in page and on "My contacts", in Debian's Chromium through
// puppeteer-core (bench/panel.ts prints and records the scores).
import { ARGS, CHROMIUM, OWNER, stackWithServices } from './panel-stack';

const LIGHTHOUSE_RUNS = 3;

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
