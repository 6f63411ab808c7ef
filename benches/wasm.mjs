// The wasm package under Node, against the native figures of the same bench run (joined by
// benches/report.py): the listing on the 100k store, an in-memory profile update, the cold
// start, and the .wasm's size next to the official SQLite wasm build. Prints JSON.
// Run by scripts/bench.sh after scripts/build-wasm.sh and the native bench.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = `${root}bindings/wasm/pkg-test/index.js`;
const { init, UserStore } = await import(pkg);
// The test build's side-by-side conversions (bindings/wasm/src/bench.rs), same module instance.
const { benchArgsJson, benchArgsSerde } = await import(`${root}bindings/wasm/pkg-test/userstore_wasm.js`);

/** Median per-call time in ns of `f`, over `samples` samples of `iters` calls. */
function median(samples, iters, f) {
  for (let i = 0; i < Math.min(iters, 3); i++) f();
  const times = [];
  for (let s = 0; s < samples; s++) {
    const start = performance.now();
    for (let i = 0; i < iters; i++) f();
    times.push(((performance.now() - start) * 1e6) / iters);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(samples / 2)]);
}

/** Cold start in a fresh process each time: import, instantiate, open in memory, migrate. */
function coldStart() {
  const script = `
    const t0 = performance.now();
    const { init, UserStore } = await import(${JSON.stringify(pkg)});
    await init();
    UserStore.openInMemory();
    console.log(Math.round((performance.now() - t0) * 1e6));`;
  const runs = [];
  for (let i = 0; i < 7; i++) {
    runs.push(Number(execFileSync(process.execPath, ['--input-type=module', '-e', script]).toString().trim()));
  }
  runs.sort((a, b) => a - b);
  return runs[3];
}

/** The official SQLite wasm build's sqlite3.wasm, from npm (@sqlite.org/sqlite-wasm). */
function officialSqliteWasm() {
  const dir = `${root}target/bench/sqlite-wasm`;
  mkdirSync(dir, { recursive: true });
  if (!readdirSync(dir).some((f) => f.endsWith('.tgz'))) {
    execFileSync('npm', ['pack', '@sqlite.org/sqlite-wasm', '--silent'], { cwd: dir });
  }
  const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  const list = execFileSync('tar', ['-tzf', tgz], { cwd: dir }).toString().split('\n');
  const entry = list.find((f) => f.endsWith('/sqlite3.wasm'));
  return execFileSync('tar', ['-xzOf', tgz, entry], { cwd: dir, maxBuffer: 1 << 26 });
}

await init();
const rows = [];
const notes = [];

const data = `${root}target/bench-data/users-100000.db`;
if (existsSync(data)) {
  const store = UserStore.openSnapshot(readFileSync(data), {});
  for (const offset of [0, 5000]) {
    const query = { organizationId: 1, pg: { sortBy: 'name', sortDir: 'asc', offset, limit: 100 } };
    // As the host: the native rows it is compared with list as the system actor too. The
    // package's calls are JSON text in and out: the same native call is the baseline; the
    // native typed call (no JSON) is the second row.
    const ns = median(21, 10, () => store.callAsSystem('listUsers', query));
    rows.push({
      figure: `wasm (Node): list 100 by name, 100k org, offset ${offset}`,
      ns,
      native: `list 100 by name, 100k org, offset ${offset}, JSON text in and out (api::call_json)`,
      goal: '≤ 2x',
    });
    rows.push({
      figure: '  the same, against the native typed call (no JSON)',
      ns,
      native: `list 100 by name, 100k org, offset ${offset} (100k store)`,
      goal: 'report the ratio',
    });
  }
  store.free();
}

const mem = UserStore.openInMemory({ insecureFastHashingForTestsOnly: true });
const { user } = mem.createUser({ name: 'Update Me', email: 'update@example.com' });
let n = 0;
const patchNs = median(21, 200, () => mem.callAsSystem('updateUser', { userId: user.id, name: `Name ${++n}` }));
rows.push({
  figure: 'wasm (Node): update user (PATCH name), in memory',
  ns: patchNs,
  native: 'update user (PATCH name), in memory, JSON text in and out (api::call_json)',
  goal: '≤ 2x',
});
rows.push({
  figure: '  the same, against the native typed call (no JSON)',
  ns: patchNs,
  native: 'update user (PATCH name), in memory',
  goal: 'report the ratio',
});

// Crossing between JS and the core: serde-wasm-bindgen (figure) against the JSON text path
// the package uses (baseline), for the arguments of a profile update and of a listing, and
// for a 100-user listing reply.
const listed = UserStore.openInMemory({ insecureFastHashingForTestsOnly: true });
const { organization } = listed.createOrganization({ name: 'Bench' });
const created = listed.importUsers(
  Array.from({ length: 100 }, (_, i) => ({ name: `User ${i}`, email: `user${i}@example.com` })),
);
for (const userId of created.ids) {
  listed.setOrganizationRole(organization.id, userId, 13);
}
const listQuery = { organizationId: organization.id, pg: { sortBy: 'name', sortDir: 'asc', offset: 0, limit: 100 } };
const conversions = [
  ['arguments in, {userId, name}', () => benchArgsSerde({ userId: 7, name: 'Jane Doe' }), () => benchArgsJson({ userId: 7, name: 'Jane Doe' })],
  ['arguments in, a listing query', () => benchArgsSerde(listQuery), () => benchArgsJson(listQuery)],
  ['reply out, 100 listed users', () => listed.benchListSerde(listQuery), () => listed.benchListJson(listQuery)],
];
for (const [what, serde, json] of conversions) {
  const iters = what.startsWith('reply') ? 20 : 2000;
  rows.push({
    figure: `wasm (Node): ${what}, serde-wasm-bindgen`,
    ns: median(21, iters, serde),
    baseline: 'JSON text and serde_json (the package\'s path)',
    baselineNs: median(21, iters, json),
    goal: 'report the ratio',
  });
}
listed.free();

rows.push({ figure: 'wasm cold start: import, instantiate, open in memory, migrate', ns: coldStart(), goal: '≤ 25 ms' });

// The size of the release package (the test one carries the conversion bench).
const ours = readFileSync(`${root}bindings/wasm/pkg/userstore_wasm_bg.wasm`);
let official = null;
try {
  official = officialSqliteWasm();
} catch (e) {
  notes.push(`The official SQLite wasm build could not be fetched from npm: ${e.message.split('\n')[0]}`);
}
const kb = (b) => `${(b / 1000).toFixed(0)} KB`;
rows.push({
  figure: `.wasm size raw: ${kb(ours.length)}`,
  ns: null,
  baseline: official ? `official sqlite3.wasm: ${kb(official.length)}` : 'official sqlite3.wasm',
  goal: `≤ 1000 KB (ratio ${official ? (ours.length / official.length).toFixed(2) + 'x' : '—'})`,
});
rows.push({
  figure: `.wasm size gzip: ${kb(gzipSync(ours, { level: 9 }).length)}`,
  ns: null,
  baseline: official ? `official sqlite3.wasm: ${kb(gzipSync(official, { level: 9 }).length)}` : 'official sqlite3.wasm',
  goal: `≤ 470 KB (ratio ${official ? (gzipSync(ours, { level: 9 }).length / gzipSync(official, { level: 9 }).length).toFixed(2) + 'x' : '—'})`,
});
console.log(JSON.stringify({ rows, notes }));
