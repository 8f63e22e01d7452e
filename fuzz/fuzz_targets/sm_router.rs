//! The Secure Messaging router: `new`, `start`, `next` and `guard` over arbitrary base paths,
//! paths, actions and contexts. Every result is one of the base path's six page URLs or an
//! error (guard returns an unknown path unchanged, unredirected). Input: the base path on the
//! first line (`-` for the default), then `path<TAB>action<TAB>flags` lines; flags: `f` curated
//! flow on, `r` recent-recipients on, `s` a selected team, digits the recent-team count.
#![no_main]
use libfuzzer_sys::fuzz_target;
use va_rollout_core::routing::secure_messaging::pages::transition;
use va_rollout_core::routing::{
    Action, Flow, GuardReason, Page, RouteError, SecureMessaging, SmContext, MAX_BASE_PATH_LEN,
};
use va_rollout_fuzz::text::{fields, lossy};

fn router(base: &str) -> SecureMessaging {
    if base == "-" {
        return SecureMessaging::default();
    }
    match SecureMessaging::new(base) {
        Ok(sm) => {
            let b = sm.base_path();
            assert!(b.len() <= MAX_BASE_PATH_LEN, "over-long base accepted");
            assert!(
                b.is_empty() || b.starts_with('/'),
                "base {b:?} not absolute"
            );
            assert!(
                !b.contains("//") && !b.ends_with('/'),
                "base {b:?} has an empty segment"
            );
            assert!(
                !b.split('/').any(|s| s == "." || s == ".."),
                "base {b:?} has a dot segment"
            );
            assert!(
                b.bytes()
                    .all(|c| c.is_ascii_alphanumeric() || b"-._~/".contains(&c)),
                "base {b:?}"
            );
            sm
        }
        Err(e) => {
            assert!(matches!(e, RouteError::BadBasePath { .. }) && !e.to_string().is_empty());
            SecureMessaging::default()
        }
    }
}

fn context(flags: &str) -> (bool, bool, SmContext) {
    let digits: String = flags.chars().filter(char::is_ascii_digit).take(9).collect();
    let ctx = SmContext {
        recent_care_teams: digits.parse().unwrap_or(0),
        selected_team: flags.contains('s').then(|| "team-1".to_string()),
    };
    (flags.contains('f'), flags.contains('r'), ctx)
}

fn check_line(sm: &SecureMessaging, known: &[String], line: &str) {
    let f = fields(line, 3);
    let (path, action) = (f[0], f[1]);
    let (flow_on, recent_on, ctx) = context(f[2]);
    let page = sm.page_of(path);
    let start = sm.start(flow_on, &ctx);
    assert_eq!(start.path, sm.url(Page::NewMessage));
    assert_eq!(start.flow, Flow::from_toggle(flow_on));

    match sm.next(path, action, flow_on, recent_on, &ctx) {
        Ok(route) => {
            let from = page.expect("next routed from an unknown path");
            let act = Action::parse(action).expect("next accepted an unknown action");
            assert!(flow_on, "next routed with the curated flow off");
            assert!(
                transition(from, act).is_some(),
                "next took a transition not in the table"
            );
            assert!(
                known.contains(&route.path),
                "next left the flow: {:?}",
                route.path
            );
            assert_eq!(route.transition.to, route.path);
            assert_eq!(
                route.transition.from.as_deref(),
                Some(sm.url(from).as_str())
            );
            assert_eq!(route.transition.trigger, act.as_str());
            if route.path == sm.url(Page::Recent) {
                assert!(
                    recent_on && ctx.recent_care_teams >= 1,
                    "routed to /recent/ without its preconditions"
                );
            }
        }
        Err(e) => {
            assert!(!e.to_string().is_empty());
            if page.is_some() && Action::parse(action).is_some() && flow_on {
                assert!(
                    matches!(e, RouteError::NotOnPage { .. }),
                    "valid step refused: {e}"
                );
            }
        }
    }

    let g = sm.guard(path, flow_on, recent_on, &ctx);
    assert_eq!(g.flow, Flow::from_toggle(flow_on));
    match page {
        None => {
            assert!(
                g.reason == GuardReason::UnknownPath && !g.redirected && g.transition.is_none()
            );
            assert_eq!(g.path, path, "guard changed an unknown path");
        }
        Some(_) => {
            assert!(known.contains(&g.path), "guard left the flow: {:?}", g.path);
            assert_eq!(g.redirected, g.transition.is_some());
            assert_eq!(g.redirected, g.reason != GuardReason::Allowed);
            let again = sm.guard(&g.path, flow_on, recent_on, &ctx);
            assert_eq!(
                again.reason,
                GuardReason::Allowed,
                "guard is not idempotent from {path:?}"
            );
            assert_eq!(again.path, g.path);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let text = lossy(data);
    let mut lines = text.lines();
    let sm = router(lines.next().unwrap_or("-"));
    let known: Vec<String> = Page::ALL.iter().map(|p| sm.url(*p)).collect();
    for p in Page::ALL {
        assert_eq!(
            sm.page_of(&sm.url(p)),
            Some(p),
            "page URL does not map back"
        );
    }
    for line in lines.take(32) {
        check_line(&sm, &known, line);
    }
});
