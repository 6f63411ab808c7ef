/**
 * userstore-wasm: the userstore account store as a WebAssembly package for browsers, Node,
 * Deno and edge runtimes (Cloudflare workerd).
 *
 * ```js
 * import { init, UserStore } from 'userstore-wasm';
 * await init();                          // once, before the first UserStore
 * const store = UserStore.openInMemory();
 * ```
 *
 * Everything else comes from the wasm-bindgen output (`userstore_wasm.js`, built with
 * `--target web`) and `methods.js`; this file puts the methods on the class and finds the
 * `.wasm` in each runtime.
 */
import initWasm, { initSync as initWasmSync, UserStore } from './userstore_wasm.js';
import { methods } from './methods.js';

// The typed method of every operation (methods.js), on the module's class.
for (const [name, method] of Object.entries(methods)) {
  Object.defineProperty(UserStore.prototype, name, { value: method, writable: true, configurable: true });
}

export { UserStore };
export { UserStoreError } from './error.js';

/** The one instantiation of the module, shared by every `init` call. */
let ready;

/**
 * Loads and instantiates the WebAssembly module; later calls return the same promise.
 *
 * `source` is where the module comes from: a compiled `WebAssembly.Module` (as edge runtimes
 * import `.wasm` files), its bytes, a `Response`, or a URL. By default the file next to this
 * one: fetched in browsers, read from disk where it is a `file:` URL (Node, Deno, Bun).
 */
export function init(source) {
  ready ??= load(source).catch((error) => {
    ready = undefined;
    throw error;
  });
  return ready;
}

/** Instantiates the module synchronously from a `WebAssembly.Module` or its bytes. */
export function initSync(source) {
  initWasmSync({ module: source });
  ready ??= Promise.resolve();
}

async function load(source) {
  source ??= new URL('./userstore_wasm_bg.wasm', import.meta.url);
  if (source instanceof URL && source.protocol === 'file:') {
    source = await readLocal(source);
  }
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
    source = await WebAssembly.compile(source);
  }
  if (source instanceof WebAssembly.Module) {
    // Instantiate a compiled module directly: wasm-bindgen's async path checks for `Request`
    // and `Response`, and in Node merely naming those loads its fetch implementation (about
    // 50 ms of a cold start).
    initWasmSync({ module: source });
    return;
  }
  await initWasm({ module_or_path: source });
}

/** Reads a `file:` URL where `fetch` cannot (Node has no `fetch` for files). */
async function readLocal(url) {
  const { readFile } = await import('node:fs/promises');
  return readFile(url);
}
