/**
 * A screenshot of each main screen at 1280x800 and 390x844 (tests/output/demo/), taken after
 * checking that nothing is wider than the window. Look at them after changing the CSS.
 */
import { after, before, test } from 'node:test';
import { DEMO, go, launch, openApp, screenshots, signIn, viewShown } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('each main screen, at desktop and phone size', async () => {
  const app = await openApp(browser);
  const { page } = app;
  await viewShown(page, 'sign-in');
  await screenshots(page, '01-sign-in');

  await signIn(page);
  await page.getByRole('status').getByText('Rows 1–10').waitFor();
  await screenshots(page, '02-users');

  await go(page, 'Profile', 'profile');
  await page.getByLabel('Name', { exact: true }).fill('Demo <User>');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await page.locator('.field-error:not([hidden])').waitFor();
  await screenshots(page, '03-profile');

  await go(page, 'Email & password', 'security');
  const passwordForm = page.getByRole('form', { name: 'Change password' });
  await passwordForm.getByLabel('Current password').fill(DEMO.password);
  await passwordForm.getByLabel('New password', { exact: true }).fill('harbor-2026');
  await passwordForm.getByLabel('Repeat the new password').fill('harbor-2026');
  await passwordForm.getByRole('button', { name: 'Change password' }).click();
  await passwordForm.locator('.field-error:not([hidden])').waitFor();
  await screenshots(page, '04-email-and-password');

  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await viewShown(page, 'forgot');
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await page.getByText('Check your mailbox.').waitFor();
  await screenshots(page, '05-forgot-password');

  await page.getByRole('link', { name: 'Open the demo mailbox' }).click();
  await viewShown(page, 'mailbox');
  await screenshots(page, '06-mailbox');

  await page.getByRole('article').getByRole('link').click();
  await viewShown(page, 'reset-password');
  await page.getByLabel('New password', { exact: true }).fill('Quiet-Lagoon');
  await screenshots(page, '07-reset-password');

  await page.getByLabel('New password', { exact: true }).fill('Quiet-Lagoon-73!');
  await page.getByLabel('Repeat the new password').fill('Quiet-Lagoon-73!');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await page.getByRole('heading', { name: 'Your password was reset' }).waitFor();
  await screenshots(page, '08-password-reset');

  await go(page, 'Audit log', 'audit');
  await screenshots(page, '09-audit-log');
  await app.close();
});
