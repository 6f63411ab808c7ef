//! Only in the test build (cargo feature `conversion-bench`, which `scripts/build-wasm.sh
//! --test` turns on): the two ways a value could cross between JavaScript and the core, side by
//! side, for `benches/wasm.mjs` to time. The package uses the JSON text path (`JSON.stringify`
//! then serde_json in, serde_json then `JSON.parse` out); serde-wasm-bindgen walks the JS
//! object property by property instead. The bench shows which is faster for the store's
//! arguments and replies, and `README.md` ("WebAssembly", "Size") why the package keeps the
//! one it has.

use crate::UserStore;
use crate::convert::{store_error, to_json};
use serde::Serialize;
use serde_json::Value;
use userstore::{Actor, ListUsers};
use wasm_bindgen::prelude::*;

/// Arguments in, the package's way: `JSON.stringify`, then serde_json. Returns the number of
/// keys read, so nothing is optimized away.
#[wasm_bindgen(js_name = benchArgsJson)]
pub fn args_json(args: &JsValue) -> Result<usize, JsValue> {
    to_json(args).map(|v| v.as_object().map_or(0, |o| o.len()))
}

/// Arguments in through serde-wasm-bindgen.
#[wasm_bindgen(js_name = benchArgsSerde)]
pub fn args_serde(args: JsValue) -> Result<usize, JsValue> {
    serde_wasm_bindgen::from_value::<Value>(args)
        .map(|v| v.as_object().map_or(0, |o| o.len()))
        .map_err(JsValue::from)
}

#[wasm_bindgen]
impl UserStore {
    /// A listing reply out, the package's way: the typed page written as JSON text, then
    /// `JSON.parse`.
    #[wasm_bindgen(js_name = benchListJson)]
    pub fn bench_list_json(&self, query: &JsValue) -> Result<JsValue, JsValue> {
        let page = self.page(query)?;
        let text = serde_json::to_string(&page).map_err(|e| store_error(&e.into()))?;
        js_sys::JSON::parse(&text)
    }

    /// The same reply out through serde-wasm-bindgen (JSON-compatible: maps as plain objects).
    #[wasm_bindgen(js_name = benchListSerde)]
    pub fn bench_list_serde(&self, query: &JsValue) -> Result<JsValue, JsValue> {
        let page = self.page(query)?;
        page.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
            .map_err(JsValue::from)
    }
}

impl UserStore {
    fn page(&self, query: &JsValue) -> Result<userstore::UserPage, JsValue> {
        let query = ListUsers::from_json(&to_json(query)?).map_err(|e| store_error(&e))?;
        self.store
            .list_users(&Actor::System, &query)
            .map_err(|e| store_error(&e))
    }
}
