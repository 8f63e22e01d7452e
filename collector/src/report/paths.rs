//! Path analysis of the Secure Messaging new-message flow from `va_rollout.transition` events.
//! Paths are full scrubbed paths; pages are recognised by their suffix.

use std::collections::BTreeSet;

use serde::Serialize;

use super::stats::EVENT_TRANSITION;
use crate::store::events::ReportEvent;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SmPage {
    /// `/new-message/`: the interstitial (new flow) or the legacy compose page.
    NewMessage,
    Recent,
    SelectCareTeam,
    StartMessage,
    CareTeamHelp,
}

/// The page a path shows, by suffix (query and fragment ignored, trailing slash optional).
pub fn page_of(path: &str) -> Option<SmPage> {
    let path = path.split(['?', '#']).next().unwrap_or("");
    let p = path.trim_end_matches('/');
    [
        ("/new-message/recent", SmPage::Recent),
        ("/new-message/select-care-team", SmPage::SelectCareTeam),
        ("/new-message/start-message", SmPage::StartMessage),
        ("/new-message/care-team-help", SmPage::CareTeamHelp),
        ("/new-message", SmPage::NewMessage),
    ]
    .into_iter()
    .find(|(suffix, _)| p.ends_with(suffix))
    .map(|(_, page)| page)
}

/// The funnel's pages, indexed by `SmPage as usize`.
pub const FUNNEL_PAGES: [&str; 5] = [
    "/new-message",
    "/recent",
    "/select-care-team",
    "/start-message",
    "/care-team-help",
];

/// A share `n / d`, 0 when `d` is 0.
pub fn share(n: usize, d: usize) -> f64 {
    if d == 0 {
        0.0
    } else {
        n as f64 / d as f64
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct PathStats {
    /// Transitions into `/recent` (from another page).
    pub entries_recent: usize,
    /// Transitions into `/select-care-team` (from another page).
    pub entries_select_care_team: usize,
    /// Transitions leaving `/recent`, and where they went.
    pub from_recent: usize,
    pub recent_to_start_message: usize,
    pub recent_to_select_care_team: usize,
    /// recent_to_start_message / from_recent (0 when nothing left `/recent`).
    pub share_recent_to_start_message: f64,
    pub share_recent_to_select_care_team: f64,
    /// Sessions with a transition into any new-message page.
    pub flow_sessions: usize,
    /// Sessions with a transition into `/care-team-help`, and their share of `flow_sessions`.
    pub care_team_help_sessions: usize,
    pub share_reaching_care_team_help: f64,
    /// Funnel: sessions reaching each page (by a transition into it).
    pub funnel: Vec<FunnelStep>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FunnelStep {
    pub page: &'static str,
    pub sessions: usize,
}

pub fn compute(events: &[&ReportEvent]) -> PathStats {
    let mut s = PathStats::default();
    let mut reached: [BTreeSet<&str>; 5] = Default::default();
    let mut flow_sessions = BTreeSet::new();
    for e in events.iter().filter(|e| e.event_name == EVENT_TRANSITION) {
        let from = e.transition_from.as_deref().and_then(page_of);
        let to = e.transition_to.as_deref().and_then(page_of);
        if from == to {
            continue;
        }
        match to {
            Some(SmPage::Recent) => s.entries_recent += 1,
            Some(SmPage::SelectCareTeam) => s.entries_select_care_team += 1,
            _ => {}
        }
        if from == Some(SmPage::Recent) {
            s.from_recent += 1;
            match to {
                Some(SmPage::StartMessage) => s.recent_to_start_message += 1,
                Some(SmPage::SelectCareTeam) => s.recent_to_select_care_team += 1,
                _ => {}
            }
        }
        if let (Some(page), Some(session)) = (to, e.session_id.as_deref()) {
            flow_sessions.insert(session);
            if let Some(set) = reached.get_mut(page as usize) {
                set.insert(session);
            }
        }
    }
    s.share_recent_to_start_message = share(s.recent_to_start_message, s.from_recent);
    s.share_recent_to_select_care_team = share(s.recent_to_select_care_team, s.from_recent);
    s.flow_sessions = flow_sessions.len();
    s.care_team_help_sessions = reached
        .get(SmPage::CareTeamHelp as usize)
        .map_or(0, BTreeSet::len);
    s.share_reaching_care_team_help = share(s.care_team_help_sessions, s.flow_sessions);
    s.funnel = FUNNEL_PAGES
        .iter()
        .zip(reached.iter())
        .map(|(page, set)| FunnelStep {
            page,
            sessions: set.len(),
        })
        .collect();
    s
}

#[cfg(test)]
mod tests;
