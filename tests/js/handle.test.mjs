/**
 * `UserStore.handle(request)`: fetch `Request` in, fetch `Response` out, through the core
 * router. Asserts exact statuses, headers (the cookies' attributes) and JSON bodies.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testStore } from './pkg.mjs';

const BASE = 'https://users.example.com/api/v2';
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };
const RESET_COOKIE_ATTRIBUTES = 'HttpOnly; Secure; SameSite=Strict; Path=/api/v2/users/password-reset';

/** Sends a request; `body` (an object) goes as JSON. */
async function send(store, method, path, { body, headers = {} } = {}) {
  const init = { method, headers: new Headers(headers) };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers.set('content-type', 'application/json');
  }
  const res = await store.handle(new Request(`${BASE}${path}`, init));
  assert.ok(res instanceof Response);
  return { status: res.status, headers: [...res.headers], json: await res.json() };
}

function janeStore() {
  const store = testStore();
  store.createUser({ name: 'Jane Doe', email: 'jane@example.com', password: 'Blue-Otter-47' });
  return store;
}

test('the reset flow over HTTP, with the reset cookie', async () => {
  const store = janeStore();
  assert.deepEqual(await send(store, 'POST', '/users/password-reset-demand', { body: { email: 'jane@example.com' } }), {
    status: 200,
    headers: Object.entries(JSON_HEADERS).sort(),
    json: { ok: 1 },
  });
  const hash = /hash=([0-9a-f]{32})/.exec(store.outbox().mails[0].body)[1];

  const opened = await send(store, 'GET', `/users/password-reset?hash=${hash}`);
  assert.equal(opened.status, 200);
  assert.deepEqual(opened.json, { ok: 1 });
  const cookie = Object.fromEntries(opened.headers)['set-cookie'];
  const [, session] = /^userstore_reset=([0-9a-f]{64}); (.*)$/.exec(cookie) ?? [];
  assert.ok(session, cookie);
  assert.equal(cookie, `userstore_reset=${session}; ${RESET_COOKIE_ATTRIBUTES}; Max-Age=900`);

  const again = await send(store, 'GET', `/users/password-reset?hash=${hash}`);
  assert.deepEqual(again, {
    status: 400,
    headers: Object.entries(JSON_HEADERS).sort(),
    json: { detail: 'The password reset link is invalid or has expired.', message: 'Bad Request', code: 'SC400' },
  });

  const reset = await send(store, 'POST', '/users/password-reset', {
    headers: { cookie: `userstore_reset=${session}` },
    body: { newPassword1: 'Green-Heron-58', newPassword2: 'Green-Heron-58' },
  });
  assert.deepEqual(reset, {
    status: 200,
    headers: [...Object.entries(JSON_HEADERS), ['set-cookie', `userstore_reset=; ${RESET_COOKIE_ATTRIBUTES}; Max-Age=0`]].sort(),
    json: { ok: 1 },
  });
  store.free();
});

test('login sets the session cookie; the session then authorizes', async () => {
  const store = janeStore();
  const login = await send(store, 'POST', '/sessions', { body: { email: 'jane@example.com', password: 'Blue-Otter-47' } });
  assert.equal(login.status, 200);
  const token = login.json.session.token;
  assert.deepEqual(login.json, { session: { token, userId: 1 } });
  assert.equal(
    Object.fromEntries(login.headers)['set-cookie'],
    `userstore_session=${token}; HttpOnly; Secure; SameSite=Strict; Path=/api/v2; Max-Age=43200`,
  );
  const me = await send(store, 'GET', '/users/me?cols%5B%5D=id&cols[]=email', { headers: { cookie: `userstore_session=${token}` } });
  assert.deepEqual(me.json, { authUser: { id: 1, email: 'jane@example.com' } });
  const patched = await send(store, 'PATCH', '/users/1', { headers: { authorization: `Bearer ${token}` }, body: { name: 'Jane Roe' } });
  assert.equal(patched.json.user.name, 'Jane Roe');
  store.free();
});

test('errors: 401, 404, 405 with allow, 415, 429 with retry-after', async () => {
  const store = janeStore();
  const { session } = store.login({ email: 'jane@example.com', password: 'Blue-Otter-47' });
  const auth = { authorization: `Bearer ${session.token}` };
  assert.deepEqual(await send(store, 'GET', '/users/me'), {
    status: 401,
    headers: Object.entries(JSON_HEADERS).sort(),
    json: { detail: 'Missing, expired or unknown credentials.', message: 'Unauthorized', code: 'SC401' },
  });
  assert.deepEqual((await send(store, 'GET', '/nope')).json, { detail: 'No such route.', message: 'Not Found', code: 'SC404' });
  const notAllowed = await send(store, 'PUT', '/users', { headers: auth });
  assert.equal(notAllowed.status, 405);
  assert.equal(Object.fromEntries(notAllowed.headers).allow, 'GET, DELETE');
  // Signed in by the session cookie alone, a form-typed body is refused (the CSRF defence).
  const res = await store.handle(
    new Request(`${BASE}/users/1`, {
      method: 'PATCH',
      headers: { 'content-type': 'text/plain', cookie: `userstore_session=${session.token}` },
      body: '{"name":"Mallory"}',
    }),
  );
  assert.equal(res.status, 415);
  assert.equal((await res.json()).code, 'SC415');

  const wrong = { currentPassword: 'Wrong-Pass-99', newPassword1: 'Green-Heron-58', newPassword2: 'Green-Heron-58' };
  let last;
  for (let i = 0; i < 5; i++) last = await send(store, 'PUT', '/users/1/attributes/password', { headers: auth, body: wrong });
  assert.equal(last.status, 429);
  assert.equal(Object.fromEntries(last.headers)['retry-after'], '900');
  assert.deepEqual(last.json, {
    detail: 'Too many failed attempts. Try again in 900 seconds.',
    message: 'Too many failed attempts',
    code: 'IM011',
  });
  store.free();
});

test('bodies arrive whole from a stream; the system actor is never reachable over HTTP', async () => {
  const store = janeStore();
  const bytes = new TextEncoder().encode(JSON.stringify({ email: 'jane@example.com', password: 'Blue-Otter-47' }));
  const stream = new ReadableStream({
    start(c) {
      for (const b of bytes) c.enqueue(new Uint8Array([b]));
      c.close();
    },
  });
  const res = await store.handle(
    new Request(`${BASE}/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: stream, duplex: 'half' }),
  );
  assert.equal(res.status, 200);
  assert.equal((await res.json()).session.userId, 1);
  const list = await send(store, 'GET', '/users?organizationId=1');
  assert.equal(list.status, 401);
  store.free();
});

/** A login request with a wrong password, as JSON. */
function wrongLogin() {
  return new Request(`${BASE}/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'jane@example.com', password: 'Wrong-Guess-99!' }),
  });
}

test('handle(request, client) throttles the credential routes per client, before any hashing', async () => {
  const store = testStore({ rateLimit: { burst: 2, perMinute: 1 } });
  const statuses = [];
  for (let i = 0; i < 3; i++) statuses.push((await store.handle(wrongLogin(), '203.0.113.9')).status);
  assert.deepEqual(statuses, [400, 400, 429]);
  const refused = await store.handle(wrongLogin(), '203.0.113.9');
  assert.equal(refused.headers.get('retry-after'), '60');
  assert.deepEqual(await refused.json(), {
    detail: 'Too many requests from this client. Try again in 60 seconds.',
    message: 'Too Many Requests',
    code: 'SC429',
  });
  // Another client has its own bucket; without a client the host asked for no throttling.
  assert.equal((await store.handle(wrongLogin(), '198.51.100.1')).status, 400);
  assert.equal((await store.handle(wrongLogin())).status, 400);
  store.free();
});

test('a body over maxBodyBytes is refused with 413 without being read whole', async () => {
  const store = testStore({ maxBodyBytes: 1024 });
  let pulled = 0;
  const body = new ReadableStream({
    pull(controller) {
      pulled += 1;
      if (pulled > 1000) controller.close();
      else controller.enqueue(new Uint8Array(512).fill(0x20));
    },
  });
  const res = await store.handle(
    new Request(`${BASE}/sessions`, { method: 'POST', body, duplex: 'half', headers: { 'content-type': 'application/json' } }),
  );
  assert.equal(res.status, 413);
  assert.deepEqual(await res.json(), {
    detail: 'The request body is larger than 1024 bytes.',
    message: 'Payload Too Large',
    code: 'SC413',
  });
  // Three chunks pass the limit; the stream may have been asked for one or two ahead.
  assert.ok(pulled <= 5, `${pulled} chunks of 512 bytes were pulled`);
  store.free();
});
