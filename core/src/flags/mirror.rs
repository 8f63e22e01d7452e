//! The decided mirror: what the JavaScript shell of the npm package reads before the wasm core
//! has joined (pkg-template/src/mirror.js). The flag cache holds the server *document*; reading
//! it in JS would mean evaluating Flipper there. So after a fresh load or a 304 the shell also
//! stores the values the core decided from that document, for the same owner and fetch time:
//!
//! `{"version":1,"owner":<u32>,"fetchedAtMs":<ms>,"values":{"name":true,…}}`
//!
//! QA overrides are not in it (the JS shell applies the stored overrides the way the core does),
//! nor are the bootstrap and the declared defaults (the JS shell has the configuration).

use super::store::FlagStore;
use crate::json::write::{write_f64, write_u64, Seq};
use crate::stored::VERSION;

/// The record for the fresh server layer of `store`, as JSON text; `None` without fresh data.
pub fn decided_json(store: &FlagStore, owner: u32) -> Option<String> {
    let fresh = store.fresh.as_ref()?;
    let values = store.eval_context().evaluate_doc(&fresh.doc);
    let mut out = String::with_capacity(48 + values.len() * 24);
    let mut record = Seq::object(&mut out);
    write_u64(record.key("version"), u64::from(VERSION));
    write_u64(record.key("owner"), u64::from(owner));
    write_f64(record.key("fetchedAtMs"), fresh.fetched_at_ms);
    let map = record.key("values");
    let mut entries = Seq::object(map);
    for (name, v) in &values {
        entries.raw(name, if v.value { "true" } else { "false" });
    }
    entries.end();
    record.end();
    Some(out)
}

#[cfg(test)]
mod tests;
