//! testdata/actor_plans.json: plans the core writes and `evaluate_for`'s verdicts for actor ids,
//! which the JS shell's unit test (tests/js/actor-verdict.test.mjs) runs `readActorPlans` /
//! `actorVerdict` over. This test fails when the committed file is not what the core writes now;
//! `VA_ROLLOUT_UPDATE_FIXTURES=1 cargo test -p va-rollout-core actor_plans_fixture` rewrites it.

use super::*;

const PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/src/flags/testdata/actor_plans.json"
);

/// `{"note", "plans": text, "ids": […], "verdicts": {name: "0110…"}}`: `evaluate_for(name, id)`
/// for each of `ids`, in order, `1` for true.
fn case(note: &str, s: &FlagStore, names: &[&str], ids: &[String]) -> Value {
    let mut verdicts = serde_json::Map::new();
    for n in names {
        let bits: String = ids
            .iter()
            .map(|id| if s.evaluate_for(n, id) { '1' } else { '0' })
            .collect();
        verdicts.insert((*n).to_owned(), Value::String(bits));
    }
    json!({"note": note, "plans": s.actor_plans_json(), "ids": ids, "verdicts": verdicts})
}

/// Fixed ids (ASCII, non-ASCII, astral, U+FFFD, empty, JSON escapes) and seeded generated ones.
fn ids() -> Vec<String> {
    let mut out: Vec<String> = [
        "",
        "vip",
        "vip-é",
        "user-1",
        "x\u{fffd}",
        "中文",
        "😀",
        "\"\\",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    let alphabet = [
        'a', 'z', '0', '@', '.', 'é', 'ß', '中', '😀', '\u{fffd}', ' ', '"',
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (seed >> 33) as usize
    };
    while out.len() < 60 {
        if next() % 5 < 3 {
            out.push(format!("actor-{}@example.com", next() % 1_000_000_000));
        } else {
            let n = next() % 10;
            out.push((0..n).map(|_| alphabet[next() % alphabet.len()]).collect());
        }
    }
    out
}

fn fixture() -> String {
    let gate = |key: &str, value: Value| json!({"key": key, "value": value});
    let feature = |key: &str, gates: Vec<Value>| json!({"key": key, "gates": gates});
    let doc = json!({"features": [
        feature("pct_0", vec![gate("percentage_of_actors", json!(0))]),
        feature("pct_1", vec![gate("percentage_of_actors", json!("1"))]),
        feature("pct_50", vec![gate("percentage_of_actors", json!("50"))]),
        feature("pct_9999", vec![gate("percentage_of_actors", json!(99.99))]),
        feature("pct_100", vec![gate("percentage_of_actors", json!(100))]),
        feature("actors", vec![gate("actors", json!(["vip", "vip-é", "x\u{fffd}"])),
            gate("percentage_of_actors", json!("10"))]),
        feature("bool_on", vec![gate("boolean", json!(true))]),
        feature("time_30", vec![gate("percentage_of_time", json!(30))]),
        feature("time_80", vec![gate("percentage_of_time", json!(80))]),
        feature("grouped_a", vec![gate("percentage_of_actors", json!("30"))]),
        feature("grouped_b", vec![gate("percentage_of_actors", json!("30"))]),
    ]});
    let names = [
        "pct_0",
        "pct_1",
        "pct_50",
        "pct_9999",
        "pct_100",
        "actors",
        "bool_on",
        "time_30",
        "time_80",
        "grouped_a",
        "grouped_b",
        "unknown",
    ];
    let groups = [("grouped_a", "shared"), ("grouped_b", "shared")];
    let ids = ids();
    let mut cases = vec![case(
        "percentages, actors, boolean, percentage_of_time at draw 0.5, a shared bucket",
        &store(doc, &groups, 0.5),
        &names,
        &ids,
    )];
    let mut layered = store(
        json!({"features": [feature("both", vec![gate("boolean", json!(true))]),
            feature("boot_only", vec![gate("actors", json!(["a"]))])]}),
        &[],
        0.5,
    );
    let fresh =
        json!({"features": [feature("both", vec![gate("percentage_of_actors", json!(40))])]});
    layered.apply_fresh(FlagDocument::parse(fresh).expect("parses"), None, 1.0);
    let mut layer_ids = ids[..20].to_vec();
    layer_ids.push("a".into());
    cases.push(case(
        "a name in two layers (the fresh one wins)",
        &layered,
        &["both", "boot_only"],
        &layer_ids,
    ));
    let vets = json!({"data": {"features": [{"name": "feat", "value": true}]}});
    cases.push(case(
        "vets-api: no plans",
        &store(vets, &[], 0.5),
        &["feat"],
        &ids[..5],
    ));
    // Flipper's single-actor vectors, one store per feature, bucket key and percentage.
    let vectors: Vec<Value> = serde_json::from_str(VECTORS).expect("vectors parse");
    let mut by_gate: Vec<(String, Vec<&Value>)> = Vec::new();
    for v in vectors
        .iter()
        .filter(|v| v["actors"].as_array().map(Vec::len) == Some(1))
    {
        let key = json!([v["feature"], v["bucket_key"], v["percentage"]]).to_string();
        match by_gate.iter_mut().find(|(k, _)| *k == key) {
            Some((_, list)) => list.push(v),
            None => by_gate.push((key, vec![v])),
        }
    }
    for (key, list) in &by_gate {
        let name = list[0]["feature"].as_str().expect("feature");
        let groups: Vec<(&str, &str)> = list[0]["bucket_key"]
            .as_str()
            .map(|k| (name, k))
            .into_iter()
            .collect();
        let doc = json!({"features": [{"key": name, "gates": [
            {"key": "percentage_of_actors", "value": list[0]["percentage"]}]}]});
        let s = store(doc, &groups, 0.5);
        let ids: Vec<String> = list
            .iter()
            .map(|v| v["actors"][0].as_str().expect("id").to_owned())
            .collect();
        for v in list {
            let id = v["actors"][0].as_str().expect("id");
            assert_eq!(
                s.evaluate_for(name, id),
                v["expected"] == json!(true),
                "{v}"
            );
        }
        cases.push(case(&format!("Flipper vectors {key}"), &s, &[name], &ids));
    }
    let lines: Vec<String> = cases.iter().map(Value::to_string).collect();
    format!("[\n{}\n]\n", lines.join(",\n"))
}

#[test]
fn actor_plans_fixture_is_current() {
    let now = fixture();
    if std::env::var_os("VA_ROLLOUT_UPDATE_FIXTURES").is_some() {
        std::fs::write(PATH, &now).expect("fixture written");
    }
    let committed = std::fs::read_to_string(PATH).unwrap_or_default();
    assert!(
        committed == now,
        "{PATH} is not what the core writes now: rerun with VA_ROLLOUT_UPDATE_FIXTURES=1 \
         (cargo test -p va-rollout-core actor_plans_fixture) and commit it"
    );
}
