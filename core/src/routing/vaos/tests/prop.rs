//! Property tests of the endpoint builder: arbitrary ids and values stay inside the row.

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::super::*;
use crate::routing::encode::{hides_dot_segment, percent_decode};

fn tricky_string() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("/".to_string()),
        Just("..".to_string()),
        Just(".".to_string()),
        Just("%2e".to_string()),
        Just("%2E".to_string()),
        Just("%2f".to_string()),
        Just("%25".to_string()),
        Just("\\".to_string()),
        Just("?".to_string()),
        Just("#".to_string()),
        Just("&".to_string()),
        Just("=".to_string()),
        Just("é".to_string()),
        Just("😀".to_string()),
        Just("%".to_string()),
        "[a-z0-9]{1,3}",
    ];
    prop_oneof![
        prop::collection::vec(piece, 0..8).prop_map(|v| v.concat()),
        "\\PC{0,24}"
    ]
}

proptest! {
    /// (c) arbitrary ids never produce a URL path outside the row's prefix.
    #[test]
    fn endpoint_paths_stay_under_the_row_prefix(a in tricky_string(), b in tricky_string(), legacy in any::<bool>()) {
        let t = VaosTable::default();
        let system = if legacy { System::Legacy } else { System::VaosService };
        for op in ["appointments.get", "requests.cancel", "facilities.get", "slots", "clinics", "eligibility"] {
            let p: BTreeMap<String, ParamValue> = ["id", "locationId", "facilityId", "type", "clinicId", "start", "end", "clinicalServiceId"]
                .iter().enumerate()
                .map(|(i, k)| (k.to_string(), ParamValue::Str(if i % 2 == 0 { a.clone() } else { b.clone() })))
                .collect();
            let template = t.row(op).unwrap().template(system);
            match t.endpoint(op, &p, system) {
                Ok(e) => {
                    let path = e.url.split('?').next().unwrap();
                    let prefix = template.prefix();
                    prop_assert!(path.starts_with(&format!("{prefix}/")) || path == prefix, "{} escapes {}", path, prefix);
                    let segments: Vec<&str> = path.split('/').skip(1).collect();
                    prop_assert_eq!(segments.len(), template.segment_count());
                    for s in segments {
                        prop_assert!(!hides_dot_segment(s), "segment {} hides a dot segment", s);
                        let once = percent_decode(s);
                        prop_assert!(once == a || once == b || s.bytes().all(|c| c.is_ascii_alphanumeric() || b"-_.".contains(&c)));
                    }
                    prop_assert!(!e.url.contains('#'));
                }
                Err(err) => prop_assert!(
                    [&a, &b].iter().any(|v| v.is_empty() || hides_dot_segment(v)),
                    "{} rejected clean params: {}", op, err
                ),
            }
        }
    }

    /// Query values cannot add or change query keys.
    #[test]
    fn query_keys_are_fixed_by_the_template(start in tricky_string(), end in tricky_string()) {
        prop_assume!(!start.is_empty() && !end.is_empty());
        let p = BTreeMap::from([("start".to_string(), ParamValue::Str(start)), ("end".to_string(), ParamValue::Str(end))]);
        let e = VaosTable::default().endpoint("appointments.list", &p, System::Legacy).unwrap();
        let query = e.url.split_once('?').unwrap().1;
        let keys: Vec<&str> = query.split('&').map(|kv| kv.split('=').next().unwrap()).collect();
        prop_assert_eq!(keys, ["start_date", "end_date", "type"]);
        prop_assert!(query.ends_with("&type=va"));
    }
}
