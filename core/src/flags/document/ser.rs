//! Writing a `FlagDocument` back in the shape it was read from (for the localStorage cache):
//! vets-api documents as a `feature_toggles` response, Flipper documents as a features document
//! with string-or-null gate values the way the Flipper API serializes them.

use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::Serialize;

use super::super::flipper::{Feature, GateNumber};
use super::FlagDocument;

#[derive(Serialize)]
struct VetsApiOut<'a> {
    data: VetsApiData<'a>,
}

#[derive(Serialize)]
struct VetsApiData<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    features: Vec<VetsApiEntry<'a>>,
}

#[derive(Serialize)]
struct VetsApiEntry<'a> {
    name: &'a str,
    value: bool,
}

#[derive(Serialize)]
struct FlipperOut<'a> {
    features: Vec<FeatureOut<'a>>,
}

#[derive(Serialize)]
struct FeatureOut<'a> {
    key: &'a str,
    state: Option<&'a str>,
    gates: [GateOut<'a>; 6],
}

#[derive(Serialize)]
struct GateOut<'a> {
    key: &'static str,
    name: &'static str,
    value: ValueOut<'a>,
}

enum ValueOut<'a> {
    Null,
    Text(&'a str),
    Int(i64),
    Float(f64),
    Set(&'a std::collections::BTreeSet<String>),
    EmptyObject,
}

impl Serialize for ValueOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            ValueOut::Null => s.serialize_none(),
            ValueOut::Text(t) => s.serialize_str(t),
            ValueOut::Int(i) => s.serialize_i64(*i),
            ValueOut::Float(f) => s.serialize_f64(*f),
            ValueOut::Set(set) => {
                let mut seq = s.serialize_seq(Some(set.len()))?;
                for item in set.iter() {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            ValueOut::EmptyObject => s.serialize_map(Some(0))?.end(),
        }
    }
}

fn number(n: &GateNumber) -> ValueOut<'_> {
    match n {
        GateNumber::Null => ValueOut::Null,
        GateNumber::Text(t) => ValueOut::Text(t),
        GateNumber::Int(i) => ValueOut::Int(*i),
        GateNumber::Float(f) => ValueOut::Float(*f),
    }
}

fn feature_out(f: &Feature) -> FeatureOut<'_> {
    let g = &f.gates;
    let gate = |key, name, value| GateOut { key, name, value };
    FeatureOut {
        key: &f.key,
        state: f.state.as_deref(),
        gates: [
            gate(
                "boolean",
                "boolean",
                if g.boolean {
                    ValueOut::Text("true")
                } else {
                    ValueOut::Null
                },
            ),
            gate(
                "expression",
                "expression",
                if g.expression {
                    ValueOut::EmptyObject
                } else {
                    ValueOut::Null
                },
            ),
            gate("actors", "actor", ValueOut::Set(&g.actors)),
            gate(
                "percentage_of_actors",
                "percentage_of_actors",
                number(&g.percentage_of_actors),
            ),
            gate(
                "percentage_of_time",
                "percentage_of_time",
                number(&g.percentage_of_time),
            ),
            gate("groups", "group", ValueOut::Set(&g.groups)),
        ],
    }
}

impl Serialize for FlagDocument {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            FlagDocument::VetsApi(entries) => VetsApiOut {
                data: VetsApiData {
                    kind: "feature_toggles",
                    features: entries
                        .iter()
                        .map(|(name, value)| VetsApiEntry {
                            name,
                            value: *value,
                        })
                        .collect(),
                },
            }
            .serialize(s),
            FlagDocument::Flipper(features) => FlipperOut {
                features: features.iter().map(feature_out).collect(),
            }
            .serialize(s),
        }
    }
}
