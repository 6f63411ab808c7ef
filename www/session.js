/**
 * The signed-in session of this tab. The session token is kept in sessionStorage, so a reload
 * stays signed in and closing the tab forgets it; the store keeps only its digest.
 */
const KEY = 'userstore-demo.session';

export class Session {
  /** `{ token, userId }` from the store's `login`, or null when signed out. */
  #current = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
  /** The signed-in user (`me`, every column), once loaded. */
  user = null;

  get signedIn() {
    return this.#current !== null;
  }

  get userId() {
    return this.#current?.userId ?? null;
  }

  /** The `Authorization` value the store expects for this session. */
  get authorization() {
    return this.#current ? `Bearer ${this.#current.token}` : null;
  }

  /** Keeps a new session (`login`'s `{ token, userId }`). */
  start(session) {
    this.#current = { token: session.token, userId: session.userId };
    this.user = null;
    sessionStorage.setItem(KEY, JSON.stringify(this.#current));
  }

  /** Forgets the session (after logout, or when the store no longer knows it). */
  end() {
    this.#current = null;
    this.user = null;
    sessionStorage.removeItem(KEY);
  }
}
