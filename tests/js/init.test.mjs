/**
 * `init(source)` accepts every form the README names. Each case runs in a fresh Node process,
 * since a process instantiates the module once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

const pkg = new URL('../../bindings/wasm/pkg-test/index.js', import.meta.url).href;
const wasm = new URL('../../bindings/wasm/pkg-test/userstore_wasm_bg.wasm', import.meta.url).href;

/** Runs `init(<source>)` in a new process, opens a store and prints its enums' first language. */
function initWith(source) {
  const script = `
    import { readFileSync } from 'node:fs';
    const { init, UserStore } = await import(${JSON.stringify(pkg)});
    const url = new URL(${JSON.stringify(wasm)});
    const bytes = readFileSync(url);
    await init(${source});
    const store = UserStore.openInMemory();
    console.log(JSON.stringify(store.call('enums', { kind: 'languages' }).languages[0]));`;
  return execFileSync(process.execPath, ['--input-type=module', '-e', script]).toString().trim();
}

const first = JSON.stringify({ code: 'aa', name: 'Afar' });

for (const [name, source] of [
  ['the file next to the package (default)', 'undefined'],
  ['a file: URL', 'url'],
  ['bytes as a Uint8Array', 'new Uint8Array(bytes)'],
  ['bytes as an ArrayBuffer', 'bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)'],
  ['a compiled WebAssembly.Module', 'await WebAssembly.compile(bytes)'],
]) {
  test(`init from ${name}`, () => {
    assert.equal(initWith(source), first);
  });
}

test('init refuses bytes that are not a WebAssembly module, and can be retried', () => {
  const script = `
    const { init, UserStore } = await import(${JSON.stringify(pkg)});
    await assert.rejects(init(new Uint8Array([1, 2, 3])), WebAssembly.CompileError);
    await init();
    console.log(typeof UserStore.openInMemory());`;
  const out = execFileSync(process.execPath, [
    '--input-type=module',
    '-e',
    `import assert from 'node:assert/strict'; ${script}`,
  ]);
  assert.equal(out.toString().trim(), 'object');
});
