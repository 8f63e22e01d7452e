//! An in-process collector (the real router and SQLite writer on a temporary database) and the
//! expected answer to an ingest request.

use crate::OrCrash;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use serde_json::Value;
use tower::ServiceExt;
use va_rollout_collector::app;
use va_rollout_collector::demo::knobs::DemoKnobs;
use va_rollout_collector::ingest::admission::Admission;
use va_rollout_collector::ingest::handler::{ACCEPTED_HEADER, DUPLICATES_HEADER};
use va_rollout_collector::ingest::otlp::{Parsed, RequestError};
use va_rollout_collector::ingest::writer;
use va_rollout_collector::plans::metrics::SqliteMetrics;
use va_rollout_collector::ratelimit::RateLimiter;
use va_rollout_collector::state::AppState;
use va_rollout_collector::store::{self, Pool};
use va_rollout_collector::util::Rng;

/// Body cap of the fuzzed collector (small, so gzip bombs within libFuzzer's input size hit it).
pub const FUZZ_MAX_BODY_BYTES: usize = 64 * 1024;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Encoding {
    Identity,
    /// Compressed here, labelled `Content-Encoding: gzip`.
    Gzip,
    /// The raw fuzz bytes labelled `gzip` (corrupt streams, bombs).
    RawLabeledGzip,
    /// An encoding the collector does not decode.
    Brotli,
}

#[derive(Debug)]
pub struct Shot<'a> {
    pub content_type: Option<&'a str>,
    pub encoding: Encoding,
    pub body: &'a [u8],
}

impl<'a> Shot<'a> {
    /// The request of an `ingest` / `ingest_http` input: one mode byte (bits 0-1 content type:
    /// JSON, `text/plain`, protobuf, none; bits 2-3 encoding: none, gzip compressed by the
    /// harness, `gzip` label on raw bytes, `br`), then the body. `None` for an empty input.
    pub fn from_fuzz(data: &'a [u8]) -> Option<Shot<'a>> {
        let (&mode, body) = data.split_first()?;
        let content_type = [
            Some("application/json"),
            Some("text/plain;charset=UTF-8"),
            Some("application/x-protobuf"),
            None,
        ][usize::from(mode & 3)];
        let encoding = [
            Encoding::Identity,
            Encoding::Gzip,
            Encoding::RawLabeledGzip,
            Encoding::Brotli,
        ][usize::from(mode >> 2 & 3)];
        Some(Shot {
            content_type,
            encoding,
            body,
        })
    }

    /// The bytes sent: the body, gzip-compressed here for [`Encoding::Gzip`].
    pub fn wire_body(&self) -> Vec<u8> {
        match self.encoding {
            Encoding::Gzip => gzip(self.body),
            Encoding::Identity | Encoding::RawLabeledGzip | Encoding::Brotli => self.body.to_vec(),
        }
    }

    /// The `Content-Encoding` header sent, if any.
    pub fn content_encoding(&self) -> Option<&'static str> {
        match self.encoding {
            Encoding::Identity => None,
            Encoding::Gzip | Encoding::RawLabeledGzip => Some("gzip"),
            Encoding::Brotli => Some("br"),
        }
    }
}

#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub accepted: Option<u64>,
    pub duplicates: Option<u64>,
    pub body: Vec<u8>,
}

pub struct Harness {
    rt: tokio::runtime::Runtime,
    app: Router,
    pub max_body_bytes: usize,
    _dir: tempfile::TempDir,
}

/// The process-wide collector (built on first use).
pub fn harness() -> &'static Harness {
    static H: OnceLock<Harness> = OnceLock::new();
    H.get_or_init(|| {
        let shm = std::path::Path::new("/dev/shm");
        let dir = if shm.is_dir() {
            tempfile::tempdir_in(shm)
        } else {
            tempfile::tempdir()
        }
        .or_crash("temp dir");
        let db = dir.path().join("fuzz.db");
        store::init(&db).or_crash("schema");
        // The collector's default durability (on /dev/shm, when there is one, syncing is cheap).
        let (queue, _writer) =
            writer::spawn(&db, 256, store::Durability::default()).or_crash("writer");
        let pool = Arc::new(Pool::new(db));
        let state = AppState {
            source: Arc::new(SqliteMetrics { pool: pool.clone() }),
            pool,
            queue,
            admission: Admission::new(Default::default()),
            limiter: Arc::new(RateLimiter::new(0.0, 0.0, false)),
            admin_token: Arc::from("fuzz-admin-token"),
            allowed_origins: Arc::from(Vec::new()),
            max_body_bytes: FUZZ_MAX_BODY_BYTES,
            demo: Arc::new(DemoKnobs::new(0, 0.0)),
            rng: Arc::new(Rng::seeded()),
            plans: None,
        };
        let app = app::router(state, &[], &[], None);
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .or_crash("runtime");
        Harness {
            rt,
            app,
            max_body_bytes: FUZZ_MAX_BODY_BYTES,
            _dir: dir,
        }
    })
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(bytes).or_crash("gzip to memory");
    enc.finish().or_crash("gzip to memory")
}

impl Harness {
    fn send(&self, req: Request<Body>) -> Answer {
        let mut req = req;
        req.extensions_mut()
            .insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 40_000))));
        self.rt.block_on(async {
            let resp = self
                .app
                .clone()
                .oneshot(req)
                .await
                .or_crash("router is infallible");
            let num = |h: &str| {
                resp.headers()
                    .get(h)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.parse().ok())
            };
            let (status, accepted, duplicates) = (
                resp.status().as_u16(),
                num(ACCEPTED_HEADER),
                num(DUPLICATES_HEADER),
            );
            let body = axum::body::to_bytes(resp.into_body(), 1 << 20)
                .await
                .or_crash("response body")
                .to_vec();
            Answer {
                status,
                accepted,
                duplicates,
                body,
            }
        })
    }

    pub fn post_logs(&self, shot: &Shot<'_>) -> Answer {
        let mut req = Request::builder().method("POST").uri("/v1/logs");
        if let Some(ct) = shot.content_type {
            req = req.header(header::CONTENT_TYPE, ct);
        }
        if let Some(enc) = shot.content_encoding() {
            req = req.header(header::CONTENT_ENCODING, enc);
        }
        self.send(req.body(Body::from(shot.wire_body())).or_crash("request"))
    }

    pub fn health(&self) -> u16 {
        self.send(
            Request::get("/healthz")
                .body(Body::empty())
                .or_crash("request"),
        )
        .status
    }
}

/// What the collector must answer.
#[derive(Debug)]
pub enum Expect {
    Status(u16),
    /// 200 with these many rows (accepted + duplicates) and rejected records.
    Stored {
        rows: usize,
        rejected: usize,
    },
    /// A corrupt or oversized gzip stream: one of these statuses.
    AnyOf(&'static [u16]),
}

impl Expect {
    /// The answer to `shot`, from its mode and, where they decide, its decoded body.
    pub fn of(shot: &Shot<'_>, max_body: usize) -> Expect {
        Expect::before_body(shot, max_body)
            .unwrap_or_else(|| Expect::of_decoded(&crate::ingest::check_decoded(shot.body)))
    }

    /// The answer the headers and the size decide alone (`None`: the body decides, as
    /// [`Expect::of_decoded`] of the body sent).
    pub fn before_body(shot: &Shot<'_>, max_body: usize) -> Option<Expect> {
        if shot.encoding == Encoding::Brotli {
            return Some(Expect::Status(415));
        }
        let type_ok = shot.content_type.is_some_and(|ct| !ct.contains("protobuf"));
        if !type_ok {
            return Some(Expect::Status(415));
        }
        if shot.encoding == Encoding::RawLabeledGzip {
            return Some(Expect::AnyOf(&[200, 400, 413]));
        }
        if shot.body.len() > max_body {
            return Some(Expect::Status(413));
        }
        None
    }

    /// The answer to a body that decoded to `decoded`.
    pub fn of_decoded(decoded: &Result<Parsed, RequestError>) -> Expect {
        match decoded {
            Ok(p) => Expect::Stored {
                rows: p.rows.len(),
                rejected: p.rejected,
            },
            Err(RequestError::Malformed(_)) => Expect::Status(400),
            Err(RequestError::TooManyRecords) => Expect::Status(413),
        }
    }

    /// Whether an answer with `status` (and for a 200 the request's rows and rejected records)
    /// is this one.
    pub fn allows(&self, status: u16, stored: Option<(usize, usize)>) -> bool {
        match self {
            Expect::Status(s) => status == *s,
            Expect::AnyOf(list) => list.contains(&status),
            Expect::Stored { rows, rejected } => {
                status == StatusCode::OK.as_u16() && stored == Some((*rows, *rejected))
            }
        }
    }

    pub fn check(&self, got: &Answer) {
        let json: Value = serde_json::from_slice(&got.body).unwrap_or_else(|_| {
            crate::crash(format_args!(
                "non-JSON answer {}: {:?}",
                got.status,
                String::from_utf8_lossy(&got.body)
            ))
        });
        assert!(got.status < 500, "server error {}: {json}", got.status);
        if got.status != 200 {
            let code = json.pointer("/error/code").and_then(Value::as_u64);
            assert_eq!(code, Some(u64::from(got.status)), "error body {json}");
            assert!(
                json.pointer("/error/message").is_some_and(Value::is_string),
                "error body {json}"
            );
        }
        match self {
            Expect::Status(s) => assert_eq!(got.status, *s, "answer {json}"),
            Expect::AnyOf(list) => assert!(
                list.contains(&got.status),
                "status {} answer {json}",
                got.status
            ),
            Expect::Stored { rows, rejected } => {
                assert_eq!(got.status, StatusCode::OK.as_u16(), "answer {json}");
                let counted = got.accepted.zip(got.duplicates).map(|(a, d)| a + d);
                assert_eq!(counted, Some(*rows as u64), "accepted + duplicates");
                let said = json
                    .pointer("/partialSuccess/rejectedLogRecords")
                    .and_then(Value::as_u64)
                    .unwrap_or(0);
                assert_eq!(said, *rejected as u64, "rejected count in {json}");
            }
        }
    }
}
