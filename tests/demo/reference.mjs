/**
 * The store itself, in Node, seeded like the page's: the tests ask it for the expected list
 * pages, so they check that the page shows exactly what `listUsers` answers (in the store's
 * order, not one the page made up).
 */
import { init, UserStore } from '../../www/pkg/index.js';

await init();
const store = UserStore.openInMemory();
store.callAsSystem('seedDemo', {});
const { session } = store.login({ email: 'demo@example.com', password: 'Blue-Harbor-2026!' });

/** The names `listUsers` gives for `query` (cols: id and name), as the demo user. */
export function expectedNames(query) {
  const { users } = store.listUsers({ ...query, cols: ['id', 'name'] }, `Bearer ${session.token}`);
  return users.map((u) => u.name);
}

/** The error the store gives the demo user for `method(...args)`: `{ code, messages }`. */
export function expectedError(method, ...args) {
  try {
    store[method](...args, `Bearer ${session.token}`);
  } catch (error) {
    return { code: error.code, messages: error.suberrors.map((s) => s.message) };
  }
  throw new Error(`${method} succeeded`);
}

/** An enum list of the store (`timezones`, `countries`, `locales`, `languages`). */
export function enumList(kind) {
  return store.enums(kind)[kind];
}
