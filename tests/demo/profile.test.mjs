/**
 * The profile form: the enum lists from the store, a saved change, and the store's field
 * errors next to the fields.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fieldError, signedInHooks } from './browser.mjs';
import { enumList, expectedError } from './reference.mjs';

let page;
signedInHooks({ link: 'Profile', view: 'profile', ready: (p) => { page = p; } });

const options = (label) => page.getByLabel(label, { exact: true }).locator('option');

test('the lists hold every entry of the store\'s enums, and the form shows the current values', async () => {
  assert.equal(await options('Language').count(), enumList('languages').length);
  assert.equal(await options('Time zone').count(), enumList('timezones').length);
  assert.equal(await options('Locale').count(), enumList('locales').length);
  // Every user has a country (the demo user's comes from its locale, en-US).
  assert.equal(await options('Country').count(), enumList('countries').length);
  assert.equal(await page.getByLabel('Name', { exact: true }).inputValue(), 'Demo User');
  assert.equal(await page.getByLabel('Language').locator('option:checked').innerText(), 'English (en)');
  assert.equal(await page.getByLabel('Time zone').locator('option:checked').innerText(), '(GMT+00:00) Etc/UTC');
  assert.equal(await page.getByLabel('Country').locator('option:checked').innerText(), 'United States');
});

test('the store\'s field errors appear next to the field', async () => {
  const name = page.getByLabel('Name', { exact: true });
  await name.fill(' Demo <User> ');
  await page.getByRole('button', { name: 'Save profile' }).click();
  const expected = expectedError('updateUser', 1, { name: ' Demo <User> ' });
  assert.equal(expected.code, 'SC400');
  await fieldError(page, 'Name').getByText(expected.messages[0]).waitFor();
  assert.deepEqual((await fieldError(page, 'Name').innerText()).split('\n'), expected.messages);
  assert.equal(await name.getAttribute('aria-invalid'), 'true');
  assert.ok(await name.evaluate((el) => el === document.activeElement), 'the field with the error has the focus');
  assert.match(await name.getAttribute('aria-describedby'), new RegExp(await fieldError(page, 'Name').getAttribute('id')));
  assert.equal(await page.locator('.field-error:not([hidden])').count(), 1, 'only the name is wrong');
});

test('a saved profile shows everywhere', async () => {
  await page.getByLabel('Name', { exact: true }).fill('Ada Demo');
  await page.getByLabel('Language').selectOption('cs');
  await page.getByLabel('Time zone').selectOption({ label: '(GMT+01:00) Europe/Prague' });
  await page.getByLabel('Locale').selectOption({ label: 'Czech (Czechia) (cs-CZ)' });
  await page.getByLabel('Country').selectOption({ label: 'Czechia' });
  await page.getByLabel('Name', { exact: true }).press('Enter');
  await page.getByText('Saved. Your name is now Ada Demo.').waitFor();
  assert.equal(await page.locator('.field-error:not([hidden])').count(), 0, 'the earlier error is gone');
  const account = page.getByRole('complementary', { name: 'Account' });
  assert.match(await account.innerText(), /TIME ZONE\s+Europe\/Prague\s+LOCALE\s+cs-CZ/);
  assert.match(await page.getByRole('navigation', { name: 'Main' }).innerText(), /Ada Demo/);
  // The saved values are what the form shows after a reload.
  await page.reload();
  await page.locator('main[data-view="profile"]').waitFor();
  assert.equal(await options('Country').count(), enumList('countries').length);
  assert.equal(await page.getByLabel('Country').locator('option:checked').innerText(), 'Czechia');
  assert.equal(await page.getByLabel('Language').locator('option:checked').innerText(), 'Czech (cs)');
});
