import type { ErrorBody } from './userstore_wasm.js';

/** The error every UserStore method throws: the Make error body as data. */
export declare class UserStoreError extends Error {
  constructor(body: ErrorBody, status: number, retryAfter?: number);
  /** Always `"UserStoreError"`. */
  readonly name: 'UserStoreError';
  /** The exact wire body, as the HTTP API would send it. */
  readonly body: ErrorBody;
  /** The Make code: `SC400`, `IM102`, … */
  readonly code: ErrorBody['code'];
  /** The HTTP status that goes with the code. */
  readonly status: number;
  /** The human-readable detail. */
  readonly detail: string;
  /** One entry per failed rule (validation errors), otherwise empty. */
  readonly suberrors: { message: string }[];
  /** Seconds until a retry may succeed (`IM011`). */
  readonly retryAfter: number | undefined;
  /** The wire body, so `JSON.stringify(error)` gives what the HTTP API sends. */
  toJSON(): ErrorBody;
}
