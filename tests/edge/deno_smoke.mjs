/**
 * The package on Deno (npm `deno`), run by scripts/test-js.sh as
 * `deno test --allow-read tests/edge/deno_smoke.mjs`: loads with the default `init()`,
 * serves the Make API through `handle`, and reopens a snapshot.
 */
import { init, UserStore, UserStoreError } from '../../bindings/wasm/pkg-test/index.js';

function assertEquals(actual, expected) {
  const [a, e] = [JSON.stringify(actual), JSON.stringify(expected)];
  if (a !== e) throw new Error(`expected ${e}, got ${a}`);
}

Deno.test('userstore-wasm on Deno', async () => {
  await init();
  const store = UserStore.openInMemory({ insecureFastHashingForTestsOnly: true });
  store.createUser({ name: 'Jane Doe', email: 'jane@example.com', password: 'Blue-Otter-47' });
  const res = await store.handle(
    new Request('http://localhost/api/v2/users/password-reset-demand', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'jane@example.com' }),
    }),
  );
  assertEquals([res.status, await res.json()], [200, { ok: 1 }]);
  assertEquals(store.outbox().mails.length, 1);
  try {
    store.login({ email: 'jane@example.com', password: 'nope' });
    throw new Error('login should fail');
  } catch (e) {
    assertEquals([e instanceof UserStoreError, e.code], [true, 'IM102']);
  }
  const copy = UserStore.openSnapshot(store.snapshot());
  assertEquals(copy.callAsSystem('getUser', { userId: 1 }).user.email, 'jane@example.com');
  copy.free();
  store.free();
});
