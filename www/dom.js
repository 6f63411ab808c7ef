/**
 * Small DOM helpers. Pages are built with `h()` rather than HTML strings, so whatever comes from
 * the store (names, mail bodies) is always inserted as text, never parsed as markup.
 */

/** Properties set on the element itself rather than as attributes. */
const PROPERTIES = new Set(['value', 'checked', 'selected', 'textContent']);

/**
 * Builds an element: `h('button', { class: 'primary', onclick }, 'Save')`.
 * `on…` props add event listeners; `true` gives an empty attribute; `null`, `undefined` and
 * `false` are left out, in props and in children alike.
 */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value == null || value === false) continue;
    if (key.startsWith('on')) element.addEventListener(key.slice(2), value);
    else if (PROPERTIES.has(key)) element[key] = value;
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  const nodes = children.flat(Infinity).filter((c) => c != null && c !== false);
  element.append(...nodes.map((c) => (c instanceof Node ? c : String(c))));
  return element;
}

let counter = 0;

/** A unique element id with a readable prefix, for label/`aria-describedby` links. */
export function uid(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** A date-time from the store (ISO 8601) in the reader's locale, or an em dash. */
const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
export function formatTime(iso) {
  return iso ? DATE_TIME.format(new Date(iso)) : '—';
}

/** A `<time>` element for an ISO 8601 instant. */
export function time(iso) {
  return h('time', { datetime: iso }, formatTime(iso));
}
