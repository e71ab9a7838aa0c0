// The confirm pages in a real browser (Debian's Chromium through playwright-core), served with the
// same CSP as htmlRoute sends, so that a style without its nonce or a stray script shows up as a
// violation. Screenshots land in $TMPDIR/confirm-page-screens for a human to look at.
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderAnswerPage, renderConfirmPage, renderProblemPage } from '../../shared/pages/confirm-pages';
import { REQUEST_ID as ID, TOKEN, pageRequest as request } from '../support/page-fixtures';

const SCREENS = join(tmpdir(), 'confirm-page-screens');
const NONCE = 'dGVzdC1ub25jZS0xMjM0NQ==';
const CSP = `default-src 'none'; style-src 'nonce-${NONCE}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;

const common = { nonce: NONCE, serviceName: 'example.fi', confirmer: 'bb4321-ovh' };

/** Every kind of page, by the name of its screenshot. */
const PAGES: Record<string, string> = {
  'confirm-fi': renderConfirmPage({ ...common, language: 'fi', request: request(), token: TOKEN }),
  'confirm-en': renderConfirmPage({ ...common, language: 'en', request: request(), token: TOKEN }),
  'wrong-code-en': renderProblemPage({
    ...common,
    language: 'en',
    code: 'invalid_token',
    detail: 'This code is wrong, used or replaced (2 of 5 tries).',
    requestId: ID,
    token: 'TYPO',
    request: request(),
  }),
  'wrong-code-unknown-fi': renderProblemPage({
    language: 'fi',
    nonce: NONCE,
    code: 'invalid_token',
    requestId: ID,
    token: 'TYPO',
  }),
  'waiting-fi': renderAnswerPage({
    ...common,
    language: 'fi',
    confirmer: 'aa123456-ovh',
    decision: 'accept',
    request: request({
      confirmations: [
        { nic: 'aa123456-ovh', status: 'accepted', at: '2025-11-24T09:12:00.000Z' },
        { nic: 'bb4321-ovh', status: 'pending' },
      ],
    }),
  }),
  'done-en': renderAnswerPage({
    ...common,
    language: 'en',
    decision: 'accept',
    request: request({
      state: 'done',
      completedAt: '2025-11-24T10:00:00.000Z',
      notified: ['cc999-ovh'],
      confirmations: [
        { nic: 'aa123456-ovh', status: 'accepted', at: '2025-11-24T09:12:00.000Z' },
        { nic: 'bb4321-ovh', status: 'accepted', at: '2025-11-24T09:59:00.000Z' },
      ],
    }),
  }),
  'refused-fi': renderAnswerPage({
    ...common,
    language: 'fi',
    decision: 'refuse',
    request: request({
      state: 'refused',
      reason: 'Refused by bb4321-ovh.',
      confirmations: [
        { nic: 'aa123456-ovh', status: 'accepted', at: '2025-11-24T09:12:00.000Z' },
        { nic: 'bb4321-ovh', status: 'refused', at: '2025-11-24T09:59:00.000Z' },
      ],
    }),
  }),
  'closed-en': renderProblemPage({
    ...common,
    language: 'en',
    code: 'request_closed',
    request: request({ state: 'expired' }),
  }),
  'too-many-fi': renderProblemPage({
    language: 'fi',
    nonce: NONCE,
    code: 'too_many_attempts',
    requestId: ID,
  }),
  'invalid-link-en': renderProblemPage({
    language: 'en',
    nonce: NONCE,
    code: 'not_found',
    detail: 'No such contact change among yours.',
  }),
};

/** A page whose style lacks the nonce: proof that the violation check below can fail at all. */
const CONTROL = `<!doctype html><html lang="en"><head><title>control</title><style>body{color:red}</style></head><body><main><h1>x</h1></main></body></html>`;

const VIEWPORTS = [
  { name: 'phone', width: 360, height: 740 },
  { name: 'narrow', width: 320, height: 640 },
  { name: 'desktop', width: 1280, height: 800 },
] as const;

let server: Server;
let base: string;
let browser: Browser;
/** One tab for every check: a new tab costs seconds on a small machine, a navigation a few milliseconds. */
let tab: Page;
const violations: string[] = [];
const posted: string[] = [];

beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  server = createServer((req, res) => {
    const name = (req.url ?? '/').split('?')[0]!.slice(1);
    if (req.method === 'POST') {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        posted.push(body);
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': CSP });
        res.end(PAGES['waiting-fi']);
      });
      return;
    }
    const html = name === 'control' ? CONTROL : PAGES[name];
    res.writeHead(html ? 200 : 404, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': CSP,
    });
    res.end(html ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  tab = await browser.newPage();
  tab.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  tab.on('pageerror', (error) => violations.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

/** Shows a page in the tab; `violations` then holds what this page alone reported. */
async function open(name: string, viewport: { width: number; height: number }): Promise<Page> {
  violations.length = 0;
  await tab.setViewportSize(viewport);
  await tab.emulateMedia({ colorScheme: 'light' });
  await tab.goto(`${base}/${name}`);
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

describe('the CSP check itself', () => {
  it('notices a style without the nonce', async () => {
    await open('control', VIEWPORTS[0]);
    expect(violations.length).toBeGreaterThan(0);
  });
});

describe.each(Object.keys(PAGES))('page %s', (name) => {
  it.each(VIEWPORTS)('fits $width px without CSP violations, with touch-sized targets', async (viewport) => {
    const page = await open(name, viewport);
    const overflow = await page.locator('html').evaluate((root) => root.scrollWidth - root.clientWidth);
    const heights = await page
      .locator('button:visible, input:visible')
      .evaluateAll((els) => els.map((el) => el.getBoundingClientRect().height));
    await page.screenshot({ path: join(SCREENS, `${name}-${viewport.name}.png`), fullPage: true });
    expect(violations).toEqual([]);
    expect(overflow).toBeLessThanOrEqual(0);
    for (const height of heights) expect(height).toBeGreaterThanOrEqual(44);
  });

  it('keeps text contrast at WCAG AA in the light and the dark scheme', async () => {
    const page = await open(name, VIEWPORTS[0]);
    const light = await lowContrast(page);
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await lowContrast(page);
    await page.screenshot({ path: join(SCREENS, `${name}-phone-dark.png`), fullPage: true });
    expect({ light, dark }).toEqual({ light: [], dark: [] });
  });
});

describe('the answer form', () => {
  it('sends nothing when Enter is pressed in the code field: only a button press answers', async () => {
    const page = await open('confirm-en', VIEWPORTS[0]);
    const before = posted.length;
    await page.locator('#code').press('Enter');
    await page.waitForTimeout(300);
    expect(posted.length).toBe(before);
  });

  it('posts the code and the decision of the button pressed', async () => {
    const page = await open('confirm-fi', VIEWPORTS[0]);
    await Promise.all([
      page.waitForURL(`${base}/confirm/${ID}`),
      page.getByRole('button', { name: 'Hylkää' }).click(),
    ]);
    expect(violations).toEqual([]);
    expect(Object.fromEntries(new URLSearchParams(posted.at(-1)))).toEqual({
      token: TOKEN,
      decision: 'refuse',
    });
  });

  it('takes Tab from the code field to Accept, with a visible focus ring', async () => {
    const page = await open('confirm-en', VIEWPORTS[2]);
    await page.locator('#code').focus();
    await page.keyboard.press('Tab');
    const focused = page.locator(':focus');
    expect(await focused.count()).toBe(1);
    const outline = await focused.evaluate(
      (el) => el.ownerDocument.defaultView!.getComputedStyle(el).outlineStyle,
    );
    const value = await focused.getAttribute('value');
    await page.screenshot({ path: join(SCREENS, 'confirm-en-focus.png') });
    expect(value).toBe('accept');
    expect(outline).toBe('solid');
  });
});
