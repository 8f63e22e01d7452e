//! Navigation boundaries: every `endpoint`/`next`/`guard`/`start` call resolves its group (or
//! flow) against the current decisions, then through the session pins, so one session and group
//! always resolve to one system, and a rollback is applied only here, never mid-request.

use crate::vecmap::VecMap;

#[cfg(feature = "serde")]
use serde::Serialize;

use crate::flags::{group_of, pin_key, resolve, GroupConfig, GroupResolution};
use crate::flags::{FlagView, Reason, Source};
use crate::routing::{
    curated_flow_group, system_for, Endpoint, EndpointError, Flow, Guarded, ParamValue, Pins,
    Route, RouteError, SecureMessaging, SmContext, System, VaosTable, FLOW_PIN_KEY, MAX_PINS,
    RECENT_RECIPIENTS_TOGGLE,
};

/// What one boundary decided for a group or flow.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize), serde(rename_all = "camelCase"))]
pub struct Boundary {
    pub group: String,
    pub value: bool,
    pub reason: Reason,
    /// Present when the members disagreed (report a `group_mixed` event).
    pub mixed: Option<GroupResolution>,
    /// An `on` pin was dropped because of a rollback.
    pub pin_dropped: bool,
}

/// `explain('group:<name>')`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize), serde(rename_all = "camelCase"))]
pub struct GroupExplanation {
    pub name: String,
    pub policy: &'static str,
    pub shared_bucket: bool,
    pub live: GroupResolution,
    /// The session pin, if any: it wins over `live` until a rollback.
    pub pinned: Option<bool>,
    pub value: bool,
    pub reason: Reason,
    pub explanation: String,
}

impl GroupExplanation {
    /// The explanation as JSON text in the names and order of its `Serialize` (`members` as
    /// `[name, value]` pairs, `pinned` `null` when absent).
    pub fn to_json(&self) -> String {
        use crate::json::write::{write_str, Seq};
        let bool_str = crate::json::write::bool_text;
        let mut out = String::new();
        let mut o = Seq::object(&mut out);
        o.str("name", &self.name);
        o.str("policy", self.policy);
        o.raw("sharedBucket", bool_str(self.shared_bucket));
        let mut live = Seq::object(o.key("live"));
        live.raw("value", bool_str(self.live.value));
        live.raw("mixed", bool_str(self.live.mixed));
        live.raw("rollback", bool_str(self.live.rollback));
        let mut members = Seq::array(live.key("members"));
        for (name, on) in &self.live.members {
            let mut pair = Seq::array(members.item());
            write_str(pair.item(), name);
            pair.item().push_str(bool_str(*on));
            pair.end();
        }
        members.end();
        live.end();
        o.raw("pinned", self.pinned.map_or("null", bool_str));
        o.raw("value", bool_str(self.value));
        o.str("reason", crate::routing::wire::reason_str(self.reason));
        o.str("explanation", &self.explanation);
        o.end();
        out
    }
}

pub struct Router {
    groups: Vec<GroupConfig>,
    flow_group: GroupConfig,
    vaos: VaosTable,
    pins: Pins,
    /// What the last boundary of each pin key answered on this page (a QA override included, an
    /// unstored pin too): the flow or system a fallback reports. At most [`MAX_PINS`] keys.
    answered: VecMap<String, bool>,
}

impl Router {
    pub fn new(groups: Vec<GroupConfig>, vaos: VaosTable, pins: Pins) -> Router {
        Router {
            groups,
            flow_group: curated_flow_group(),
            vaos,
            pins,
            answered: VecMap::new(),
        }
    }

    pub fn pins(&self) -> &Pins {
        &self.pins
    }

    pub fn pins_mut(&mut self) -> &mut Pins {
        &mut self.pins
    }

    pub fn groups(&self) -> &[GroupConfig] {
        &self.groups
    }

    /// Resolves `group` at a boundary, pinning under `key`.
    /// A QA override on any member wins over the session pin (QA flips the flow at once, and back
    /// when the override is cleared) and leaves the pin untouched.
    fn boundary(
        pins: &mut Pins,
        answered: &mut VecMap<String, bool>,
        group: &GroupConfig,
        key: &str,
        view: &dyn FlagView,
    ) -> Boundary {
        let b = Self::resolve_boundary(pins, group, key, view);
        if answered.len() < MAX_PINS || answered.contains_key(key) {
            answered.insert(key.to_owned(), b.value);
        }
        b
    }

    fn resolve_boundary(
        pins: &mut Pins,
        group: &GroupConfig,
        key: &str,
        view: &dyn FlagView,
    ) -> Boundary {
        let live = resolve(group, view);
        if overridden(group, view) {
            return Boundary {
                group: group.name.clone(),
                value: live.value,
                reason: Reason::Override,
                mixed: live.mixed.then_some(live),
                pin_dropped: false,
            };
        }
        let live_reason = live_reason(&live, view);
        let outcome = pins.at_boundary(key, live.value, live.rollback, live_reason);
        Boundary {
            group: group.name.clone(),
            value: outcome.value,
            reason: outcome.reason,
            mixed: live.mixed.then_some(live),
            pin_dropped: outcome.dropped,
        }
    }

    /// A configured group by name, at a boundary.
    pub fn group(&mut self, name: &str, view: &dyn FlagView) -> Option<Boundary> {
        let group = self.groups.iter().find(|g| g.name == name)?;
        Some(Self::boundary(
            &mut self.pins,
            &mut self.answered,
            group,
            &pin_key(group),
            view,
        ))
    }

    /// A toggle at a boundary: through its rollout group when it has one, else on its own.
    pub fn toggle(&mut self, toggle: &str, view: &dyn FlagView) -> Boundary {
        match group_of(&self.groups, toggle) {
            Some(group) => Self::boundary(
                &mut self.pins,
                &mut self.answered,
                group,
                &pin_key(group),
                view,
            ),
            None => {
                let alone = GroupConfig::all_or_none(toggle, &[toggle]);
                let key = pin_key(&alone);
                Self::boundary(&mut self.pins, &mut self.answered, &alone, &key, view)
            }
        }
    }

    /// The system a VAOS category toggle selects for this session.
    pub fn system(&mut self, category_toggle: &str, view: &dyn FlagView) -> (System, Boundary) {
        let boundary = self.toggle(category_toggle, view);
        (system_for(boundary.value), boundary)
    }

    /// `vaos.endpoint(op, params)`.
    pub fn endpoint(
        &mut self,
        op: &str,
        params: &VecMap<String, ParamValue>,
        view: &dyn FlagView,
    ) -> Result<(Endpoint, Boundary), EndpointError> {
        let Some(toggle) = self.vaos.category_toggle(op).map(str::to_owned) else {
            return Err(EndpointError::UnknownOperation {
                op: op.chars().take(120).collect(),
            });
        };
        let (system, boundary) = self.system(&toggle, view);
        Ok((self.vaos.endpoint(op, params, system)?, boundary))
    }

    /// The Secure Messaging curated flow for this session.
    pub fn curated_flow(&mut self, view: &dyn FlagView) -> Boundary {
        Self::boundary(
            &mut self.pins,
            &mut self.answered,
            &self.flow_group,
            FLOW_PIN_KEY,
            view,
        )
    }

    pub fn sm_start(
        &mut self,
        sm: &SecureMessaging,
        ctx: &SmContext,
        view: &dyn FlagView,
    ) -> (Route, Boundary) {
        let flow = self.curated_flow(view);
        (sm.start(flow.value, ctx), flow)
    }

    pub fn sm_next(
        &mut self,
        sm: &SecureMessaging,
        path: &str,
        action: &str,
        ctx: &SmContext,
        view: &dyn FlagView,
    ) -> (Result<Route, RouteError>, Boundary) {
        let flow = self.curated_flow(view);
        (
            sm.next(
                path,
                action,
                flow.value,
                view.is_enabled(RECENT_RECIPIENTS_TOGGLE),
                ctx,
            ),
            flow,
        )
    }

    pub fn sm_guard(
        &mut self,
        sm: &SecureMessaging,
        path: &str,
        ctx: &SmContext,
        view: &dyn FlagView,
    ) -> (Guarded, Boundary) {
        let flow = self.curated_flow(view);
        (
            sm.guard(
                path,
                flow.value,
                view.is_enabled(RECENT_RECIPIENTS_TOGGLE),
                ctx,
            ),
            flow,
        )
    }

    /// The value the session is in for a pin key: what this page's router last answered for it,
    /// else the session pin (an earlier page's answer), else `None` (no boundary yet).
    fn session_value(&self, key: &str) -> Option<bool> {
        self.answered
            .get(key)
            .copied()
            .or_else(|| self.pins.peek(key))
    }

    /// The flow a routing fallback reports (a misused `next`, an error caught in the shell):
    /// the one the session is in, never a fresh resolution. Changes nothing.
    pub fn session_flow(&self) -> Option<Flow> {
        self.session_value(FLOW_PIN_KEY).map(Flow::from_toggle)
    }

    /// The system a routing fallback reports for a category toggle (through its group, as
    /// [`Self::system`] resolves it). Changes nothing.
    pub fn session_system(&self, category_toggle: &str) -> Option<System> {
        let key = match group_of(&self.groups, category_toggle) {
            Some(group) => pin_key(group),
            None => pin_key(&GroupConfig::all_or_none(
                category_toggle,
                &[category_toggle],
            )),
        };
        self.session_value(&key).map(system_for)
    }

    /// The curated flow's current pinned value without touching pins (for telemetry context).
    pub fn current_flow(&self) -> Option<bool> {
        self.pins.peek(FLOW_PIN_KEY)
    }

    /// `explain('group:<name>')` (also `group:sm_curated_list_flow` for the flow). Changes nothing.
    pub fn explain_group(&self, name: &str, view: &dyn FlagView) -> Option<GroupExplanation> {
        let (group, key) = if name == self.flow_group.name {
            (&self.flow_group, FLOW_PIN_KEY.to_owned())
        } else {
            let g = self.groups.iter().find(|g| g.name == name)?;
            (g, pin_key(g))
        };
        let live = resolve(group, view);
        let pinned = self.pins.peek(&key);
        let is_overridden = overridden(group, view);
        let (value, reason) = match pinned {
            _ if is_overridden => (live.value, Reason::Override),
            Some(p) if !(p && live.rollback) => (p, Reason::Pinned),
            _ => (live.value, live_reason(&live, view)),
        };
        let mut explanation = describe(&live, pinned, value);
        if is_overridden {
            explanation.push_str(" (a QA override on a member wins over the session pin)");
        }
        Some(GroupExplanation {
            name: group.name.clone(),
            policy: "all-or-none",
            shared_bucket: group.shared_bucket,
            live,
            pinned,
            value,
            reason,
            explanation,
        })
    }
}

/// Whether a QA override decides any member of the group.
fn overridden(group: &GroupConfig, view: &dyn FlagView) -> bool {
    group.members.iter().any(|m| {
        view.decision(m)
            .is_some_and(|d| d.source == Source::Override)
    })
}

/// The reason behind a live group value: a member's own reason (the first on member when the
/// group is on, the first off member otherwise).
fn live_reason(live: &GroupResolution, view: &dyn FlagView) -> Reason {
    live.members
        .iter()
        .find(|(_, on)| *on == live.value)
        .and_then(|(name, _)| view.decision(name))
        .map_or(Reason::Default, |d| {
            if live.value || !live.mixed {
                d.reason
            } else {
                Reason::Disabled
            }
        })
}

fn describe(live: &GroupResolution, pinned: Option<bool>, value: bool) -> String {
    let on: Vec<&str> = live
        .members
        .iter()
        .filter(|(_, v)| *v)
        .map(|(n, _)| n.as_str())
        .collect();
    let live_text = if live.mixed {
        crate::text![
            "members disagree (",
            on.len(),
            " of ",
            live.members.len(),
            " on: ",
            on.join(", "),
            "), so all-or-none resolves to off"
        ]
    } else if live.value {
        "every member is on".to_owned()
    } else {
        "every member is off".to_owned()
    };
    let pin_text = match pinned {
        Some(p) if p && live.rollback => {
            "; a rollback drops the session pin at the next navigation".to_owned()
        }
        Some(p) => crate::text![
            "; pinned ",
            if p { "on" } else { "off" },
            " for this browser session"
        ],
        None => "; not pinned yet (pinned at the first navigation)".to_owned(),
    };
    crate::text![live_text, pin_text, ": ", if value { "on" } else { "off" }]
}

#[cfg(test)]
mod tests;
