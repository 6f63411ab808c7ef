
// ---- userstore wire types (SPEC.md section 3); emitted into the generated declarations ----

/** Store configuration; every key optional. Security settings can only be made stronger. */
export interface StoreConfig {
  /** argon2id cost (at least the OWASP minimum m=19456 KiB, t=2, p=1, the default). */
  hashing?: { memoryKib: number; iterations: number; parallelism: number };
  /** Nearly free hashing. Insecure: accepted only by the test build (`build-wasm.sh --test`). */
  insecureFastHashingForTestsOnly?: boolean;
  passwordPolicy?: { minLength?: number; composition?: boolean };
  /** SQLite `synchronous` for persistent (OPFS) stores; default "full". */
  synchronous?: "normal" | "full" | "extra";
  busyTimeoutMs?: number;
  /** Public base URL used in mailed links. */
  baseUrl?: string;
  /** Reset link template; `{baseUrl}` and `{hash}` are replaced. */
  resetLinkTemplate?: string;
  /** Email-confirmation link template; `{baseUrl}` and `{token}` are replaced. */
  emailConfirmLinkTemplate?: string;
  /** Largest size the database may grow to, in bytes; writes past it fail. Default: none. */
  maxDatabaseBytes?: number;
  /** Largest request body `handle` accepts (default 1 MiB). */
  maxBodyBytes?: number;
  /** Keep an email change pending until the link mailed to the new address is used. */
  confirmEmailChange?: boolean;
  /** Start a manual test clock here (ms since the epoch); `advanceClock` moves it. */
  manualClockMs?: number;
  /** Keep the API tokens on a password change (default: revoke them; a reset always does). */
  keepApiTokensOnPasswordChange?: boolean;
  /** Per-client throttling of the credential routes of `handle` (default 10 at once, 10 a minute). */
  rateLimit?: { burst?: number; perMinute?: number };
  /** Proxies whose `X-Forwarded-For` is believed: addresses or networks (`10.0.0.0/8`). */
  trustedProxies?: string[];
  /** Most argon2 computations at once (default: 1 in WebAssembly). */
  hashingConcurrency?: number;
  /** Most computations waiting; past it `503` (default: twice `hashingConcurrency`). */
  hashingQueue?: number;
  /** Days audit events are kept (default 180, at least 1). */
  auditRetentionDays?: number;
  /** A session ends after this long unused, in ms (default 30 minutes; only shorter, at least a minute). */
  sessionIdleTimeoutMs?: number;
  /** A session ends this long after login, in ms (default 12 hours; only shorter). */
  sessionAbsoluteTimeoutMs?: number;
  /** Failures within 15 minutes that lock (default 10 logins, 5 current passwords; only lower, at least 3). */
  lockout?: { loginFailures?: number; credentialFailures?: number };
  /** The country of users created without one (an id of `enums("countries")`). */
  defaultCountryId?: number;
  /** Make's Gravatar URL for users without an avatar (default true). */
  gravatar?: boolean;
}

/** The names `call` accepts (each is also a method of `UserStore`). */
export type Operation =
  | "createOrganization" | "createTeam" | "createUser" | "importUsers" | "deleteUser"
  | "setOrganizationRole" | "removeOrganizationRole" | "setTeamRole" | "removeTeamRole"
  | "listUsers" | "me" | "getUser" | "updateUser" | "changeEmail" | "confirmEmailChange"
  | "changePassword" | "demandPasswordReset" | "openResetSession" | "resetPassword"
  | "login" | "logout" | "currentAuthorization" | "createApiToken" | "listApiTokens"
  | "deleteApiToken" | "outbox" | "acknowledgeMail" | "auditLog" | "enums" | "roles"
  | "advanceClock" | "seedDemo" | "deleteAccount" | "userTeamRoles" | "userTeamRole"
  | "setUserTeamRole" | "userOrganizationRoles" | "userOrganizationRole"
  | "updateUserOrganizationRole" | "transferOrganizationOwnership" | "organizationUserRoles"
  | "role" | "rolePermissions";

/** A user column name for `cols`. */
export type Column =
  | "id" | "name" | "email" | "language" | "timezoneId" | "localeId" | "countryId"
  | "features" | "avatar" | "timezone" | "locale" | "lastLogin" | "hasPassword"
  | "forceSetPassword" | "tfaEnabled" | "userOrganizationRoles" | "userTeamRoles"
  | "emailNotifications" | "usersAdminsRoleId" | "isAffiliatePartner" | "hasAddedApp"
  | "supportEligible";

/** `invitation` is always null: this store has members, not invitations. */
export interface OrganizationRole { userId: number; organizationId: number; usersRoleId: number; invitation: null }
/** `changeable`: the caller may change it; `ssoPending` is always false. */
export interface TeamRole { userId: number; teamId: number; usersRoleId: number; changeable: boolean; ssoPending: false }

/** A user with every column (`updateUser`, `createUser`, `getUser`). */
export interface FullUser {
  id: number;
  name: string;
  email: string;
  /** ISO 639-1 code. */
  language: string;
  timezoneId: number;
  localeId: number;
  countryId: number | null;
  features: Record<string, boolean>;
  avatar: string | null;
  /** IANA time zone code. */
  timezone: string | null;
  /** Locale code such as `en-US`. */
  locale: string | null;
  /** ISO 8601, null until the first login. */
  lastLogin: string | null;
  hasPassword: boolean;
  forceSetPassword: boolean;
  tfaEnabled: boolean;
  userOrganizationRoles: OrganizationRole[];
  userTeamRoles: TeamRole[];
}

/** A user with the columns asked for (`cols`); the default columns are id, name, email,
 * language, timezoneId, localeId, countryId, features and avatar. */
export type User = Partial<FullUser>;

export interface Organization { id: number; name: string }
export interface Team { id: number; organizationId: number; name: string }

export interface NewOrganization { name: string }
export interface NewTeam { organizationId: number; name: string }
export interface NewUser {
  name: string;
  email: string;
  /** Must pass the password policy. */
  password?: string;
  /** An existing argon2 PHC string, instead of `password`. */
  passwordHash?: string;
  language?: string;
  timezoneId?: number;
  localeId?: number;
  countryId?: number;
}

/** `GET /users` query: `teamId` xor `organizationId`. */
export interface ListUsersQuery {
  teamId?: number;
  organizationId?: number;
  /** Case-insensitive substring. */
  name?: string;
  /** Case-insensitive substring. */
  email?: string;
  /** Needs `teamId`. */
  teamRoleId?: number;
  /** Needs `organizationId`. */
  organizationRoleId?: number;
  /** Needs `organizationId`: members of this team of it; `0` for members of none. */
  filterByTeamId?: number;
  /** Two-factor status: `0` off, `1` on, `2` enforced (this store has none on). */
  tfaStatus?: 0 | 1 | 2;
  cols?: Column[];
  pg?: Partial<Paging>;
}
export interface Paging {
  sortBy: "id" | "name" | "email";
  sortDir: "asc" | "desc";
  /** Offset paging: users skipped. Absent from a keyset page. */
  offset?: number;
  /** 1 to 10000. */
  limit: number;
  /** Keyset paging: the cursor after the page's last user, the next page's `pg.last` (not with
   * `offset`). A page answers with its own; `null` for an empty first page. */
  last?: string | null;
  /** Keyset paging: `true` asks a first page for its `last`; a keyset page answers `true`. */
  showLast?: boolean;
}
export interface MeQuery { cols?: Column[] }

/** Profile fields to change; absent = unchanged. */
export interface UserPatch {
  name?: string;
  language?: string;
  timezoneId?: number;
  localeId?: number;
  countryId?: number;
}
export interface ChangeEmail { currentEmailAddress: string; newEmailAddress: string; currentPassword: string }
export interface ChangePassword { currentPassword: string; newPassword1: string; newPassword2: string }
export interface PasswordResetDemand { email: string }
export interface ResetPassword { newPassword1: string; newPassword2: string }
export interface LoginCredentials { email: string; password: string }
export type Scope = "user:read" | "user:write" | "organization:read";
export interface NewApiToken { label: string; scope: Scope[] }
export interface OutboxQuery { all?: boolean; after?: number; limit?: number }
export interface AuditLogQuery { userId?: number; offset?: number; limit?: number }
export type EnumKind =
  | "timezones" | "countries" | "locales" | "languages" | "imt-regions"
  | "connected-system-apps" | "user-api-token-scopes" | "user-api-tokes-scopes";
/** `DELETE /users`: `currentPassword` is required when the account has a password. */
export interface DeleteAccount { currentPassword?: string; deleteConnections?: boolean; tfaCode?: string }
/** `GET /users/roles` as Make's SDK asks it. */
export interface RolesQuery {
  category?: "organization" | "team";
  roleId?: number;
  excludeRole?: number[];
  cols?: (keyof Role | "*")[];
  organizationId?: number;
  teamId?: number;
}
export type OrganizationRoleColumn =
  | "userId" | "organizationId" | "usersRoleId" | "invitation" | "organizationTeamsCount"
  | "joinedTeamsCount";
/** An organization role request; without `usersRoleId` an update removes the user. */
export interface OrganizationRoleRequest {
  cols?: OrganizationRoleColumn[];
  usersRoleId?: number;
  confirmed?: boolean;
  deleteConnections?: boolean;
}
export interface OrganizationMembersQuery { cols?: OrganizationRoleColumn[]; pg?: { offset?: number; limit?: number } }

export interface Ok { ok: 1 }
export interface OrganizationResult { organization: Organization }
export interface TeamResult { team: Team }
export interface UserResult { user: FullUser }
export interface ImportResult { ids: number[] }
export interface ListUsersResult { users: User[]; pg: Paging }
export interface MeResult { authUser: User }
export interface ChangeEmailResult { changed: boolean; emailSent: true }
export interface ChangedResult { changed: boolean }
export interface ResetSessionResult { ok: 1; resetSession: string }
export interface LoginResult { session: { token: string; userId: number } }
export interface CurrentAuthorizationResult {
  authorization: { authUsed: "token" | "session"; scope: Scope[] };
}
/** `created` (ISO 8601, unique per user) names the token, as in Make. */
export interface ApiToken { id: number; label: string; scope: Scope[]; created: string }
export interface ApiTokenResult { apiToken: ApiToken & { token: string } }
export interface ApiTokensResult { apiTokens: ApiToken[] }
export interface Mail {
  id: number;
  kind: "password_reset" | "password_changed" | "password_reset_done" | "email_changed" | "email_confirmation";
  to: string;
  subject: string;
  /** Null once acknowledged. */
  body: string | null;
  createdAt: string;
  acknowledgedAt: string | null;
}
export interface OutboxResult { mails: Mail[] }
export interface AuditEvent { id: number; at: string; userId: number | null; event: string }
export interface AuditLogResult { events: AuditEvent[] }
export interface Timezone { id: number; name: string; code: string; offset: string }
export interface Country { id: number; name: string; code: string; code2: string }
export interface Locale { id: number; code: string; name: string }
export interface Language { code: string; name: string }
export type EnumsResult =
  | { timezones: Timezone[] } | { countries: Country[] } | { locales: Locale[] } | { languages: Language[] }
  | { imtRegions: { id: number; name: string }[] } | { connectedSystemApps: never[] }
  | { userApiTokenScopes: { name: Scope }[] };
/** Make's SDK `Role`. */
export interface Role {
  id: number;
  name: string;
  identifier: string;
  category: "organization" | "team";
  subsidiary: boolean;
  managementType: "system_locked";
  description: string;
  permissions: string[];
}
export interface RolesResult { usersRoles: Partial<Role>[] }
/** Make's SDK `RolePermission`. */
export interface RolePermission {
  id: number;
  name: string;
  note: string;
  category: string;
  roleCategory: "organization" | "team";
  label: string;
  customRolesHidden: false;
  requires: string[];
}
export type OrganizationRoleEntry = Partial<OrganizationRole & { organizationTeamsCount: number; joinedTeamsCount: number }>;
export interface SeedDemoResult { seeded: boolean; login: LoginCredentials | null }

/** The error body, the same over HTTP and in `UserStoreError.body`. */
export interface ErrorBody {
  detail: string;
  message: string;
  code: "SC400" | "SC401" | "SC403" | "SC404" | "SC405" | "SC413" | "SC415" | "SC429" | "SC500" | "IM001" | "IM011" | "IM102";
  /** Validation failures only: one entry per failed rule or field. */
  suberrors?: { message: string }[];
}

/**
 * The typed method of every operation (`methods.js`, put on the class by `index.js`): host-only
 * operations run as the host's system actor and take no authorization; the others take an
 * `Authorization` header value last, and without it are anonymous (`SC401` where a caller is
 * needed).
 */
export interface UserStore {
  /** Creates an organization: `{name}` → `{organization}`. */
  createOrganization(organization: NewOrganization): OrganizationResult;
  /** Creates a team: `{organizationId, name}` → `{team}`. */
  createTeam(team: NewTeam): TeamResult;
  /** Creates a user (the password must pass the policy) → `{user}` with every field. */
  createUser(user: NewUser): UserResult;
  /** Creates many users in one transaction → `{ids}`, in order. */
  importUsers(users: NewUser[]): ImportResult;
  /** Deletes a user and everything of theirs. */
  deleteUser(userId: number): Ok;
  /** Gives a user a role (11 to 15) in an organization, or changes it. */
  setOrganizationRole(organizationId: number, userId: number, usersRoleId: number): Ok;
  /** Removes a user's organization role. */
  removeOrganizationRole(organizationId: number, userId: number): Ok;
  /** Gives a user a role (1 to 5) in a team, or changes it; needs an organization role first. */
  setTeamRole(teamId: number, userId: number, usersRoleId: number): Ok;
  /** Removes a user's team role. */
  removeTeamRole(teamId: number, userId: number): Ok;
  /** The outbox: unacknowledged mails (or all, with `{all: true}`) → `{mails}`. */
  outbox(query?: OutboxQuery | null): OutboxResult;
  /** Marks a mail delivered; its body is erased. */
  acknowledgeMail(id: number): Ok;
  /** The audit log, newest first → `{events}`. */
  auditLog(query?: AuditLogQuery | null): AuditLogResult;
  /** Moves the test clock (stores opened with `manualClockMs` only). */
  advanceClock(seconds: number): Ok;
  /** Seeds the demo organization, teams and people if the store has no users yet. */
  seedDemo(): SeedDemoResult;
  /** `GET /users`: one page of a team's or an organization's users. */
  listUsers(query: ListUsersQuery, authorization?: string | null): ListUsersResult;
  /** `GET /users/me`: the caller (all columns unless `cols` names some) → `{authUser}`. */
  me(query?: MeQuery | null, authorization?: string | null): MeResult;
  /** One user with every column → `{user}`, as the caller (itself only). */
  getUser(userId: number, authorization?: string | null): UserResult;
  /** `PATCH /users/{userId}`: changes the given profile fields → `{user}`. */
  updateUser(userId: number, patch: UserPatch, authorization?: string | null): UserResult;
  /** `PUT /users/{userId}/attributes/email` → `{changed, emailSent}`. */
  changeEmail(userId: number, body: ChangeEmail, authorization?: string | null): ChangeEmailResult;
  /** Confirms a pending email change with the token mailed to the new address. */
  confirmEmailChange(token: string): ChangedResult;
  /** `PUT /users/{userId}/attributes/password` → `{changed}`. */
  changePassword(userId: number, body: ChangePassword, authorization?: string | null): ChangedResult;
  /** `POST /users/password-reset-demand`: `{email}` → `{ok: 1}`, known address or not. */
  demandPasswordReset(body: PasswordResetDemand): Ok;
  /** `GET /users/password-reset?hash=…`: spends the hash, opens a reset session. */
  openResetSession(hash: string): ResetSessionResult;
  /** `POST /users/password-reset`: sets the new password inside the reset session. */
  resetPassword(resetSession: string, body: ResetPassword): Ok;
  /** Logs in → `{session: {token, userId}}`; use the token as `Bearer …`. */
  login(credentials: LoginCredentials): LoginResult;
  /** Ends the caller's login session. */
  logout(authorization?: string | null): Ok;
  /** `GET /users/me/current-authorization` → `{authorization: {authUsed, scope}}`. */
  currentAuthorization(authorization?: string | null): CurrentAuthorizationResult;
  /** `POST /users/me/api-tokens` → `{apiToken}`; the token value is shown only here. */
  createApiToken(token: NewApiToken, authorization?: string | null): ApiTokenResult;
  /** `GET /users/me/api-tokens` → `{apiTokens}` without their values. */
  listApiTokens(authorization?: string | null): ApiTokensResult;
  /** `DELETE /users/me/api-tokens/{created}`: by `created` timestamp (or id) → `{apiToken: created}`. */
  deleteApiToken(createdOrId: string | number, authorization?: string | null): { apiToken: string };
  /** `DELETE /users`: deletes the caller's own account → `{user: id}`. */
  deleteAccount(body: DeleteAccount, authorization?: string | null): { user: number };
  /** `GET /users/{userId}/user-team-roles` → `{userTeamRoles}`. */
  userTeamRoles(userId: number, authorization?: string | null): { userTeamRoles: TeamRole[] };
  /** `GET /users/{userId}/user-team-roles/{teamId}` → `{userTeamRole}`. */
  userTeamRole(userId: number, teamId: number, authorization?: string | null): { userTeamRole: TeamRole };
  /** `POST /users/{userId}/user-team-roles/{teamId}` with `{usersRoleId}` → `{userTeamRole}`. */
  setUserTeamRole(userId: number, teamId: number, body: { usersRoleId: number }, authorization?: string | null): { userTeamRole: TeamRole };
  /** `GET /users/{userId}/user-organization-roles` → `{userOrganizationRoles}`. */
  userOrganizationRoles(userId: number, authorization?: string | null): { userOrganizationRoles: OrganizationRole[] };
  /** `GET /users/{userId}/user-organization-roles/{organizationId}` → `{userOrganizationRole}`. */
  userOrganizationRole(userId: number, organizationId: number, query?: { cols?: OrganizationRoleColumn[] } | null, authorization?: string | null): { userOrganizationRole: OrganizationRoleEntry };
  /** `POST /users/{userId}/user-organization-roles/{organizationId}`: changes the role, or removes the user without `usersRoleId`. */
  updateUserOrganizationRole(userId: number, organizationId: number, body: OrganizationRoleRequest, authorization?: string | null): { userOrganizationRole: OrganizationRoleEntry };
  /** `POST /users/{userId}/user-organization-roles/{organizationId}/transfer` → `{userOrganizationRoles}`. */
  transferOrganizationOwnership(userId: number, organizationId: number, authorization?: string | null): { userOrganizationRoles: OrganizationRole[] };
  /** `GET /organizations/{organizationId}/user-organization-roles` → `{userOrganizationRoles, pg}`. */
  organizationUserRoles(organizationId: number, query?: OrganizationMembersQuery | null, authorization?: string | null): { userOrganizationRoles: OrganizationRoleEntry[]; pg: { sortBy: "userId"; sortDir: "asc"; offset: number; limit: number } };
  /** `GET /enums/{kind}` → `{timezones}`, `{countries}`, `{locales}`, `{languages}`, `{imtRegions}`, `{connectedSystemApps}` or `{userApiTokenScopes}`. */
  enums(kind: EnumKind): EnumsResult;
  /** `GET /users/roles` → `{usersRoles}`. */
  roles(query?: RolesQuery | null): RolesResult;
  /** `GET /users/roles/{roleId}` → `{usersRole}`. */
  role(roleId: number): { usersRole: Role };
  /** `GET /users/roles/permissions` → `{usersRolesPermissions}`. */
  rolePermissions(query?: { roleCategory?: "organization" | "team" } | null): { usersRolesPermissions: RolePermission[] };
}
