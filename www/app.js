/**
 * The account console: opens the store (seeding the demo data on first run), restores this
 * tab's session, and shows the view the address names. Views get `app`, the context below.
 */
import { h } from './dom.js';
import { describe } from './forms.js';
import { currentRoute, href, isAppLink, isViewHash } from './router.js';
import { Session } from './session.js';
import { openStore, DATABASE } from './store.js';
import { renderNav } from './views/nav.js';
import { signInView } from './views/sign-in.js';
import { forgotView } from './views/forgot.js';
import { resetView } from './views/reset.js';
import { usersView } from './views/users.js';
import { profileView } from './views/profile.js';
import { securityView } from './views/security.js';
import { mailboxView } from './views/mailbox.js';
import { auditView } from './views/audit.js';

/** The views by route name; `account` views need a signed-in user. */
const ROUTES = {
  'sign-in': { title: 'Sign in', view: signInView },
  forgot: { title: 'Forgot password', view: forgotView },
  'reset-password': { title: 'Choose a new password', view: resetView },
  users: { title: 'Users', view: usersView, account: true },
  profile: { title: 'Profile', view: profileView, account: true },
  security: { title: 'Email and password', view: securityView, account: true },
  mailbox: { title: 'Mailbox', view: mailboxView },
  audit: { title: 'Audit log', view: auditView },
};

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const toast = document.getElementById('toast');

/** What views share: the store, the session, navigation and messages. */
const app = {
  /** The UserStoreClient: every call returns a Promise. Without an authorization argument
   * a call acts as the host (system actor); the page is the host of its own store. */
  store: null,
  session: new Session(),
  /** `{ email, password }` of the demo login, as `seedDemo` reports it. */
  demoLogin: null,
  /** Whether this start seeded the demo data (the store was empty). */
  seeded: false,

  /** Calls a store method as the signed-in user; a session the store no longer knows ends here. */
  async asUser(method, ...args) {
    try {
      return await app.store[method](...args, app.session.authorization);
    } catch (error) {
      if (error.code === 'SC401' && app.session.signedIn) {
        app.signOut('Your session has ended. Sign in again.');
      }
      throw error;
    }
  },

  /** Loads the signed-in user with every column (`me`). */
  async refreshUser() {
    const { authUser } = await app.asUser('me', {});
    app.session.user = authUser;
    renderShell();
    return authUser;
  },

  /** Keeps a new session from `login` and opens the users list. */
  async signIn(session) {
    app.session.start(session);
    await app.refreshUser();
    app.navigate('users');
  },

  /**
   * Forgets the session (the caller has ended it in the store, or the store has), says
   * `message`, and shows the sign-in view (at start-up, the first render does that).
   */
  signOut(message) {
    app.session.end();
    if (message) app.notify(message);
    if (started) app.navigate('sign-in');
  },

  /** Shows view `name`, adding a history entry. */
  navigate(name) {
    history.pushState(null, '', href(name));
    render();
  },

  /** A short message in the toast region (read out by screen readers). */
  notify(message) {
    toast.textContent = message;
    toast.classList.add('visible');
    clearTimeout(app.notify.timer);
    app.notify.timer = setTimeout(() => toast.classList.remove('visible'), 4000);
  },

  /** Something may have queued mail: refresh the mailbox count in the navigation. */
  changed() {
    renderShell();
  },

  /** An enum list (`timezones`, `countries`, `locales`, `languages`), loaded once. */
  enums(kind) {
    cache[kind] ??= app.store.enums(kind).then((result) => result[kind]);
    return cache[kind];
  },

  /** The roles (`usersRoles`), loaded once. */
  roles() {
    cache.roles ??= app.store.roles().then((result) => result.usersRoles);
    return cache.roles;
  },
};
const cache = {};
/** Whether the first view has been shown. */
let started = false;

/** Redraws the navigation: the views, the pending-mail count and who is signed in. */
async function renderShell() {
  // The outbox is host-only; the page reads it as the host, as a mail relay would.
  const pending = await app.store.outbox({}).then((r) => r.mails.length, () => null);
  renderNav(nav, app, { pendingMails: pending, route: currentRoute().name });
}

let rendering = 0;

/** Shows the view of the current address (if no newer address came up meanwhile). */
async function render() {
  const ticket = ++rendering;
  const route = currentRoute();
  let name = Object.hasOwn(ROUTES, route.name) ? route.name : '';
  if (!name) name = app.session.signedIn ? 'users' : 'sign-in';
  if (ROUTES[name].account && !app.session.signedIn) name = 'sign-in';
  if (name === 'sign-in' && app.session.signedIn) name = 'users';
  if (name !== route.name) history.replaceState(null, '', href(name));

  const { title, view } = ROUTES[name];
  document.title = `${title} · userstore demo`;
  delete main.dataset.view;
  renderShell();
  let content;
  try {
    content = await view(app, route.params);
  } catch (error) {
    content = failure(title, error);
  }
  if (ticket !== rendering) return;
  main.replaceChildren(content);
  main.dataset.view = name; // which view is up, for the browser tests
  // Start keyboard and screen reader users at the new view's heading.
  main.querySelector('h1')?.focus({ preventScroll: true });
  window.scrollTo(0, 0);
}

/** A view that could not be shown. */
function failure(title, error) {
  return h('section', { class: 'view narrow' },
    h('h1', { tabindex: '-1' }, title),
    h('p', { class: 'notice error', role: 'alert' }, describe(error)));
}

/** Follows links to the app's own pages without reloading (the store stays open). */
function followAppLinks(event) {
  const link = event.target.closest('a[href]');
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey
    || event.shiftKey || event.altKey || link.target) return;
  const url = new URL(link.href);
  if (!isAppLink(url)) return;
  event.preventDefault();
  history.pushState(null, '', url);
  render();
}

async function start() {
  try {
    app.store = await openStore();
  } catch (error) {
    // Usually the demo is open in another tab: one page at a time can hold the OPFS file.
    main.replaceChildren(h('section', { class: 'view narrow' },
      h('div', { class: 'card stack' },
        h('h1', { tabindex: '-1' }, 'The demo could not start'),
        h('p', { class: 'notice error', role: 'alert' },
          `The store could not open ${DATABASE} in this browser's storage. `,
          'If the demo is open in another tab, close that tab and reload this page.'),
        h('p', { class: 'hint' }, `Details: ${describe(error)}`))));
    main.dataset.view = 'failed';
    return;
  }
  // First run: an empty store gets the demo organization, its teams and people.
  const { seeded, login } = await app.store.callAsSystem('seedDemo', {});
  Object.assign(app, { demoLogin: login, seeded });

  if (app.session.signedIn) {
    try {
      await app.refreshUser();
    } catch {
      // asUser already signed out a session the store no longer knows.
    }
  }
  document.addEventListener('click', followAppLinks);
  // Back, forward, and edits of the address (not in-page anchors such as the skip link).
  addEventListener('popstate', () => isViewHash(location.hash) && render());
  started = true;
  await render();
}

start();
