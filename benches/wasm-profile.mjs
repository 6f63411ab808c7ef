// One operation of the wasm package in a loop, for `node --cpu-prof` (scripts/profile-wasm.sh):
//   node benches/wasm-profile.mjs <package dir> list|update
// `list`: 3,000 listings of 100 of the 100k organization (the native bench's store, opened
// as a snapshot); `update`: 100,000 profile updates in memory. Prints the loop's time.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [dir, what] = process.argv.slice(2);
const root = fileURLToPath(new URL('..', import.meta.url));
const { init, UserStore } = await import(`${dir}/index.js`);
await init();
let run;
if (what === 'list') {
  const store = UserStore.openSnapshot(readFileSync(`${root}target/bench-data/users-100000.db`), {});
  const query = { organizationId: 1, pg: { sortBy: 'name', sortDir: 'asc', offset: 0, limit: 100 } };
  run = () => {
    for (let i = 0; i < 3000; i++) store.callAsSystem('listUsers', query);
  };
} else if (what === 'update') {
  const store = UserStore.openInMemory({ insecureFastHashingForTestsOnly: true });
  const { user } = store.createUser({ name: 'Update Me', email: 'update@example.com' });
  run = () => {
    for (let i = 0; i < 100000; i++) store.callAsSystem('updateUser', { userId: user.id, name: `Name ${i}` });
  };
} else {
  throw new Error(`usage: wasm-profile.mjs <package dir> list|update (got ${what})`);
}
const start = performance.now();
run();
console.log(`${what}: ${(performance.now() - start).toFixed(0)} ms`);
