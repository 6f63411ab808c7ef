/**
 * The UserStore class: one typed method per operation, plain objects in and out, errors as
 * UserStoreError, configuration, snapshots and the clock.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { testStore, UserStore, UserStoreError } from './pkg.mjs';

const PASSWORD = 'Blue-Otter-47';

/** A store with Jane (id 1) in organization 1 (Member) and team 1 (Team monitoring). */
function withJane() {
  const store = testStore();
  store.createOrganization({ name: 'Acme' });
  store.createTeam({ organizationId: 1, name: 'Ops' });
  store.createUser({ name: 'Jane Doe', email: 'jane@example.com', password: PASSWORD });
  store.setOrganizationRole(1, 1, 13);
  store.setTeamRole(1, 1, 3);
  const { session } = store.login({ email: 'jane@example.com', password: PASSWORD });
  return { store, auth: `Bearer ${session.token}` };
}

/** Runs `f`, which must throw a UserStoreError, and returns it. */
function thrown(f) {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof UserStoreError, `not a UserStoreError: ${e}`);
    return e;
  }
  assert.fail('nothing was thrown');
}

test('every operation is a method of the same name, and a name of the Operation type', async () => {
  const ops = UserStore.operations();
  assert.ok(ops.length >= 31, ops.join());
  for (const op of ops) assert.equal(typeof UserStore.prototype[op], 'function', `no method ${op}`);
  // And no typed method runs anything else (tests/surfaces.rs checks the sources the same way).
  const { methods } = await import('../../bindings/wasm/pkg-test/methods.js');
  assert.deepEqual(Object.keys(methods).sort(), [...ops].sort());
  const dts = readFileSync(new URL('../../bindings/wasm/pkg-test/userstore_wasm.d.ts', import.meta.url), 'utf8');
  const union = /export type Operation =([^;]*);/.exec(dts)[1];
  assert.deepEqual([...union.matchAll(/"(\w+)"/g)].map((m) => m[1]).sort(), [...ops].sort());
  // The TypeScript consumer (checked by tsc in scripts/test-js.sh) calls every one of them.
  const consumer = readFileSync(new URL('./consumer.ts', import.meta.url), 'utf8');
  for (const op of ops) assert.ok(consumer.includes(`.${op}(`), `consumer.ts does not call ${op}`);
});

test('administration returns the wire bodies', () => {
  const store = testStore();
  assert.deepEqual(store.createOrganization({ name: 'Acme' }), { organization: { id: 1, name: 'Acme' } });
  assert.deepEqual(store.createTeam({ organizationId: 1, name: 'Ops' }), {
    team: { id: 1, organizationId: 1, name: 'Ops' },
  });
  const { user } = store.createUser({ name: 'Jane Doe', email: 'jane@example.com', password: PASSWORD });
  assert.deepEqual(user, {
    id: 1, name: 'Jane Doe', email: 'jane@example.com', language: 'en', timezoneId: user.timezoneId,
    localeId: user.localeId, countryId: 239, features: {},
    avatar: 'https://secure.gravatar.com/avatar/9e26471d35a78862c17e467d87cddedf.jpg?d=mm', timezone: 'Etc/UTC',
    locale: 'en-US', lastLogin: null, hasPassword: true, forceSetPassword: false, tfaEnabled: false,
    userOrganizationRoles: [], userTeamRoles: [], emailNotifications: null, usersAdminsRoleId: null,
    isAffiliatePartner: false, hasAddedApp: false, supportEligible: false,
  });
  assert.deepEqual(store.importUsers([{ name: 'Ada King', email: 'ada@example.com' }, { name: 'Alan T', email: 'alan@example.com' }]), { ids: [2, 3] });
  assert.deepEqual(store.setOrganizationRole(1, 2, 11), { ok: 1 });
  assert.deepEqual(store.setTeamRole(1, 2, 1), { ok: 1 });
  assert.deepEqual(store.removeTeamRole(1, 2), { ok: 1 });
  assert.deepEqual(store.removeOrganizationRole(1, 2), { ok: 1 });
  assert.deepEqual(store.deleteUser(3), { ok: 1 });
  assert.equal(thrown(() => store.callAsSystem('getUser', { userId: 3 })).code, 'SC404');
  store.free();
});

test('listing, profile and the caller, as the user', () => {
  const { store, auth } = withJane();
  assert.deepEqual(store.listUsers({ teamId: 1, cols: ['id', 'name'], pg: { sortBy: 'name' } }, auth), {
    users: [{ id: 1, name: 'Jane Doe' }],
    pg: { sortBy: 'name', sortDir: 'desc', offset: 0, limit: 10 },
  });
  // An `undefined` member is absent, as in JSON.stringify.
  const { user } = store.updateUser(1, { name: 'Jane Roe', language: undefined, countryId: 6 }, auth);
  assert.equal(user.name, 'Jane Roe');
  assert.equal(user.countryId, 6);
  assert.deepEqual(store.me({ cols: ['id', 'email'] }, auth), { authUser: { id: 1, email: 'jane@example.com' } });
  assert.equal(store.me(undefined, auth).authUser.lastLogin, '2026-01-01T00:00:00.000Z');
  assert.deepEqual(store.currentAuthorization(auth), {
    authorization: { authUsed: 'session', scope: ['user:read', 'user:write', 'organization:read'] },
  });
  assert.equal(store.getUser(1, auth).user.name, 'Jane Roe');
  store.free();
});

test('keyset paging: pg.showLast, then pg.last, to the end', () => {
  const { store, auth } = withJane();
  store.importUsers([{ name: 'Ada King', email: 'ada@example.com' }, { name: 'alan t', email: 'alan@example.com' }]);
  store.setOrganizationRole(1, 2, 13);
  store.setOrganizationRole(1, 3, 13);
  const page = (pg) => store.listUsers({ organizationId: 1, cols: ['id'], pg: { sortBy: 'name', sortDir: 'asc', limit: 2, ...pg } }, auth);
  assert.deepEqual(page({ showLast: true }), {
    users: [{ id: 2 }, { id: 3 }],
    pg: { sortBy: 'name', sortDir: 'asc', limit: 2, last: 'n3.alan t', showLast: true },
  });
  assert.deepEqual(page({ last: 'n3.alan t' }), {
    users: [{ id: 1 }],
    pg: { sortBy: 'name', sortDir: 'asc', limit: 2, last: 'n1.jane doe', showLast: true },
  });
  assert.deepEqual(page({ last: 'n1.jane doe' }).users, []);
  assert.deepEqual(thrown(() => page({ last: 'i1' })).body.suberrors, [
    { message: "'pg[last]' must be the 'last' of a listing sorted by name." },
  ]);
  store.free();
});

test('credentials: email and password changes, tokens, logout', () => {
  const { store, auth } = withJane();
  assert.deepEqual(
    store.changeEmail(1, { currentEmailAddress: 'jane@example.com', newEmailAddress: 'jr@example.com', currentPassword: PASSWORD }, auth),
    { changed: true, emailSent: true },
  );
  assert.deepEqual(
    store.changePassword(1, { currentPassword: PASSWORD, newPassword1: 'Green-Heron-58', newPassword2: 'Green-Heron-58' }, auth),
    { changed: true },
  );
  const { apiToken } = store.createApiToken({ label: 'ci', scope: ['organization:read'] }, auth);
  assert.match(apiToken.token, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.deepEqual(store.listApiTokens(auth), {
    apiTokens: [{ id: apiToken.id, label: 'ci', scope: ['organization:read'], created: '2026-01-01T00:00:00.000Z' }],
  });
  assert.equal(store.currentAuthorization(`Token ${apiToken.token}`).authorization.authUsed, 'token');
  assert.deepEqual(store.deleteApiToken('2026-01-01T00:00:00.000Z', auth), { apiToken: '2026-01-01T00:00:00.000Z' });
  assert.deepEqual(store.logout(auth), { ok: 1 });
  assert.equal(thrown(() => store.me(null, auth)).status, 401);
  store.free();
});

test('the reset flow through the typed methods, with the outbox and the audit log', () => {
  const { store } = withJane();
  assert.deepEqual(store.demandPasswordReset({ email: 'JANE@example.com' }), { ok: 1 });
  const [mail] = store.outbox().mails;
  assert.equal(mail.kind, 'password_reset');
  const hash = /hash=([0-9a-f]{32})/.exec(mail.body)[1];
  assert.deepEqual(store.acknowledgeMail(mail.id), { ok: 1 });
  assert.equal(store.outbox({ all: true }).mails[0].body, null);
  store.advanceClock(60);
  const { ok, resetSession } = store.openResetSession(hash);
  assert.equal(ok, 1);
  assert.deepEqual(store.resetPassword(resetSession, { newPassword1: 'Green-Heron-58', newPassword2: 'Green-Heron-58' }), { ok: 1 });
  assert.equal(thrown(() => store.openResetSession(hash)).detail, 'The password reset link is invalid or has expired.');
  assert.equal(store.login({ email: 'jane@example.com', password: 'Green-Heron-58' }).session.userId, 1);
  const events = store.auditLog({ userId: 1 }).events.map((e) => e.event);
  assert.ok(events.includes('reset_done'), events.join());
  store.free();
});

test('the demo data seeds once', () => {
  const store = testStore();
  const { seeded, login } = store.seedDemo();
  assert.equal(seeded, true);
  assert.equal(store.login(login).session.userId > 0, true);
  assert.deepEqual(store.seedDemo(), { seeded: false, login });
  store.free();
});

test('reference data', () => {
  const store = testStore();
  assert.deepEqual(store.enums('timezones').timezones.find((t) => t.id === 113), {
    id: 113, name: '(GMT+01:00) Europe/Prague', code: 'Europe/Prague', offset: '+0100',
  });
  assert.deepEqual(store.enums('countries').countries[0], { id: 4, name: 'Afghanistan', code: 'AFG', code2: 'af' });
  assert.ok(store.enums('locales').locales.some((l) => l.id === 18));
  assert.ok(store.enums('languages').languages.some((l) => l.code === 'en'));
  assert.equal(thrown(() => store.enums('planets')).code, 'SC400');
  assert.deepEqual(store.roles({ roleId: 11, cols: ['id', 'name', 'category'] }).usersRoles, [
    { id: 11, name: 'Owner', category: 'organization' },
  ]);
  assert.deepEqual(store.role(11).usersRole.permissions, [
    'organization users view', 'organization roles edit', 'organization ownership transfer', 'team users view',
    'team roles edit',
  ]);
  assert.deepEqual(store.enums('imt-regions'), { imtRegions: [{ id: 1, name: 'Local' }] });
  store.free();
});

test('errors are UserStoreError with the wire body as data', () => {
  const { store, auth } = withJane();
  const e = thrown(() =>
    store.changePassword(1, { currentPassword: PASSWORD, newPassword1: 'short', newPassword2: 'short' }, auth),
  );
  assert.ok(e instanceof Error);
  assert.equal(e.name, 'UserStoreError');
  assert.equal(e.code, 'SC400');
  assert.equal(e.status, 400);
  assert.equal(e.retryAfter, undefined);
  assert.equal(e.body.message, 'Validation failed');
  assert.equal(e.message, `Validation failed: ${e.detail}`);
  assert.deepEqual(e.suberrors, [
    { message: 'The password must be at least 9 characters long.' },
    { message: 'The password must contain at least one uppercase letter.' },
    { message: 'The password must contain at least one number.' },
    { message: 'The password must contain at least one special character.' },
    { message: 'The password is too common; choose one that is harder to guess.' },
  ]);
  assert.deepEqual(JSON.parse(JSON.stringify(e)), e.body);
  assert.deepEqual(Object.keys(e.body), ['detail', 'message', 'code', 'suberrors']);

  const wrong = { currentPassword: 'Wrong-Pass-99', newPassword1: 'Green-Heron-58', newPassword2: 'Green-Heron-58' };
  for (let i = 0; i < 4; i++) assert.equal(thrown(() => store.changePassword(1, wrong, auth)).code, 'IM102');
  const locked = thrown(() => store.changePassword(1, wrong, auth));
  assert.deepEqual(
    [locked.code, locked.status, locked.retryAfter, locked.detail],
    ['IM011', 429, 900, 'Too many failed attempts. Try again in 900 seconds.'],
  );
  assert.deepEqual(locked.suberrors, []);

  assert.deepEqual(thrown(() => store.listUsers({ teamId: 1, organizationId: 1 }, auth)).body, {
    detail: 'teamId and organizationId cannot be used together', message: 'Bad Request', code: 'SC400',
  });
  assert.equal(thrown(() => store.me(null, 'Bearer nope')).code, 'SC401');
  assert.equal(thrown(() => store.call('createOrganization', { name: 'Evil' }, auth)).code, 'SC403');
  assert.equal(thrown(() => store.call('nope')).detail, "Unknown operation 'nope'.");
  assert.equal(thrown(() => store.updateUser(1, { name: 1n }, auth)).detail, 'The arguments must be JSON values.');
  assert.equal(thrown(() => store.call('roles', [1, 2])).detail, 'The arguments must be a JSON object.');
  store.free();
});

test('a missing authorization is anonymous, never the host', () => {
  const { store } = withJane();
  for (const missing of [undefined, null]) {
    assert.equal(thrown(() => store.listUsers({ organizationId: 1 }, missing)).code, 'SC401');
    assert.equal(thrown(() => store.me(undefined, missing)).code, 'SC401');
    assert.equal(thrown(() => store.updateUser(1, { name: 'Eve' }, missing)).code, 'SC401');
    assert.equal(thrown(() => store.call('outbox', {}, missing)).code, 'SC401');
    const evil = { name: 'Eve', email: 'eve@example.com' };
    assert.equal(thrown(() => store.call('createUser', evil, missing)).code, 'SC401');
    assert.equal(thrown(() => store.getUser(1, missing)).code, 'SC401');
  }
  // What needs no caller still runs; the host names itself to act as the system.
  assert.equal(store.call('roles').usersRoles.length, 10);
  assert.equal(store.callAsSystem('getUser', { userId: 1 }).user.name, 'Jane Doe');
  assert.equal(store.callAsSystem('createUser', { name: 'Ada', email: 'ada@example.com' }).user.id, 2);
  store.free();
});

test('the release package refuses the test-only fast hashing', async () => {
  const release = await import('../../bindings/wasm/pkg/index.js');
  await release.init();
  try {
    release.UserStore.openInMemory({ insecureFastHashingForTestsOnly: true });
    assert.fail('the release build accepted insecure hashing');
  } catch (e) {
    assert.equal(e.code, 'SC400');
    assert.deepEqual(e.suberrors, [
      { message: "'insecureFastHashingForTestsOnly' is only accepted by test builds (cargo feature insecure-test-hashing)." },
    ]);
  }
});

test('configuration is checked and can only be made stronger', () => {
  const weak = thrown(() => UserStore.openInMemory({ hashing: { memoryKib: 1024, iterations: 1, parallelism: 1 } }));
  assert.equal(weak.code, 'SC400');
  assert.deepEqual(weak.suberrors, [{ message: 'hashing must be at least m=19456 KiB, t=2, p=1.' }]);
  const unknown = thrown(() => UserStore.openInMemory({ nope: 1, passwordPolicy: { minLength: '12', max: 3 } }));
  assert.deepEqual([unknown.code, unknown.status, unknown.body.message], ['SC400', 400, 'Validation failed']);
  assert.deepEqual(unknown.suberrors, [
    { message: "'passwordPolicy.minLength' must be a non-negative integer." },
    { message: "Unknown field 'passwordPolicy.max'." },
    { message: "Unknown field 'nope'." },
  ]);
  const store = UserStore.openInMemory({ passwordPolicy: { minLength: 12 }, insecureFastHashingForTestsOnly: true });
  assert.equal(thrown(() => store.createUser({ name: 'Jane Doe', email: 'j@example.com', password: 'Blue-Otr-47' })).code, 'SC400');
  store.free();
});

test('the clock is Date.now() unless the configuration asks for a manual one', () => {
  const store = UserStore.openInMemory({ insecureFastHashingForTestsOnly: true });
  const before = Date.now();
  store.createUser({ name: 'Jane Doe', email: 'jane@example.com' });
  store.demandPasswordReset({ email: 'jane@example.com' });
  const at = Date.parse(store.outbox().mails[0].createdAt);
  assert.ok(at >= before - 1 && at <= Date.now() + 1, `${at} not near ${before}`);
  assert.equal(thrown(() => store.advanceClock(60)).code, 'SC400');
  store.free();
});

test('a snapshot reopens with the same users; bad bytes are refused', () => {
  const { store } = withJane();
  const bytes = store.snapshot();
  assert.ok(bytes instanceof Uint8Array);
  assert.equal(new TextDecoder().decode(bytes.subarray(0, 15)), 'SQLite format 3');
  const copy = UserStore.openSnapshot(bytes, { insecureFastHashingForTestsOnly: true });
  assert.deepEqual(copy.callAsSystem('getUser', { userId: 1 }), store.callAsSystem('getUser', { userId: 1 }));
  assert.equal(copy.login({ email: 'jane@example.com', password: PASSWORD }).session.userId, 1);
  assert.equal(thrown(() => UserStore.openSnapshot(new Uint8Array([1, 2, 3]))).status, 500);
  copy.free();
  store.free();
});
