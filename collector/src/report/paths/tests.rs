use super::*;
use crate::ingest::row::EventFields;

fn t(session: &str, from: &str, to: &str) -> ReportEvent {
    ReportEvent {
        time_ms: 0,
        fields: EventFields {
            session_id: Some(session.into()),
            event_name: EVENT_TRANSITION.into(),
            path: Some(to.into()),
            transition_from: Some(from.into()),
            transition_to: Some(to.into()),
            variant: Some(true),
            ..Default::default()
        },
        lost: 0,
    }
}

const ROOT: &str = "/my-health/secure-messages";

#[test]
fn pages_by_suffix() {
    assert_eq!(
        page_of("/my-health/secure-messages/new-message/recent/"),
        Some(SmPage::Recent)
    );
    assert_eq!(
        page_of("/my-health/secure-messages/new-message/select-care-team"),
        Some(SmPage::SelectCareTeam)
    );
    assert_eq!(
        page_of("/my-health/secure-messages/new-message/"),
        Some(SmPage::NewMessage)
    );
    assert_eq!(
        page_of("/new-message/start-message/?x=1"),
        Some(SmPage::StartMessage)
    );
    assert_eq!(page_of("/my-health/secure-messages/inbox/"), None);
}

#[test]
fn path_counts() {
    let p = |s: &str| format!("{ROOT}/new-message/{s}");
    let evs = [
        t("a", &p(""), &p("recent/")),
        t("a", &p("recent/"), &p("start-message/")),
        t("b", &p(""), &p("recent/")),
        t("b", &p("recent/"), &p("select-care-team/")),
        t("b", &p("select-care-team/"), &p("care-team-help/")),
        t("c", &p(""), &p("select-care-team/")),
        t("c", &p("select-care-team/"), &p("select-care-team/")),
    ];
    let refs: Vec<&ReportEvent> = evs.iter().collect();
    let s = compute(&refs);
    assert_eq!(s.entries_recent, 2);
    assert_eq!(s.entries_select_care_team, 2);
    assert_eq!(s.from_recent, 2);
    assert_eq!(s.recent_to_start_message, 1);
    assert_eq!(s.recent_to_select_care_team, 1);
    assert!((s.share_recent_to_start_message - 0.5).abs() < 1e-12);
    assert_eq!(s.flow_sessions, 3);
    assert_eq!(s.care_team_help_sessions, 1);
    assert!((s.share_reaching_care_team_help - 1.0 / 3.0).abs() < 1e-12);
    assert_eq!(
        s.funnel[1],
        FunnelStep {
            page: "/recent",
            sessions: 2
        }
    );
}
