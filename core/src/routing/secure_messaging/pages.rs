//! The Secure Messaging new-message flow as data: its pages, actions and transition table.
//! Paths are from `mhv-secure-messaging/util/constants.js` (va-gov-facts.md §5).

#[cfg(feature = "serde")]
use serde::Serialize;

/// A page of the new-message flow (relative to the configurable base path).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize), serde(rename_all = "snake_case"))]
pub enum Page {
    /// `/new-message/`: the interstitial in the curated flow, the legacy compose page otherwise.
    NewMessage,
    /// `/new-message/recent/`: care teams recently messaged.
    Recent,
    /// `/new-message/select-care-team/`.
    SelectCareTeam,
    /// `/new-message/start-message/`: compose with the selected team.
    StartMessage,
    /// `/new-message/care-team-help/`.
    CareTeamHelp,
    /// `/contact-list/`.
    ContactList,
}

impl Page {
    pub const ALL: [Page; 6] = [
        Page::NewMessage,
        Page::Recent,
        Page::SelectCareTeam,
        Page::StartMessage,
        Page::CareTeamHelp,
        Page::ContactList,
    ];

    /// The page's path relative to the base, with leading and trailing slash.
    pub fn rel_path(self) -> &'static str {
        match self {
            Page::NewMessage => "/new-message/",
            Page::Recent => "/new-message/recent/",
            Page::SelectCareTeam => "/new-message/select-care-team/",
            Page::StartMessage => "/new-message/start-message/",
            Page::CareTeamHelp => "/new-message/care-team-help/",
            Page::ContactList => "/contact-list/",
        }
    }

    /// Pages mounted only in the curated flow (a deep link to them while it is off goes to the
    /// legacy `/new-message/`). `/new-message/` and `/contact-list/` exist in both flows.
    pub fn curated_only(self) -> bool {
        matches!(
            self,
            Page::Recent | Page::SelectCareTeam | Page::StartMessage | Page::CareTeamHelp
        )
    }
}

/// A user action on a flow page (the `action` argument of `next`, snake_case).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize), serde(rename_all = "snake_case"))]
pub enum Action {
    /// Interstitial: "Continue to start message".
    Continue,
    /// Recent or select-care-team: a team was chosen.
    SelectTeam,
    /// Recent: "A different care team".
    DifferentTeam,
    /// Select-care-team: "Learn what to do if you can't find your care team".
    CantFindTeam,
    /// Select-care-team: "Update your contact list".
    UpdateContactList,
    /// Start-message: "Select a different care team".
    SelectDifferentTeam,
}

impl Action {
    pub const ALL: [Action; 6] = [
        Action::Continue,
        Action::SelectTeam,
        Action::DifferentTeam,
        Action::CantFindTeam,
        Action::UpdateContactList,
        Action::SelectDifferentTeam,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Continue => "continue",
            Action::SelectTeam => "select_team",
            Action::DifferentTeam => "different_team",
            Action::CantFindTeam => "cant_find_team",
            Action::UpdateContactList => "update_contact_list",
            Action::SelectDifferentTeam => "select_different_team",
        }
    }

    pub fn parse(name: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == name)
    }
}

/// Where an action leads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Page(Page),
    /// `/recent/` when the recent-recipients toggle is on and the user has ≥ 1 recent care team,
    /// else `/select-care-team/` (the interstitial's "Continue").
    RecentOrSelectCareTeam,
}

/// The curated flow's transitions: (page, action) → target. Anything not listed is an error.
#[rustfmt::skip]
pub const TRANSITIONS: &[(Page, Action, Target)] = &[
    (Page::NewMessage, Action::Continue, Target::RecentOrSelectCareTeam),
    (Page::Recent, Action::SelectTeam, Target::Page(Page::StartMessage)),
    (Page::Recent, Action::DifferentTeam, Target::Page(Page::SelectCareTeam)),
    (Page::SelectCareTeam, Action::SelectTeam, Target::Page(Page::StartMessage)),
    (Page::SelectCareTeam, Action::CantFindTeam, Target::Page(Page::CareTeamHelp)),
    (Page::SelectCareTeam, Action::UpdateContactList, Target::Page(Page::ContactList)),
    (Page::StartMessage, Action::SelectDifferentTeam, Target::Page(Page::SelectCareTeam)),
];

/// The target of `action` on `page`, if the table has one.
pub fn transition(page: Page, action: Action) -> Option<Target> {
    TRANSITIONS
        .iter()
        .find(|(p, a, _)| *p == page && *a == action)
        .map(|(_, _, t)| *t)
}
