/**
 * The worker half of the OPFS wrapper (see client.js, which starts it): owns one UserStore
 * inside a dedicated Worker, where OPFS sync access handles are available, and runs the
 * methods the page asks for.
 *
 * Messages, page to worker: `{id, method, args}`; worker to page: `{id, result}` or
 * `{id, error}`, where `error` is `{body, status, retryAfter}` for a UserStoreError and
 * `{message}` for anything else. `method` is a UserStore method name, or:
 * - `open` with `[{name?, config?, snapshot?}]`: opens the store (`name`: persistent in OPFS;
 *   `snapshot`: in memory from those bytes; neither: empty, in memory) and answers with the
 *   method names the page may call;
 * - `close`: frees the store (releasing its OPFS file).
 */
import { init, UserStore, UserStoreError } from './index.js';

/** The open store, if any. */
let store;

const control = {
  async open({ name, config, snapshot } = {}) {
    await init();
    control.close();
    if (name) store = await UserStore.openOpfs(name, config);
    else if (snapshot) store = UserStore.openSnapshot(snapshot, config);
    else store = UserStore.openInMemory(config);
    return [...UserStore.operations(), 'call', 'callAsSystem', 'snapshot'];
  },
  close() {
    store?.free();
    store = undefined;
  },
};

/** Runs one request; UserStore methods are synchronous, so requests finish in order. */
async function run(method, args) {
  if (Object.hasOwn(control, method)) return control[method](...args);
  if (!store) throw new Error('The store is not open.');
  if (method === 'handle' || method === 'free' || typeof store[method] !== 'function') {
    throw new Error(`Unknown method ${method}.`);
  }
  return store[method](...args);
}

self.onmessage = async ({ data: { id, method, args } }) => {
  try {
    const result = await run(method, args ?? []);
    const transfer = result instanceof Uint8Array ? [result.buffer] : [];
    self.postMessage({ id, result }, transfer);
  } catch (e) {
    const error =
      e instanceof UserStoreError
        ? { body: e.body, status: e.status, retryAfter: e.retryAfter }
        : { message: String(e?.message ?? e) };
    self.postMessage({ id, error });
  }
};
