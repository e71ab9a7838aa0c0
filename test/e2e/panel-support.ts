// The control panel in Debian's Chromium (playwright-core, never a downloaded browser): one browser
// per test file, a context per person, signing in through the local sign-in page as a person would.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { TestStack } from '../support/stack';

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

/** Screenshots for a human to look at. */
export const SCREENS = join(tmpdir(), 'panel-screens');
mkdirSync(SCREENS, { recursive: true });

import { fullPagePng } from './visual-support';
export { launchChromium } from './visual-support';

/** A fresh context (its own sessionStorage), signed in as `nic` on the local sign-in page. */
export async function signIn(
  browser: Browser,
  stack: TestStack,
  nic: string,
  { viewport = DESKTOP, path = '/panel/' }: { viewport?: typeof DESKTOP; path?: string } = {},
): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'en-GB' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`${stack.apiUrl}${path}`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByLabel('Account').selectOption(nic);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText(`(${nic})`).first().waitFor();
  expect(problems).toEqual([]);
  return page;
}

export { seriousViolations } from './visual-support';

export const shoot = (page: Page, name: string) => fullPagePng(page, join(SCREENS, `${name}.png`));

/** The code of the newest code email to `address` for request `id` (the mailbox's JSON store). */
export const codeFor = (stack: TestStack, address: string, id: string) => stack.code(address, id);

/** The id of the newest request in a "see the request" link of the green box. */
export async function createdRequestId(page: Page): Promise<string> {
  const href = await page.getByRole('status').getByRole('link').first().getAttribute('href');
  return href!.split('/').at(-1)!;
}
