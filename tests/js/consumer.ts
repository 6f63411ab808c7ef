/**
 * A TypeScript consumer of the package that uses every method and type, checked by
 * `tsc --noEmit --strict` (scripts/test-js.sh); it is never run.
 */
import {
  init,
  initSync,
  UserStore,
  UserStoreError,
  type ErrorBody,
  type FullUser,
  type ListUsersResult,
  type Operation,
  type StoreConfig,
  type User,
} from '../../bindings/wasm/pkg-test/index.js';
import { UserStoreClient } from '../../bindings/wasm/pkg-test/client.js';

export async function everyMethod(wasm: WebAssembly.Module): Promise<void> {
  await init();
  await init(new URL('https://example.com/userstore_wasm_bg.wasm'));
  initSync(wasm);

  const config: StoreConfig = { insecureFastHashingForTestsOnly: true, manualClockMs: 0, passwordPolicy: { minLength: 12 } };
  const store: UserStore = UserStore.openInMemory(config);
  UserStore.openInMemory();
  const copy: UserStore = UserStore.openSnapshot(store.snapshot(), null);
  const opfs: UserStore = await UserStore.openOpfs('users.db', config);
  const ops: Operation[] = UserStore.operations();

  const orgId: number = store.createOrganization({ name: 'Acme' }).organization.id;
  const teamId: number = store.createTeam({ organizationId: orgId, name: 'Ops' }).team.organizationId;
  const jane: FullUser = store.createUser({ name: 'Jane Doe', email: 'jane@example.com', password: 'Blue-Otter-47' }).user;
  const ids: number[] = store.importUsers([{ name: 'Ada King', email: 'ada@example.com', timezoneId: 113 }]).ids;
  store.setOrganizationRole(orgId, jane.id, 13);
  store.setTeamRole(teamId, jane.id, 3);
  store.removeTeamRole(teamId, ids[0]);
  store.removeOrganizationRole(orgId, ids[0]);
  store.deleteUser(ids[0]);

  const token: string = store.login({ email: jane.email, password: 'Blue-Otter-47' }).session.token;
  const auth = `Bearer ${token}`;
  const page: ListUsersResult = store.listUsers(
    { teamId, name: 'ja', cols: ['id', 'name', 'userTeamRoles'], pg: { sortBy: 'name', sortDir: 'asc', limit: 5 } },
    auth,
  );
  const first: User | undefined = page.users[0];
  const sortDir: 'asc' | 'desc' = page.pg.sortDir;
  const me: User = store.me({ cols: ['email'] }, auth).authUser;
  store.me();
  const user: FullUser = store.getUser(jane.id, auth).user;
  const patched: string = store.updateUser(jane.id, { name: 'Jane Roe', countryId: 6 }, auth).user.name;
  const emailChanged: boolean = store.changeEmail(
    jane.id,
    { currentEmailAddress: jane.email, newEmailAddress: 'jr@example.com', currentPassword: 'Blue-Otter-47' },
    auth,
  ).changed;
  store.confirmEmailChange('token');
  store.changePassword(jane.id, { currentPassword: 'Blue-Otter-47', newPassword1: 'Green-Heron-58', newPassword2: 'Green-Heron-58' }, auth);
  store.demandPasswordReset({ email: 'jr@example.com' });
  const resetSession: string = store.openResetSession('fab680b60044adb766128e713e44e15b').resetSession;
  store.resetPassword(resetSession, { newPassword1: 'Green-Heron-59', newPassword2: 'Green-Heron-59' });
  const used: 'token' | 'session' = store.currentAuthorization(auth).authorization.authUsed;
  const created = store.createApiToken({ label: 'ci', scope: ['user:read'] }, auth).apiToken;
  const secret: string = created.token;
  const labels: string[] = store.listApiTokens(auth).apiTokens.map((t) => t.label);
  const gone: string = store.deleteApiToken(created.created, auth).apiToken;
  store.deleteApiToken(created.id, auth);
  const deletedId: number = store.deleteAccount({ currentPassword: 'Green-Heron-59' }, auth).user;
  const changeable: boolean = store.userTeamRoles(jane.id, auth).userTeamRoles[0].changeable;
  store.userTeamRole(jane.id, teamId, auth);
  store.setUserTeamRole(jane.id, teamId, { usersRoleId: 2 }, auth);
  const invitation: null = store.userOrganizationRoles(jane.id, auth).userOrganizationRoles[0].invitation;
  const joined: number | undefined = store.userOrganizationRole(jane.id, orgId, { cols: ['joinedTeamsCount'] }, auth)
    .userOrganizationRole.joinedTeamsCount;
  store.updateUserOrganizationRole(jane.id, orgId, { usersRoleId: 14 }, auth);
  store.updateUserOrganizationRole(jane.id, orgId, {}, auth);
  store.transferOrganizationOwnership(jane.id, orgId, auth);
  const members: number = store.organizationUserRoles(orgId, { cols: ['userId'], pg: { limit: 5 } }, auth)
    .userOrganizationRoles.length;
  const permissions: string[] = store.role(11).usersRole.permissions;
  const permissionNames: string[] = store.rolePermissions({ roleCategory: 'team' }).usersRolesPermissions.map((p) => p.name);
  const regions = store.enums('imt-regions');
  if ('imtRegions' in regions) regions.imtRegions.map((r) => r.name);
  store.logout(auth);
  const mailBody: string | null = store.outbox({ all: true, limit: 10 }).mails[0].body;
  store.outbox();
  store.acknowledgeMail(1);
  const event: string = store.auditLog({ userId: jane.id, offset: 0, limit: 10 }).events[0].event;
  store.auditLog();
  const kinds = store.enums('timezones');
  if ('timezones' in kinds) kinds.timezones.map((t) => t.code);
  const role: 'organization' | 'team' | undefined = store.roles({ category: 'team', cols: ['category'] }).usersRoles[0].category;
  store.advanceClock(60);
  const demo: { email: string; password: string } | null = store.seedDemo().login;
  const anything: unknown = store.call('listUsers', { organizationId: orgId }, auth);
  store.call('roles');

  const response: Response = await store.handle(new Request('https://example.com/api/v2/users/roles'));
  const worker: ExportedHandler = { fetch: (req: Request) => store.handle(req) };

  try {
    store.me(null, 'Bearer nope');
  } catch (e) {
    if (e instanceof UserStoreError) {
      const body: ErrorBody = e.toJSON();
      const fields: [string, number, string, { message: string }[], number | undefined, ErrorBody] = [
        e.code, e.status, e.detail, e.suberrors, e.retryAfter, e.body,
      ];
      void [body, fields];
    }
  }

  const client = await UserStoreClient.open({ name: 'users.db', config });
  const remoteUser: FullUser = (await client.createUser({ name: 'Ada King', email: 'ada@example.com' })).user;
  const bytes: Uint8Array = await client.snapshot();
  const remotePage: ListUsersResult = await client.listUsers({ organizationId: 1 }, auth);
  await client.call('roles');
  await UserStoreClient.open({ snapshot: bytes });
  await client.close();

  store.free();
  copy.free();
  opfs.free();
  void [ops, first, sortDir, me, user, patched, emailChanged, used, secret, labels, mailBody, event, role];
  void [anything, response, worker, remoteUser, remotePage, demo];
}

/** The minimal edge worker of the README. */
interface ExportedHandler {
  fetch(request: Request): Promise<Response>;
}
