/**
 * Change email and change password: the rules ticked off while typing, the store's policy
 * answer next to the fields, wrong credentials, and the mails the changes send.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO, fieldError, go, signedInHooks, viewShown } from './browser.mjs';
import { expectedError } from './reference.mjs';

let page;
signedInHooks({ link: 'Email & password', view: 'security', ready: (p) => { page = p; } });

const passwordForm = () => page.getByRole('form', { name: 'Change password' });
const emailForm = () => page.getByRole('form', { name: 'Change email' });
/** The password rules and whether each is ticked off. */
const rules = () => passwordForm().getByRole('list', { name: 'Password rules' }).locator('li')
  .evaluateAll((items) => items.map((li) => `${li.classList.contains('met') ? '✓' : '·'} ${li.lastChild.textContent}`));

test('the password rules are ticked off while typing', async () => {
  const form = passwordForm();
  assert.deepEqual(await rules(), [
    '· At least 9 characters',
    '· An uppercase letter',
    '· A number',
    '· A special character, such as - ! # or ?',
    '· Both entries match',
    '· Not a common password, your name, your email or your current password (checked when you save)',
  ]);
  await form.getByLabel('New password', { exact: true }).pressSequentially('short1');
  assert.deepEqual((await rules()).slice(0, 5), [
    '· At least 9 characters', '· An uppercase letter', '✓ A number',
    '· A special character, such as - ! # or ?', '· Both entries match',
  ]);
  await form.getByLabel('New password', { exact: true }).pressSequentially('-Otter');
  await form.getByLabel('Repeat the new password').pressSequentially('short1-Otter');
  assert.deepEqual((await rules()).slice(0, 5).map((r) => r[0]), ['✓', '✓', '✓', '✓', '✓']);
  await form.getByLabel('Repeat the new password').press('Backspace');
  assert.equal((await rules())[4], '· Both entries match');
});

test('the store\'s policy answer is shown next to the fields', async () => {
  const form = passwordForm();
  await form.getByLabel('Current password').fill(DEMO.password);
  await form.getByLabel('New password', { exact: true }).fill('password');
  await form.getByLabel('Repeat the new password').fill('passwort');
  await form.getByRole('button', { name: 'Change password' }).click();
  const expected = expectedError('changePassword', 1,
    { currentPassword: DEMO.password, newPassword1: 'password', newPassword2: 'passwort' });
  const mismatch = expected.messages.filter((m) => m.startsWith("'newPassword2'"));
  const rest = expected.messages.filter((m) => !m.startsWith("'newPassword2'"));
  assert.ok(rest.includes('The password is too common; choose one that is harder to guess.'));
  await fieldError(form, 'Repeat the new password').getByText(mismatch[0]).waitFor();
  assert.deepEqual((await fieldError(form, 'New password').innerText()).split('\n'), rest);
  assert.ok(await form.getByLabel('New password', { exact: true }).evaluate((el) => el === document.activeElement));
});

test('a wrong current password is refused next to that field', async () => {
  const form = passwordForm();
  await form.getByLabel('Current password').fill('Not-My-Password-9');
  await form.getByLabel('New password', { exact: true }).fill('Green-Heron-58');
  await form.getByLabel('Repeat the new password').fill('Green-Heron-58');
  await form.getByRole('button', { name: 'Change password' }).click();
  await fieldError(form, 'Current password').getByText('The credentials you provided are not valid.').waitFor();
  assert.equal(await form.locator('.field-error:not([hidden])').count(), 1, 'the earlier errors are gone');
});

test('a password change succeeds and mails a notice', async () => {
  const form = passwordForm();
  await form.getByLabel('Current password').fill(DEMO.password);
  await form.getByRole('button', { name: 'Change password' }).click();
  await form.getByText('Your password is changed. Your other sessions were signed out; this one stays.').waitFor();
  assert.equal(await form.getByLabel('New password', { exact: true }).inputValue(), '');
  assert.equal(await form.locator('.field-error:not([hidden])').count(), 0);
  await page.getByRole('link', { name: 'Mailbox, 1 pending' }).waitFor();

  await go(page, /Mailbox/, 'mailbox');
  const reader = page.getByRole('article');
  assert.equal(await reader.getByRole('heading').innerText(), 'Your password was changed');
  assert.match(await reader.innerText(), /To\s+demo@example\.com/);
  await go(page, 'Email & password', 'security');
});

test('change email: the store\'s errors next to the fields, then the change and its mails', async () => {
  const form = emailForm();
  await form.getByLabel('New email').fill('not an address');
  await form.getByLabel('Current password').fill('Green-Heron-58');
  await form.getByRole('button', { name: 'Change email' }).click();
  await fieldError(form, 'New email').getByText("'newEmailAddress' must be a valid email address.").waitFor();

  await form.getByLabel('New email').fill('jana.novakova@example.com');
  await form.getByRole('button', { name: 'Change email' }).click();
  await fieldError(form, 'New email').getByText('The new email address is already in use.').waitFor();

  await form.getByLabel('New email').fill('demo.person@example.com');
  await form.getByLabel('Current password').fill(DEMO.password);
  await form.getByRole('button', { name: 'Change email' }).click();
  await form.locator('[name="currentPassword"][aria-invalid="true"]').waitFor();
  assert.equal(await form.locator('.field-error:not([hidden])').innerText(), 'The credentials you provided are not valid.');

  await form.getByLabel('Current password').fill('Green-Heron-58');
  await form.getByRole('button', { name: 'Change email' }).click();
  await form.getByText('Your email is now demo.person@example.com. Both addresses got a notice.').waitFor();
  assert.equal(await form.getByLabel('Current email').inputValue(), 'demo.person@example.com');
  assert.match(await page.getByRole('navigation', { name: 'Main' }).innerText(), /demo\.person@example\.com/);

  await go(page, /Mailbox/, 'mailbox');
  const items = await page.getByRole('list', { name: 'Mails' }).getByRole('button').allInnerTexts();
  assert.match(items[0], /^demo\.person@example\.com\nYour email address was changed/);
  assert.match(items[1], /^demo@example\.com\nYour email address was changed/);
  await page.getByRole('list', { name: 'Mails' }).getByRole('button').nth(1).click();
  assert.match(await page.getByRole('article').innerText(), /changed to demo\.person@example\.com/);
  await viewShown(page, 'mailbox');
});
