//! What the flag engine hands to JavaScript, as JSON text written by hand (`json::write`, no serde
//! in the shipped module): `snapshot()`, `evaluate(name)`, `lastError()`, `flags()` and
//! `explain(name)`. The same JSON as the serde derives of these types write (tested against
//! them), so a `JSON.parse` of it is the object serde-wasm-bindgen built before.

use crate::json::write::{bool_text, write_number, write_str, Seq};
use crate::vecmap::VecMap;

use super::decision::{Decision, Reason, Source};
use super::evaluate::GateCheck;
use super::explain::{Explanation, LayerExplanation, OverrideExplanation};
use super::layers::FeatureChecks;

/// A value written as JSON text.
pub trait ToJson {
    fn write_json(&self, out: &mut String);

    fn to_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }
}

impl Reason {
    /// The name serde writes (`SCREAMING_SNAKE_CASE`).
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Static => "STATIC",
            Reason::TargetingMatch => "TARGETING_MATCH",
            Reason::Split => "SPLIT",
            Reason::Disabled => "DISABLED",
            Reason::Default => "DEFAULT",
            Reason::Cached => "CACHED",
            Reason::Error => "ERROR",
            Reason::Override => "OVERRIDE",
            Reason::Pinned => "PINNED",
        }
    }
}

impl Source {
    /// The name serde writes (`kebab-case`).
    pub fn as_str(self) -> &'static str {
        match self {
            Source::VetsApi => "vets-api",
            Source::Flipper => "flipper",
            Source::Cache => "cache",
            Source::Bootstrap => "bootstrap",
            Source::Default => "default",
            Source::Override => "override",
        }
    }
}

/// The members of a row of `flags()` / `evaluate(name)`: name, value, reason, source, stale.
pub fn write_row(o: &mut Seq<'_>, name: &str, d: &Decision) {
    o.str("name", name);
    o.raw("value", bool_text(d.value));
    o.str("reason", d.reason.as_str());
    o.str("source", d.source.as_str());
    o.raw("stale", bool_text(d.stale));
}

/// `evaluate(name)`: `{"name","value","reason","source","stale"}`.
pub fn evaluated(name: &str, d: &Decision) -> String {
    let mut out = String::new();
    let mut o = Seq::object(&mut out);
    write_row(&mut o, name, d);
    o.end();
    out
}

/// `flags()`: one row per decision, in name order.
pub fn rows<'a>(decisions: impl Iterator<Item = (&'a str, &'a Decision)>) -> String {
    let mut out = String::new();
    let mut list = Seq::array(&mut out);
    for (name, d) in decisions {
        let mut o = Seq::object(list.item());
        write_row(&mut o, name, d);
        o.end();
    }
    list.end();
    out
}

/// `lastError()`: `{"code","message"}`.
pub fn last_error(code: &str, message: &str) -> String {
    let mut out = String::new();
    let mut o = Seq::object(&mut out);
    o.str("code", code);
    o.str("message", message);
    o.end();
    out
}

impl ToJson for VecMap<String, bool> {
    fn write_json(&self, out: &mut String) {
        let mut o = Seq::object(out);
        for (name, value) in self.iter() {
            o.raw(name, bool_text(*value));
        }
        o.end();
    }
}

impl ToJson for [String] {
    fn write_json(&self, out: &mut String) {
        let mut list = Seq::array(out);
        for s in self {
            write_str(list.item(), s);
        }
        list.end();
    }
}

impl ToJson for Decision {
    fn write_json(&self, out: &mut String) {
        let mut o = Seq::object(out);
        o.raw("value", bool_text(self.value));
        o.str("reason", self.reason.as_str());
        o.str("source", self.source.as_str());
        o.raw("stale", bool_text(self.stale));
        o.raw("fully_off", bool_text(self.fully_off));
        o.end();
    }
}

/// `null`, or the value written by `write`.
fn opt<T>(out: &mut String, v: Option<T>, write: impl FnOnce(&mut String, T)) {
    match v {
        Some(v) => write(out, v),
        None => out.push_str("null"),
    }
}

impl ToJson for Explanation {
    fn write_json(&self, out: &mut String) {
        let mut o = Seq::object(out);
        o.str("name", &self.name);
        self.decision.write_json(o.key("decision"));
        o.str("environment", self.environment.as_str());
        o.raw("overridesAllowed", bool_text(self.overrides_allowed));
        opt(o.key("override"), self.override_.as_ref(), |out, e| {
            e.write_json(out)
        });
        for (key, layer) in [
            ("fresh", &self.fresh),
            ("cached", &self.cached),
            ("bootstrap", &self.bootstrap),
        ] {
            opt(o.key(key), layer.as_ref(), |out, l| l.write_json(out));
        }
        opt(o.key("default"), self.default, |out, b| {
            out.push_str(bool_text(b))
        });
        opt(o.key("lastError"), self.last_error.as_deref(), write_str);
        o.end();
    }
}

impl ToJson for OverrideExplanation {
    fn write_json(&self, out: &mut String) {
        let mut o = Seq::object(out);
        o.raw("value", bool_text(self.value));
        write_number(o.key("expiresAtMs"), self.expires_at_ms);
        o.raw("active", bool_text(self.active));
        o.end();
    }
}

impl ToJson for LayerExplanation {
    fn write_json(&self, out: &mut String) {
        let mut o = Seq::object(out);
        o.str("source", self.source.as_str());
        o.raw("value", bool_text(self.value));
        o.str("reason", self.reason.as_str());
        opt(o.key("fetchedAtMs"), self.fetched_at_ms, write_number);
        opt(o.key("ageMs"), self.age_ms, write_number);
        o.raw("inUse", bool_text(self.in_use));
        opt(o.key("flipper"), self.flipper.as_ref(), |out, f| {
            f.write_json(out)
        });
        o.end();
    }
}

impl ToJson for FeatureChecks {
    fn write_json(&self, out: &mut String) {
        let mut o = Seq::object(out);
        o.str("bucketKey", &self.bucket_key);
        self.actor_ids.write_json(o.key("actorIds"));
        let mut gates = Seq::array(o.key("gates"));
        for g in &self.gates {
            g.write_json(gates.item());
        }
        gates.end();
        self.unknown_gates.write_json(o.key("unknownGates"));
        o.end();
    }
}

impl ToJson for GateCheck {
    fn write_json(&self, out: &mut String) {
        let mut o = Seq::object(out);
        // serde's `snake_case` name of a gate is its Flipper key.
        o.str("gate", self.gate.key());
        o.raw("open", bool_text(self.open));
        o.str("why", &self.why);
        o.end();
    }
}

#[cfg(test)]
mod tests;
