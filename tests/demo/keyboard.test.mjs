/**
 * Keyboard only: the whole lost-password flow, from the first screen to signing in with the new
 * password, with Tab, Enter and typing alone; every stop shows a visible focus ring.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, launch, openApp, viewShown } from './browser.mjs';

const NEW_PASSWORD = 'Amber-Falcon-42?';
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** What has the focus: its label (fields) or its text (links, buttons), and its focus ring. */
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    return {
      name: (el.labels?.[0] ?? el).textContent.trim(),
      ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    };
  });
}

/** Presses Tab until the element named `name` has the focus (at most 30 times). */
async function tabTo(page, name) {
  const seen = [];
  for (let i = 0; i < 30; i += 1) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    seen.push(now.name);
    if (now.name === name) {
      assert.ok(now.ring, `${name} shows a focus ring`);
      return;
    }
  }
  assert.fail(`Tab never reached "${name}"; it went through: ${seen.join(' | ')}`);
}

test('the reset flow with Tab and Enter alone', async () => {
  const app = await openApp(browser);
  const { page } = app;
  const { keyboard } = page;
  await viewShown(page, 'sign-in');

  await tabTo(page, 'Forgot password?');
  await keyboard.press('Enter');
  await viewShown(page, 'forgot');
  await tabTo(page, 'Email');
  await keyboard.type(DEMO.email);
  await keyboard.press('Enter');
  await page.getByText('Check your mailbox.').waitFor();

  await tabTo(page, 'Open the demo mailbox');
  await keyboard.press('Enter');
  await viewShown(page, 'mailbox');
  await tabTo(page, (await page.getByRole('article').getByRole('link').innerText()));
  await keyboard.press('Enter');
  await viewShown(page, 'reset-password');
  await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();

  await tabTo(page, 'New password');
  await keyboard.type(NEW_PASSWORD);
  await tabTo(page, 'Repeat the new password');
  await keyboard.type(NEW_PASSWORD);
  await keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Your password was reset' }).waitFor();

  await tabTo(page, 'Sign in with the new password');
  await keyboard.press('Enter');
  await viewShown(page, 'sign-in');
  await tabTo(page, 'Email');
  await keyboard.type(DEMO.email);
  await tabTo(page, 'Password');
  await keyboard.type(NEW_PASSWORD);
  await keyboard.press('Enter');
  await viewShown(page, 'users');
  assert.match(await page.getByRole('navigation', { name: 'Main' }).innerText(), /Demo User/);
  await app.close();
});
