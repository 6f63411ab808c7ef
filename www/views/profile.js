/**
 * The profile form: name, language, time zone, locale and country (lists from the store's
 * enums), saved with `updateUser`; the store's field errors appear next to the fields.
 */
import { h, time } from '../dom.js';
import { busy, clearErrors, field, formAlert, showErrors, values } from '../forms.js';

export async function profileView(app) {
  const [user, languages, timezones, locales, countries] = await Promise.all([
    app.refreshUser(), app.enums('languages'), app.enums('timezones'), app.enums('locales'), app.enums('countries'),
  ]);
  const byName = (a, b) => a.label.localeCompare(b.label);
  const countryOptions = countries.map((c) => ({ value: c.id, label: c.name })).sort(byName);

  let summary = accountSummary(user);
  const status = h('p', { class: 'form-status', role: 'status' });
  const form = h('form', { class: 'card stack', novalidate: true, 'aria-labelledby': 'profile-title' },
    h('h2', { id: 'profile-title' }, 'Your details'),
    formAlert(),
    h('div', { class: 'grid two' },
      field({ label: 'Name', name: 'name', value: user.name, autocomplete: 'name', required: true }),
      field({ label: 'Language', name: 'language', value: user.language,
        options: languages.map((l) => ({ value: l.code, label: `${l.name} (${l.code})` })).sort(byName) }),
      field({ label: 'Country', name: 'countryId', value: user.countryId, options: countryOptions }),
      field({ label: 'Time zone', name: 'timezoneId', value: user.timezoneId,
        options: timezones.map((t) => ({ value: t.id, label: t.name })) }),
      field({ label: 'Locale', name: 'localeId', value: user.localeId,
        options: locales.map((l) => ({ value: l.id, label: `${l.name} (${l.code})` })).sort(byName) })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button primary' }, 'Save profile'), status));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.textContent = '';
    const v = values(form);
    const patch = {
      name: v.name,
      language: v.language,
      timezoneId: Number(v.timezoneId),
      localeId: Number(v.localeId),
      countryId: Number(v.countryId),
    };
    try {
      const { user: saved } = await busy(form, 'Saving…', () => app.asUser('updateUser', user.id, patch));
      clearErrors(form);
      await app.refreshUser();
      status.textContent = `Saved. Your name is now ${saved.name}.`;
      summary.replaceWith(summary = accountSummary(app.session.user));
    } catch (error) {
      showErrors(form, error);
    }
  });

  return h('section', { class: 'view' },
    h('header', { class: 'view-header' },
      h('h1', { tabindex: '-1' }, 'Profile'),
      h('p', { class: 'muted' }, 'How your name, language and dates appear to the people you work with.')),
    h('div', { class: 'columns' }, form, summary));
}

/** What the store knows about the account besides the form's fields. */
function accountSummary(user) {
  const row = (term, value) => h('div', {}, h('dt', {}, term), h('dd', {}, value));
  return h('aside', { class: 'card summary', 'aria-labelledby': 'account-title' },
    h('h2', { id: 'account-title' }, 'Account'),
    h('dl', { class: 'facts' },
      row('User id', String(user.id)),
      row('Email', user.email),
      row('Time zone', user.timezone ?? '—'),
      row('Locale', user.locale ?? '—'),
      row('Last sign-in', time(user.lastLogin)),
      row('Password', user.hasPassword ? 'Set' : 'None')));
}
