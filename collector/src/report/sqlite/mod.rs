//! The report's statistics aggregated by SQLite ([`queries`]): no event is loaded into the
//! collector, only grouped rows (per variant × flow, or per scope), which are summed into the
//! report's [`Aggregates`] here. Equal, byte for byte in the report's JSON, to the in-memory
//! definitions (`report::model::build` over `store::events::load_window`), which the tests
//! keep as the oracle (collector/tests/report_sql.rs).

pub mod functions;
mod plan;
pub mod queries;
mod scopes;

pub use plan::Plan;

use rusqlite::types::Value;
use rusqlite::{Connection, Row};

use super::model::{Aggregates, HISTOGRAM_EDGES_MS};
use super::paths::{share, FunnelStep, PathStats, FUNNEL_PAGES};
use super::stats::{Latency, VariantStats, EVENT_ERROR};
use crate::clickhouse::sql::Sql;
use crate::plans::metrics::{busiest_first, EndpointRate, Needs};
use crate::store::Pool;

/// A window `[from_ms, to_ms)` and an optional flag filter (`flag` = true / false on the
/// event's flag context), as the queries' bound parameters.
#[derive(Debug, Clone, Copy)]
pub struct Select<'a> {
    pub from_ms: i64,
    pub to_ms: i64,
    pub flag: Option<(&'a str, bool)>,
}

impl Select<'_> {
    fn params(&self) -> [Value; 5] {
        let ns = |ms: i64| Value::Integer(ms.saturating_mul(1_000_000));
        let (path, int, text) = match self.flag {
            None => (Value::Null, Value::Null, Value::Null),
            Some((name, v)) => (
                Value::Text(format!("$.\"{}\"", name.replace('"', ""))),
                Value::Integer(i64::from(v)),
                Value::Text(v.to_string()),
            ),
        };
        [ns(self.from_ms), ns(self.to_ms), path, int, text]
    }
}

/// An empty scope: what `stats::compute` gives for no events (the funnel lists every page).
fn fresh() -> VariantStats {
    VariantStats {
        paths: PathStats {
            funnel: FUNNEL_PAGES
                .iter()
                .map(|page| FunnelStep { page, sessions: 0 })
                .collect(),
            ..Default::default()
        },
        ..Default::default()
    }
}

fn count(r: &Row<'_>, i: usize) -> rusqlite::Result<usize> {
    let n: i64 = r.get(i)?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// Runs `q` over `sel` and calls `f` on every row.
fn each(
    conn: &Connection,
    q: &Sql,
    sel: &Select<'_>,
    mut f: impl FnMut(&Row<'_>) -> rusqlite::Result<()>,
) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare_cached(q.text())?;
    let mut rows = stmt.query(sel.params())?;
    while let Some(r) = rows.next()? {
        f(r)?;
    }
    Ok(())
}

/// Applies `f` to `all`, the row's variant and the row's flow (created when new).
fn additive(a: &mut Aggregates, vkey: String, fkey: String, f: impl Fn(&mut VariantStats)) {
    f(&mut a.all);
    f(a.variants.entry(vkey).or_insert_with(fresh));
    f(a.flows.entry(fkey).or_insert_with(fresh));
}

/// The scope (`all`, '') / (`variant`, key) / (`flow`, key) of a scoped row (created when new:
/// a scope with rows has events, so [`totals`] creates it too).
fn scoped<'a>(a: &'a mut Aggregates, scope: &str, key: &str) -> Option<&'a mut VariantStats> {
    match scope {
        "all" => Some(&mut a.all),
        "variant" => Some(a.variants.entry(key.to_string()).or_insert_with(fresh)),
        "flow" => Some(a.flows.entry(key.to_string()).or_insert_with(fresh)),
        _ => None,
    }
}

/// Events, events by name, errors by status, breaker events, messages sent, events lost,
/// first and last event time.
fn totals(conn: &Connection, q: &Sql, w: &Select, a: &mut Aggregates) -> rusqlite::Result<()> {
    each(conn, q, w, |r| {
        let name: String = r.get(2)?;
        let status: Option<String> = r.get(3)?;
        let (n, breaker, sent) = (count(r, 4)?, count(r, 5)?, count(r, 6)?);
        let lost = u64::try_from(r.get::<_, i64>(7)?).unwrap_or(0);
        let (first, last): (i64, i64) = (r.get(8)?, r.get(9)?);
        a.first_event_ms = Some(a.first_event_ms.map_or(first, |t| t.min(first)));
        a.last_event_ms = Some(a.last_event_ms.map_or(last, |t| t.max(last)));
        additive(a, r.get(0)?, r.get(1)?, |s| {
            s.events += n;
            *s.events_by_name.entry(name.clone()).or_default() += n;
            if name == EVENT_ERROR {
                s.errors += n;
                let st = status.clone().unwrap_or_else(|| "none".into());
                *s.errors_by_status.entry(st).or_default() += n;
            }
            s.breaker_events += breaker;
            s.messages_sent += sent;
            s.events_lost += lost;
        });
        Ok(())
    })?;
    for s in std::iter::once(&mut a.all)
        .chain(a.variants.values_mut())
        .chain(a.flows.values_mut())
    {
        s.error_rate = share(s.errors, s.events);
    }
    Ok(())
}

fn latency(conn: &Connection, q: &Sql, w: &Select, a: &mut Aggregates) -> rusqlite::Result<()> {
    each(conn, q, w, |r| {
        let (scope, key): (String, String) = (r.get(0)?, r.get(1)?);
        let n = count(r, 3)?;
        let blob: Vec<u8> = r.get(4)?;
        let (sum, p95) = functions::latency_parts(&blob).ok_or_else(|| {
            rusqlite::Error::InvalidColumnType(4, "va_latency".into(), rusqlite::types::Type::Blob)
        })?;
        let l = Latency {
            name: r.get(2)?,
            count: n,
            avg_ms: sum / n as f64,
            p95_ms: p95,
            max_ms: r.get(5)?,
        };
        if let Some(s) = scoped(a, &scope, &key) {
            s.latency.push(l);
        }
        Ok(())
    })
}

fn error_windows(conn: &Connection, sel: &Select<'_>, a: &mut Aggregates) -> rusqlite::Result<()> {
    scopes::error_window(conn, sel, a)?;
    each(conn, &queries::ERRORS_PER_BUCKET, sel, |r| {
        a.error_buckets.push((r.get(0)?, count(r, 1)?));
        Ok(())
    })
}

fn histogram_and_clicks(
    conn: &Connection,
    sel: &Select<'_>,
    a: &mut Aggregates,
) -> rusqlite::Result<()> {
    a.histogram = vec![0; HISTOGRAM_EDGES_MS.len()];
    each(conn, &queries::LATENCY_HISTOGRAM, sel, |r| {
        let bin = count(r, 0)?;
        if let Some(b) = a.histogram.get_mut(bin) {
            *b = count(r, 1)?;
        }
        Ok(())
    })?;
    each(conn, &queries::CLICKS, sel, |r| {
        let (label, n): (String, usize) = (r.get(2)?, count(r, 3)?);
        additive(a, r.get(0)?, r.get(1)?, |s| {
            *s.clicks.entry(label.clone()).or_default() += n;
        });
        Ok(())
    })
}

/// `paths::compute`'s counts, funnels and shares.
fn paths(conn: &Connection, sel: &Select<'_>, a: &mut Aggregates) -> rusqlite::Result<()> {
    const RECENT: i64 = super::paths::SmPage::Recent as i64;
    const SELECT_CARE_TEAM: i64 = super::paths::SmPage::SelectCareTeam as i64;
    const START_MESSAGE: i64 = super::paths::SmPage::StartMessage as i64;
    each(conn, &queries::PATHS, sel, |r| {
        let (from, to): (Option<i64>, Option<i64>) = (r.get(2)?, r.get(3)?);
        let n = count(r, 4)?;
        additive(a, r.get(0)?, r.get(1)?, |s| {
            let p = &mut s.paths;
            match to {
                Some(RECENT) => p.entries_recent += n,
                Some(SELECT_CARE_TEAM) => p.entries_select_care_team += n,
                _ => {}
            }
            if from == Some(RECENT) {
                p.from_recent += n;
                match to {
                    Some(START_MESSAGE) => p.recent_to_start_message += n,
                    Some(SELECT_CARE_TEAM) => p.recent_to_select_care_team += n,
                    _ => {}
                }
            }
        });
        Ok(())
    })?;
    scopes::funnel(conn, sel, a)?;
    for s in std::iter::once(&mut a.all)
        .chain(a.variants.values_mut())
        .chain(a.flows.values_mut())
    {
        let p = &mut s.paths;
        p.share_recent_to_start_message = share(p.recent_to_start_message, p.from_recent);
        p.share_recent_to_select_care_team = share(p.recent_to_select_care_team, p.from_recent);
        p.share_reaching_care_team_help = share(p.care_team_help_sessions, p.flow_sessions);
    }
    Ok(())
}

/// The read connection's settings for the report: a 64 MiB page cache, the file mapped
/// (up to 1 GiB), sorts and temporary b-trees in memory.
fn tune(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "cache_size", -64 * 1024)?;
    conn.pragma_update(None, "mmap_size", 1_i64 << 30)?;
    conn.pragma_update(None, "temp_store", "MEMORY")
}

fn start(conn: &Connection) -> rusqlite::Result<Aggregates> {
    tune(conn)?;
    functions::register(conn)?;
    Ok(Aggregates {
        all: fresh(),
        ..Default::default()
    })
}

/// The queries over every event of the window (the `events_scope` index).
fn over_all_events(
    conn: &Connection,
    sel: &Select<'_>,
    needs: Needs,
    plan: Plan,
) -> rusqlite::Result<Aggregates> {
    let mut a = start(conn)?;
    let q = plan.pick(&queries::TOTALS, &queries::TOTALS_RANGE);
    totals(conn, q, sel, &mut a)?;
    if needs.sessions {
        let q = plan.pick(&queries::SESSIONS, &queries::SESSIONS_RANGE);
        scopes::sessions(conn, q, sel, &mut a)?;
    }
    Ok(a)
}

/// The queries on one event kind each (each on its kind's partial index: `events_calls`, `events_clicks`, `events_moves`).
fn per_kind(c: &Connection, w: &Select, needs: Needs, plan: Plan) -> rusqlite::Result<Aggregates> {
    let mut a = start(c)?;
    if needs.latency {
        latency(
            c,
            plan.pick(&queries::LATENCY, &queries::LATENCY_RANGE),
            w,
            &mut a,
        )?;
    }
    if needs.everything {
        error_windows(c, w, &mut a)?;
        histogram_and_clicks(c, w, &mut a)?;
        paths(c, w, &mut a)?;
    }
    Ok(a)
}

/// Moves what [`per_kind`] computed of each scope of `k` into `a`.
fn merge(mut a: Aggregates, k: Aggregates, needs: Needs) -> Aggregates {
    let take = |s: &mut VariantStats, from: VariantStats| {
        s.latency = from.latency;
        s.max_errors_in_10_min = from.max_errors_in_10_min;
        s.clicks = from.clicks;
        s.paths = from.paths;
    };
    take(&mut a.all, k.all);
    for (key, s) in k.variants {
        take(a.variants.entry(key).or_insert_with(fresh), s);
    }
    for (key, s) in k.flows {
        take(a.flows.entry(key).or_insert_with(fresh), s);
    }
    a.histogram = k.histogram;
    a.error_buckets = k.error_buckets;
    if !needs.everything {
        // Left at zero, as the ClickHouse engine's guardrail read leaves them.
        for s in std::iter::once(&mut a.all)
            .chain(a.variants.values_mut())
            .chain(a.flows.values_mut())
        {
            s.events_by_name.clear();
            s.errors_by_status.clear();
        }
    }
    a
}

/// Every scope's statistics of `sel`, the parts `needs` asks for (the rest left at zero);
/// [`Needs::ALL`] for the report. On one connection, one query after another, by the plan
/// [`Plan::choose`] picks for the window.
pub fn aggregates(
    conn: &Connection,
    sel: &Select<'_>,
    needs: Needs,
) -> rusqlite::Result<Aggregates> {
    let plan = Plan::choose(conn, sel)?;
    aggregates_by(conn, sel, needs, plan)
}

/// As [`aggregates`], by `plan`.
pub fn aggregates_by(
    conn: &Connection,
    sel: &Select<'_>,
    needs: Needs,
    plan: Plan,
) -> rusqlite::Result<Aggregates> {
    let a = over_all_events(conn, sel, needs, plan)?;
    let k = per_kind(conn, sel, needs, plan)?;
    Ok(merge(a, k, needs))
}

/// As [`aggregates`], the queries over all events and those per event kind at once, on two
/// connections of `pool` (one thread each): each reads its own index.
pub fn aggregates_parallel(
    pool: &Pool,
    sel: &Select<'_>,
    needs: Needs,
) -> rusqlite::Result<Aggregates> {
    let plan = pool.with(|c| Plan::choose(c, sel))?;
    std::thread::scope(|scope| {
        let kinds = scope.spawn(|| pool.with(|c| per_kind(c, sel, needs, plan)));
        let a = pool.with(|c| over_all_events(c, sel, needs, plan));
        let k = kinds.join().map_err(|_| {
            rusqlite::Error::UserFunctionError("report query thread panicked".into())
        })?;
        Ok(merge(a?, k?, needs))
    })
}

/// Calls and errors per tracked request name of `sel`, busiest first.
pub fn endpoints(conn: &Connection, sel: &Select<'_>) -> rusqlite::Result<Vec<EndpointRate>> {
    let mut out = Vec::new();
    each(conn, &queries::ENDPOINTS, sel, |r| {
        out.push(EndpointRate {
            name: r.get(0)?,
            calls: count(r, 1)?,
            errors: count(r, 2)?,
        });
        Ok(())
    })?;
    busiest_first(&mut out);
    Ok(out)
}
