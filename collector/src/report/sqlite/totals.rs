//! The totals and the distinct sessions of a window in one pass over its events in time order
//! (`queries::ALL_EVENTS`: the range of the covering `events_time`, `store::MIGRATIONS` 7),
//! summed here as `GROUP BY variant, flow, event_name, status` would sum them, without SQLite's
//! sorter: each row's (variant key, flow key, event name, status key) count is found by a cheap
//! hash of its bytes (a keyed SipHash when that one collides), and its session added to its
//! (variant key, flow key) group.

use std::collections::hash_map::RandomState;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, BuildHasherDefault, Hash, Hasher};

use rusqlite::types::{FromSqlError, ValueRef};
use rusqlite::{Connection, Row};

use super::scopes::{text, union, Groups};
use super::{add_total, each, queries, scoped, Select, Total};
use crate::report::model::Aggregates;
use crate::store::derived::{BREAKER, MESSAGE_SENT};

/// The variant keys by the query's `vk` column (0, 1, 2).
const VKEYS: [&str; 3] = ["base", "new", "unknown"];

/// A hasher that passes on the `u64` it is given: the maps' keys are hashes already.
#[derive(Default)]
struct Passthrough(u64);

impl Hasher for Passthrough {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A row's count key, borrowed from the row.
#[derive(Hash)]
struct Key<'r> {
    vk: i64,
    fkey: &'r [u8],
    name: &'r [u8],
    status: Option<&'r [u8]>,
}

/// One (variant key, flow key, event name, status key) count, summed as the rows come.
struct Count {
    vk: i64,
    fkey: Box<str>,
    name: Box<str>,
    status: Option<Box<str>>,
    /// Its (variant key, flow key) group in [`Totals::groups`].
    group: usize,
    n: usize,
    breaker: i64,
    sent: i64,
    lost: i64,
    first_ns: i64,
    last_ns: i64,
}

impl Count {
    fn is(&self, k: &Key<'_>) -> bool {
        self.vk == k.vk
            && self.name.as_bytes() == k.name
            && self.status.as_deref().map(str::as_bytes) == k.status
            && self.fkey.as_bytes() == k.fkey
    }
}

/// One step of FxHash (rustc's hasher).
fn mix(h: u64, w: u64) -> u64 {
    (h.rotate_left(5) ^ w).wrapping_mul(0x517c_c1b7_2722_0a95)
}

/// A cheap hash of `k`'s bytes from `seed`: a few instructions per 8 bytes, where the keyed
/// SipHash of the same key costs hundreds.
fn quick(seed: u64, k: &Key<'_>) -> u64 {
    let mut h = mix(seed, k.vk as u64);
    h = mix(h, u64::from(k.status.is_some()));
    for part in [k.fkey, k.name, k.status.unwrap_or_default()] {
        h = mix(h, part.len() as u64);
        for c in part.chunks(8) {
            let mut w = [0u8; 8];
            w[..c.len()].copy_from_slice(c);
            h = mix(h, u64::from_le_bytes(w));
        }
    }
    h ^ (h >> 32)
}

type ByHash<T> = HashMap<u64, T, BuildHasherDefault<Passthrough>>;

struct Totals {
    counts: Vec<Count>,
    /// A count's index by the [`quick`] hash of its key (the first count of that hash).
    quick: ByHash<usize>,
    seed: u64,
    /// The counts by the keyed SipHash of their keys: where a key whose [`quick`] hash is some
    /// other key's is found (keys made to collide in it cost a SipHash each, never a scan).
    keyed: ByHash<Vec<usize>>,
    sip: RandomState,
    groups: Groups<HashSet<Box<str>>>,
}

/// UTF-8 `b` of column `i`, as `text` reads it.
fn utf8(b: &[u8], i: usize) -> rusqlite::Result<&str> {
    std::str::from_utf8(b).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// Column `i` of `r` as text bytes (not checked for UTF-8), `None` when NULL.
fn bytes_or_null<'r>(r: &'r Row<'_>, i: usize) -> rusqlite::Result<Option<&'r [u8]>> {
    match r.get_ref(i)? {
        ValueRef::Null => Ok(None),
        ValueRef::Text(b) => Ok(Some(b)),
        v => Err(rusqlite::Error::FromSqlConversionFailure(
            i,
            v.data_type(),
            Box::new(FromSqlError::InvalidType),
        )),
    }
}

/// Column `i` of `r` as text bytes.
fn bytes<'r>(r: &'r Row<'_>, i: usize) -> rusqlite::Result<&'r [u8]> {
    bytes_or_null(r, i)?.ok_or(rusqlite::Error::InvalidColumnType(
        i,
        "text".into(),
        rusqlite::types::Type::Null,
    ))
}

impl Totals {
    /// The count of `k` (columns 0 to 3 of the row), created when new at time `t`.
    fn count(&mut self, k: &Key<'_>, t: i64) -> rusqlite::Result<&mut Count> {
        let q = quick(self.seed, k);
        let found = match self.quick.get(&q) {
            Some(&i) if self.counts[i].is(k) => Some(i),
            Some(_) => self
                .keyed
                .get(&self.sip.hash_one(k))
                .and_then(|v| v.iter().copied().find(|&i| self.counts[i].is(k))),
            None => None,
        };
        let i = match found {
            Some(i) => i,
            None => {
                let vkey = usize::try_from(k.vk)
                    .ok()
                    .and_then(|v| VKEYS.get(v))
                    .unwrap_or(&"unknown");
                let fkey = utf8(k.fkey, 1)?;
                self.counts.push(Count {
                    vk: k.vk,
                    fkey: fkey.into(),
                    name: utf8(k.name, 2)?.into(),
                    status: k.status.map(|s| utf8(s, 3)).transpose()?.map(Into::into),
                    group: self.groups.index(vkey, fkey),
                    n: 0,
                    breaker: 0,
                    sent: 0,
                    lost: 0,
                    first_ns: t,
                    last_ns: t,
                });
                let i = self.counts.len() - 1;
                self.quick.entry(q).or_insert(i);
                self.keyed.entry(self.sip.hash_one(k)).or_default().push(i);
                i
            }
        };
        Ok(&mut self.counts[i])
    }
}

/// The totals of every scope (`super::add_total`), and its distinct sessions when `sessions`,
/// in one pass over the window's events in time order.
pub fn over_all(
    conn: &Connection,
    sel: &Select<'_>,
    sessions: bool,
    a: &mut Aggregates,
) -> rusqlite::Result<()> {
    let sip = RandomState::new();
    let mut totals = Totals {
        counts: Vec::new(),
        quick: HashMap::default(),
        seed: sip.hash_one(0_u64),
        keyed: HashMap::default(),
        sip,
        groups: Groups::new(),
    };
    each(conn, &queries::ALL_EVENTS, sel, |r| {
        let key = Key {
            vk: r.get(0)?,
            fkey: bytes(r, 1)?,
            name: bytes(r, 2)?,
            status: bytes_or_null(r, 3)?,
        };
        let (marks, lost, t): (i64, i64, i64) = (r.get(4)?, r.get(5)?, r.get(6)?);
        let c = totals.count(&key, t)?;
        c.n += 1;
        c.breaker = c.breaker.saturating_add(marks & BREAKER);
        c.sent = c.sent.saturating_add(marks & MESSAGE_SENT);
        c.lost = c.lost.saturating_add(lost);
        c.first_ns = c.first_ns.min(t);
        c.last_ns = c.last_ns.max(t);
        let group = c.group;
        if sessions && !matches!(r.get_ref(7)?, ValueRef::Null) {
            let sid = text(r, 7)?;
            let set = &mut totals.groups.groups[group].1;
            if !set.contains(sid) {
                set.insert(sid.into());
            }
        }
        Ok(())
    })?;
    let size = |v: i64| usize::try_from(v).unwrap_or(0);
    for c in &totals.counts {
        let ((vkey, fkey), _) = &totals.groups.groups[c.group];
        let total = Total {
            name: &c.name,
            status: c.status.as_deref(),
            n: c.n,
            breaker: size(c.breaker),
            sent: size(c.sent / MESSAGE_SENT),
            lost: u64::try_from(c.lost).unwrap_or(0),
            first_ms: c.first_ns / 1_000_000,
            last_ms: c.last_ns / 1_000_000,
        };
        add_total(a, vkey, fkey, &total);
    }
    if sessions {
        for ((scope, key), sets) in totals.groups.scopes() {
            if let Some(s) = scoped(a, scope, key) {
                s.sessions = union(&sets).len();
            }
        }
    }
    Ok(())
}
