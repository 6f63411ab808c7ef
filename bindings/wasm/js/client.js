/**
 * The page half of the OPFS wrapper: runs a UserStore in a dedicated Worker (worker.js) and
 * offers the same methods, each returning a Promise.
 *
 * ```js
 * import { UserStoreClient } from 'userstore-wasm/client';
 * const store = await UserStoreClient.open({ name: 'users.db' });  // persistent, in OPFS
 * const { user } = await store.createUser({ name: 'Ada', email: 'ada@example.com' });
 * ```
 *
 * Errors are rethrown as UserStoreError. `handle(Request)` is not offered (a Request cannot
 * cross `postMessage`); serve HTTP from the worker itself if you need it.
 */
import { UserStoreError } from './error.js';

export class UserStoreClient {
  #worker;
  #next = 1;
  #pending = new Map();

  /**
   * Starts the worker and opens the store in it. Options: `name` (a persistent store in OPFS;
   * without it, in memory), `config` (StoreConfig), `snapshot` (bytes to open in memory),
   * `worker` (a Worker already running worker.js, e.g. from a bundler).
   */
  static async open({ name, config, snapshot, worker } = {}) {
    const client = new UserStoreClient(
      worker ?? new Worker(new URL('./worker.js', import.meta.url), { type: 'module' }),
    );
    try {
      const methods = await client.#send('open', [{ name, config, snapshot }]);
      for (const method of methods) client[method] = (...args) => client.#send(method, args);
    } catch (e) {
      client.#worker.terminate();
      throw e;
    }
    return client;
  }

  constructor(worker) {
    this.#worker = worker;
    worker.onmessage = ({ data: { id, result, error } }) => {
      const call = this.#pending.get(id);
      this.#pending.delete(id);
      if (!error) call.resolve(result);
      else if (error.body) call.reject(new UserStoreError(error.body, error.status, error.retryAfter));
      else call.reject(new Error(error.message));
    };
    // A worker that fails to load or crashes answers nothing more: fail what is waiting.
    worker.onerror = (event) => {
      for (const call of this.#pending.values()) call.reject(new Error(event.message || 'The worker failed.'));
      this.#pending.clear();
    };
  }

  /** Closes the store (releasing its OPFS file) and stops the worker. */
  async close() {
    await this.#send('close', []);
    this.#worker.terminate();
  }

  #send(method, args) {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ id, method, args });
    });
  }
}
