/**
 * The audit log: the store's security events, newest first, a page at a time, with the user
 * each one concerns.
 */
import { h, time } from '../dom.js';

const PAGE = 15;

/** Event names in words; an event missing here shows its name. */
const EVENTS = {
  login_succeeded: 'Signed in',
  login_failed: 'Sign-in failed',
  locked_out: 'Locked out after too many failures',
  credential_check_failed: 'Wrong current password or email',
  password_changed: 'Password changed',
  reset_demanded: 'Password reset requested',
  reset_session_opened: 'Reset link opened',
  reset_done: 'Password reset',
  email_changed: 'Email changed',
  email_change_requested: 'Email change awaiting confirmation',
  token_created: 'API token created',
  token_deleted: 'API token deleted',
  logged_out: 'Signed out',
};
/** Events that may mean trouble, shown in the warning colour. */
const WARNINGS = new Set(['login_failed', 'locked_out', 'credential_check_failed']);

export async function auditView(app, params) {
  const offset = Math.max(0, Number(params.get('offset')) || 0);
  // Host-only operations: the page is the host of its store.
  const { events } = await app.store.auditLog({ offset, limit: PAGE + 1 });
  const more = events.length > PAGE;
  const shown = events.slice(0, PAGE);
  const people = await whoIs(app, shown);

  const page = (to, label, disabled) => disabled
    ? h('span', { class: 'button subtle disabled', 'aria-disabled': 'true' }, label)
    : h('a', { class: 'button subtle', href: `./#/audit?offset=${to}` }, label);

  return h('section', { class: 'view' },
    h('header', { class: 'view-header' },
      h('h1', { tabindex: '-1' }, 'Audit log'),
      h('p', { class: 'muted' },
        'Security events the store recorded, newest first. They never hold a password, token or link.')),
    shown.length
      ? h('div', { class: 'table-card card' }, h('table', { class: 'audit' },
        h('caption', { class: 'visually-hidden' }, 'Security events, newest first'),
        h('thead', {}, h('tr', {}, ['Time', 'Event', 'User'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, shown.map((e) => h('tr', {},
          h('td', { 'data-label': 'Time' }, time(e.at)),
          h('td', { 'data-label': 'Event' }, h('span', {},
            h('span', { class: `event${WARNINGS.has(e.event) ? ' warning' : ''}` }, EVENTS[e.event] ?? e.event),
            ' ', h('code', { class: 'event-code' }, e.event))),
          h('td', { 'data-label': 'User' }, people.get(e.userId) ?? 'no account (unknown address)'))))))
      : h('p', { class: 'notice' }, 'No events yet.'),
    h('nav', { class: 'pager', 'aria-label': 'Pages' },
      page(Math.max(0, offset - PAGE), '← Newer', offset === 0),
      page(offset + PAGE, 'Older →', !more)));
}

/** The name and email of each user the events mention (`getUser`, as the host). */
async function whoIs(app, events) {
  const ids = [...new Set(events.map((e) => e.userId).filter((id) => id != null))];
  const people = new Map();
  await Promise.all(ids.map(async (id) => {
    try {
      const { user } = await app.store.callAsSystem('getUser', { userId: id });
      people.set(id, `${user.name} <${user.email}>`);
    } catch {
      people.set(id, `user ${id} (deleted)`);
    }
  }));
  return people;
}
