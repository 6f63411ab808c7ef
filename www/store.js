/**
 * The account store of the demo: the userstore WebAssembly package running in a dedicated
 * Worker (pkg/client.js), persisted in the browser's Origin Private File System.
 */
import { UserStoreClient } from './pkg/client.js';

/** The database file in OPFS; a reload opens the same one. */
export const DATABASE = 'demo.db';

/**
 * Opens the store. Mailed links start with the app's own address: the reset link template is
 * `{baseUrl}/reset-password?hash=…`, and reset-password.html sits next to index.html.
 *
 * A reload can start before the previous page's worker has let go of the database file, so a
 * storage error is retried for a few seconds before it is shown.
 */
export async function openStore() {
  const baseUrl = new URL('.', location.href).href.replace(/\/$/, '');
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await UserStoreClient.open({ name: DATABASE, config: { baseUrl } });
    } catch (error) {
      if (error?.code !== 'SC500' || attempt === 8) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
  }
}
