//! The Secure Messaging new-message flow router: `start`, `next`, `guard`, and the two UI
//! decisions the metrics depend on. The caller passes the curated-flow value it pinned at this
//! boundary (`flow_on`) and the recent-recipients toggle (`recent_on`).

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

use crate::flags::groups::GroupConfig;
use pages::{transition, Action, Page, Target};

mod messages;
pub mod pages;
pub mod ui;

/// VA.gov's base path for Secure Messaging.
pub const DEFAULT_BASE_PATH: &str = "/my-health/secure-messages";
/// The toggle that switches `/new-message/` to the curated flow.
pub const CURATED_FLOW_TOGGLE: &str = "mhv_secure_messaging_curated_list_flow";
/// The toggle that enables the recent-care-teams page.
pub const RECENT_RECIPIENTS_TOGGLE: &str = "mhv_secure_messaging_recent_recipients";
/// The session-pin key of the curated-flow choice.
pub const FLOW_PIN_KEY: &str = "flow:sm_curated_list";

/// The curated-flow toggle as a one-member group, so the facade gets its value and rollback from
/// [`crate::flags::groups::resolve`] (same rollback rule as VAOS). Not a shared bucket: the toggle keeps
/// exact Flipper hashing on its own key.
pub fn curated_flow_group() -> GroupConfig {
    let mut group = GroupConfig::all_or_none("sm_curated_list_flow", &[CURATED_FLOW_TOGGLE]);
    group.shared_bucket = false;
    group
}

/// Longest path `next`/`guard` will look at (bytes); longer paths are unknown.
pub const MAX_PATH_LEN: usize = 2048;
/// Longest base path accepted (bytes).
pub const MAX_BASE_PATH_LEN: usize = 256;
/// Longest path or action quoted back in an error message (chars).
const MAX_QUOTED: usize = 120;

/// Which new-message flow renders.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(Serialize, Deserialize),
    serde(rename_all = "lowercase")
)]
pub enum Flow {
    /// `mhv_secure_messaging_curated_list_flow` on: interstitial → recent → select → start.
    Curated,
    /// Off: `/new-message/` is the compose page with an in-page recipient picker.
    Legacy,
}

impl Flow {
    pub fn from_toggle(flow_on: bool) -> Flow {
        if flow_on {
            Flow::Curated
        } else {
            Flow::Legacy
        }
    }

    /// `"curated"` or `"legacy"`, as serialised and as telemetry's `va_rollout.flow`.
    pub fn as_str(self) -> &'static str {
        match self {
            Flow::Curated => "curated",
            Flow::Legacy => "legacy",
        }
    }
}

/// What the app knows about the user at this step. All fields optional in JS.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(Serialize, Deserialize),
    serde(rename_all = "camelCase", default)
)]
pub struct SmContext {
    /// Care teams messaged in the last 6 months, unblocked and preferred (the app caps it at 4).
    pub recent_care_teams: u32,
    /// The chosen care team, if any (an empty string counts as none).
    pub selected_team: Option<String>,
}

impl SmContext {
    fn has_selected_team(&self) -> bool {
        self.selected_team.as_deref().is_some_and(|t| !t.is_empty())
    }
}

/// A page change, handed to the transition hook (telemetry path analysis).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize), serde(rename_all = "camelCase"))]
pub struct Transition {
    /// The canonical page left, `None` for the flow's entry.
    pub from: Option<String>,
    pub to: String,
    /// The action name, `guard:<reason>`, or `start`.
    pub trigger: String,
    pub flow: Flow,
}

/// Where to go.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize), serde(rename_all = "camelCase"))]
pub struct Route {
    pub path: String,
    pub flow: Flow,
    pub transition: Transition,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize), serde(rename_all = "snake_case"))]
pub enum GuardReason {
    /// The page may render as requested.
    Allowed,
    /// Not a page of this flow; returned unchanged.
    UnknownPath,
    /// A curated-flow page while the curated flow is off → legacy `/new-message/`.
    FlowOff,
    /// `/start-message/` without a selected team → `/select-care-team/`.
    NoSelectedTeam,
    /// `/recent/` with the recent-recipients toggle off → `/select-care-team/`.
    RecentOff,
    /// `/recent/` with no recent care teams → `/select-care-team/`.
    NoRecentTeams,
}

impl GuardReason {
    pub fn as_str(self) -> &'static str {
        match self {
            GuardReason::Allowed => "allowed",
            GuardReason::UnknownPath => "unknown_path",
            GuardReason::FlowOff => "flow_off",
            GuardReason::NoSelectedTeam => "no_selected_team",
            GuardReason::RecentOff => "recent_off",
            GuardReason::NoRecentTeams => "no_recent_teams",
        }
    }
}

/// A guard's verdict. `transition` is set only when the guard redirected.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize), serde(rename_all = "camelCase"))]
pub struct Guarded {
    pub path: String,
    pub redirected: bool,
    pub reason: GuardReason,
    pub flow: Flow,
    pub transition: Option<Transition>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RouteError {
    BadBasePath { base: String },
    UnknownPath { path: String, action: String },
    UnknownAction { page: Page, action: String },
    FlowOff { page: Page, action: Action },
    NotOnPage { page: Page, action: Action },
}

impl std::error::Error for RouteError {}

fn quoted(text: &str) -> String {
    text.chars().take(MAX_QUOTED).collect()
}

/// `rollout.secureMessaging({ basePath })` options.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(Serialize, Deserialize),
    serde(rename_all = "camelCase", default)
)]
pub struct SmConfig {
    /// Defaults to [`DEFAULT_BASE_PATH`].
    pub base_path: Option<String>,
}

/// The router for one base path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecureMessaging {
    base: String,
}

impl Default for SecureMessaging {
    fn default() -> Self {
        SecureMessaging {
            base: DEFAULT_BASE_PATH.to_string(),
        }
    }
}

impl SecureMessaging {
    /// A router under `base` (`""` for the site root; one trailing `/` is dropped).
    pub fn new(base: &str) -> Result<SecureMessaging, RouteError> {
        let trimmed = base.strip_suffix('/').unwrap_or(base);
        // Still ending in '/' ("//", "/a//") would build "//new-message/" (a protocol-relative
        // URL) or "/a//new-message/".
        let valid = trimmed.len() <= MAX_BASE_PATH_LEN
            && (trimmed.is_empty()
                || (trimmed.starts_with('/')
                    && !trimmed.ends_with('/')
                    && !trimmed.contains("//")
                    && trimmed
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "-._~/".contains(c))
                    && !trimmed.split('/').any(|s| s == "." || s == "..")));
        if valid {
            Ok(SecureMessaging {
                base: trimmed.to_string(),
            })
        } else {
            Err(RouteError::BadBasePath { base: quoted(base) })
        }
    }

    /// A router from JS options (`basePath` absent → [`DEFAULT_BASE_PATH`]).
    pub fn from_config(config: &SmConfig) -> Result<SecureMessaging, RouteError> {
        SecureMessaging::new(config.base_path.as_deref().unwrap_or(DEFAULT_BASE_PATH))
    }

    pub fn base_path(&self) -> &str {
        &self.base
    }

    /// The canonical URL of `page`: base + page path.
    pub fn url(&self, page: Page) -> String {
        let mut url = self.base.clone();
        url.push_str(page.rel_path());
        url
    }

    /// The page `path` names: with or without the base, trailing slash optional, query and
    /// fragment ignored.
    pub fn page_of(&self, path: &str) -> Option<Page> {
        if path.len() > MAX_PATH_LEN {
            return None;
        }
        let end = path.find(['?', '#']).unwrap_or(path.len());
        let bare = path.get(..end)?;
        let rel = match bare.strip_prefix(self.base.as_str()) {
            Some(rest) if !self.base.is_empty() && (rest.is_empty() || rest.starts_with('/')) => {
                rest
            }
            _ => bare,
        };
        let rel = rel.strip_suffix('/').unwrap_or(rel);
        Page::ALL
            .into_iter()
            .find(|p| p.rel_path().strip_suffix('/') == Some(rel))
    }

    /// The entry: `/new-message/` in both flows; `flow` says which page renders there.
    /// `ctx` is accepted for API symmetry; the entry does not depend on it.
    pub fn start(&self, flow_on: bool, _ctx: &SmContext) -> Route {
        let flow = Flow::from_toggle(flow_on);
        let path = self.url(Page::NewMessage);
        let transition = Transition {
            from: None,
            to: path.clone(),
            trigger: "start".to_string(),
            flow,
        };
        Route {
            path,
            flow,
            transition,
        }
    }

    /// The page after `action` on `path` (see [`pages::TRANSITIONS`]). Never guesses:
    /// an unknown path or action, an action that does not apply to the page, or any action while
    /// the curated flow is off is an error. Call [`Self::guard`] on arrival for the preconditions.
    pub fn next(
        &self,
        path: &str,
        action: &str,
        flow_on: bool,
        recent_on: bool,
        ctx: &SmContext,
    ) -> Result<Route, RouteError> {
        let page = self.page_of(path).ok_or_else(|| RouteError::UnknownPath {
            path: quoted(path),
            action: quoted(action),
        })?;
        let action_kind = Action::parse(action).ok_or_else(|| RouteError::UnknownAction {
            page,
            action: quoted(action),
        })?;
        if !flow_on {
            return Err(RouteError::FlowOff {
                page,
                action: action_kind,
            });
        }
        let target = transition(page, action_kind).ok_or(RouteError::NotOnPage {
            page,
            action: action_kind,
        })?;
        let to = match target {
            Target::Page(p) => p,
            Target::RecentOrSelectCareTeam if recent_on && ctx.recent_care_teams >= 1 => {
                Page::Recent
            }
            Target::RecentOrSelectCareTeam => Page::SelectCareTeam,
        };
        let path = self.url(to);
        let transition = Transition {
            from: Some(self.url(page)),
            to: path.clone(),
            trigger: action_kind.as_str().to_string(),
            flow: Flow::Curated,
        };
        Ok(Route {
            path,
            flow: Flow::Curated,
            transition,
        })
    }

    /// Checks a deep link or bookmark against the flow's preconditions.
    pub fn guard(&self, path: &str, flow_on: bool, recent_on: bool, ctx: &SmContext) -> Guarded {
        let flow = Flow::from_toggle(flow_on);
        let Some(page) = self.page_of(path) else {
            return Guarded {
                path: path.to_string(),
                redirected: false,
                reason: GuardReason::UnknownPath,
                flow,
                transition: None,
            };
        };
        let redirect = match page {
            p if p.curated_only() && !flow_on => Some((Page::NewMessage, GuardReason::FlowOff)),
            Page::StartMessage if !ctx.has_selected_team() => {
                Some((Page::SelectCareTeam, GuardReason::NoSelectedTeam))
            }
            Page::Recent if !recent_on => Some((Page::SelectCareTeam, GuardReason::RecentOff)),
            Page::Recent if ctx.recent_care_teams == 0 => {
                Some((Page::SelectCareTeam, GuardReason::NoRecentTeams))
            }
            _ => None,
        };
        match redirect {
            None => Guarded {
                path: self.url(page),
                redirected: false,
                reason: GuardReason::Allowed,
                flow,
                transition: None,
            },
            Some((to, reason)) => {
                let path = self.url(to);
                let transition = Transition {
                    from: Some(self.url(page)),
                    to: path.clone(),
                    trigger: ["guard:", reason.as_str()].concat(),
                    flow,
                };
                Guarded {
                    path,
                    redirected: true,
                    reason,
                    flow,
                    transition: Some(transition),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
