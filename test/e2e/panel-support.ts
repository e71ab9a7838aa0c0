// The control panel in Debian's Chromium (playwright-core, never a downloaded browser): one browser
// per test file, a context per person, signing in through the local sign-in page as a person would.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack';
import { fullPagePng, launchChromium } from './visual-support';

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

/** Screenshots for a human to look at. */
export const SCREENS = join(tmpdir(), 'panel-screens');
mkdirSync(SCREENS, { recursive: true });

export { launchChromium };

/** A test file's local stack and browser, once its tests have begun. */
export interface StackAndBrowser {
  readonly stack: TestStack;
  readonly browser: Browser;
}

/**
 * Starts the local stack and a browser before the file's first test and stops both after its last:
 * call once at the top of a test file, and read `stack` and `browser` inside the tests.
 */
export function startStackAndBrowser(): StackAndBrowser {
  let stack: TestStack | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    stack = await startTestStack();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });
  const started = <T>(what: T | undefined, name: string): T => {
    if (what === undefined)
      throw new Error(`The ${name} is started before the file's first test: read it inside one`);
    return what;
  };
  return {
    get stack() {
      return started(stack, 'stack');
    },
    get browser() {
      return started(browser, 'browser');
    },
  };
}

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
