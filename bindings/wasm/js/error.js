/**
 * The error every UserStore method throws (and `handle` answers with as a JSON body): the
 * Make error body as data.
 *
 * The generated glue imports this module as `./error.js` (wasm-bindgen `raw_module`), and
 * `index.js` re-exports the same module, so `e instanceof UserStoreError` holds.
 */
export class UserStoreError extends Error {
  /**
   * @param {{detail: string, message: string, code: string, suberrors?: {message: string}[]}} body
   *   the wire error body
   * @param {number} status the HTTP status of `body.code`
   * @param {number} [retryAfter] seconds until a retry may succeed (`IM011`)
   */
  constructor(body, status, retryAfter) {
    super(`${body.message}: ${body.detail}`);
    this.name = 'UserStoreError';
    /** The exact wire body, as `handle` would send it. */
    this.body = body;
    /** The Make code: `SC400`, `IM102`, … */
    this.code = body.code;
    /** The HTTP status that goes with the code. */
    this.status = status;
    /** The human-readable detail. */
    this.detail = body.detail;
    /** One `{message}` per failed rule (validation errors), otherwise empty. */
    this.suberrors = body.suberrors ?? [];
    /** Seconds until a retry may succeed, when the error says so. */
    this.retryAfter = retryAfter ?? undefined;
  }

  /** The wire body, so `JSON.stringify(error)` gives what the HTTP API sends. */
  toJSON() {
    return this.body;
  }
}
