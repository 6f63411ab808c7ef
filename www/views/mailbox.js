/**
 * The demo mailbox: the store's outbox shown the way a mail client would, as a catch-all inbox
 * for every address (the store sends no mail; its host reads the outbox, delivers, and
 * acknowledges, which erases the body). Links in a mail are real links: a reset link opens
 * the reset page of this app.
 */
import { formatTime, h, time } from '../dom.js';
import { describe } from '../forms.js';

/** The sender the host puts on the store's mails (the store leaves sending to its host). */
const SENDER = 'Demo Org accounts <no-reply@example.com>';

export async function mailboxView(app) {
  // Host-only operations: the page is the host of its store.
  const { mails } = await app.store.outbox({ all: true });
  mails.reverse(); // newest first
  let selected = mails[0];

  const list = h('ul', { class: 'mail-list', 'aria-label': 'Mails' });
  const reader = h('article', { class: 'mail-reader card', tabindex: '-1', 'aria-labelledby': 'mail-title' });

  function show() {
    list.replaceChildren(...mails.map((mail) => h('li', {},
      h('button', {
        type: 'button',
        class: `mail-item${mail.body == null ? ' delivered' : ''}`,
        'aria-current': mail === selected ? 'true' : null,
        onclick: () => { selected = mail; show(); reader.focus(); },
      },
      h('span', { class: 'mail-to' }, mail.to),
      h('span', { class: 'mail-subject' }, mail.subject),
      h('span', { class: 'mail-meta' }, time(mail.createdAt), mail.body == null ? ' · delivered' : '')))));
    reader.replaceChildren(...readMail(selected));
  }

  /** The open mail: headers, the body with its links, and the host's "delivered" step. */
  function readMail(mail) {
    const acknowledge = async () => {
      try {
        await app.store.acknowledgeMail(mail.id);
        Object.assign(mail, (await app.store.outbox({ all: true })).mails.find((m) => m.id === mail.id));
        app.changed();
        show();
        reader.focus();
      } catch (error) {
        app.notify(describe(error));
      }
    };
    const row = (term, value) => h('div', {}, h('dt', {}, term), h('dd', {}, value));
    return [
      h('h2', { class: 'mail-title', id: 'mail-title' }, mail.subject),
      h('dl', { class: 'mail-headers' },
        row('From', SENDER), row('To', mail.to), row('Date', time(mail.createdAt))),
      mail.body == null
        ? h('p', { class: 'notice' }, `Delivered ${formatTime(mail.acknowledgedAt)}: the store erased `
          + 'the body, and any link in it, when the host acknowledged the mail.')
        : h('div', { class: 'mail-body' }, linkify(mail.body)),
      mail.body == null ? null : h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'button subtle small', onclick: acknowledge },
          'Mark as delivered (erases the body)')),
    ];
  }

  if (selected) show();
  return h('section', { class: 'view' },
    h('header', { class: 'view-header' },
      h('h1', { tabindex: '-1' }, 'Mailbox'),
      h('p', { class: 'muted' },
        'Every mail the store queued in its outbox, for any address: the store sends no mail itself, ',
        'its host (this page) delivers it.')),
    mails.length
      ? h('div', { class: 'mailbox' }, h('div', { class: 'mail-list-wrap card' }, list), reader)
      : h('p', { class: 'notice' },
        'The outbox is empty. Ask for a password reset, or change your email or password, and the store queues a mail.'));
}

/** Mail text with its web addresses as links; the text stays text. */
function linkify(text) {
  return text.split(/(https?:\/\/[^\s]+)/u).map((part, i) =>
    (i % 2 ? h('a', { href: part }, part) : part));
}
