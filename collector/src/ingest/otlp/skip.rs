//! `Skipped`: a value under a key the fast path does not read, read in full and dropped.
//! Not serde's `IgnoredAny`: serde_json's scan behind it takes what its value reader refuses, so
//! the fast path accepted requests the tree reader turns away (the `otlp_decode` and `ingest` fuzz
//! targets found `1e3001332`, out of `f64`'s range, under an unknown key). Refused here, such a
//! request goes to the tree reader, which gives the error, as for every other refusal.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

pub struct Skipped;

impl<'de> Deserialize<'de> for Skipped {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Skip)
    }
}

struct Skip;

impl<'de> Visitor<'de> for Skip {
    type Value = Skipped;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Skipped, E> {
        Ok(Skipped)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Skipped, E> {
        Ok(Skipped)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Skipped, E> {
        Ok(Skipped)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Skipped, E> {
        Ok(Skipped)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Skipped, E> {
        Ok(Skipped)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Skipped, E> {
        Ok(Skipped)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<Skipped, A::Error> {
        while s.next_element::<Skipped>()?.is_some() {}
        Ok(Skipped)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Skipped, A::Error> {
        while m.next_entry::<Skipped, Skipped>()?.is_some() {}
        Ok(Skipped)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{parse_request, RequestError};

    #[test]
    fn what_the_tree_reader_refuses_under_a_skipped_key_is_refused() {
        // The fuzz targets' finding, and a skipped string that is not UTF-8.
        for body in [
            &br#"{"resourceLogs":[],"x":[9000001e3001332]}"#[..],
            b"{\"resourceLogs\":[],\"x\":\"\xff\"}",
        ] {
            assert!(
                matches!(parse_request(body, 0), Err(RequestError::Malformed(_))),
                "{:?}",
                String::from_utf8_lossy(body)
            );
        }
    }
}
