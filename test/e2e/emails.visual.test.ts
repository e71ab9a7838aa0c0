// Every email's HTML part, in both languages, as a reader's browser shows it at a phone's and a
// laptop's width: screenshots in test-artifacts/emails, no horizontal scrolling, no serious or
// critical axe violation, and nothing loaded from anywhere.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../shared/domain/model';
import { renderEmail } from '../../shared/email/render';
import { emailSamples } from '../support/email-samples';
import { launchChromium, seriousViolations, serve, shoot, VIEWPORTS, type Served } from './visual-support';
import { ALL_EMAILS } from '../../shared/email/kinds/all';

// Mail clients load nothing for an email we send: neither may the test's browser.
const EMAIL_CSP = "default-src 'none'; style-src 'unsafe-inline'";

const samples = await Promise.all(
  LANGUAGES.map(async (language) =>
    (await emailSamples(language)).map(({ name, message }) => ({
      name: `${language}-${name}`,
      html: renderEmail(message, ALL_EMAILS[message.kind], { providerName: 'Example Hosting' }).html,
    })),
  ),
).then((all) => all.flat());

let browser: Browser;
let served: Served;
let tab: Page;
const blocked: string[] = [];

beforeAll(async () => {
  served = await serve(
    new Map(
      samples.map(({ name, html }) => [name, { html, headers: { 'content-security-policy': EMAIL_CSP } }]),
    ),
  );
  browser = await launchChromium();
  // A page of its own context: axe-core's runner opens a helper page beside it.
  tab = await (await browser.newContext()).newPage();
  tab.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
  });
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

/** The email the tab shows: loaded unless the tab already shows it, `blocked` then holding its load's reports. */
let shown: string | undefined;
async function open(name: string): Promise<void> {
  if (shown === name) return;
  blocked.length = 0;
  await tab.goto(`${served.base}/${name}`);
  shown = name;
}

// Each email is loaded once and read at both widths by resizing the tab: a load costs Chromium about
// five times the CPU of a resize (issue 20), and an email has no script, so its layout at a width is
// the same however the tab came to that width.
describe.each(samples.map((s) => [s.name]))('email %s', (name) => {
  it('reads at a phone’s and a laptop’s width, with nothing hidden sideways and nothing loaded', async () => {
    await open(name);
    for (const viewport of VIEWPORTS) {
      await tab.setViewportSize(viewport);
      const overflow = await tab.locator('html').evaluate((root) => root.scrollWidth - root.clientWidth);
      await shoot(tab, 'emails', `${name}-${viewport.name}`);
      expect(overflow, viewport.name).toBeLessThanOrEqual(0);
    }
    expect(blocked).toEqual([]);
  });

  // The markup of an email is the same in both languages (render.ts writes it from the same blocks):
  // axe reads each email once, in English, which keeps this file's run short on a busy machine.
  if (name.startsWith('en-')) {
    it('has no serious or critical accessibility violation', async () => {
      await open(name);
      await tab.setViewportSize(VIEWPORTS[0]);
      expect(await seriousViolations(tab)).toEqual([]);
    });
  }
});
