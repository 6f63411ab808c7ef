/**
 * Sign in: the demo credentials (as the store's `seedDemo` reports them), the sign-in form,
 * and the way to a password reset.
 */
import { h } from '../dom.js';
import { busy, field, formAlert, showErrors, values } from '../forms.js';
import { href } from '../router.js';

export function signInView(app) {
  const form = h('form', { class: 'card stack', novalidate: true, 'aria-labelledby': 'sign-in-title' },
    h('h2', { id: 'sign-in-title' }, 'Sign in'),
    formAlert(),
    field({ label: 'Email', name: 'email', type: 'email', autocomplete: 'username', required: true }),
    field({ label: 'Password', name: 'password', type: 'password', autocomplete: 'current-password', required: true }),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'button primary' }, 'Sign in'),
      h('a', { href: href('forgot') }, 'Forgot password?')));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const { email, password } = values(form);
    try {
      const { session } = await busy(form, 'Signing in…', () => app.store.login({ email, password }));
      app.changed();
      await app.signIn(session);
    } catch (error) {
      app.changed();
      showErrors(form, error, { codes: { IM102: 'password', IM011: 'password' } });
    }
  });

  return h('section', { class: 'view sign-in' },
    h('div', { class: 'intro' },
      h('p', { class: 'eyebrow' }, 'userstore · browser demo'),
      h('h1', { tabindex: '-1' }, 'An account store that runs in your browser'),
      h('p', { class: 'lead' },
        'Sign in, browse the organization\'s people, edit your profile, change your email and ' +
        'password, or reset a forgotten password through the demo mailbox. Every action is an ' +
        'operation of the userstore core, running in this page.'),
      app.seeded ? h('p', { class: 'notice success' },
        'First run: the store was empty, so it was seeded with the demo organization, its teams and people.') : null,
      app.demoLogin ? demoCredentials(app.demoLogin, form) : null),
    form);
}

/** The demo login, with a button that fills it in. */
function demoCredentials(login, form) {
  const fill = () => {
    form.elements.email.value = login.email;
    form.elements.password.value = login.password;
    form.elements.password.focus();
  };
  return h('aside', { class: 'credentials', 'aria-labelledby': 'demo-login-title' },
    h('h2', { id: 'demo-login-title' }, 'Demo login'),
    h('dl', {},
      h('div', {}, h('dt', {}, 'Email'), h('dd', {}, h('code', {}, login.email))),
      h('div', {}, h('dt', {}, 'Password'), h('dd', {}, h('code', {}, login.password)))),
    h('button', { type: 'button', class: 'button subtle small', onclick: fill }, 'Fill in the demo login'));
}
