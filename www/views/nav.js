/**
 * The navigation bar: the account views (or "Sign in"), the host's tools (mailbox with its
 * pending count, audit log), and who is signed in, with "Sign out".
 */
import { h } from '../dom.js';
import { describe } from '../forms.js';
import { href } from '../router.js';

/** Redraws `nav` for the session and the route `route`; `pendingMails` may be null (unknown). */
export function renderNav(nav, app, { pendingMails, route }) {
  const link = (name, label, { badge, name: accessibleName } = {}) => h('li', {},
    h('a', { href: href(name), 'aria-current': name === route ? 'page' : null, 'aria-label': accessibleName },
      label, badge));
  const user = app.session.user;
  const account = app.session.signedIn
    ? [link('users', 'Users'), link('profile', 'Profile'), link('security', 'Email & password')]
    : [link('sign-in', 'Sign in')];
  const mailbox = pendingMails
    ? { badge: h('span', { class: 'badge', 'aria-hidden': 'true' }, pendingMails), name: `Mailbox, ${pendingMails} pending` }
    : {};
  const parts = [
    h('ul', { class: 'nav-list' }, account),
    h('ul', { class: 'nav-list nav-host', 'aria-label': 'Host tools' },
      link('mailbox', 'Mailbox', mailbox), link('audit', 'Audit log')),
    user ? h('div', { class: 'nav-user' },
      h('span', { class: 'avatar', 'aria-hidden': 'true' }, initials(user.name)),
      h('span', { class: 'nav-user-text' },
        h('span', { class: 'nav-user-name' }, user.name),
        h('span', { class: 'nav-user-email' }, user.email)),
      h('button', { type: 'button', class: 'button subtle small', onclick: () => signOut(app) }, 'Sign out'))
      : null,
  ];
  nav.replaceChildren(...parts.filter(Boolean));
}

/** Ends the session in the store, then in the page. */
async function signOut(app) {
  try {
    await app.asUser('logout');
    app.signOut('You are signed out.');
  } catch (error) {
    app.notify(describe(error));
  }
}

/** Up to two initials of a name, in any script. */
function initials(name) {
  const words = name.trim().split(/\s+/u);
  return words.slice(0, 2).map((w) => [...w][0]).join('').toUpperCase();
}
