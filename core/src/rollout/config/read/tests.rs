//! The hand-written reader against the `Deserialize` derives reading the same `Value`: the
//! same configuration, or the same message, for every shape below.
use super::*;
use crate::json::read::fields::opt;
use crate::json::{from_value, parse};

const CONFIGS: &[&str] = &[
    r#"{"flags":{"source":"vets-api"}}"#,
    r#"{"environment":"staging","flags":{"source":"vets-api","names":["a"],"timeoutMs":3000.0},"actor":null}"#,
    r#"{"flags":{"source":"flipper","url":"/f","defaults":{"b":true,"a":false,"b":false},"actorTypes":{"a":"user"},"bucketKeys":{"a":"g"},"refreshIntervalMs":0,"maxAgeMs":1,"staleAfterMs":2,"csrf":false}}"#,
    r#"{"flags":{"source":"vets-api","bootstrap":{"data":{"features":[{"name":"a","value":true}]}}}}"#,
    r#"{"flags":{"source":"vets-api","bootstrap":null}}"#,
    r#"{"flags":{"source":"vets-api"},"actor":{"id":"u@x","ids":["a"],"groups":["g"]}}"#,
    r#"{"flags":{"source":"vets-api"},"actor":{"id":"u","name":"x"}}"#,
    r#"{"flags":{"source":"vets-api"},"groups":{"g":{"members":["a"],"policy":"all-or-none","sharedBucket":false,"name":"ignored","extra":1}}}"#,
    r#"{"flags":{"source":"vets-api"},"groups":{"g":{"members":["a"],"policy":"some"}}}"#,
    r#"{"flags":{"source":"vets-api"},"groups":{"g":{"members":["a"]}}}"#,
    r#"{"flags":{"source":"vets-api"},"groups":{"g":{"policy":{"all-or-none":null},"members":[]}}}"#,
    r#"{"flags":{"source":"vets-api"},"secureMessaging":{"basePath":"/sm","other":1}}"#,
    r#"{"flags":{"source":"vets-api"},"secureMessaging":{"basePath":3}}"#,
    r#"{"flags":{"source":"vets-api"},"vaos":{"table":{"op":{"category":"c","vaosService":{"method":"GET","path":"/a"},"legacy":{"method":"POST","path":"/b","x":1},"y":2}}}}"#,
    r#"{"flags":{"source":"vets-api"},"vaos":{"table":{"op":{"legacy":{"method":"get","path":"/b"}}}}}"#,
    r#"{"flags":{"source":"vets-api"},"vaos":{"table":{"op":{"legacy":{"path":"/b"}}}}}"#,
    r#"{"flags":{"source":"vets-api"},"vaos":{"tables":{}}}"#,
    r#"{"flags":{"source":"vets-api"},"telemetry":{"service":"s","url":"/t","serviceVersion":"1","environment":"e","sessionSampleRate":50,"rules":[{"kind":"timing","when":{"flow":"curated","path":"/p","flags":{"f":true}},"rate":0.5}],"contextFlags":["a"],"attributeAllowList":["b"],"queryAllowList":["c"],"batch":{"maxEvents":10,"maxDelayMs":100},"maxQueueBytes":20000,"basePath":"/b","beforeSend":"\u0000function","sink":{},"enableInTestEnvironments":true}}"#,
    r#"{"flags":{"source":"vets-api"},"telemetry":{"url":"/t"}}"#,
    r#"{"flags":{"source":"vets-api"},"telemetry":{"service":"s","rules":[{"kind":"clicks","rate":1}]}}"#,
    r#"{"flags":{"source":"vets-api"},"telemetry":{"service":"s","rules":[{"kind":"click"}]}}"#,
    r#"{"flags":{"source":"vets-api"},"telemetry":{"service":"s","rules":[{"kind":"click","rate":1,"when":{"flows":"x"}}]}}"#,
    r#"{"flags":{"source":"vets-api"},"telemetry":{"service":"s","batch":{"maxEvents":1.5}}}"#,
    r#"{"flags":{"source":"vets-api"},"telemetry":{"service":"s","batch":{"maxEvents":-1}}}"#,
    r#"{"flags":{"source":"vets-api"},"telemetry":{"service":"s","batch":{"maxBytes":null}}}"#,
    r#"{"flags":{"source":"vets-api"},"telemetry":{"service":"s","batch":{"max":1}}}"#,
    r#"{"flags":{"source":"vets-api"},"telemetry":{"service":"s","maxQueueBytes":"big"}}"#,
    r#"{"flags":{"source":"vets-api"},"telemetry":{"service":"s","sessionSampleRate":"\u0000NaN"}}"#,
    r#"{"flags":{"source":"vets-api"},"flagz":{}}"#,
    r#"{"flags":{"source":"vets-api","names":"a"}}"#,
    r#"{"flags":{"source":"vets-api","timeoutMs":"soon"}}"#,
    r#"{"flags":{"source":"vets-api","names":[1]}}"#,
    r#"{"flags":{"source":"vets-api","defaults":{"a":"yes"}}}"#,
    r#"{"flags":{"source":"vets-api","csrf":1}}"#,
    r#"{"flags":{"url":"/f"}}"#,
    r#"{"flags":{"source":null}}"#,
    r#"{"flags":null}"#,
    r#"{"flags":[]}"#,
    r#"{"environment":"staging"}"#,
    r#"{"environment":1,"flags":{"source":"vets-api"},"x":1}"#,
    r#"{"flagz":1,"environment":1}"#,
    r#"{"flags":{"source":"vets-api","nams":[]},"environment":1}"#,
    r#"[]"#,
    r#"null"#,
    r#""config""#,
];

#[test]
fn reads_every_shape_as_the_derives_do() {
    for text in CONFIGS {
        let mut v = parse(text).unwrap();
        crate::json::restore_non_finite(&mut v);
        let ours = RolloutConfigInput::read(v.clone());
        let reference = from_value::<RolloutConfigInput>(v);
        match (&ours, &reference) {
            // NaN != NaN: compare what the configuration prints.
            (Ok(a), Ok(b)) => assert_eq!(format!("{a:?}"), format!("{b:?}"), "{text}"),
            _ => assert_eq!(ours, reference, "{text}"),
        }
    }
}

#[test]
fn actors_read_as_the_derive_does() {
    for text in [
        r#"null"#,
        r#"{"id":"a"}"#,
        r#"{"ids":"a"}"#,
        r#"{"idz":1}"#,
        r#"[]"#,
    ] {
        let v = parse(text).unwrap();
        assert_eq!(
            opt(v.clone(), ActorInput::read),
            from_value::<Option<ActorInput>>(v),
            "{text}"
        );
    }
}
