/**
 * Form building blocks: labelled fields, the store's errors shown next to the fields they are
 * about, and a busy state while the store works.
 */
import { h, uid } from './dom.js';

/**
 * A labelled field: `<label>`, the control (named after the wire field, so errors can find it),
 * an optional hint and an error slot, linked to the control by `aria-describedby`.
 *
 * `options` makes a `<select>` (`[{ value, label }]`); otherwise an `<input>` of `type`.
 * Other keys (`autocomplete`, `required`, `readonly`, …) become attributes of the control.
 */
export function field({ label, name, type = 'text', value = '', hint, options, ...attributes }) {
  const id = uid(name);
  const control = options
    ? h('select', { id, name, ...attributes },
      options.map((o) => h('option', { value: o.value, selected: String(o.value) === String(value) }, o.label)))
    : h('input', { id, name, type, value, ...attributes });
  let hintElement = null;
  if (hint) {
    hintElement = hint instanceof Node ? hint : h('p', { class: 'hint' }, hint);
    hintElement.id ||= `${id}-hint`;
    control.setAttribute('aria-describedby', hintElement.id);
  }
  const error = h('div', { class: 'field-error', id: `${id}-error`, hidden: true });
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, hintElement, error);
}

/** A form-wide message slot (for errors that are about no single field), shown above the fields. */
export function formAlert() {
  return h('div', { class: 'form-alert', role: 'alert', hidden: true });
}

/** Clears every error the form shows. */
export function clearErrors(form) {
  for (const control of form.querySelectorAll('[aria-invalid]')) {
    control.removeAttribute('aria-invalid');
    const errorId = `${control.id}-error`;
    const ids = (control.getAttribute('aria-describedby') ?? '').split(' ').filter((i) => i && i !== errorId);
    if (ids.length) control.setAttribute('aria-describedby', ids.join(' '));
    else control.removeAttribute('aria-describedby');
  }
  for (const slot of form.querySelectorAll('.field-error, .form-alert')) {
    slot.replaceChildren();
    slot.hidden = true;
  }
}

/**
 * Shows a store error in `form`. Each suberror goes next to the field it names: the store
 * quotes wire names (`'newEmailAddress' must be a valid email address.`), and each control is
 * named after its wire field. A suberror that names no field goes to `fallback` (for example
 * the password rules, to the new password), and an error without suberrors goes to the field
 * `codes` gives for its code (IM102, wrong credentials, to the current password), or to the
 * form's alert. The first field with an error gets the focus.
 */
export function showErrors(form, error, { fallback, codes = {} } = {}) {
  clearErrors(form);
  const messages = new Map();
  const add = (name, message) => messages.set(name, [...(messages.get(name) ?? []), message]);
  const names = [...form.elements].map((c) => c.name).filter(Boolean);
  if (error.suberrors?.length) {
    for (const { message } of error.suberrors) {
      add(namedFirst(message, names) ?? fallback ?? '', message);
    }
  } else {
    add(codes[error.code] ?? '', describe(error));
  }
  let first = null;
  for (const [name, list] of messages) {
    const control = name && form.elements.namedItem(name);
    const slot = control ? document.getElementById(`${control.id}-error`) : form.querySelector('.form-alert');
    slot.replaceChildren(list.length === 1 ? list[0] : h('ul', {}, list.map((m) => h('li', {}, m))));
    slot.hidden = false;
    if (control) {
      control.setAttribute('aria-invalid', 'true');
      const ids = (control.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
      control.setAttribute('aria-describedby', [...ids, slot.id].join(' '));
      first ??= control;
    }
  }
  first?.focus();
}

/** The field name `message` quotes first (`'newPassword2' must be the same as 'newPassword1'.`). */
function namedFirst(message, names) {
  const at = (name) => message.indexOf(`'${name}'`);
  return names.filter((n) => at(n) >= 0).sort((a, b) => at(a) - at(b))[0];
}

/** A store error in words: its detail, and when a retry may work. */
export function describe(error) {
  if (error?.retryAfter) {
    const minutes = Math.ceil(error.retryAfter / 60);
    return `${error.detail} Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
  }
  return error?.detail ?? String(error?.message ?? error);
}

/**
 * Runs `work` for a submitted form: the submit button is disabled and says `busyText` until
 * the store answers, so a slow password hash never looks like a dead button.
 */
export async function busy(form, busyText, work) {
  const button = form.querySelector('[type=submit]');
  const label = button.textContent;
  button.disabled = true;
  button.textContent = busyText;
  form.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.textContent = label;
    form.removeAttribute('aria-busy');
  }
}

/** The form's values as strings, by control name. */
export function values(form) {
  return Object.fromEntries(new FormData(form));
}
