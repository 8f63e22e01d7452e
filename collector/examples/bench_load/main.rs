//! Load generator for `scripts/collector-bench-ingest.sh` and `scripts/soak.sh`: SDK-shaped
//! batches of 50 events, gzip-compressed, to a running collector's `POST /v1/logs`.
//!
//! - `bench_load BASE_URL CLIENTS BATCHES [ID_PREFIX]`: closed loop; CLIENTS clients each send
//!   BATCHES batches back to back (bodies built before the clock starts), 429s retried.
//! - `bench_load paced BASE_URL SECONDS EVENTS_PER_S ID_PREFIX [retry]`: open loop at a fixed
//!   offered rate; a 429 is dropped and counted, or with `retry` sent again after `Retry-After`.
//! - `bench_load soak BASE_URL SECONDS ID_PREFIX PROBE_EVERY_S [EVENTS_PER_S]`: the soak's
//!   clients, at half the capacity probed on the collector's store as it grows, with a bounded
//!   backlog (soak.rs).
//! - `bench_load stages BATCHES`: the cost of each ingest stage, without HTTP.
//! - `bench_load writer BATCHES VARIANT [PRELOAD]`: the writer's cost per event, by part of the row.
//!
//! The run prints one line (a soak: its last line): a readable summary, then `key=value` pairs.

mod batch;
mod send;
mod soak;
mod stages;
mod stats;
mod writer;

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

fn usage() -> ! {
    eprintln!("usage: bench_load BASE_URL CLIENTS BATCHES [ID_PREFIX]");
    eprintln!("       bench_load paced BASE_URL SECONDS EVENTS_PER_S ID_PREFIX [retry]");
    eprintln!("       bench_load soak BASE_URL SECONDS ID_PREFIX PROBE_EVERY_S [EVENTS_PER_S]");
    eprintln!("       bench_load stages BATCHES");
    eprintln!("       bench_load writer BATCHES VARIANT [PRELOAD]");
    std::process::exit(2);
}

fn arg<T: std::str::FromStr>(args: &[String], i: usize) -> T {
    args.get(i)
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| usage())
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("stages") => {
            if let Err(e) = stages::run(arg(&args, 2)) {
                eprintln!("stages: {e}");
                std::process::exit(1);
            }
        }
        Some("writer") => {
            let preload = args.get(4).map_or(0, |_| arg(&args, 4));
            if let Err(e) = writer::run(arg(&args, 2), &arg::<String>(&args, 3), preload) {
                eprintln!("writer: {e}");
                std::process::exit(1);
            }
        }
        Some("paced") => {
            let base: String = arg(&args, 2);
            let (seconds, rate, prefix): (f64, f64, String) =
                (arg(&args, 3), arg(&args, 4), arg(&args, 5));
            let retry = args.get(6).is_some_and(|a| a == "retry");
            let (stats, elapsed) =
                send::paced(format!("{base}/v1/logs"), seconds, rate, prefix, retry).await;
            println!(
                "{}",
                stats.summary(&format!("paced {rate:.0} events/s offered"), elapsed)
            );
        }
        Some("soak") => {
            let base: String = arg(&args, 2);
            let plan = soak::Plan {
                url: format!("{base}/v1/logs"),
                seconds: arg(&args, 3),
                prefix: arg(&args, 4),
                probe_every: arg(&args, 5),
                fixed_rate: args.get(6).map(|_| arg(&args, 6)),
            };
            match soak::run(plan).await {
                Ok(line) => println!("{line}"),
                Err(e) => {
                    eprintln!("soak: {e}");
                    std::process::exit(1);
                }
            }
        }
        Some(_) => {
            let base: String = arg(&args, 1);
            let (clients, batches): (usize, usize) = (arg(&args, 2), arg(&args, 3));
            let prefix = args.get(4).cloned().unwrap_or_else(|| "b".into());
            let (stats, elapsed) =
                send::closed_loop(format!("{base}/v1/logs"), clients, batches, prefix).await;
            println!(
                "{}",
                stats.summary(
                    &format!("ingest {clients} clients x {batches} batches x 50"),
                    elapsed
                )
            );
        }
        None => usage(),
    }
}
