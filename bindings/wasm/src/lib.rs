//! # userstore-wasm
//!
//! The WebAssembly surface of [`userstore`]: one `UserStore` class for browsers, Node, Deno and
//! edge runtimes (Cloudflare workerd). It only translates: every method converts its
//! arguments, runs one core operation through [`userstore::api::call`] (or the core HTTP
//! router, for [`UserStore::handle`]), and converts the result or the error back.
//!
//! - Values are plain JS objects with the Make wire field names. Arguments cross as JSON text
//!   (`JSON.stringify`, so an `undefined` member is simply absent, then serde_json); results
//!   cross as JSON text parsed by the engine's `JSON.parse`. serde-wasm-bindgen, which walks
//!   the object property by property, measured 1.3x to 1.5x slower both ways
//!   (`benches/wasm.mjs`, the test build's `src/bench.rs`) and 10 KB gzip larger, so only
//!   the bench links it.
//! - The typed method of each operation is written in JavaScript (`js/methods.js`), over
//!   `call` and `callAsSystem`: in the module each would cost its own exported function.
//! - Errors are thrown as `UserStoreError` (defined in `js/error.js`, next to the generated
//!   glue) carrying `code`, `status`, `detail`, `suberrors` and the exact wire `body`.
//! - The clock is JavaScript's `Date.now()`; randomness is `crypto.getRandomValues`; Unicode
//!   (NFKC, lowercasing, character classes) is the engine's, installed in the core when the
//!   module starts.
//!
//! The TypeScript types of every argument and result are in `src/types.d.ts`, emitted into
//! the generated declarations.
#![warn(missing_docs)]

#[cfg(feature = "conversion-bench")]
mod bench;
mod convert;
mod fetch;
#[cfg(any(target_arch = "wasm32", test))]
mod libc_time;
#[cfg(target_arch = "wasm32")]
mod opfs;
#[cfg(target_arch = "wasm32")]
mod unicode;
#[cfg(any(target_arch = "wasm32", test))]
mod uri;

use convert::store_error;
use std::rc::Rc;
use userstore::Store;
use userstore::api::{self, Caller};
use wasm_bindgen::prelude::*;

/// The wire types, emitted verbatim into the generated `userstore_wasm.d.ts`.
#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

/// Runs when the module is instantiated: gives the core the engine's Unicode.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen(start)]
fn start() {
    userstore::unicode::install(&unicode::JsUnicode);
}

/// An open user-account store: in memory, opened from a snapshot, or (in a browser worker)
/// persistent in OPFS.
#[wasm_bindgen]
pub struct UserStore {
    /// Shared with the futures of [`UserStore::handle`].
    store: Rc<Store>,
}

#[wasm_bindgen]
impl UserStore {
    /// A new, empty store in memory. `config` takes the keys of `StoreConfig`; all optional.
    #[wasm_bindgen(js_name = openInMemory)]
    pub fn open_in_memory(
        #[wasm_bindgen(unchecked_optional_param_type = "StoreConfig | null")] config: JsValue,
    ) -> Result<UserStore, JsValue> {
        let config = convert::config(&config)?;
        UserStore::wrap(Store::open_in_memory(config))
    }

    /// An in-memory store loaded from the bytes of `snapshot()` (an SQLite database image).
    #[wasm_bindgen(js_name = openSnapshot)]
    pub fn open_snapshot(
        bytes: &[u8],
        #[wasm_bindgen(unchecked_optional_param_type = "StoreConfig | null")] config: JsValue,
    ) -> Result<UserStore, JsValue> {
        let config = convert::config(&config)?;
        UserStore::wrap(Store::open_snapshot(bytes, config))
    }

    /// A persistent store named `name` in the Origin Private File System, through SQLite's
    /// OPFS `sahpool` VFS. Only in a dedicated Worker of a secure context (see `worker.js`
    /// and `client.js`); one open store per name at a time.
    #[cfg(target_arch = "wasm32")]
    #[wasm_bindgen(js_name = openOpfs)]
    pub async fn open_opfs(
        name: String,
        #[wasm_bindgen(unchecked_optional_param_type = "StoreConfig | null")] config: JsValue,
    ) -> Result<UserStore, JsValue> {
        let config = convert::config(&config)?;
        let store = opfs::open(&name, config).await?;
        UserStore::wrap(Ok(store))
    }

    /// The whole store as bytes (an SQLite database image), to keep anywhere (IndexedDB, KV,
    /// R2, a file) and reopen with `openSnapshot`.
    pub fn snapshot(&self) -> Result<Vec<u8>, JsValue> {
        self.store.snapshot().map_err(|e| store_error(&e))
    }

    /// The names `call` accepts; each is also a method of this class.
    #[wasm_bindgen(unchecked_return_type = "Operation[]")]
    pub fn operations() -> Vec<String> {
        api::OPERATIONS
            .iter()
            .map(|op| op.name.to_owned())
            .collect()
    }

    /// Runs any operation by name. `args` is the operation's wire body plus its path or query
    /// parameters as extra keys (`{userId: 5, name: "Jane"}`); `authorization` is an
    /// `Authorization` header value (`Bearer …` or `Token …`). Without one the call is
    /// anonymous (what needs a caller answers `SC401`): forwarding a request's missing header
    /// never grants anything. The host acts as itself with `callAsSystem`.
    pub fn call(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Operation")] op: &str,
        #[wasm_bindgen(unchecked_optional_param_type = "object | null")] args: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "string | null")] authorization: Option<
            String,
        >,
    ) -> Result<JsValue, JsValue> {
        let caller = Caller::from_authorization(authorization.as_deref());
        self.run(op, convert::to_json(&args), caller)
    }

    /// Runs any operation by name as the host's privileged system actor: every right, every
    /// account. Only for the host's own code, never for a request's credentials.
    #[wasm_bindgen(js_name = callAsSystem)]
    pub fn call_as_system(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Operation")] op: &str,
        #[wasm_bindgen(unchecked_optional_param_type = "object | null")] args: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.run(op, convert::to_json(&args), Caller::System)
    }

    /// Serves one request of the Make-compatible HTTP API (`/api/v2/...`) through the core
    /// router: `export default { fetch: (req) => store.handle(req) }` is a working API.
    ///
    /// `client` is the address of the peer that sent the request, as the host knows it (on
    /// Cloudflare, `req.headers.get("cf-connecting-ip")`): the credential routes are throttled
    /// per client before any hashing. Without it they are not throttled. A body larger than
    /// the configured `maxBodyBytes` is refused with 413 without being read whole.
    #[wasm_bindgen(unchecked_return_type = "Promise<Response>")]
    pub fn handle(
        &self,
        request: web_sys::Request,
        #[wasm_bindgen(unchecked_optional_param_type = "string | null")] client: Option<String>,
    ) -> js_sys::Promise {
        let store = Rc::clone(&self.store);
        js_sys::futures::future_to_promise(async move {
            let limit = store.config().max_body_bytes;
            let response = match fetch::from_fetch(&request, limit).await? {
                Some(mut req) => {
                    req.client = client;
                    store.handle(&req)
                }
                None => {
                    userstore::http::Response::error(&userstore::Error::payload_too_large(limit))
                }
            };
            fetch::to_fetch(&response).map(JsValue::from)
        })
    }
}

impl UserStore {
    fn wrap(store: userstore::Result<Store>) -> Result<UserStore, JsValue> {
        match store {
            Ok(store) => Ok(UserStore {
                store: Rc::new(store),
            }),
            Err(e) => Err(store_error(&e)),
        }
    }

    /// Runs `op` with already converted arguments and converts the outcome.
    fn run(
        &self,
        op: &str,
        args: Result<serde_json::Value, JsValue>,
        caller: Caller<'_>,
    ) -> Result<JsValue, JsValue> {
        match api::call_json(&self.store, caller, op, args?) {
            Ok(mut json) => {
                // JavaScript's copy cannot be wiped; this one can (it may hold a token).
                let parsed = js_sys::JSON::parse(&json);
                zeroize::Zeroize::zeroize(&mut json);
                parsed
            }
            Err(e) => Err(store_error(&e)),
        }
    }
}
