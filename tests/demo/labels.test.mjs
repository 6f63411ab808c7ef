/**
 * Every form field of every view has a label, and every button and link has a name.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, go, launch, openApp, signIn, viewShown } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The fields, buttons and links of the page that have no accessible name. */
function unlabelled(page) {
  return page.evaluate(() => {
    const name = (el) => {
      const byIds = (el.getAttribute('aria-labelledby') ?? '').split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
      return [el.getAttribute('aria-label'), byIds, ...[...(el.labels ?? [])].map((l) => l.textContent)]
        .join(' ').trim();
    };
    const problems = [];
    for (const el of document.querySelectorAll('input, select, textarea')) {
      if (el.type === 'hidden') continue;
      if (!name(el)) problems.push(`${el.tagName.toLowerCase()}[name=${el.name}]`);
    }
    for (const el of document.querySelectorAll('button, a[href], summary')) {
      if (!(name(el) || el.textContent.trim())) problems.push(el.outerHTML.slice(0, 80));
    }
    return problems;
  });
}

async function check(page, view) {
  await viewShown(page, view);
  assert.deepEqual(await unlabelled(page), [], `every field of ${view} has a label`);
}

test('every form field has a label, in every view', async () => {
  const app = await openApp(browser);
  const { page } = app;
  await check(page, 'sign-in');
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await check(page, 'forgot');
  await page.getByLabel('Email').fill(DEMO.email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await page.getByRole('link', { name: 'Open the demo mailbox' }).click();
  await check(page, 'mailbox');
  await page.getByRole('article').getByRole('link').click();
  await check(page, 'reset-password');
  await page.goto(page.url().replace(/#.*/, '#/sign-in'));
  await signIn(page);
  await page.getByText('Columns', { exact: true }).click();
  await check(page, 'users');
  assert.equal(await page.locator('input[name=column]').count(), 10);
  await go(page, 'Profile', 'profile');
  await check(page, 'profile');
  await go(page, 'Email & password', 'security');
  await check(page, 'security');
  await go(page, 'Audit log', 'audit');
  await check(page, 'audit');
  // Sanity: the check does find a field without a label.
  await page.evaluate(() => document.querySelector('main').append(document.createElement('input')));
  assert.deepEqual(await unlabelled(page), ['input[name=]']);
  await app.close();
});
