/**
 * Forgot password, steps 2 and 3: the page a mailed reset link opens
 * (`/reset-password?hash=…`). It trades the hash for a reset session (the hash works once),
 * takes the new password, and shows that every earlier session of the account is gone.
 */
import { h } from '../dom.js';
import { busy, describe, formAlert, showErrors, values } from '../forms.js';
import { newPasswordFields } from '../password-fields.js';
import { href } from '../router.js';

export async function resetView(app, params) {
  const hash = params.get('hash');
  const view = (...content) => h('section', { class: 'view narrow' },
    h('div', { class: 'card stack' }, h('h1', { tabindex: '-1' }, 'Choose a new password'), content));
  const newLink = h('a', { href: href('forgot') }, 'Ask for a new reset link');

  if (!hash) {
    return view(h('p', {}, 'This page needs the link from a password reset mail. '), h('p', {}, newLink));
  }
  let resetSession;
  try {
    ({ resetSession } = await app.store.openResetSession(hash));
  } catch (error) {
    return view(h('p', { class: 'notice error', role: 'alert' }, describe(error)), h('p', {}, newLink));
  } finally {
    // The hash is used up either way: keep it out of the address bar and the history.
    history.replaceState(null, '', href('reset-password'));
    app.changed();
  }

  const form = h('form', { class: 'stack', novalidate: true },
    formAlert(),
    newPasswordFields(),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button primary' }, 'Set new password')));
  const section = view(h('p', {}, 'The link is valid. Choose the password you will sign in with from now on.'), form);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const { newPassword1, newPassword2 } = values(form);
    try {
      await busy(form, 'Saving…', () => app.store.resetPassword(resetSession, { newPassword1, newPassword2 }));
    } catch (error) {
      showErrors(form, error, { fallback: 'newPassword1' });
      return;
    }
    app.changed();
    section.replaceChildren(await done(app));
    section.querySelector('h1').focus();
  });
  return section;
}

/** The outcome: the password is set, and this tab's earlier session, if any, no longer works. */
async function done(app) {
  const rows = [];
  if (app.session.signedIn) {
    const who = app.session.user?.email ?? `user ${app.session.userId}`;
    let answer;
    try {
      await app.store.currentAuthorization(app.session.authorization);
      answer = h('span', { class: 'tag' }, 'still active');
    } catch (error) {
      answer = h('span', { class: 'tag danger' }, `signed out (${error.code})`);
    }
    app.session.end();
    app.changed();
    rows.push(h('li', {}, `This tab's session as ${who}: `, answer));
  }
  return h('div', { class: 'card stack' },
    h('h1', { tabindex: '-1' }, 'Your password was reset'),
    h('p', { class: 'notice success' }, 'The new password is set, and the store signed out every session of the account.'),
    rows.length ? h('ul', { class: 'plain', 'aria-label': 'Sessions' }, rows) : null,
    h('p', {}, h('a', { href: href('sign-in'), class: 'button primary' }, 'Sign in with the new password')));
}
