/**
 * Forgot password, clicked through: the demand, the mail in the mailbox, the reset link
 * opening the reset page, the store's policy answer, the new password, and the old sessions
 * gone. Also: a used link is refused, and an unknown address gets the same answer and no mail.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BASE_URL, DEMO, fieldError, go, launch, openApp, signIn, viewShown } from './browser.mjs';

const NEW_PASSWORD = 'Quiet-Lagoon-73!';
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a forgotten password is reset through the mailbox, and the old session is gone', async () => {
  const app = await openApp(browser);
  const { page } = app;
  await signIn(page);
  await go(page, 'Email & password', 'security');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await viewShown(page, 'forgot');
  assert.equal(await page.getByLabel('Email').inputValue(), DEMO.email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await page.getByText(`If ${DEMO.email} belongs to an account, a reset link is on its way.`).waitFor();

  await page.getByRole('link', { name: 'Open the demo mailbox' }).click();
  await viewShown(page, 'mailbox');
  const reader = page.getByRole('article');
  assert.equal(await reader.getByRole('heading').innerText(), 'Reset your password');
  const headers = await reader.locator('.mail-headers').innerText();
  assert.match(headers, /^From\s+Demo Org accounts <no-reply@example\.com>\s+To\s+demo@example\.com\s+Date\s+\S/);
  const body = await reader.locator('.mail-body').innerText();
  assert.match(body, /^Hello Demo User,\s+Someone asked to reset the password of this account\./);
  const link = reader.getByRole('link');
  const href = await link.getAttribute('href');
  assert.match(href, new RegExp(`^${BASE_URL}/reset-password\\?hash=[0-9a-f]{32}$`));
  assert.equal(await link.innerText(), href);

  await link.click();
  await viewShown(page, 'reset-password');
  assert.equal(page.url(), `${BASE_URL}/#/reset-password`, 'the used hash left the address bar');
  await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();

  await page.getByLabel('New password', { exact: true }).fill('lagoon');
  await page.getByLabel('Repeat the new password').fill('lagoon');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await fieldError(page, 'New password').getByText('The password must be at least 9 characters long.').waitFor();
  assert.match(await fieldError(page, 'New password').innerText(), /at least one uppercase letter/);

  await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel('Repeat the new password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Set new password' }).click();
  await page.getByRole('heading', { name: 'Your password was reset' }).waitFor();
  const sessions = page.getByRole('list', { name: 'Sessions' });
  assert.equal(await sessions.innerText(), "This tab's session as demo@example.com: signed out (SC401)");
  const nav = page.getByRole('navigation', { name: 'Main' });
  // Pending: the reset link and the notice of the reset.
  await nav.getByRole('link', { name: 'Mailbox, 2 pending' }).waitFor();
  assert.deepEqual(await nav.getByRole('link').allInnerTexts(), ['Sign in', 'Mailbox\n2', 'Audit log']);
  assert.equal(await nav.getByRole('button', { name: 'Sign out' }).count(), 0);

  // The mailbox now has the notice; delivering the reset mail erases its body and link.
  await go(page, /Mailbox/, 'mailbox');
  assert.equal(await page.getByRole('article').getByRole('heading').innerText(), 'Your password was reset');
  await page.getByRole('list', { name: 'Mails' }).getByRole('button', { name: /Reset your password/ }).click();
  await page.getByRole('button', { name: 'Mark as delivered (erases the body)' }).click();
  await page.getByRole('article').getByText('the store erased the body, and any link in it').waitFor();
  assert.equal(await page.getByRole('article').getByRole('link').count(), 0);

  // The link works once: opened again (a fresh page load of /reset-password), it is refused.
  await page.goto(href);
  await viewShown(page, 'reset-password');
  await page.getByRole('alert').getByText('The password reset link is invalid or has expired.').waitFor();

  // The old password no longer signs in; the new one does.
  await page.getByRole('link', { name: 'Sign in' }).click();
  await viewShown(page, 'sign-in');
  await page.getByLabel('Email').fill(DEMO.email);
  await page.getByLabel('Password').fill(DEMO.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await fieldError(page, 'Password').getByText('The credentials you provided are not valid.').waitFor();
  await signIn(page, { password: NEW_PASSWORD });

  await go(page, 'Audit log', 'audit');
  const events = await page.locator('table.audit td[data-label="Event"] code').allInnerTexts();
  assert.deepEqual(events.slice(0, 5),
    ['login_succeeded', 'login_failed', 'reset_done', 'reset_session_opened', 'reset_demanded']);
  assert.deepEqual(new Set(await page.locator('table.audit td[data-label="User"]').allInnerTexts()),
    new Set(['Demo User <demo@example.com>']));
  await app.close();
});

test('an unknown address gets the same answer, and no mail', async () => {
  const app = await openApp(browser);
  const { page } = app;
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await viewShown(page, 'forgot');
  await page.getByLabel('Email').fill('nobody@example.com');
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await page.getByText('If nobody@example.com belongs to an account, a reset link is on its way.').waitFor();
  await page.getByRole('link', { name: 'Open the demo mailbox' }).click();
  await viewShown(page, 'mailbox');
  await page.getByText('The outbox is empty.').waitFor();
  await go(page, 'Audit log', 'audit');
  assert.equal(await page.locator('table.audit tbody tr').innerText(),
    (await page.locator('table.audit td[data-label="Time"]').innerText()) + '\tPassword reset requested reset_demanded\tno account (unknown address)');
  await app.close();
});
