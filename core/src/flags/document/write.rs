//! Writing a `FlagDocument` back as JSON text in the shape it was read from (for the
//! localStorage cache), with `json::write` (no serde in the browser): vets-api documents as a
//! `feature_toggles` response, Flipper documents as a features document with string-or-null gate
//! values the way the Flipper API serializes them. The same JSON as `ser`'s `Serialize`.

use crate::json::write::{write_f64, write_i64, write_str, Seq};
use crate::vecmap::VecSet;

use super::super::flipper::{Feature, GateNumber};
use super::FlagDocument;

impl FlagDocument {
    /// Appends the document as JSON.
    pub fn write_json(&self, out: &mut String) {
        let mut top = Seq::object(out);
        match self {
            FlagDocument::VetsApi(entries) => {
                let mut data = Seq::object(top.key("data"));
                data.str("type", "feature_toggles");
                let mut list = Seq::array(data.key("features"));
                for (name, value) in entries {
                    let mut entry = Seq::object(list.item());
                    entry.str("name", name);
                    entry.raw("value", crate::json::write::bool_text(*value));
                    entry.end();
                }
                list.end();
                data.end();
            }
            FlagDocument::Flipper(features) => {
                let mut list = Seq::array(top.key("features"));
                for f in features {
                    feature(list.item(), f);
                }
                list.end();
            }
        }
        top.end();
    }
}

fn feature(out: &mut String, f: &Feature) {
    let g = &f.gates;
    let mut obj = Seq::object(out);
    obj.str("key", &f.key);
    match &f.state {
        Some(state) => obj.str("state", state),
        None => obj.raw("state", "null"),
    }
    let mut gates = Seq::array(obj.key("gates"));
    let mut gate = |key: &str, name: &str, value: &dyn Fn(&mut String)| {
        let mut o = Seq::object(gates.item());
        o.str("key", key);
        o.str("name", name);
        value(o.key("value"));
        o.end();
    };
    gate("boolean", "boolean", &|out| {
        out.push_str(if g.boolean { "\"true\"" } else { "null" })
    });
    gate("expression", "expression", &|out| {
        out.push_str(if g.expression { "{}" } else { "null" })
    });
    gate("actors", "actor", &|out| set(out, &g.actors));
    gate("percentage_of_actors", "percentage_of_actors", &|out| {
        number(out, &g.percentage_of_actors)
    });
    gate("percentage_of_time", "percentage_of_time", &|out| {
        number(out, &g.percentage_of_time)
    });
    gate("groups", "group", &|out| set(out, &g.groups));
    gates.end();
    obj.end();
}

fn set(out: &mut String, items: &VecSet<String>) {
    let mut list = Seq::array(out);
    for item in items.iter() {
        write_str(list.item(), item);
    }
    list.end();
}

fn number(out: &mut String, n: &GateNumber) {
    match n {
        GateNumber::Null => out.push_str("null"),
        GateNumber::Text(t) => write_str(out, t),
        GateNumber::Int(i) => write_i64(out, *i),
        GateNumber::Float(f) => write_f64(out, *f),
    }
}
