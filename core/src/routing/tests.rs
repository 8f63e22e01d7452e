//! Property tests across modules: group coherence within a session (a) and stickiness versus
//! rollback (b), with the facade's resolution modelled as: group resolve → pin at the boundary →
//! system for every category.

use std::collections::BTreeMap;

use proptest::prelude::*;

use crate::flags::crc32::crc32_parts;
use crate::flags::test_support::{decision, Flags};
use crate::flags::{
    bucket_keys, group_of, pin_key, resolve, vaos_preset, GroupConfig, VAOS_TOGGLES,
};
use crate::flags::{FlagView, Reason, Source};
use crate::routing::{system_for, Pins, System, VaosTable};

/// How one member is configured at one moment.
#[derive(Clone, Debug)]
enum Member {
    /// Evaluated locally from a Flipper document: boolean gate and percentage of actors.
    Flipper { boolean: bool, pct: u32 },
    /// Evaluated by vets-api (or read from cache/bootstrap).
    Server { value: bool, source: Source },
    /// Missing from the response.
    Missing,
}

fn member() -> impl Strategy<Value = Member> {
    prop_oneof![
        (
            any::<bool>(),
            prop_oneof![Just(0u32), Just(100u32), 0u32..=100]
        )
            .prop_map(|(boolean, pct)| Member::Flipper { boolean, pct }),
        (
            any::<bool>(),
            prop::sample::select(vec![
                Source::VetsApi,
                Source::Cache,
                Source::Bootstrap,
                Source::Default
            ])
        )
            .prop_map(|(value, source)| Member::Server { value, source }),
        Just(Member::Missing),
    ]
}

fn state() -> impl Strategy<Value = Vec<Member>> {
    prop::collection::vec(member(), VAOS_TOGGLES.len())
}

/// The flag engine's view for `actor`: shared-bucket members hash on the group name.
fn view(groups: &[GroupConfig], members: &[Member], actor: &str) -> Flags {
    let keys = bucket_keys(groups);
    let mut flags = Flags::default();
    for (name, m) in VAOS_TOGGLES.iter().zip(members) {
        let key = keys.get(*name).map(String::as_str).unwrap_or(name);
        let d = match m {
            Member::Flipper { boolean, pct } => {
                let admitted = crc32_parts(&[key, actor]) % 100_000 < pct * 1000;
                decision(
                    *boolean || admitted,
                    Source::Flipper,
                    !*boolean && *pct == 0,
                )
            }
            Member::Server { value, source } => decision(*value, *source, !*value),
            Member::Missing => continue,
        };
        flags.0.insert(name.to_string(), d);
    }
    flags
}

/// The facade at one navigation boundary: the system each operation of the table resolves to.
fn systems_at_boundary(
    table: &VaosTable,
    groups: &[GroupConfig],
    flags: &dyn FlagView,
    pins: &mut Pins,
) -> BTreeMap<String, System> {
    let mut out = BTreeMap::new();
    for op in table.operations() {
        let toggle = table.category_toggle(op).unwrap_or_default();
        let value = match group_of(groups, toggle) {
            Some(group) => {
                let r = resolve(group, flags);
                pins.at_boundary(&pin_key(group), r.value, r.rollback, Reason::Split)
                    .value
            }
            None => flags.is_enabled(toggle),
        };
        out.insert(op.to_string(), system_for(value));
    }
    out
}

#[derive(Clone, Debug)]
enum Step {
    Refresh(Vec<Member>),
    Boundary,
}

fn steps() -> impl Strategy<Value = Vec<Step>> {
    prop::collection::vec(
        prop_oneof![state().prop_map(Step::Refresh), Just(Step::Boundary)],
        1..24,
    )
}

/// A state the group must treat as a rollback: one Flipper member fully off, or every member
/// server-evaluated false.
fn rollback_state() -> impl Strategy<Value = Vec<Member>> {
    let server = prop::sample::select(vec![Source::VetsApi, Source::Cache, Source::Bootstrap]);
    prop_oneof![
        (state(), 0..VAOS_TOGGLES.len()).prop_map(|(mut s, i)| {
            if let Some(m) = s.get_mut(i) {
                *m = Member::Flipper {
                    boolean: false,
                    pct: 0,
                };
            }
            s
        }),
        server.prop_map(|source| vec![
            Member::Server {
                value: false,
                source
            };
            VAOS_TOGGLES.len()
        ]),
    ]
}

fn all_on() -> Vec<Member> {
    vec![
        Member::Flipper {
            boolean: true,
            pct: 0
        };
        VAOS_TOGGLES.len()
    ]
}

proptest! {
    /// (a) Within one session every operation resolves to the same system at every boundary, and
    /// the system only ever moves vaos-service → legacy, at a boundary where a rollback is seen.
    #[test]
    fn every_operation_resolves_to_one_system_per_session(
        initial in prop_oneof![Just(all_on()), state()], actor in "[a-z0-9-]{1,12}", shared in any::<bool>(), steps in steps(),
    ) {
        let mut group = vaos_preset();
        group.shared_bucket = shared;
        let groups = [group];
        let table = VaosTable::default();
        let mut pins = Pins::new();
        let mut flags = view(&groups, &initial, &actor);
        let mut previous: Option<System> = None;
        for step in steps {
            match step {
                Step::Refresh(members) => flags = view(&groups, &members, &actor),
                Step::Boundary => {
                    let rollback = resolve(&groups[0], &flags).rollback;
                    let systems = systems_at_boundary(&table, &groups, &flags, &mut pins);
                    let first = systems.values().next().copied();
                    prop_assert!(systems.values().all(|s| Some(*s) == first), "split session: {:?}", systems);
                    if let (Some(before), Some(now)) = (previous, first) {
                        prop_assert!(before == now || (before == System::VaosService && now == System::Legacy && rollback),
                            "moved {:?} → {:?} without rollback", before, now);
                    }
                    previous = first;
                }
            }
        }
    }

    /// (b) A pinned-on group stays on through any non-rollback change, goes off at the first
    /// boundary after a rollback, and stays off for the rest of the session.
    #[test]
    fn pinned_on_survives_changes_until_a_rollback(
        changes in prop::collection::vec(state(), 0..10),
        rollback_state in rollback_state(),
        after in prop::collection::vec(state(), 0..5),
        actor in "[a-z0-9]{1,8}",
    ) {
        let groups = [vaos_preset()];
        let key = pin_key(&groups[0]);
        let mut pins = Pins::new();
        let on = view(&groups, &all_on(), &actor);
        let first = resolve(&groups[0], &on);
        prop_assert!(pins.at_boundary(&key, first.value, first.rollback, Reason::Static).value);
        for members in changes {
            let r = resolve(&groups[0], &view(&groups, &members, &actor));
            if r.rollback { continue; }
            let out = pins.at_boundary(&key, r.value, r.rollback, Reason::Split);
            prop_assert!(out.value && out.reason == Reason::Pinned && !out.dropped);
        }
        let r = resolve(&groups[0], &view(&groups, &rollback_state, &actor));
        prop_assert!(r.rollback);
        let dropped = pins.at_boundary(&key, r.value, r.rollback, Reason::Disabled);
        prop_assert!(!dropped.value && dropped.dropped);
        for members in after.into_iter().chain([all_on()]) {
            let r = resolve(&groups[0], &view(&groups, &members, &actor));
            prop_assert!(!pins.at_boundary(&key, r.value, r.rollback, Reason::Split).value);
        }
    }
}

/// A rollback generator sanity check: `pinned_on_survives_changes_until_a_rollback` would be vacuous
/// if rollbacks were never generated; these are the two shapes it relies on.
#[test]
fn rollback_shapes_exist() {
    let groups = [vaos_preset()];
    let mut flipper_off = all_on();
    flipper_off[2] = Member::Flipper {
        boolean: false,
        pct: 0,
    };
    assert!(resolve(&groups[0], &view(&groups, &flipper_off, "a")).rollback);
    let server_off = vec![
        Member::Server {
            value: false,
            source: Source::VetsApi
        };
        4
    ];
    assert!(resolve(&groups[0], &view(&groups, &server_off, "a")).rollback);
}

/// With a shared bucket, equal percentages admit an actor to all members or none (never mixed);
/// per-feature hashing can split the same actor.
#[test]
fn shared_bucket_keeps_partial_rollouts_coherent() {
    let state = vec![
        Member::Flipper {
            boolean: false,
            pct: 5
        };
        4
    ];
    let mut private = vaos_preset();
    private.shared_bucket = false;
    let mut split = 0;
    for i in 0..2000 {
        let actor = format!("user-{i}");
        assert!(!resolve(&vaos_preset(), &view(&[vaos_preset()], &state, &actor)).mixed);
        split += usize::from(
            resolve(
                &private,
                &view(std::slice::from_ref(&private), &state, &actor),
            )
            .mixed,
        );
    }
    assert!(
        split > 0,
        "per-feature hashing should split some actors at 5%"
    );
}
