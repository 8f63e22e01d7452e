//! What the routing facade reads from the page and hands back to it, without serde: readers over
//! [`Value`] for `secureMessaging(options)`, the navigation context, `showUpdateContactList`'s
//! systems and `vaos().endpoint`'s parameters (the shapes and messages of the derives they
//! replace, tested against them), and writers of the answers as JSON text (the facade turns the
//! text into a JS object with one `JSON.parse`).

use crate::flags::Reason;
use crate::json::read::fields::{self, Read};
use crate::json::read::schema::{self, Field, Shape, Slots, Struct};
use crate::json::write::{write_str, Seq};
use crate::json::Value;
use crate::vecmap::VecMap;

use super::{CareSystem, Flow, Guarded, ParamValue, Picker, Route, SmConfig, SmContext, System};
use super::{GuardReason, Transition};

static SM_CONTEXT: Struct = Struct {
    name: "struct SmContext",
    keys: &["recentCareTeams", "selectedTeam"],
    deny: false,
    fields: &[Field::val(Shape::U32), Field::opt(Shape::Str)],
};

/// `{ basePath? }`; unknown keys are ignored (also `Rollout.start`'s `secureMessaging`).
pub static SM_CONFIG: Struct = Struct {
    name: "struct SmConfig",
    keys: &["basePath"],
    deny: false,
    fields: &[Field::opt(Shape::Str)],
};

static CARE_SYSTEM: Struct = Struct {
    name: "struct CareSystem",
    keys: &["oracleHealth"],
    deny: false,
    fields: &[Field::val(Shape::Bool)],
};

impl SmContext {
    /// `{ recentCareTeams?, selectedTeam? }`; unknown keys are ignored.
    pub fn read(v: Value) -> Read<SmContext> {
        let mut s = schema::read(v, &SM_CONTEXT, &schema::no_custom)?;
        Ok(SmContext {
            recent_care_teams: s.take(0).u32().unwrap_or_default(),
            selected_team: s.take(1).str(),
        })
    }
}

impl SmConfig {
    /// `{ basePath? }`; unknown keys are ignored.
    pub fn read(v: Value) -> Read<SmConfig> {
        schema::read(v, &SM_CONFIG, &schema::no_custom).map(SmConfig::build)
    }

    /// The options from what [`SM_CONFIG`] read.
    pub fn build(mut s: Slots) -> SmConfig {
        SmConfig {
            base_path: s.take(0).str(),
        }
    }
}

impl CareSystem {
    /// `{ oracleHealth? }`; unknown keys are ignored.
    pub fn read(v: Value) -> Read<CareSystem> {
        let mut s = schema::read(v, &CARE_SYSTEM, &schema::no_custom)?;
        Ok(CareSystem {
            oracle_health: s.take(0).bool().unwrap_or_default(),
        })
    }
}

/// `vaos().endpoint` parameters: an object of strings and lists of strings.
pub fn read_params(v: Value) -> Read<VecMap<String, ParamValue>> {
    let entries = fields::map(v, |v| match v {
        Value::Str(s) => Ok(ParamValue::Str(s)),
        Value::Arr(items) if items.iter().all(|i| matches!(i, Value::Str(_))) => {
            fields::strings(Value::Arr(items)).map(ParamValue::List)
        }
        _ => Err("data did not match any variant of untagged enum ParamValue".to_owned()),
    })?;
    Ok(entries.into_iter().collect())
}

/// A decision reason as the page sees it (`"SPLIT"`, `"PINNED"`, …).
pub fn reason_str(r: Reason) -> &'static str {
    r.as_str()
}

impl System {
    /// `"vaos-service"` or `"legacy"`.
    pub fn as_str(self) -> &'static str {
        match self {
            System::VaosService => "vaos-service",
            System::Legacy => "legacy",
        }
    }
}

impl Picker {
    /// `"auto"`, `"radio"` or `"dropdown"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Picker::Auto => "auto",
            Picker::Radio => "radio",
            Picker::Dropdown => "dropdown",
        }
    }
}

fn write_opt_str(out: &mut String, s: Option<&str>) {
    match s {
        Some(s) => write_str(out, s),
        None => out.push_str("null"),
    }
}

fn write_bool(out: &mut String, b: bool) {
    out.push_str(crate::json::write::bool_text(b));
}

impl Transition {
    /// `{"from":…|null,"to":…,"trigger":…,"flow":…}`.
    pub fn write_json(&self, out: &mut String) {
        let mut o = Seq::object(out);
        write_opt_str(o.key("from"), self.from.as_deref());
        o.str("to", &self.to);
        o.str("trigger", &self.trigger);
        o.str("flow", self.flow.as_str());
        o.end();
    }

    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }
}

fn path_flow(o: &mut Seq, path: &str, flow: Flow) {
    o.str("path", path);
    o.str("flow", flow.as_str());
}

impl Route {
    /// `{"path":…,"flow":…,"transition":{…}}`.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        let mut o = Seq::object(&mut out);
        path_flow(&mut o, &self.path, self.flow);
        self.transition.write_json(o.key("transition"));
        o.end();
        out
    }
}

impl Guarded {
    /// `{"path":…,"redirected":…,"reason":…,"flow":…,"transition":{…}|null}`.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        let mut o = Seq::object(&mut out);
        o.str("path", &self.path);
        write_bool(o.key("redirected"), self.redirected);
        o.str("reason", GuardReason::as_str(self.reason));
        o.str("flow", self.flow.as_str());
        match &self.transition {
            Some(t) => t.write_json(o.key("transition")),
            None => o.raw("transition", "null"),
        }
        o.end();
        out
    }
}

/// `vaos().endpoint`'s answer: `{"method":…,"url":…,"system":…,"reason":…}`.
pub fn endpoint_json(method: &str, url: &str, system: System, reason: Reason) -> String {
    let mut out = String::new();
    let mut o = Seq::object(&mut out);
    o.str("method", method);
    o.str("url", url);
    o.str("system", system.as_str());
    o.str("reason", reason_str(reason));
    o.end();
    out
}

#[cfg(test)]
mod tests;
