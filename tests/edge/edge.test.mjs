/**
 * The package on Cloudflare's workerd (npm `workerd`): serves tests/edge/config.capnp on a
 * loopback port and runs the lost-password reset end to end with `fetch`.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const workerdBin = `${root}node_modules/.bin/workerd`;
let workerd;
let base;

/** A free loopback port. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

before(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  workerd = spawn(workerdBin, ['serve', 'tests/edge/config.capnp', '--socket-addr', `http=127.0.0.1:${port}`], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await fetch(`${base}/api/v2/users/roles`);
      return;
    } catch (e) {
      if (workerd.exitCode !== null) throw new Error(`workerd exited with ${workerd.exitCode}`);
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
});

after(() => workerd?.kill());

async function post(path, body, headers = {}) {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

test('the reset flow over HTTP on workerd', async () => {
  const login = await post('/api/v2/sessions', { email: 'jane@example.com', password: 'Blue-Otter-47' });
  assert.equal(login.status, 200);
  const oldSession = (await login.json()).session.token;

  const demand = await post('/api/v2/users/password-reset-demand', { email: 'jane@example.com' });
  assert.equal(demand.status, 200);
  assert.equal(demand.headers.get('content-type'), 'application/json; charset=utf-8');
  assert.deepEqual(await demand.json(), { ok: 1 });

  const { mails } = await (await fetch(`${base}/test/outbox`)).json();
  const hash = /reset-password\?hash=([0-9a-f]{32})\n/.exec(mails.at(-1).body)[1];

  const opened = await fetch(`${base}/api/v2/users/password-reset?hash=${hash}`);
  assert.equal(opened.status, 200);
  assert.deepEqual(await opened.json(), { ok: 1 });
  const cookie = opened.headers.get('set-cookie');
  assert.match(
    cookie,
    /^userstore_reset=[0-9a-f]{64}; HttpOnly; Secure; SameSite=Strict; Path=\/api\/v2\/users\/password-reset; Max-Age=900$/,
  );
  const session = cookie.split(';')[0];

  const weak = await post('/api/v2/users/password-reset', { newPassword1: 'short', newPassword2: 'short' }, { cookie: session });
  assert.equal(weak.status, 400);
  assert.equal((await weak.json()).message, 'Validation failed');

  const reset = await post(
    '/api/v2/users/password-reset',
    { newPassword1: 'Green-Heron-58', newPassword2: 'Green-Heron-58' },
    { cookie: session },
  );
  assert.equal(reset.status, 200);
  assert.deepEqual(await reset.json(), { ok: 1 });
  assert.equal(
    reset.headers.get('set-cookie'),
    'userstore_reset=; HttpOnly; Secure; SameSite=Strict; Path=/api/v2/users/password-reset; Max-Age=0',
  );

  const replay = await post('/api/v2/users/password-reset', { newPassword1: 'Green-Heron-59', newPassword2: 'Green-Heron-59' }, { cookie: session });
  assert.deepEqual(await replay.json(), {
    detail: 'The password reset session is invalid or has expired.',
    message: 'Bad Request',
    code: 'SC400',
  });
  const me = await fetch(`${base}/api/v2/users/me`, { headers: { authorization: `Bearer ${oldSession}` } });
  assert.equal(me.status, 401);
  const oldPassword = await post('/api/v2/sessions', { email: 'jane@example.com', password: 'Blue-Otter-47' });
  assert.equal((await oldPassword.json()).code, 'IM102');
  const newPassword = await post('/api/v2/sessions', { email: 'jane@example.com', password: 'Green-Heron-58' });
  assert.equal(newPassword.status, 200);
  assert.equal((await newPassword.json()).session.userId, 1);
});
