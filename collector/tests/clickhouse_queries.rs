//! The report's ClickHouse queries (collector/src/clickhouse/queries.rs) against the real
//! engine (chdb through the HTTP shim), on a small hand-built event set whose answers are
//! known, loaded the way the OpenTelemetry Collector's exporter writes it, with resent
//! duplicates. Every query is also checked against the SQLite path's own computation
//! (ingest::otlp + report::model::build) on the same bodies.

mod chdb;
mod clickhouse_support;
use clickhouse_support as support;

use std::time::Duration;

use va_rollout_collector::clickhouse::client::{get_f64, get_str, get_u64};
use va_rollout_collector::clickhouse::queries;
use va_rollout_collector::clickhouse::report as ch_report;
use va_rollout_collector::clickhouse::sql::Span;
use va_rollout_collector::clickhouse::Client;

use support::{bodies, sqlite_report, t0, Scoped};

fn window() -> Span {
    Span {
        from_ms: t0(),
        to_ms: t0() + 3_600_000,
    }
}

async fn run(c: &Client, name: &str) -> Scoped {
    let (_, q) = queries::all()
        .into_iter()
        .find(|(n, _)| *n == name)
        .unwrap();
    Scoped(
        c.query_window(q, window())
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}\n{q}")),
    )
}

#[tokio::test]
async fn report_queries_on_the_engine() {
    let Some(py) = chdb::python() else { return };
    let shim = chdb::Shim::start(&py, true);
    let (first, resent) = bodies();
    let loaded = shim.load(&py, &[first.clone(), resent.clone()]);
    // 40 records + 4 resent copies, loaded as the exporter would: duplicates included.
    assert_eq!(loaded, "loaded 44 rows");
    let c = Client::new(shim.config(Duration::from_secs(60))).unwrap();
    let raw = c
        .query("SELECT count() AS n FROM `default`.`otel_logs`")
        .await
        .unwrap();
    assert_eq!(get_u64(&raw[0], "n"), 44);

    // Known answers (see clickhouse_support/mod.rs for the events).
    let totals = run(&c, "totals").await;
    let all = totals.one("all", "");
    assert_eq!(
        get_u64(all, "events"),
        38,
        "each event id once, 2 outside the window"
    );
    assert_eq!(get_u64(all, "sessions"), 3);
    assert_eq!(get_u64(all, "errors"), 4);
    assert_eq!(get_u64(all, "breaker_events"), 2);
    assert_eq!(get_u64(all, "messages_sent"), 2);
    assert_eq!(get_u64(totals.one("variant", "new"), "events"), 5);
    assert_eq!(get_u64(totals.one("flow", "curated"), "sessions"), 1);

    let max_window = run(&c, "max_errors_in_window").await;
    let w = max_window.one("all", "");
    assert_eq!(get_u64(w, "count"), 3, "half-open: [t, t + 10 min)");
    assert_eq!(get_u64(w, "start_ms") as i64, t0() + 3_000);

    let latency = run(&c, "latency").await;
    let list = latency.named("all", "", "name", "vaos.list");
    assert_eq!(get_u64(list, "count"), 20);
    assert_eq!(
        get_f64(list, "p95_ms"),
        Some(19.0),
        "nearest rank: ceil(0.95 * 20) = 19th"
    );
    assert_eq!(get_f64(list, "avg_ms"), Some(10.5));
    assert_eq!(get_f64(list, "max_ms"), Some(20.0));

    let statuses = run(&c, "errors_by_status").await;
    assert_eq!(get_u64(statuses.named("all", "", "status", "none"), "n"), 1);
    assert_eq!(get_u64(statuses.named("all", "", "status", "503"), "n"), 1);

    let clicks = run(&c, "clicks").await;
    assert_eq!(
        get_u64(clicks.named("all", "", "label", "send-button"), "n"),
        1
    );
    assert_eq!(get_u64(clicks.named("all", "", "label", "Cancel"), "n"), 1);
    assert_eq!(
        get_u64(clicks.named("all", "", "label", "(unnamed)"), "n"),
        1
    );

    let paths = run(&c, "paths").await;
    let p = paths.one("all", "");
    assert_eq!(get_u64(p, "entries_recent"), 2);
    assert_eq!(get_u64(p, "from_recent"), 2);
    assert_eq!(get_u64(p, "recent_to_start_message"), 1);
    assert_eq!(get_u64(p, "recent_to_select_care_team"), 1);
    assert_eq!(get_u64(p, "flow_sessions"), 3);
    assert_eq!(get_u64(p, "s_care_team_help"), 1);

    let buckets = run(&c, "errors_per_bucket").await;
    assert_eq!(buckets.rows("all", "").len(), 2);
    let hist = run(&c, "latency_histogram").await;
    assert_eq!(get_u64(hist.named("all", "", "bin", "0"), "n"), 21);

    // The same answers as the SQLite path, scope by scope.
    let report = sqlite_report(&[first, resent], window());
    for (scope, key, stats) in support::scopes(&report) {
        let ctx = format!("{scope}:{key}");
        let t = totals.one(scope, &key);
        assert_eq!(get_u64(t, "events") as usize, stats.events, "{ctx} events");
        assert_eq!(
            get_u64(t, "sessions") as usize,
            stats.sessions,
            "{ctx} sessions"
        );
        assert_eq!(get_u64(t, "errors") as usize, stats.errors, "{ctx} errors");
        assert_eq!(
            get_u64(t, "breaker_events") as usize,
            stats.breaker_events,
            "{ctx}"
        );
        assert_eq!(
            get_u64(t, "messages_sent") as usize,
            stats.messages_sent,
            "{ctx}"
        );
        support::same_counts(
            &run(&c, "events_by_name").await,
            scope,
            &key,
            "event_name",
            &stats.events_by_name,
        );
        support::same_counts(&statuses, scope, &key, "status", &stats.errors_by_status);
        support::same_counts(&clicks, scope, &key, "label", &stats.clicks);
        let mw = &stats.max_errors_in_10_min;
        match max_window.rows(scope, &key).first() {
            Some(r) => {
                assert_eq!(get_u64(r, "count") as usize, mw.count, "{ctx} window");
                assert_eq!(
                    Some(get_u64(r, "start_ms") as i64),
                    mw.start_ms,
                    "{ctx} start"
                );
            }
            None => assert_eq!(mw.count, 0, "{ctx} window"),
        }
        let lat = latency.rows(scope, &key);
        assert_eq!(lat.len(), stats.latency.len(), "{ctx} latency names");
        for (r, l) in lat.iter().zip(&stats.latency) {
            assert_eq!(get_str(r, "name"), l.name, "{ctx}");
            assert_eq!(get_u64(r, "count") as usize, l.count, "{ctx} {}", l.name);
            assert_eq!(get_f64(r, "avg_ms"), Some(l.avg_ms), "{ctx} {} avg", l.name);
            assert_eq!(get_f64(r, "p95_ms"), Some(l.p95_ms), "{ctx} {} p95", l.name);
            assert_eq!(get_f64(r, "max_ms"), Some(l.max_ms), "{ctx} {} max", l.name);
        }
        support::same_paths(paths.rows(scope, &key).first().copied(), &stats.paths, &ctx);
    }
    assert_eq!(
        get_u64(all, "first_ms") as i64,
        report.first_event_ms.unwrap()
    );
    assert_eq!(
        get_u64(all, "last_ms") as i64,
        report.last_event_ms.unwrap()
    );

    // Assembled: every scope's VariantStats equal, field by field, to the SQLite path's.
    let fetched = ch_report::fetch(&c, window()).await.expect("fetch");
    assert_eq!(fetched.all, report.all);
    assert_eq!(fetched.variants, report.variants);
    assert_eq!(fetched.flows, report.flows);
    assert_eq!(
        (fetched.first_event_ms, fetched.last_event_ms),
        (report.first_event_ms, report.last_event_ms)
    );
    let hist: Vec<usize> = report.latency_histogram.iter().map(|b| b.count).collect();
    assert_eq!(fetched.histogram, hist);
    let buckets: Vec<(i64, usize)> = report
        .errors_over_time
        .iter()
        .filter(|b| b.errors > 0)
        .map(|b| (b.start_ms, b.errors))
        .collect();
    assert_eq!(fetched.error_buckets, buckets);

    // An empty window: no scope but `all`, all zero, as the SQLite path's empty report.
    let empty_window = Span {
        from_ms: 0,
        to_ms: 1,
    };
    let empty = ch_report::fetch(&c, empty_window).await.expect("empty");
    let none = sqlite_report(&[], empty_window);
    assert_eq!(empty.all, none.all);
    assert!(empty.variants.is_empty() && empty.first_event_ms.is_none());
}
