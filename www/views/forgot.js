/**
 * Forgot password, step 1: demand a reset link by email. The store answers the same whether
 * or not the address has an account, and so does this page.
 */
import { h } from '../dom.js';
import { busy, field, formAlert, showErrors, values } from '../forms.js';
import { href } from '../router.js';

export function forgotView(app) {
  const email = app.session.user?.email ?? '';
  const form = h('form', { class: 'stack', novalidate: true },
    formAlert(),
    field({ label: 'Email', name: 'email', type: 'email', value: email, autocomplete: 'email', required: true }),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'button primary' }, 'Send reset link'),
      h('a', { href: href(app.session.signedIn ? 'security' : 'sign-in') }, 'Back')));
  const sent = h('div', { class: 'notice success', tabindex: '-1', hidden: true });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const { email: address } = values(form);
    try {
      await busy(form, 'Sending…', () => app.store.demandPasswordReset({ email: address }));
      app.changed();
      sent.replaceChildren(
        h('p', {}, h('strong', {}, 'Check your mailbox. '),
          `If ${address} belongs to an account, a reset link is on its way. It works once, within an hour.`),
        h('p', {}, h('a', { href: href('mailbox'), class: 'button primary' }, 'Open the demo mailbox')));
      sent.hidden = false;
      sent.focus();
    } catch (error) {
      showErrors(form, error, { fallback: 'email' });
    }
  });

  return h('section', { class: 'view narrow' },
    h('div', { class: 'card stack' },
      h('h1', { tabindex: '-1' }, 'Forgot your password?'),
      h('p', {}, 'Enter the email address of your account, and we will send you a link to choose a new password.'),
      form,
      sent));
}
