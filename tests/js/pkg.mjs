/**
 * The built package (scripts/build-wasm.sh → bindings/wasm/pkg-test/), loaded once for a test file.
 */
import { init, UserStore, UserStoreError } from '../../bindings/wasm/pkg-test/index.js';

await init();

export { UserStore, UserStoreError };

/** The start of the scenarios' manual clock: 2026-01-01T00:00:00Z. */
export const CLOCK_START_MS = 1767225600000;

/** An in-memory store for tests: fast insecure hashing and the manual clock. */
export function testStore(config = {}) {
  return UserStore.openInMemory({
    ...config,
    insecureFastHashingForTestsOnly: true,
    manualClockMs: CLOCK_START_MS,
  });
}
