/**
 * Email and password: change the email address (current address and password needed) and the
 * password (current password needed; the rules are ticked off while typing, and the store's
 * policy answer is shown next to the fields).
 */
import { h } from '../dom.js';
import { busy, clearErrors, field, formAlert, showErrors, values } from '../forms.js';
import { newPasswordFields } from '../password-fields.js';
import { href } from '../router.js';

export async function securityView(app) {
  const user = await app.refreshUser();
  return h('section', { class: 'view' },
    h('header', { class: 'view-header' },
      h('h1', { tabindex: '-1' }, 'Email & password'),
      h('p', { class: 'muted' }, 'Both changes need your current password. The store mails you about each of them.')),
    h('div', { class: 'columns even' }, emailForm(app, user), passwordForm(app, user)));
}

/** The current password, which both changes need. */
function currentPassword() {
  return field({ label: 'Current password', name: 'currentPassword', type: 'password',
    autocomplete: 'current-password', required: true });
}

function emailForm(app, user) {
  const status = h('p', { class: 'form-status', role: 'status' });
  const form = h('form', { class: 'card stack', novalidate: true, 'aria-labelledby': 'email-title' },
    h('h2', { id: 'email-title' }, 'Change email'),
    formAlert(),
    field({ label: 'Current email', name: 'currentEmailAddress', type: 'email', value: user.email,
      autocomplete: 'email', required: true }),
    field({ label: 'New email', name: 'newEmailAddress', type: 'email', autocomplete: 'off', required: true }),
    currentPassword(),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button primary' }, 'Change email'), status));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.textContent = '';
    const body = values(form);
    try {
      const result = await busy(form, 'Saving…', () => app.asUser('changeEmail', user.id, body));
      clearErrors(form);
      const updated = await app.refreshUser();
      form.elements.currentEmailAddress.value = updated.email;
      form.elements.newEmailAddress.value = '';
      form.elements.currentPassword.value = '';
      status.textContent = result.changed
        ? `Your email is now ${updated.email}. Both addresses got a notice.`
        : `Open the link mailed to ${body.newEmailAddress} to finish the change.`;
    } catch (error) {
      showErrors(form, error, { fallback: 'newEmailAddress', codes: { IM102: 'currentPassword', IM011: 'currentPassword' } });
    } finally {
      app.changed();
    }
  });
  return form;
}

function passwordForm(app, user) {
  const status = h('p', { class: 'form-status', role: 'status' });
  const form = h('form', { class: 'card stack', novalidate: true, 'aria-labelledby': 'password-title' },
    h('h2', { id: 'password-title' }, 'Change password'),
    formAlert(),
    currentPassword(),
    newPasswordFields(),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'button primary' }, 'Change password'),
      h('a', { href: href('forgot') }, 'Forgot your password?')),
    status);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.textContent = '';
    const body = values(form);
    try {
      await busy(form, 'Saving…', () => app.asUser('changePassword', user.id, body));
      clearErrors(form);
      form.reset();
      form.elements.newPassword1.dispatchEvent(new Event('input')); // untick the rules
      status.textContent = 'Your password is changed. Your other sessions were signed out; this one stays.';
    } catch (error) {
      showErrors(form, error, { fallback: 'newPassword1', codes: { IM102: 'currentPassword', IM011: 'currentPassword' } });
    } finally {
      app.changed();
    }
  });
  return form;
}
