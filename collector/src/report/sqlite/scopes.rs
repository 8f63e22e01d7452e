//! The metrics that need every scope at once — distinct sessions, the funnel's distinct
//! sessions per page, the most errors in a sliding 10-minute window — computed in one pass over
//! the rows SQLite reads in index order: each row is added to its (variant key, flow key) group
//! here, and the scopes (`all`, each variant, each flow) are the unions of their groups. SQLite
//! builds no `DISTINCT` b-tree over three copies of the window and runs no window function;
//! the sliding window is `stats::max_in_window` itself, over each scope's sorted error times.

use std::collections::{BTreeMap, HashSet};
use std::hash::Hash;

use rusqlite::types::Type;
use rusqlite::{Connection, Row};

use super::{each, queries, scoped, Select};
use crate::clickhouse::sql::Sql;
use crate::report::model::Aggregates;
use crate::report::paths::SmPage;
use crate::report::stats::{max_in_window, ERROR_WINDOW_MS};

/// Column `i` of `r` as text (borrowed from the row).
fn text<'r>(r: &'r Row<'_>, i: usize) -> rusqlite::Result<&'r str> {
    r.get_ref(i)?
        .as_str()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, Type::Text, Box::new(e)))
}

/// Each (variant key, flow key) group's values, in the order the rows first named them.
struct Groups<T> {
    groups: Vec<((String, String), T)>,
    last: usize,
}

impl<T: Default> Groups<T> {
    fn new() -> Self {
        Groups {
            groups: Vec::new(),
            last: 0,
        }
    }

    /// The group of the row's columns `v` and `f` (vkey, fkey), created when new. Rows come
    /// grouped by the index: the previous row's group is checked first.
    fn of(&mut self, r: &Row<'_>, v: usize, f: usize) -> rusqlite::Result<&mut T> {
        let (v, f) = (text(r, v)?, text(r, f)?);
        let same = |k: &(String, String)| k.0 == v && k.1 == f;
        if !self.groups.get(self.last).is_some_and(|(k, _)| same(k)) {
            self.last = match self.groups.iter().position(|(k, _)| same(k)) {
                Some(i) => i,
                None => {
                    self.groups
                        .push(((v.to_string(), f.to_string()), T::default()));
                    self.groups.len() - 1
                }
            };
        }
        let i = self.last;
        Ok(&mut self.groups[i].1)
    }

    /// Each scope — (`all`, ''), (`variant`, vkey), (`flow`, fkey) — with its groups' values.
    fn scopes(&self) -> BTreeMap<(&str, &str), Vec<&T>> {
        let mut out: BTreeMap<(&str, &str), Vec<&T>> = BTreeMap::new();
        for ((v, f), g) in &self.groups {
            for scope in [("all", ""), ("variant", v.as_str()), ("flow", f.as_str())] {
                out.entry(scope).or_default().push(g);
            }
        }
        out
    }
}

/// The union of sets.
fn union<'s, T: Eq + Hash>(sets: &[&'s HashSet<T>]) -> HashSet<&'s T> {
    sets.iter().flat_map(|s| s.iter()).collect()
}

/// Distinct sessions per scope, from `q` (`queries::SESSIONS` or its range plan).
pub fn sessions(
    conn: &Connection,
    q: &Sql,
    sel: &Select<'_>,
    a: &mut Aggregates,
) -> rusqlite::Result<()> {
    let mut groups: Groups<HashSet<Box<str>>> = Groups::new();
    each(conn, q, sel, |r| {
        let set = groups.of(r, 0, 1)?;
        let sid = text(r, 2)?;
        if !set.contains(sid) {
            set.insert(sid.into());
        }
        Ok(())
    })?;
    for ((scope, key), sets) in groups.scopes() {
        if let Some(s) = scoped(a, scope, key) {
            s.sessions = union(&sets).len();
        }
    }
    Ok(())
}

/// The funnel: distinct sessions per scope entering each page, and entering any.
pub fn funnel(conn: &Connection, sel: &Select<'_>, a: &mut Aggregates) -> rusqlite::Result<()> {
    const CARE_TEAM_HELP: i64 = SmPage::CareTeamHelp as i64;
    let mut groups: Groups<HashSet<(Box<str>, i64)>> = Groups::new();
    each(conn, &queries::FUNNEL, sel, |r| {
        let set = groups.of(r, 0, 1)?;
        set.insert((text(r, 2)?.into(), r.get(3)?));
        Ok(())
    })?;
    for ((scope, key), sets) in groups.scopes() {
        let Some(s) = scoped(a, scope, key) else {
            continue;
        };
        let entered = union(&sets);
        let p = &mut s.paths;
        p.flow_sessions = entered.iter().map(|e| &e.0).collect::<HashSet<_>>().len();
        let mut per_page: BTreeMap<i64, usize> = BTreeMap::new();
        for (_, page) in entered {
            *per_page.entry(*page).or_default() += 1;
        }
        for (page, n) in per_page {
            if let Some(step) = usize::try_from(page).ok().and_then(|i| p.funnel.get_mut(i)) {
                step.sessions = n;
            }
            if page == CARE_TEAM_HELP {
                p.care_team_help_sessions = n;
            }
        }
    }
    Ok(())
}

/// The most errors in any half-open 10-minute window per scope: `stats::max_in_window` over
/// the scope's error times (each group's come in time order; a scope's are sorted once).
pub fn error_window(
    conn: &Connection,
    sel: &Select<'_>,
    a: &mut Aggregates,
) -> rusqlite::Result<()> {
    let mut groups: Groups<Vec<i64>> = Groups::new();
    each(conn, &queries::ERROR_TIMES, sel, |r| {
        let t = r.get(2)?;
        groups.of(r, 0, 1)?.push(t);
        Ok(())
    })?;
    for ((scope, key), lists) in groups.scopes() {
        let mut times: Vec<i64> = lists.into_iter().flatten().copied().collect();
        times.sort_unstable();
        if let Some(s) = scoped(a, scope, key) {
            s.max_errors_in_10_min = max_in_window(&times, ERROR_WINDOW_MS);
        }
    }
    Ok(())
}
