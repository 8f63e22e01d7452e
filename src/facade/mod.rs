//! The `#[wasm_bindgen]` facade: the JS API over the core and the shell. wasm32 only.
