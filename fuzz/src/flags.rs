//! Flag documents: the parse call, the document invariants and the Flipper evaluation oracle.

use crate::OrCrash;
use std::collections::BTreeSet;

use va_rollout_core::flags::evaluate::{actor_bucket, explain_gates, BUCKETS};
use va_rollout_core::flags::flipper::{GateNumber, MAX_UNKNOWN_GATES};
use va_rollout_core::flags::names::underscore;
use va_rollout_core::flags::{
    evaluate, fully_off, ActorContext, Feature, FlagDocument, FlagError, Gate, MAX_FEATURES,
    MAX_NAME_LEN, MAX_SET_ENTRIES,
};

/// The library's parse entry point, as the shell calls it (the one place to adapt if it changes).
pub fn parse_doc(bytes: &[u8]) -> Result<FlagDocument, FlagError> {
    FlagDocument::check_body_len(bytes.len())?;
    FlagDocument::parse(&mut serde_json::Deserializer::from_slice(bytes))
}

/// Parses `bytes` and checks every property a parsed document must have. Returns the document.
pub fn check_document(bytes: &[u8]) -> Option<FlagDocument> {
    let parsed = parse_doc(bytes);
    // The same data through another deserializer (a JSON value tree, like serde-wasm-bindgen's
    // JS object walk) must give the same document when both accept it.
    if let (Ok(doc), Ok(value)) = (&parsed, serde_json::from_slice::<serde_json::Value>(bytes)) {
        if let Ok(other) = FlagDocument::parse(value) {
            assert!(
                same_doc(doc, &other),
                "stream and value-tree parses differ: {doc:?} vs {other:?}"
            );
        }
    }
    let doc = match parsed {
        Ok(doc) => doc,
        Err(e) => {
            assert!(!e.to_string().is_empty(), "empty error message");
            return None;
        }
    };
    assert!(doc.len() <= MAX_FEATURES, "more than MAX_FEATURES flags");
    match &doc {
        FlagDocument::VetsApi(entries) => {
            for pair in entries.windows(2) {
                assert!(
                    pair[0].0 < pair[1].0,
                    "vets-api names not sorted and unique: {pair:?}"
                );
            }
            for (name, _) in entries {
                assert!(!name.trim().is_empty(), "empty vets-api name");
                assert_eq!(&underscore(name), name, "vets-api name not normalised");
            }
        }
        FlagDocument::Flipper(features) => {
            let mut keys = BTreeSet::new();
            for f in features {
                assert!(
                    !f.key.is_empty() && f.key.len() <= MAX_NAME_LEN,
                    "bad feature key {:?}",
                    f.key
                );
                assert!(
                    keys.insert(f.key.as_str()),
                    "duplicate feature key {:?}",
                    f.key
                );
                let g = &f.gates;
                assert!(g.actors.len() <= MAX_SET_ENTRIES && g.groups.len() <= MAX_SET_ENTRIES);
                assert!(g.unknown.len() <= MAX_UNKNOWN_GATES);
            }
        }
    }
    // The localStorage cache writes the document back and reads it on the next load.
    let written = serde_json::to_vec(&doc).or_crash("a parsed document serializes");
    match parse_doc(&written) {
        Ok(again) => assert!(
            same_doc(&doc, &again),
            "cache round trip changed the document:\n{doc:?}\n{again:?}\n{}",
            String::from_utf8_lossy(&written)
        ),
        Err(e) => crate::crash(format_args!(
            "cache round trip fails: {e}\n{}",
            String::from_utf8_lossy(&written)
        )),
    }
    Some(doc)
}

/// Equal documents, ignoring what the cache format does not carry (unknown gate keys) and
/// one-ulp float differences.
pub fn same_doc(a: &FlagDocument, b: &FlagDocument) -> bool {
    match (a, b) {
        (FlagDocument::VetsApi(x), FlagDocument::VetsApi(y)) => x == y,
        (FlagDocument::Flipper(x), FlagDocument::Flipper(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(f, g)| same_feature(f, g))
        }
        _ => false,
    }
}

fn same_feature(a: &Feature, b: &Feature) -> bool {
    let (x, y) = (&a.gates, &b.gates);
    a.key == b.key
        && a.state == b.state
        && x.boolean == y.boolean
        && x.expression == y.expression
        && x.actors == y.actors
        && x.groups == y.groups
        && same_number(&x.percentage_of_actors, &y.percentage_of_actors)
        && same_number(&x.percentage_of_time, &y.percentage_of_time)
}

fn same_number(a: &GateNumber, b: &GateNumber) -> bool {
    match (a, b) {
        (GateNumber::Float(x), GateNumber::Float(y)) => crate::close(*x, *y),
        _ => a == b,
    }
}

/// One actor the features are checked for.
#[derive(Clone, Debug, PartialEq)]
pub struct TestActor {
    pub ids: Vec<String>,
    pub groups: Vec<String>,
}

/// Actors from the text after the document: one per line, `id1,id2|group1,group2`; a line
/// `r=<number>` sets the random draw. Always includes a few fixed actors. An actor or a draw
/// given twice is kept once (every function checked is pure: a repeat checks nothing new).
pub fn actors_from(spec: &str) -> (Vec<TestActor>, Vec<f64>) {
    let list = |s: &str| s.split(',').map(str::to_string).collect::<Vec<_>>();
    let mut actors = vec![
        TestActor {
            ids: vec![String::new()],
            groups: vec![],
        },
        TestActor {
            ids: vec!["1".into()],
            groups: vec!["beta".into()],
        },
        TestActor {
            ids: vec!["user-123".into(), "cookie-9".into()],
            groups: vec![],
        },
    ];
    let mut randoms = vec![0.0, 0.5, va_rollout_core::flags::NO_RANDOM];
    for line in spec.lines().take(16) {
        if let Some(r) = line.strip_prefix("r=") {
            if let Ok(r) = r.trim().parse::<f64>() {
                if !randoms.iter().any(|seen| seen.to_bits() == r.to_bits()) {
                    randoms.push(r);
                }
            }
            continue;
        }
        let (ids, groups) = line.split_once('|').unwrap_or((line, ""));
        let actor = TestActor {
            ids: list(ids),
            groups: if groups.is_empty() {
                vec![]
            } else {
                list(groups)
            },
        };
        if !actors.contains(&actor) {
            actors.push(actor);
        }
    }
    (actors, randoms)
}

/// Evaluates `feature` for every actor (and none), with every bucket key and every draw, and
/// checks each evaluation with [`check_draw`]. What does not depend on the random draw
/// (membership, the bucket oracle, fully-off) is computed once per actor and key. The heavy
/// property of `flipper_eval`; the `flipper` parser target checks one sample per feature
/// ([`check_sample`]).
pub fn check_feature(feature: &Feature, actors: &[TestActor], randoms: &[f64]) {
    let off = fully_off(feature);
    for actor in contexts(actors) {
        let membership = membership(feature, actor);
        for key in bucket_keys(feature) {
            check_bucket(key, actor);
            for &random in randoms {
                check_draw(feature, off, key, actor, membership, random);
            }
        }
    }
}

/// One evaluation of `feature` (one actor or none, one bucket key, one draw) out of the cross
/// product [`check_feature`] walks, picked by `pick`: every check of [`check_draw`] and the
/// bucket oracle, for the cost of one draw. Successive values of `pick` walk the whole product.
pub fn check_sample(feature: &Feature, actors: &[TestActor], randoms: &[f64], pick: usize) {
    let keys = bucket_keys(feature);
    let n_actors = actors.len() + 1;
    let actor = contexts(actors).nth(pick % n_actors).flatten();
    let key = keys[pick / n_actors % keys.len()];
    let random = randoms
        .get(pick / (n_actors * keys.len()) % randoms.len().max(1))
        .copied()
        .unwrap_or(va_rollout_core::flags::NO_RANDOM);
    check_bucket(key, actor);
    let membership = membership(feature, actor);
    check_draw(feature, fully_off(feature), key, actor, membership, random);
}

/// The bucket keys every feature is evaluated with: its own key, another feature's, and none.
fn bucket_keys(feature: &Feature) -> [&str; 3] {
    [feature.key.as_str(), "vaos_service", ""]
}

/// No actor, then each of `actors`.
fn contexts(actors: &[TestActor]) -> impl Iterator<Item = Option<ActorContext<'_>>> {
    std::iter::once(None).chain(actors.iter().map(|a| {
        Some(ActorContext {
            ids: &a.ids,
            groups: &a.groups,
        })
    }))
}

/// For an actor with ids: whether one of its ids is in the actors gate and one of its groups in
/// the groups gate (`None`: no actor, or one without ids).
fn membership(feature: &Feature, actor: Option<ActorContext<'_>>) -> Option<(bool, bool)> {
    actor.filter(|a| !a.ids.is_empty()).map(|a| {
        (
            a.ids.iter().any(|id| feature.gates.actors.contains(id)),
            a.groups.iter().any(|g| feature.gates.groups.contains(g)),
        )
    })
}

/// The actor's bucket for `key` equals the independent `crc32(key + sorted ids) % BUCKETS`.
fn check_bucket(key: &str, actor: Option<ActorContext<'_>>) {
    let Some(a) = actor.filter(|a| !a.ids.is_empty()) else {
        return;
    };
    let mut sorted: Vec<&[u8]> = a.ids.iter().map(|s| s.as_bytes()).collect();
    sorted.sort_unstable();
    let mut parts = vec![key.as_bytes()];
    parts.extend(sorted);
    assert_eq!(
        actor_bucket(key, a.ids),
        crate::crc32(&parts) % BUCKETS,
        "actor bucket"
    );
}

/// One evaluation checked against `explain` and the oracles: determinism, the first open gate
/// decides, fully-off (`off`) is off for everyone, no actor opens no actor gate, actor and group
/// membership.
fn check_draw(
    feature: &Feature,
    off: bool,
    key: &str,
    actor: Option<ActorContext<'_>>,
    membership: Option<(bool, bool)>,
    random: f64,
) {
    let e = evaluate(feature, key, actor, random);
    assert_eq!(
        e,
        evaluate(feature, key, actor, random),
        "evaluation not deterministic"
    );
    let checks = explain_gates(feature, key, actor, random);
    let first_open = checks.iter().find(|c| c.open).map(|c| c.gate);
    assert_eq!(
        e.gate, first_open,
        "evaluate and explain disagree on the opening gate"
    );
    assert_eq!(e.value, first_open.is_some());
    assert_eq!(
        e.reason,
        first_open.map_or(va_rollout_core::flags::Reason::Disabled, Gate::reason)
    );
    if off {
        assert!(!e.value, "a fully-off feature opened: {feature:?}");
    }
    let Some((in_actors, in_groups)) = membership else {
        assert!(
            matches!(e.gate, None | Some(Gate::Boolean | Gate::PercentageOfTime)),
            "an actor gate opened without an actor"
        );
        return;
    };
    let open = |g: Gate| checks.iter().any(|c| c.gate == g && c.open);
    assert_eq!(open(Gate::Actors), in_actors, "actors gate");
    assert_eq!(open(Gate::Groups), in_groups, "groups gate");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> (Vec<Feature>, Vec<TestActor>, Vec<f64>) {
        let data = include_bytes!("../corpus/flipper/demo-flags-actors");
        let (doc, spec) = crate::text::split_at_byte(data, 0xFF);
        let Some(FlagDocument::Flipper(features)) = check_document(doc) else {
            panic!("the demo seed is a Flipper document");
        };
        let (actors, randoms) = actors_from(&crate::text::lossy(spec));
        (features, actors, randoms)
    }

    #[test]
    fn samples_walk_the_whole_cross_product() {
        let (features, actors, randoms) = demo();
        assert!(features.len() > 1 && actors.len() > 3 && randoms.len() >= 3);
        // (no actor + actors) × 3 keys × draws successive picks: every combination once.
        let product = (actors.len() + 1) * 3 * randoms.len();
        for feature in &features {
            check_feature(feature, &actors, &randoms);
            for pick in 0..product {
                check_sample(feature, &actors, &randoms, pick);
            }
        }
    }

    #[test]
    #[should_panic(expected = "actors gate")]
    fn a_wrong_membership_is_caught() {
        let (features, actors, _) = demo();
        let f = &features[0];
        let actor = contexts(&actors).nth(2).flatten();
        let (in_actors, in_groups) = membership(f, actor).unwrap();
        check_draw(f, false, &f.key, actor, Some((!in_actors, in_groups)), 0.5);
    }

    #[test]
    fn actors_and_draws_given_twice_are_kept_once() {
        let (actors, randoms) = actors_from("1|beta\nu,v|g\nr=0.5\nr=0.25\nu,v|g\nr=0.25\nu,v\n");
        // The three fixed actors, `u,v|g` once and `u,v` (other groups: another actor).
        assert_eq!(actors.len(), 5, "{actors:?}");
        assert_eq!(actors[3].groups, vec!["g".to_string()]);
        assert!(actors[4].groups.is_empty());
        // 0, 0.5, NO_RANDOM, then 0.25 once (0.5 was there already).
        assert_eq!(randoms.len(), 4, "{randoms:?}");
        assert_eq!(randoms[3], 0.25);
    }
}
