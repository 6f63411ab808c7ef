/**
 * The new-password fields (`newPassword1`, `newPassword2`, as the store names them), with the
 * password rules under the first one, ticked off while the user types.
 *
 * The rules mirror the store's default policy (SPEC §4) only to guide typing: the store checks
 * the password again when the form is sent, and its answer (shown as field errors) is what counts.
 */
import { h } from './dom.js';
import { field } from './forms.js';

const RULES = [
  // The store counts Unicode code points after NFKC normalisation.
  { text: 'At least 9 characters', met: (pw) => [...pw.normalize('NFKC')].length >= 9 },
  { text: 'An uppercase letter', met: (pw) => /\p{Uppercase}/u.test(pw) },
  { text: 'A number', met: (pw) => /\p{N}/u.test(pw) },
  { text: 'A special character, such as - ! # or ?', met: (pw) => /[^\p{Alphabetic}\p{N}\p{White_Space}]/u.test(pw) },
  { text: 'Both entries match', met: (pw, repeat) => pw !== '' && pw === repeat },
];

/** The two fields, as form children. */
export function newPasswordFields() {
  const items = RULES.map((rule) => {
    const status = h('span', { class: 'visually-hidden' });
    return { rule, status, element: h('li', { class: 'rule' }, status, rule.text) };
  });
  const rules = h('ul', { class: 'rules', 'aria-label': 'Password rules' },
    items.map((i) => i.element),
    h('li', { class: 'rule later' },
      'Not a common password, your name, your email or your current password (checked when you save)'));
  const attributes = { type: 'password', autocomplete: 'new-password', required: true };
  const fields = [
    field({ label: 'New password', name: 'newPassword1', hint: rules, ...attributes }),
    field({ label: 'Repeat the new password', name: 'newPassword2', ...attributes }),
  ];

  const [password, repeat] = fields.map((f) => f.querySelector('input'));
  const update = () => {
    for (const { rule, status, element } of items) {
      const met = rule.met(password.value, repeat.value);
      element.classList.toggle('met', met);
      status.textContent = met ? 'Done: ' : 'To do: ';
    }
  };
  password.addEventListener('input', update);
  repeat.addEventListener('input', update);
  update();
  return fields;
}
