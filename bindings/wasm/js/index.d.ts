/** userstore-wasm: see index.js and the README's "WebAssembly" section. */
export * from './userstore_wasm.js';
export { UserStoreError } from './error.js';

/** Where the WebAssembly module comes from. */
export type WasmSource = WebAssembly.Module | BufferSource | Response | URL | string;

/**
 * Loads and instantiates the module once (later calls share the first). By default it loads
 * `userstore_wasm_bg.wasm` next to `index.js`.
 */
export declare function init(source?: WasmSource): Promise<void>;

/** Instantiates the module synchronously from a `WebAssembly.Module` or its bytes. */
export declare function initSync(source: WebAssembly.Module | BufferSource): void;
