import type { Operation, StoreConfig, UserStore } from './userstore_wasm.js';

/** The UserStore methods a client offers, each returning a Promise. */
export type RemoteMethods = {
  [K in Operation | 'call' | 'callAsSystem' | 'snapshot']: UserStore[K] extends (...args: infer A) => infer R
    ? (...args: A) => Promise<R>
    : never;
};

export interface UserStoreClientOptions {
  /** A persistent store of this name in OPFS; without it, the store is in memory. */
  name?: string;
  config?: StoreConfig | null;
  /** Bytes from `snapshot()` to open in memory. */
  snapshot?: Uint8Array;
  /** A Worker already running worker.js (for bundlers that start workers themselves). */
  worker?: Worker;
}

/** A UserStore running in a dedicated Worker; see client.js. */
export declare class UserStoreClient {
  /** Starts the worker and opens the store in it. */
  static open(options?: UserStoreClientOptions): Promise<UserStoreClient>;
  private constructor(worker: Worker);
  /** Closes the store (releasing its OPFS file) and stops the worker. */
  close(): Promise<void>;
}
export interface UserStoreClient extends RemoteMethods {}
