/**
 * The typed methods of `UserStore`, one per operation of the core, each a one-line translation
 * to `call` or `callAsSystem`: path parameters become keys of the arguments object.
 *
 * - Host-only operations (creating users, roles, the outbox, the audit log, the clock, the
 *   demo) run as the host's system actor: they take no authorization at all.
 * - The others take an `authorization` last (`Bearer …` or `Token …`); without it the call is
 *   anonymous, and what needs a caller throws `SC401`.
 *
 * They live here rather than in the module because each exported function of the module costs
 * its own glue (about 16 KB of `.wasm` for all of them); `types.d.ts` declares them.
 */

/** A path parameter: `undefined` is sent as `null`, so the core names it as mistyped. */
const id = (value) => (value === undefined ? null : value);

/** `body` with the path parameters `extra` as extra keys; anything but an object is passed on
 * for the core to refuse. */
function withKeys(body, extra) {
  if (body === undefined || body === null) return extra;
  if (typeof body !== 'object' || Array.isArray(body)) return body;
  return { ...body, ...extra };
}

export const methods = {
  // ---- administration (the host's) ----
  createOrganization(organization) { return this.callAsSystem('createOrganization', organization); },
  createTeam(team) { return this.callAsSystem('createTeam', team); },
  createUser(user) { return this.callAsSystem('createUser', user); },
  importUsers(users) { return this.callAsSystem('importUsers', { users: id(users) }); },
  deleteUser(userId) { return this.callAsSystem('deleteUser', { userId: id(userId) }); },
  setOrganizationRole(organizationId, userId, usersRoleId) {
    const args = { organizationId: id(organizationId), userId: id(userId), usersRoleId: id(usersRoleId) };
    return this.callAsSystem('setOrganizationRole', args);
  },
  removeOrganizationRole(organizationId, userId) {
    return this.callAsSystem('removeOrganizationRole', { organizationId: id(organizationId), userId: id(userId) });
  },
  setTeamRole(teamId, userId, usersRoleId) {
    return this.callAsSystem('setTeamRole', { teamId: id(teamId), userId: id(userId), usersRoleId: id(usersRoleId) });
  },
  removeTeamRole(teamId, userId) {
    return this.callAsSystem('removeTeamRole', { teamId: id(teamId), userId: id(userId) });
  },
  outbox(query) { return this.callAsSystem('outbox', query); },
  acknowledgeMail(mailId) { return this.callAsSystem('acknowledgeMail', { id: id(mailId) }); },
  auditLog(query) { return this.callAsSystem('auditLog', query); },
  advanceClock(seconds) { return this.callAsSystem('advanceClock', { seconds: id(seconds) }); },
  seedDemo() { return this.callAsSystem('seedDemo', null); },

  // ---- users, as the caller ----
  listUsers(query, authorization) { return this.call('listUsers', query, authorization); },
  me(query, authorization) { return this.call('me', query, authorization); },
  getUser(userId, authorization) { return this.call('getUser', { userId: id(userId) }, authorization); },
  updateUser(userId, patch, authorization) {
    return this.call('updateUser', withKeys(patch, { userId: id(userId) }), authorization);
  },
  changeEmail(userId, body, authorization) {
    return this.call('changeEmail', withKeys(body, { userId: id(userId) }), authorization);
  },
  confirmEmailChange(token) { return this.call('confirmEmailChange', { token: id(token) }); },
  changePassword(userId, body, authorization) {
    return this.call('changePassword', withKeys(body, { userId: id(userId) }), authorization);
  },

  // ---- the lost-password reset ----
  demandPasswordReset(body) { return this.call('demandPasswordReset', body); },
  openResetSession(hash) { return this.call('openResetSession', { hash: id(hash) }); },
  resetPassword(resetSession, body) {
    return this.call('resetPassword', withKeys(body, { resetSession: id(resetSession) }));
  },

  // ---- sessions and API tokens ----
  login(credentials) { return this.call('login', credentials); },
  logout(authorization) { return this.call('logout', null, authorization); },
  currentAuthorization(authorization) { return this.call('currentAuthorization', null, authorization); },
  createApiToken(token, authorization) { return this.call('createApiToken', token, authorization); },
  listApiTokens(authorization) { return this.call('listApiTokens', null, authorization); },
  deleteApiToken(createdOrId, authorization) {
    const key = typeof createdOrId === 'string' ? { created: createdOrId } : { id: id(createdOrId) };
    return this.call('deleteApiToken', key, authorization);
  },
  deleteAccount(body, authorization) { return this.call('deleteAccount', body, authorization); },

  // ---- roles of users in teams and organizations ----
  userTeamRoles(userId, authorization) { return this.call('userTeamRoles', { userId: id(userId) }, authorization); },
  userTeamRole(userId, teamId, authorization) {
    return this.call('userTeamRole', { userId: id(userId), teamId: id(teamId) }, authorization);
  },
  setUserTeamRole(userId, teamId, body, authorization) {
    return this.call('setUserTeamRole', withKeys(body, { userId: id(userId), teamId: id(teamId) }), authorization);
  },
  userOrganizationRoles(userId, authorization) {
    return this.call('userOrganizationRoles', { userId: id(userId) }, authorization);
  },
  userOrganizationRole(userId, organizationId, query, authorization) {
    const keys = { userId: id(userId), organizationId: id(organizationId) };
    return this.call('userOrganizationRole', withKeys(query, keys), authorization);
  },
  updateUserOrganizationRole(userId, organizationId, body, authorization) {
    const keys = { userId: id(userId), organizationId: id(organizationId) };
    return this.call('updateUserOrganizationRole', withKeys(body, keys), authorization);
  },
  transferOrganizationOwnership(userId, organizationId, authorization) {
    const keys = { userId: id(userId), organizationId: id(organizationId) };
    return this.call('transferOrganizationOwnership', keys, authorization);
  },
  organizationUserRoles(organizationId, query, authorization) {
    return this.call('organizationUserRoles', withKeys(query, { organizationId: id(organizationId) }), authorization);
  },

  // ---- reference data ----
  enums(kind) { return this.call('enums', { kind: id(kind) }); },
  roles(query) { return this.call('roles', query); },
  role(roleId) { return this.call('role', { roleId: id(roleId) }); },
  rolePermissions(query) { return this.call('rolePermissions', query); },
};
