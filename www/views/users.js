/**
 * The users of an organization or a team: filters, sorting, paging and columns, every one of
 * them an argument of the store's `listUsers` (the page never sorts or filters by itself).
 */
import { h } from '../dom.js';
import { describe, field } from '../forms.js';
import { COLUMNS, DEFAULT_COLUMNS, wireColumns } from './user-columns.js';

const PAGE_SIZES = [5, 10, 25, 50];
/** How long typing pauses before the list follows a text filter. */
const TYPING_PAUSE_MS = 300;

export async function usersView(app) {
  const [user, roles, languages, countries] = await Promise.all([
    app.refreshUser(), app.roles(), app.enums('languages'), app.enums('countries'),
  ]);
  const roleName = new Map(roles.map((r) => [r.id, r.name]));
  const names = {
    role: (id) => roleName.get(id) ?? `Role ${id}`,
    language: (code) => languages.find((l) => l.code === code)?.name ?? code ?? '—',
    country: (id) => countries.find((c) => c.id === id)?.name ?? '—',
  };
  // The lists the signed-in user may read: their organizations and teams.
  // (The store names no organization or team to its members, so they go by id.)
  const scopes = [
    ...user.userOrganizationRoles.map((r) => ({
      key: 'organizationId', id: r.organizationId, label: `Organization ${r.organizationId}`, yourRole: r.usersRoleId,
    })),
    ...user.userTeamRoles.map((r) => ({
      key: 'teamId', id: r.teamId, label: `Team ${r.teamId}`, yourRole: r.usersRoleId,
    })),
  ];
  if (!scopes.length) {
    return h('section', { class: 'view' }, h('h1', { tabindex: '-1' }, 'Users'),
      h('p', { class: 'notice' }, 'You are not in any organization or team yet.'));
  }

  const state = {
    offset: 0,
    columns: new Set(DEFAULT_COLUMNS),
  };
  const scopeOf = (value) => scopes[Number(value)];

  const form = h('form', { class: 'card filters', role: 'search', 'aria-label': 'Users list options' },
    h('div', { class: 'grid four' },
      field({ label: 'List', name: 'scope', value: 0,
        options: scopes.map((s, i) => ({ value: i, label: `${s.label} (you: ${names.role(s.yourRole)})` })) }),
      field({ label: 'Name contains', name: 'name', type: 'search', autocomplete: 'off' }),
      field({ label: 'Email contains', name: 'email', type: 'search', autocomplete: 'off' }),
      field({ label: 'Role', name: 'role', options: [] }),
      field({ label: 'Sort by', name: 'sortBy', value: 'id',
        options: [{ value: 'id', label: 'ID' }, { value: 'name', label: 'Name' }, { value: 'email', label: 'Email' }] }),
      field({ label: 'Order', name: 'sortDir', value: 'desc',
        options: [{ value: 'asc', label: 'Ascending' }, { value: 'desc', label: 'Descending' }] }),
      field({ label: 'Rows per page', name: 'limit', value: 10,
        options: PAGE_SIZES.map((n) => ({ value: n, label: String(n) })) }),
      h('div', { class: 'filter-actions' },
        columnChooser(state.columns),
        h('button', { type: 'submit', class: 'button primary' }, 'Apply'))));

  const summary = h('p', { class: 'result-summary', role: 'status' });
  const table = h('div', { class: 'table-card card' });
  const previous = h('button', { type: 'button', class: 'button subtle' }, '← Previous');
  const next = h('button', { type: 'button', class: 'button subtle' }, 'Next →');
  const request = h('code', { class: 'request' });

  /** Role filter options for the chosen list: organization roles or team roles. */
  function fillRoles() {
    const category = scopeOf(form.elements.scope.value).key === 'teamId' ? 'team' : 'organization';
    form.elements.role.replaceChildren(h('option', { value: '' }, 'Any role'),
      ...roles.filter((r) => r.category === category).map((r) => h('option', { value: r.id }, r.name)));
  }

  /** The `listUsers` query for the form. */
  function query() {
    const f = form.elements;
    const scope = scopeOf(f.scope.value);
    const q = { [scope.key]: scope.id };
    if (f.name.value) q.name = f.name.value;
    if (f.email.value) q.email = f.email.value;
    if (f.role.value) q[scope.key === 'teamId' ? 'teamRoleId' : 'organizationRoleId'] = Number(f.role.value);
    q.cols = wireColumns(state.columns, scope);
    q.pg = { sortBy: f.sortBy.value, sortDir: f.sortDir.value, offset: state.offset, limit: Number(f.limit.value) };
    return { q, scope };
  }

  let latest = 0;
  /** Asks the store for the page; an answer that a newer request overtook is dropped. */
  async function load() {
    const ticket = ++latest;
    const { q, scope } = query();
    request.textContent = `GET /api/v2/users?${httpQuery(q)}`;
    table.setAttribute('aria-busy', 'true');
    try {
      const { users, pg } = await app.asUser('listUsers', q);
      if (ticket !== latest) return;
      const keys = COLUMNS.filter((c) => state.columns.has(c.key));
      table.replaceChildren(users.length
        ? usersTable(users, keys, scope, names, pg, sortBy)
        : h('p', { class: 'empty' }, pg.offset ? 'No more users.' : 'No users match these filters.'));
      const sortLabel = `${form.elements.sortBy.selectedOptions[0].text}, ${pg.sortDir === 'asc' ? 'ascending' : 'descending'}`;
      summary.textContent = users.length
        ? `Rows ${pg.offset + 1}–${pg.offset + users.length} of ${scope.label}, sorted by ${sortLabel}`
        : '';
      previous.disabled = pg.offset === 0;
      next.disabled = users.length < pg.limit;
    } catch (error) {
      if (ticket !== latest) return;
      table.replaceChildren(h('p', { class: 'notice error', role: 'alert' }, describe(error)));
      summary.textContent = '';
    } finally {
      if (ticket === latest) table.removeAttribute('aria-busy');
    }
  }

  /** A new sort from a column heading: the same column flips the order, another starts ascending. */
  function sortBy(column) {
    const f = form.elements;
    f.sortDir.value = f.sortBy.value === column && f.sortDir.value === 'asc' ? 'desc' : 'asc';
    f.sortBy.value = column;
    state.offset = 0;
    load().then(() => table.querySelector(`th[aria-sort] button`)?.focus());
  }

  // A search box reloads once typing pauses. Any other request made before then already
  // carries what was typed, so it cancels that reload (which would go back to page 1).
  let typing;
  form.addEventListener('input', (event) => {
    if (event.target.type !== 'search') return;
    clearTimeout(typing);
    typing = setTimeout(() => { state.offset = 0; load(); }, TYPING_PAUSE_MS);
  });
  form.addEventListener('change', (event) => {
    const control = event.target;
    if (control.type === 'search') return;
    clearTimeout(typing);
    if (control.name === 'column') {
      if (control.checked) state.columns.add(control.value);
      else state.columns.delete(control.value);
      lockLastColumn(form);
    }
    if (control.name === 'scope') fillRoles();
    state.offset = 0;
    load();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(typing);
    state.offset = 0;
    load();
  });
  previous.addEventListener('click', () => {
    clearTimeout(typing);
    state.offset = Math.max(0, state.offset - Number(form.elements.limit.value));
    load();
  });
  next.addEventListener('click', () => {
    clearTimeout(typing);
    state.offset += Number(form.elements.limit.value);
    load();
  });

  fillRoles();
  lockLastColumn(form);
  await load();
  return h('section', { class: 'view' },
    h('header', { class: 'view-header' },
      h('h1', { tabindex: '-1' }, 'Users'),
      h('p', { class: 'muted' }, 'The people of your organization and teams, straight from the store\'s list operation.')),
    form,
    summary,
    table,
    h('nav', { class: 'pager', 'aria-label': 'Pages' }, previous, next),
    h('details', { class: 'request-details' },
      h('summary', {}, 'The same request over HTTP'),
      h('p', {}, 'The store\'s HTTP router (served by ', h('code', {}, 'userstore serve'), ') answers this with the same body:'),
      request));
}

/** The column checkboxes, in a disclosure that closes on Escape and when the focus leaves it. */
function columnChooser(chosen) {
  const chooser = h('details', { class: 'column-chooser' },
    h('summary', {}, 'Columns'),
    h('fieldset', {},
      h('legend', { class: 'visually-hidden' }, 'Columns to show'),
      COLUMNS.map((c) => h('label', { class: 'check' },
        h('input', { type: 'checkbox', name: 'column', value: c.key, checked: chosen.has(c.key) }),
        c.label))));
  chooser.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || !chooser.open) return;
    chooser.open = false;
    chooser.querySelector('summary').focus();
  });
  chooser.addEventListener('focusout', (event) => {
    if (!chooser.contains(event.relatedTarget)) chooser.open = false;
  });
  return chooser;
}

/** Keeps at least one column: the last checked box cannot be unchecked. */
function lockLastColumn(form) {
  const boxes = [...form.querySelectorAll('input[name=column]')];
  const checked = boxes.filter((b) => b.checked);
  for (const box of boxes) box.disabled = checked.length === 1 && box.checked;
}

/** The table of one page; sortable headings are buttons that call `sortBy(column)`. */
function usersTable(users, columns, scope, names, pg, sortBy) {
  const heading = (c) => {
    if (!c.sort) return h('th', { scope: 'col' }, c.label);
    const active = pg.sortBy === c.sort;
    const direction = pg.sortDir === 'asc' ? 'ascending' : 'descending';
    return h('th', { scope: 'col', 'aria-sort': active ? direction : null },
      h('button', { type: 'button', class: 'sort', onclick: () => sortBy(c.sort) },
        c.label,
        h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, active ? (pg.sortDir === 'asc' ? '▲' : '▼') : '↕')));
  };
  return h('table', { class: 'users' },
    h('caption', { class: 'visually-hidden' }, `Users of ${scope.label}`),
    h('thead', {}, h('tr', {}, columns.map(heading))),
    h('tbody', {}, users.map((u) => h('tr', {},
      columns.map((c) => h('td', { 'data-label': c.label, class: `col-${c.key}` }, c.cell(u, scope, names)))))));
}

/** `q` as the query string of `GET /api/v2/users` (Make's `cols[]` and `pg[…]` names). */
function httpQuery(q) {
  const parts = [];
  for (const [key, value] of Object.entries(q)) {
    if (key === 'cols') value.forEach((c) => parts.push(`cols[]=${c}`));
    else if (key === 'pg') Object.entries(value).forEach(([k, v]) => parts.push(`pg[${k}]=${v}`));
    else parts.push(`${key}=${encodeURIComponent(value)}`);
  }
  return parts.join('&');
}
