/**
 * The page of the browser test: the package on the main thread (in memory) and through the
 * OPFS worker wrapper. browser.test.mjs calls these functions with `page.evaluate`.
 */
import { init, UserStore, UserStoreError } from '../../bindings/wasm/pkg-test/index.js';
import { UserStoreClient } from '../../bindings/wasm/pkg-test/client.js';

const CONFIG = { insecureFastHashingForTestsOnly: true };

await init();

window.userstoreTest = {
  /** The package on the main thread: typed calls, an error, and `handle(Request)`. */
  async inMemory() {
    const store = UserStore.openInMemory(CONFIG);
    const { user } = store.createUser({ name: 'Jane Doe', email: 'jane@example.com', password: 'Blue-Otter-47' });
    let error;
    try {
      store.login({ email: 'jane@example.com', password: 'wrong' });
    } catch (e) {
      error = { isClass: e instanceof UserStoreError, code: e.code, status: e.status };
    }
    const res = await store.handle(
      new Request('/api/v2/sessions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'jane@example.com', password: 'Blue-Otter-47' }),
      }),
    );
    const body = await res.json();
    store.free();
    return { user, error, status: res.status, userId: body.session.userId };
  },

  /** Opens (or creates) the OPFS store `name` in the worker and adds a user to it. */
  async opfsAdd(name, user) {
    const store = await UserStoreClient.open({ name, config: CONFIG });
    try {
      return (await store.createUser(user)).user;
    } finally {
      await store.close();
    }
  },

  /** Reopens the OPFS store `name`: its users (ids 1..n), the last error, and a snapshot. */
  async opfsRead(name, count) {
    const store = await UserStoreClient.open({ name, config: CONFIG });
    try {
      const users = [];
      for (let id = 1; id <= count; id++) users.push((await store.callAsSystem('getUser', { userId: id })).user);
      let error;
      try {
        await store.callAsSystem('getUser', { userId: count + 1 });
      } catch (e) {
        error = { isClass: e instanceof UserStoreError, code: e.code, detail: e.detail };
      }
      const snapshot = await store.snapshot();
      return { users, error, snapshot: Array.from(snapshot) };
    } finally {
      await store.close();
    }
  },
};
document.getElementById('status').textContent = 'ready';
