/**
 * The edge worker of the workerd test: the package's Make-compatible API served by
 * `store.handle`. Like a real host, it also runs what HTTP never reaches: it creates the
 * account, and delivers mail (`GET /test/outbox` stands in for the mail service).
 */
import { initSync, UserStore } from './pkg/index.js';
import wasm from './pkg/userstore_wasm_bg.wasm';

// workerd hands over the compiled module; nothing can be fetched at startup.
initSync(wasm);

/** Created on the first request: workerd allows no randomness at global scope. */
let store;

function open() {
  const s = UserStore.openInMemory({ insecureFastHashingForTestsOnly: true, baseUrl: 'https://users.example.com' });
  s.createUser({ name: 'Jane Doe', email: 'jane@example.com', password: 'Blue-Otter-47' });
  return s;
}

export default {
  async fetch(request) {
    store ??= open();
    if (new URL(request.url).pathname === '/test/outbox') return Response.json(store.outbox());
    return store.handle(request);
  },
};
