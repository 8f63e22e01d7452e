//! QA overrides: the `?va-rollout=` parser, the stored override set (localStorage JSON) and the
//! store's override paths, in every environment. Input lines: environment (a configuration name
//! or a hostname), now in Unix ms, the URL parameter value, then the stored JSON (rest).
#![no_main]
use libfuzzer_sys::fuzz_target;
use va_rollout_core::flags::names::is_snake_name;
use va_rollout_core::flags::overrides::MAX_URL_PARAM_LEN;
use va_rollout_core::flags::{
    parse_url_param, Environment, FlagConfig, FlagStore, OverrideError, OverrideSet, Source,
    MAX_OVERRIDES,
};
use va_rollout_fuzz::text::lossy;

fn check_param(param: &str) -> Vec<(String, bool)> {
    let parsed = parse_url_param(param);
    if param.len() > MAX_URL_PARAM_LEN {
        assert!(parsed.is_err(), "an over-long parameter was accepted");
    }
    let pairs = match parsed {
        Ok(p) => p,
        Err(e) => {
            assert!(!e.to_string().is_empty());
            return Vec::new();
        }
    };
    assert!(
        pairs.len() <= MAX_OVERRIDES,
        "more than MAX_OVERRIDES pairs"
    );
    for (i, (name, _)) in pairs.iter().enumerate() {
        assert!(
            is_snake_name(name),
            "invalid override name {name:?} accepted"
        );
        assert!(
            pairs[..i].iter().all(|(n, _)| n != name),
            "duplicate name {name:?}"
        );
    }
    // Written back in canonical form, the parameter parses to the same pairs.
    let canonical: Vec<String> = pairs
        .iter()
        .map(|(n, v)| format!("{n}:{}", if *v { "on" } else { "off" }))
        .collect();
    assert_eq!(
        parse_url_param(&canonical.join(",")).as_ref(),
        Ok(&pairs),
        "canonical form differs"
    );
    pairs
}

fn check_store(env: Environment, now: f64, stored: Option<OverrideSet>, pairs: &[(String, bool)]) {
    let mut store = FlagStore::new(FlagConfig::default(), env, None, None);
    if let Some(set) = stored {
        store.load_overrides(set, now);
    }
    let mut expected = Vec::new();
    for (name, value) in pairs {
        match store.set_override(name, *value, now) {
            Ok(_) => expected.push((name.clone(), *value)),
            Err(OverrideError::RefusedInProduction) => assert_eq!(env, Environment::Production),
            Err(OverrideError::TooMany { .. }) => {}
            Err(e) => panic!("a parsed override was refused: {e}"),
        }
    }
    let active = store.active_overrides();
    let overrides = store.overrides();
    if !env.allows_overrides() {
        assert!(overrides.is_empty(), "production kept stored overrides");
        assert!(active.is_empty(), "production has active overrides");
        assert!(
            store.set_override("any_flag", true, now) == Err(OverrideError::RefusedInProduction)
        );
        assert!(
            store.decisions().all(|(_, d)| d.source != Source::Override),
            "production decision from an override"
        );
        return;
    }
    assert!(
        overrides.entries.len() <= MAX_OVERRIDES,
        "more than MAX_OVERRIDES stored"
    );
    for (name, entry) in overrides.entries.iter() {
        assert!(is_snake_name(name), "invalid stored name {name:?} kept");
        assert!(entry.expires_at_ms.is_finite(), "non-finite expiry kept");
    }
    for (name, value) in &active {
        let d = store.decision(name);
        assert!(
            d.source == Source::Override && d.value == *value,
            "override {name} not decisive: {d:?}"
        );
    }
    for (name, value) in &expected {
        if now.is_finite() && now + va_rollout_core::flags::OVERRIDE_TTL_MS > now {
            assert_eq!(
                store.decision(name).value,
                *value,
                "fresh override {name} not applied"
            );
        }
    }
    // What the shell writes back reads back the same.
    let json = serde_json::to_string(overrides).expect("override set serializes");
    let back: OverrideSet = serde_json::from_str(&json).expect("written override set parses");
    // serde_json's default float parser may land one ulp off (the browser's JSON.parse does not).
    let same = back.entries.len() == overrides.entries.len()
        && back
            .entries
            .iter()
            .zip(overrides.entries.iter())
            .all(|((n1, e1), (n2, e2))| {
                n1 == n2
                    && e1.value == e2.value
                    && va_rollout_fuzz::close(e1.expires_at_ms, e2.expires_at_ms)
            });
    assert!(
        same,
        "override storage round trip: {overrides:?} → {back:?}"
    );
}

fuzz_target!(|data: &[u8]| {
    let text = lossy(data);
    let mut lines = text.splitn(4, '\n');
    let env_text = lines.next().unwrap_or("").trim();
    let env = Environment::parse(env_text).unwrap_or_else(|_| Environment::from_hostname(env_text));
    // The shell's clock is `Date.now()`: always finite.
    let now = lines
        .next()
        .and_then(|l| l.trim().parse::<f64>().ok())
        .filter(|n| n.is_finite())
        .unwrap_or(1.75e12);
    let pairs = check_param(lines.next().unwrap_or(""));
    let stored = serde_json::from_str::<OverrideSet>(lines.next().unwrap_or("")).ok();
    check_store(env, now, stored, &pairs);
});
