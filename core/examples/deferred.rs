//! The core's part of deferred telemetry processing, stage by stage, natively (a profiling aid,
//! not a test): what `ingest` does per captured `track.action(name, {n: i})` call once its
//! attributes are in the core. `cargo run --release -p va-rollout-core --example deferred [N]`.
use std::hint::black_box;
use std::time::Instant;

use va_rollout_core::flags::{Decision, FlagView};
use va_rollout_core::json;
use va_rollout_core::rollout::Tracker;
use va_rollout_core::telemetry::{builders, wire, EventIds, ExposureSet, TelemetryConfigInput};

struct NoFlags;
impl FlagView for NoFlags {
    fn decision(&self, _: &str) -> Option<&Decision> {
        None
    }
}

fn tracker() -> Tracker {
    let v = json::parse(
        r#"{"url":"http://127.0.0.1:1/v1/logs","service":"bench","maxQueueBytes":8388608}"#,
    )
    .expect("json");
    let input = TelemetryConfigInput::read(v).expect("config");
    let mut t = Tracker::new(
        input.validate().expect("valid"),
        "session-0123456789abcdef".into(),
        ExposureSet::default(),
    );
    t.navigate("/b/page-ours.html".into(), 0.0);
    t
}

fn time(label: &str, n: usize, mut f: impl FnMut(usize)) -> f64 {
    let t = Instant::now();
    for i in 0..n {
        f(i);
    }
    let ns = t.elapsed().as_nanos() as f64 / n as f64;
    println!("{label:<44} {ns:>8.0} ns");
    ns
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(4000);
    let texts: Vec<String> = (0..n).map(|i| format!(r#"{{"n":{i}}}"#)).collect();
    let names: Vec<String> = (0..n).map(|i| format!("time-0-{i}")).collect();
    let mut ids = EventIds::new("3f2a1c9e-8b7d-4e6f-a5c4-1b2d3e4f5a6b");
    let mut t = tracker();
    time("attrs: json::parse + read_attrs", n, |i| {
        let mut v = json::parse(&texts[i]).expect("json");
        json::restore_non_finite(&mut v);
        black_box(wire::read_attrs(v));
    });
    time("call_context", n, |i| {
        black_box(t.call_context(i as f64, None, &NoFlags));
    });
    time("next_id + common_at", n, |i| {
        let ctx = t.call_context(i as f64, None, &NoFlags);
        black_box(t.common_at(ids.next_id(), ctx, String::new));
    });
    let attrs = |i: usize| wire::read_attrs(json::parse(&texts[i]).expect("json"));
    time("... + builders::action", n, |i| {
        let ctx = t.call_context(i as f64, None, &NoFlags);
        let c = t.common_at(ids.next_id(), ctx, String::new);
        black_box(builders::action(c, &names[i], attrs(i)));
    });
    time("... + admit (sample, scrub)", n, |i| {
        let ctx = t.call_context(i as f64, None, &NoFlags);
        let c = t.common_at(ids.next_id(), ctx, String::new);
        black_box(t.admit(builders::action(c, &names[i], attrs(i))));
    });
    time("... + record (admit, pack, queue)", n, |i| {
        let ctx = t.call_context(i as f64, None, &NoFlags);
        let c = t.common_at(ids.next_id(), ctx, String::new);
        black_box(t.record(builders::action(c, &names[i], attrs(i)), i as f64));
    });
}
