/**
 * The columns the users list can show: each names the user columns (`cols[]`) it asks the store
 * for and how a cell shows them. `scope` is the list's organization or team.
 */
import { time } from '../dom.js';

/**
 * `key`: the column's own name; `cols`: the user columns it needs (or a function of the
 * scope); `sort`: the store's `pg[sortBy]` for it, if it can be sorted; `cell(user, scope,
 * names)`: its content, where `names` turns codes into names (`language(code)`,
 * `country(id)`, `role(id)`, from the store's enums and roles).
 */
export const COLUMNS = [
  { key: 'id', label: 'ID', cols: ['id'], sort: 'id', cell: (u) => String(u.id) },
  { key: 'name', label: 'Name', cols: ['name'], sort: 'name', cell: (u) => u.name },
  { key: 'email', label: 'Email', cols: ['email'], sort: 'email', cell: (u) => u.email },
  {
    key: 'role',
    label: 'Role',
    cols: (scope) => [scope.key === 'teamId' ? 'userTeamRoles' : 'userOrganizationRoles'],
    cell: (u, scope, names) => {
      const roles = scope.key === 'teamId'
        ? u.userTeamRoles.filter((r) => r.teamId === scope.id)
        : u.userOrganizationRoles.filter((r) => r.organizationId === scope.id);
      return roles.map((r) => names.role(r.usersRoleId)).join(', ') || '—';
    },
  },
  { key: 'language', label: 'Language', cols: ['language'], cell: (u, scope, names) => names.language(u.language) },
  { key: 'timezone', label: 'Time zone', cols: ['timezone'], cell: (u) => u.timezone ?? '—' },
  { key: 'locale', label: 'Locale', cols: ['locale'], cell: (u) => u.locale ?? '—' },
  { key: 'country', label: 'Country', cols: ['countryId'], cell: (u, scope, names) => names.country(u.countryId) },
  { key: 'lastLogin', label: 'Last sign-in', cols: ['lastLogin'], cell: (u) => time(u.lastLogin) },
  { key: 'hasPassword', label: 'Password', cols: ['hasPassword'], cell: (u) => (u.hasPassword ? 'Set' : 'None') },
];

/** The columns shown at first. */
export const DEFAULT_COLUMNS = ['id', 'name', 'email', 'role', 'language', 'timezone'];

/** The `cols[]` of the store for the chosen column keys. */
export function wireColumns(keys, scope) {
  return COLUMNS.filter((c) => keys.has(c.key))
    .flatMap((c) => (typeof c.cols === 'function' ? c.cols(scope) : c.cols));
}
