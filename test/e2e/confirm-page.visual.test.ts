// Every state of the confirm pages in a real browser (Debian's Chromium through playwright-core), in
// both languages, served with the same CSP as htmlRoute sends, so that a style without its nonce or a
// stray script shows up as a violation. Screenshots at a phone's and a laptop's width land in
// test-artifacts/pages; axe-core finds no serious or critical violation; Accept and Refuse are in
// view without scrolling.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../shared/domain/model';
import { REQUEST_ID as ID, TOKEN } from '../support/page-fixtures';
import { NONCE, pageSamples } from '../support/page-samples';
import { launchChromium, seriousViolations, serve, shoot, VIEWPORTS, type Served } from './visual-support';

const CSP = `default-src 'none'; style-src 'nonce-${NONCE}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;
const NARROW = { name: 'narrow', width: 320, height: 640 } as const;

const samples = LANGUAGES.flatMap((language) =>
  pageSamples(language).map((page) => ({ ...page, name: `${language}-${page.name}` })),
);
const byName = new Map(samples.map((s) => [s.name, s]));

/** A page whose style lacks the nonce: proof that the violation check below can fail at all. */
const CONTROL = `<!doctype html><html lang="en"><head><title>control</title><style>body{color:red}</style></head><body><main><h1>x</h1></main></body></html>`;
/** A button without a name (axe's button-name, critical): proof that the axe check can fail at all. */
const AXE_CONTROL = `<!doctype html><html lang="en"><head><title>control</title></head><body><main><h1>x</h1><button></button></main></body></html>`;

let served: Served;
let browser: Browser;
/** One tab for every check: a new tab costs seconds on a small machine, a navigation a few milliseconds. */
let tab: Page;
const violations: string[] = [];
const posted: string[] = [];

beforeAll(async () => {
  const withCsp = (html: string) => ({ html, headers: { 'content-security-policy': CSP } });
  served = await serve(
    new Map([
      ...samples.map((s) => [s.name, withCsp(s.html)] as const),
      ['control', withCsp(CONTROL)],
      ['axe-control', withCsp(AXE_CONTROL)],
    ]),
    (body) => {
      posted.push(body);
      return withCsp(byName.get('fi-accepted-waiting')!.html);
    },
  );
  browser = await launchChromium();
  // A page of its own context: axe-core's runner opens a helper page beside it.
  tab = await (await browser.newContext()).newPage();
  tab.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  tab.on('pageerror', (error) => violations.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

/** The document the tab shows, as `open` last loaded it; none once a test has acted on it. */
let shown: string | undefined;

/**
 * Shows a page in the tab at `viewport`, in the light scheme; `violations` then holds what this
 * page's load reported. A page the tab already shows is not loaded again, only resized: a load costs
 * Chromium about five times the CPU of a resize (issue 20), and a confirm page has no script, so its
 * layout at a width is the same however the tab came to that width. `fresh` always loads it.
 */
async function open(
  name: string,
  viewport: { width: number; height: number },
  { fresh = false } = {},
): Promise<Page> {
  await tab.setViewportSize(viewport);
  await tab.emulateMedia({ colorScheme: 'light' });
  if (fresh || shown !== name) {
    violations.length = 0;
    await tab.goto(`${served.base}/${name}`);
  }
  // A test that types, presses or posts leaves a document that is no longer the page as loaded.
  shown = fresh ? undefined : name;
  return tab;
}

/** Every piece of visible text against the background it is drawn on: WCAG's contrast ratio. */
async function lowContrast(page: Page): Promise<string[]> {
  // Reached through the elements, not DOM globals: the project's tsconfig has no DOM library.
  return page.locator('body *').evaluateAll((elements) => {
    const rgb = (css: string) => (css.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r = 0, g = 0, b = 0]: number[]) => {
      const lin = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const style = (el: (typeof elements)[number]) => el.ownerDocument.defaultView!.getComputedStyle(el);
    const background = (el: (typeof elements)[number] | null): number[] => {
      for (; el; el = el.parentElement) {
        const c = rgb(style(el).backgroundColor);
        if (c.length === 3 || (c[3] ?? 0) > 0) return c;
      }
      return [255, 255, 255];
    };
    const TEXT_NODE = 3;
    return elements.flatMap((el) => {
      const ownText = [...el.childNodes].some((n) => n.nodeType === TEXT_NODE && n.textContent?.trim());
      if (!ownText || el.getClientRects().length === 0) return [];
      const [a, b] = [lum(rgb(style(el).color)), lum(background(el))];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      return ratio >= 4.5
        ? []
        : [`${el.tagName}.${el.className} "${el.textContent?.trim().slice(0, 30)}" ${ratio.toFixed(2)}`];
    });
  });
}

/** The bottom edge of Accept and Refuse, measured where the page opens, without scrolling. */
const buttonBottoms = (page: Page) =>
  page
    .locator('button[name="decision"]')
    .evaluateAll((buttons) => buttons.map((b) => b.getBoundingClientRect().bottom));

describe('the checks themselves', () => {
  it('notices a style without the nonce', async () => {
    await open('control', VIEWPORTS[0], { fresh: true });
    expect(violations.length).toBeGreaterThan(0);
  });

  it('finds a serious axe violation where there is one', async () => {
    const page = await open('axe-control', VIEWPORTS[0], { fresh: true });
    expect(await seriousViolations(page)).toEqual(['button-name: button']);
  });
});

describe.each(samples.map((s) => [s.name, s.answers] as const))('page %s', (name, answers) => {
  it('fits a phone and a laptop without CSP violations, with touch-sized targets', async () => {
    for (const viewport of [...VIEWPORTS, NARROW]) {
      const page = await open(name, viewport);
      const overflow = await page.locator('html').evaluate((root) => root.scrollWidth - root.clientWidth);
      const heights = await page
        .locator('button:visible, input:visible')
        .evaluateAll((els) => els.map((el) => el.getBoundingClientRect().height));
      const bottoms = answers ? await buttonBottoms(page) : [];
      if (viewport !== NARROW) {
        await shoot(page, 'pages', `${name}-${viewport.name}`);
      }
      expect(violations, viewport.width.toString()).toEqual([]);
      expect(overflow, viewport.width.toString()).toBeLessThanOrEqual(0);
      for (const height of heights) expect(height).toBeGreaterThanOrEqual(44);
      // Accept and Refuse in view as the page opens, on the phone and on the laptop.
      if (answers && viewport !== NARROW) {
        expect(bottoms, `${viewport.name}`).toHaveLength(2);
        for (const bottom of bottoms) expect(bottom, viewport.name).toBeLessThanOrEqual(viewport.height);
      }
    }
  });

  it('has no serious or critical axe violation, and keeps text contrast at WCAG AA in both schemes', async () => {
    const page = await open(name, VIEWPORTS[0]);
    const axe = await seriousViolations(page);
    const light = await lowContrast(page);
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await lowContrast(page);
    await shoot(page, 'pages', `${name}-phone-dark`);
    expect({ axe, light, dark }).toEqual({ axe: [], light: [], dark: [] });
  });
});

describe('the answer form', () => {
  it('sends nothing when Enter is pressed in the code field: only a button press answers', async () => {
    const page = await open('en-confirm-new-contact', VIEWPORTS[0], { fresh: true });
    const before = posted.length;
    await page.locator('#code').press('Enter');
    await page.waitForTimeout(300);
    expect(posted.length).toBe(before);
  });

  it('posts the code and the decision of the button pressed', async () => {
    const page = await open('fi-confirm-new-contact', VIEWPORTS[0], { fresh: true });
    await Promise.all([
      page.waitForURL(`${served.base}/confirm/${ID}`),
      page.getByRole('button', { name: 'Hylkää' }).click(),
    ]);
    expect(violations).toEqual([]);
    expect(Object.fromEntries(new URLSearchParams(posted.at(-1)))).toEqual({
      token: TOKEN,
      decision: 'refuse',
    });
  });

  it('takes Tab from the code field to Accept, with a visible focus ring', async () => {
    const page = await open('en-confirm-new-contact', VIEWPORTS[1], { fresh: true });
    await page.locator('#code').focus();
    await page.keyboard.press('Tab');
    const focused = page.locator(':focus');
    expect(await focused.count()).toBe(1);
    const outline = await focused.evaluate(
      (el) => el.ownerDocument.defaultView!.getComputedStyle(el).outlineStyle,
    );
    const value = await focused.getAttribute('value');
    await shoot(page, 'pages', 'en-confirm-focus');
    expect(value).toBe('accept');
    expect(outline).toBe('solid');
  });
});
