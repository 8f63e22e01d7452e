//! What the shell writes to localStorage at page exit (records not yet acknowledged) and reads back
//! on the next load. Capped in bytes (oldest dropped) and expired after 24 h. Any other version or
//! shape fails to deserialize, and the shell then discards the stored value.

use serde::{Deserialize, Serialize};

use super::catalogue::keys;

pub const PERSIST_VERSION: u32 = 1;
/// Most bytes of encoded records kept (sum of record lengths); the oldest go first.
pub const MAX_PERSISTED_BYTES: usize = 256 * 1024;
/// Records queued longer ago than this are dropped on load.
pub const PERSIST_TTL_MS: f64 = 24.0 * 60.0 * 60.0 * 1000.0;

/// One encoded OTLP log record (`r`) and when it was queued, Unix ms (`t`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersistedRecord {
    pub r: String,
    pub t: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawPersisted")]
pub struct Persisted {
    pub version: u32,
    pub records: Vec<PersistedRecord>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPersisted {
    version: u32,
    records: Vec<PersistedRecord>,
}

/// Why a stored value was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnsupportedVersion(pub u32);

impl core::fmt::Display for UnsupportedVersion {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "persisted telemetry version {} is not supported (expected {PERSIST_VERSION})",
            self.0
        )
    }
}

impl TryFrom<RawPersisted> for Persisted {
    type Error = UnsupportedVersion;
    fn try_from(raw: RawPersisted) -> Result<Self, Self::Error> {
        if raw.version != PERSIST_VERSION {
            return Err(UnsupportedVersion(raw.version));
        }
        Ok(Persisted {
            version: raw.version,
            records: raw.records,
        })
    }
}

/// Keeps the newest records whose lengths add up to at most [`MAX_PERSISTED_BYTES`]; returns them
/// in their original order and how many older ones were dropped.
fn cap_newest(records: Vec<PersistedRecord>) -> (Vec<PersistedRecord>, usize) {
    let mut total = 0;
    let keep = records
        .iter()
        .rev()
        .take_while(|rec| {
            total += rec.r.len();
            total <= MAX_PERSISTED_BYTES
        })
        .count();
    let dropped = records.len() - keep;
    (records.into_iter().skip(dropped).collect(), dropped)
}

impl Persisted {
    /// The value to store for `records` (oldest first, as `(encoded record, queued at ms)`), and
    /// how many were dropped to fit [`MAX_PERSISTED_BYTES`].
    pub fn build(records: Vec<(String, f64)>) -> (Persisted, usize) {
        let records = records
            .into_iter()
            .map(|(r, t)| PersistedRecord { r, t })
            .collect();
        let (records, dropped) = cap_newest(records);
        (
            Persisted {
                version: PERSIST_VERSION,
                records,
            },
            dropped,
        )
    }

    /// `self` with newer `records` appended, capped as in [`Persisted::build`] (the oldest go).
    pub fn append(self, records: Vec<(String, f64)>) -> (Persisted, usize) {
        let mut all: Vec<(String, f64)> =
            self.records.into_iter().map(|rec| (rec.r, rec.t)).collect();
        all.extend(records);
        Persisted::build(all)
    }

    /// Removes the records the collector acknowledged; returns how many were removed.
    pub fn remove(&mut self, acknowledged: &[String]) -> usize {
        let acked: std::collections::BTreeSet<&str> =
            acknowledged.iter().map(String::as_str).collect();
        let before = self.records.len();
        self.records.retain(|rec| !acked.contains(rec.r.as_str()));
        before - self.records.len()
    }
}

/// Longest session id read back from sessionStorage.
pub const MAX_SESSION_ID_LEN: usize = 64;

/// Whether a session id read back from storage has the shape of one the shell generates
/// (`crypto.randomUUID()`, or base-36): 8–64 lowercase letters, digits and dashes, at least one
/// letter. Anything else (an older format, junk, an email or SSN another script wrote) is
/// replaced by a new id, since the session id rides on every event unscrubbed.
pub fn is_session_id(s: &str) -> bool {
    (8..=MAX_SESSION_ID_LEN).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase() || b == b'-')
        && s.bytes().any(|b| b.is_ascii_lowercase())
}

/// Whether `r` is shaped like a record [`super::encode_record`] wrote: its first key, its closing
/// attribute array and an event id. Anything else in the outbox (an older format, junk) would be
/// refused by the collector, and a record that is not JSON would make it refuse the whole batch.
pub fn is_encoded_record(r: &str) -> bool {
    let id_attr = format!(
        "{{\"key\":\"{}\",\"value\":{{\"stringValue\":\"",
        keys::EVENT_ID
    );
    r.starts_with("{\"timeUnixNano\":\"") && r.ends_with("}]}") && r.contains(&id_attr)
}

/// The records to re-send, oldest first, and how many were dropped: older than
/// [`PERSIST_TTL_MS`], stamped more than a TTL in the future or not finite, not shaped like an
/// encoded record ([`is_encoded_record`]), or over the byte cap.
pub fn load(persisted: Persisted, now_ms: f64) -> (Vec<String>, usize) {
    let total = persisted.records.len();
    let fresh: Vec<PersistedRecord> = persisted
        .records
        .into_iter()
        .filter(|rec| {
            let age = now_ms - rec.t;
            age.is_finite() && age.abs() <= PERSIST_TTL_MS && is_encoded_record(&rec.r)
        })
        .collect();
    let (kept, _) = cap_newest(fresh);
    let records: Vec<String> = kept.into_iter().map(|rec| rec.r).collect();
    let dropped = total - records.len();
    (records, dropped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const HOUR: f64 = 3_600_000.0;

    /// A record as the encoder writes it, with event id `id`.
    fn rec(id: &str) -> String {
        let c = crate::telemetry::event::Common {
            id: id.into(),
            time_ms: 1.0,
            session_id: "s".into(),
            path: "/".into(),
            flow: None,
            context_flags: vec![],
        };
        crate::telemetry::encode_record(&c.event(
            crate::telemetry::event::EventKind::Action,
            "a",
            vec![],
        ))
    }

    #[test]
    fn append_caps_and_remove_takes_exactly_the_acknowledged() {
        let (p, _) = Persisted::build(vec![("{\"a\":1}".into(), 1.0)]);
        let (mut p, dropped) = p.append(vec![("{\"b\":2}".into(), 2.0), ("{\"c\":3}".into(), 3.0)]);
        assert_eq!(dropped, 0);
        assert_eq!(
            p.remove(&["{\"b\":2}".to_string(), "{\"zz\":0}".to_string()]),
            1
        );
        let left: Vec<&str> = p.records.iter().map(|r| r.r.as_str()).collect();
        assert_eq!(left, ["{\"a\":1}", "{\"c\":3}"]);
        let big = "x".repeat(MAX_PERSISTED_BYTES / 2);
        let (p, dropped) = p.append(vec![(big.clone(), 4.0), (big, 5.0)]);
        assert_eq!((dropped, p.records.len()), (2, 2), "the oldest go first");
    }

    #[test]
    fn round_trip_and_ttl() {
        let now = 1_700_000_000_000.0;
        let (p, dropped) = Persisted::build(vec![
            (rec("a"), now - 25.0 * HOUR),
            (rec("b"), now - 23.0 * HOUR),
            (rec("c"), now),
        ]);
        assert_eq!(dropped, 0);
        let json = serde_json::to_string(&p).unwrap();
        let back: Persisted = serde_json::from_str(&json).unwrap();
        assert_eq!(back, p);
        let (records, expired) = load(back, now);
        assert_eq!(records, [rec("b"), rec("c")]);
        assert_eq!(expired, 1);
    }

    #[test]
    fn garbage_and_other_versions_are_refused() {
        for bad in [
            r#"{"version":0,"records":[]}"#,
            r#"{"version":2,"records":[]}"#,
            r#"{"records":[]}"#,
            r#"{"version":1,"records":[{"r":"{}"}]}"#,
            r#"{"version":1,"records":[],"extra":1}"#,
            r#"[1,2,3]"#,
            "not json",
        ] {
            assert!(serde_json::from_str::<Persisted>(bad).is_err(), "{bad}");
        }
        let err = serde_json::from_str::<Persisted>(r#"{"version":2,"records":[]}"#).unwrap_err();
        assert!(err.to_string().contains("version 2 is not supported"));
    }

    #[test]
    fn tampered_records_are_dropped_on_load() {
        let p = Persisted {
            version: 1,
            records: vec![
                PersistedRecord {
                    r: rec("nan"),
                    t: f64::NAN,
                },
                PersistedRecord {
                    r: "]}".into(),
                    t: 0.0,
                },
                PersistedRecord {
                    r: rec("future"),
                    t: 10.0 * PERSIST_TTL_MS,
                },
                PersistedRecord {
                    r: rec("ok"),
                    t: 0.0,
                },
            ],
        };
        assert_eq!(load(p, 0.0), (vec![rec("ok")], 3));
    }

    #[test]
    fn only_generated_shaped_session_ids_are_reused() {
        for ok in [
            "3b241101-e2bb-4255-8caf-4136c566a962",
            "k3j4h5l6m7n8p9q0r1s2t3u4v5",
            "abcdefgh",
        ] {
            assert!(is_session_id(ok), "{ok}");
        }
        let long = "a".repeat(MAX_SESSION_ID_LEN + 1);
        for bad in [
            "",
            "abc",
            long.as_str(),
            r#"{"id":"veteran@example.com","v":0}"#,
            "veteran@example.com",
            "123-45-6789",
            "12345678901",
            "3B241101-E2BB-4255-8CAF-4136C566A962",
            "a b c d e f g h",
            "sess\u{0}ion-id",
        ] {
            assert!(!is_session_id(bad), "{bad}");
        }
    }

    #[test]
    fn records_of_another_format_are_dropped_on_load() {
        let good = rec("ev-1");
        assert!(is_encoded_record(&good), "{good}");
        let no_id = good.replace(keys::EVENT_ID, "va_rollout.other");
        for bad in [
            "{not json}",
            "{}",
            r#"{"old":"record format"}"#,
            no_id.as_str(),
            &good[..good.len() - 1],
            &good[1..],
            "",
        ] {
            assert!(!is_encoded_record(bad), "{bad}");
        }
        let records = [
            "{not json}",
            r#"{"old":"record format"}"#,
            good.as_str(),
            no_id.as_str(),
        ];
        let p = Persisted {
            version: 1,
            records: records
                .iter()
                .map(|r| PersistedRecord {
                    r: r.to_string(),
                    t: 0.0,
                })
                .collect(),
        };
        assert_eq!(load(p, 0.0), (vec![good.clone()], 3));
    }

    proptest! {
        #[test]
        fn cap_keeps_the_newest_in_order(lens in proptest::collection::vec(1usize..40_000, 0..30)) {
            let records: Vec<(String, f64)> = lens.iter().enumerate().map(|(i, n)| (rec(&format!("{i:04}{}", "x".repeat(*n))), i as f64)).collect();
            let (p, dropped) = Persisted::build(records.clone());
            prop_assert!(p.records.iter().map(|r| r.r.len()).sum::<usize>() <= MAX_PERSISTED_BYTES);
            prop_assert_eq!(dropped + p.records.len(), records.len());
            let kept: Vec<String> = p.records.iter().map(|r| r.r.clone()).collect();
            let expected: Vec<String> = records[dropped..].iter().map(|(r, _)| r.clone()).collect();
            prop_assert_eq!(&kept, &expected);
            let (loaded, expired) = load(p, 0.0);
            prop_assert_eq!((loaded, expired), (kept, 0));
        }
    }
}
