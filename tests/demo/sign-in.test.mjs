/**
 * Sign in and out, the demo credentials on the first screen, first-run seeding, and a reload
 * that keeps the data (OPFS) and the tab's session.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, fieldError, go, launch, openApp, signIn, viewShown } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the first screen shows the demo login; a wrong password is refused next to the field', async () => {
  const app = await openApp(browser);
  const { page } = app;
  await viewShown(page, 'sign-in');
  assert.equal(await page.title(), 'Sign in · userstore demo');
  await page.getByText('First run: the store was empty').waitFor();
  const login = page.getByRole('complementary', { name: 'Demo login' });
  assert.match(await login.innerText(), /demo@example\.com[\s\S]*Blue-Harbor-2026!/);

  await page.getByLabel('Email').fill(DEMO.email);
  await page.getByLabel('Password').fill('Not-The-Password-1');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await fieldError(page, 'Password').getByText('The credentials you provided are not valid.').waitFor();
  assert.equal(await page.getByLabel('Password').getAttribute('aria-invalid'), 'true');

  // "Fill in the demo login" puts the shown credentials in the form.
  await login.getByRole('button', { name: 'Fill in the demo login' }).click();
  assert.equal(await page.getByLabel('Password').inputValue(), DEMO.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await viewShown(page, 'users');
  const nav = page.getByRole('navigation', { name: 'Main' });
  assert.match(await nav.innerText(), /Demo User\s+demo@example\.com/);
  await app.close();
});

test('sign out ends the session and leaves only the public views', async () => {
  const app = await openApp(browser);
  const { page } = app;
  await signIn(page);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await viewShown(page, 'sign-in');
  await page.getByRole('status').getByText('You are signed out.').waitFor();
  const links = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allInnerTexts();
  assert.deepEqual(links, ['Sign in', 'Mailbox', 'Audit log']);
  // An account view asks for signing in again.
  await page.goto(page.url().replace(/#.*/, '#/profile'));
  await viewShown(page, 'sign-in');
  await go(page, 'Audit log', 'audit');
  const events = await page.locator('table.audit td[data-label="Event"]').allInnerTexts();
  assert.deepEqual(events.slice(0, 2), ['Signed out logged_out', 'Signed in login_succeeded']);
  await app.close();
});

test('a reload keeps the data and the session; the store is not seeded twice', async () => {
  const app = await openApp(browser);
  const { page } = app;
  await signIn(page);
  await go(page, 'Profile', 'profile');
  await page.getByLabel('Name', { exact: true }).fill('Demo Reloaded');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await page.getByText('Saved. Your name is now Demo Reloaded.').waitFor();

  await page.reload();
  await viewShown(page, 'profile');
  assert.equal(await page.getByLabel('Name', { exact: true }).inputValue(), 'Demo Reloaded');
  assert.match(await page.getByRole('navigation', { name: 'Main' }).innerText(), /Demo Reloaded/);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await viewShown(page, 'sign-in');
  await page.reload();
  await viewShown(page, 'sign-in');
  assert.equal(await page.getByText('First run').count(), 0, 'no second seeding');
  await signIn(page);
  await go(page, 'Users', 'users');
  await page.getByLabel('Name contains').fill('Reloaded');
  await page.getByText('Rows 1–1 of').waitFor();
  assert.deepEqual(await page.locator('table.users td[data-label="Name"]').allInnerTexts(), ['Demo Reloaded']);
  await app.close();
});
