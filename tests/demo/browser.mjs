/**
 * Shared helpers of the browser demo tests: Debian's headless Chromium driven by
 * playwright-core (no browser is ever downloaded), a fresh browser context per test (so each
 * starts with an empty OPFS, and the app seeds the demo data), and the steps a person takes.
 *
 * The demo is served at DEMO_URL (scripts/test-demo.sh starts `userstore serve --www www`).
 */
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

export const BASE_URL = process.env.DEMO_URL;
if (!BASE_URL) throw new Error('DEMO_URL is not set: run scripts/test-demo.sh');

/** The demo login that the store's seedDemo creates. */
export const DEMO = { email: 'demo@example.com', password: 'Blue-Harbor-2026!' };
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };
/** Store operations hash passwords with argon2id at full cost, on a loaded machine. */
export const SLOW = { timeout: 60_000 };

const SCREENSHOTS = new URL('../output/demo/', import.meta.url);

/** Starts Chromium. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/**
 * A fresh context (empty storage) with the app open at `path`; page errors and console
 * errors fail the test at `close()`.
 */
export async function openApp(browser, { path = '/', viewport = DESKTOP } = {}) {
  const context = await browser.newContext({ viewport });
  context.setDefaultTimeout(SLOW.timeout);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  await page.goto(new URL(path, BASE_URL).href);
  await page.locator('main[data-view]').waitFor();
  return {
    page,
    async close() {
      await context.close();
      assert.deepEqual(problems, [], 'the page logged no errors');
    },
  };
}

/** Waits until view `name` is shown. */
export async function viewShown(page, name) {
  await page.locator(`main[data-view="${name}"]`).waitFor();
}

/** Signs in through the form. */
export async function signIn(page, { email = DEMO.email, password = DEMO.password } = {}) {
  await viewShown(page, 'sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await viewShown(page, 'users');
}

/** Opens a view from the main navigation. */
export async function go(page, linkName, view) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: linkName }).click();
  await viewShown(page, view);
}

/**
 * Registers the `before` and `after` hooks of a test file that works signed in: before, it
 * launches Chromium, opens the app in a fresh context, signs in as the demo user, goes to the
 * view `view` through the link `link` of the main navigation when both are given (see `go`),
 * and hands the page to `ready`; after, it closes the app (failing on any logged page error)
 * and the browser.
 */
export function signedInHooks({ link, view, ready }) {
  let browser;
  let app;
  before(async () => {
    browser = await launch();
    app = await openApp(browser);
    await signIn(app.page);
    if (link) await go(app.page, link, view);
    ready(app.page);
  });
  after(async () => {
    await app?.close();
    await browser?.close();
  });
}

/** The field error shown for the control labelled `label`, in `scope` (the page or a form). */
export function fieldError(scope, label) {
  const page = typeof scope.page === 'function' ? scope.page() : scope;
  return scope.locator('.field', { has: page.getByLabel(label, { exact: true }) }).locator('.field-error');
}

/**
 * Saves the current screen at desktop and phone size (tests/output/demo/NAME-desktop.png,
 * NAME-phone.png), after checking that nothing is wider than the window.
 */
export async function screenshots(page, name) {
  await mkdir(SCREENSHOTS, { recursive: true });
  for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    await page.setViewportSize(viewport);
    await page.waitForFunction(() => !document.querySelector('.toast.visible'));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    assert.equal(overflow, 0, `${name} at ${size} size fits the window width`);
    await page.screenshot({ path: new URL(`${name}-${size}.png`, SCREENSHOTS).pathname, fullPage: true });
  }
  await page.setViewportSize(DESKTOP);
}

/** The text of each cell of a table column (by its `data-label`). */
export function column(page, label) {
  return page.locator(`table.users td[data-label="${label}"]`).allInnerTexts();
}
