//! wasm-bindgen surface for userstore (filled in by the wasm issue).
