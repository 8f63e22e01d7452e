//! The fast path of `parse_request`: the request read once into borrowed structs (no
//! `serde_json::Value` tree of the whole body) for the common case, a well-formed request whose
//! every record is valid. It answers `None` at the first thing it does not take — a JSON or
//! shape error, a duplicate key, an escape-free string it cannot borrow is fine but a value of an
//! unexpected type is not, any record the checks would reject — and `parse_request` then runs
//! the tree reader, which gives the exact error or rejection. Whatever it accepts, it turns into
//! the same rows as the tree reader: both end in `build_row`, and `tests.rs` compares them.
//! A record's attributes stay borrowed from the body (`Val`), sorted and merged in one `Vec`
//! (no map, no `serde_json::Value` per attribute), and the stored attribute and flag-context
//! JSON is written straight from them (`text.rs`), the same bytes the tree reader's `Map` gives.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::build::{build_row, Body};
use super::skip::Skipped;
use super::sorted::Sorted;
use super::text::Val;
use super::{
    Parsed, MAX_ATTRIBUTES_PER_RECORD, MAX_KEY_BYTES, MAX_RECORDS_PER_REQUEST, MAX_STRING_BYTES,
    MAX_VALUE_DEPTH,
};

/// A string, borrowed from the body unless it holds escapes.
struct Str<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Str<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Str<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Str<'a>, E> {
                Ok(Str(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Str<'a>, E> {
                Ok(Str(Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_str(V(PhantomData))
    }
}

/// An integer as OTLP JSON writes it (decimal string or JSON integer), read as `T`.
struct Int<T>(T);

impl<'de, T: TryFrom<u64> + TryFrom<i64> + std::str::FromStr> Deserialize<'de> for Int<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<T: TryFrom<u64> + TryFrom<i64> + std::str::FromStr> Visitor<'_> for V<T> {
            type Value = Int<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Int<T>, E> {
                T::try_from(v)
                    .map(Int)
                    .map_err(|_| E::custom("out of range"))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Int<T>, E> {
                T::try_from(v)
                    .map(Int)
                    .map_err(|_| E::custom("out of range"))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Int<T>, E> {
                v.parse().map(Int).map_err(|_| E::custom("not an integer"))
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

/// A JSON object read into the named fields; each field holds `Some(None)` for an explicit
/// null. Only objects are taken (not the sequence form serde also accepts for structs); a
/// repeated key is an error (the tree reader keeps the last one: the slow path decides).
macro_rules! object {
    ($name:ident<$lt:lifetime> { $($field:ident: $ty:ty = $key:literal,)* }) => {
        #[derive(Default)]
        struct $name<$lt> {
            $($field: Option<Option<$ty>>,)*
            /// Keys not listed above.
            unknown: usize,
            _borrows: PhantomData<&$lt ()>,
        }

        impl<'de: $lt, $lt> Deserialize<'de> for $name<$lt> {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V<$lt>(PhantomData<&$lt ()>);
                impl<'de: $lt, $lt> Visitor<'de> for V<$lt> {
                    type Value = $name<$lt>;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str(stringify!($name))
                    }
                    fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Self::Value, A::Error> {
                        let mut out = $name::default();
                        while let Some(k) = m.next_key::<Str<'de>>()? {
                            match k.0.as_ref() {
                                $($key => {
                                    if out.$field.is_some() {
                                        return Err(de::Error::duplicate_field($key));
                                    }
                                    out.$field = Some(m.next_value()?);
                                })*
                                _ => {
                                    out.unknown += 1;
                                    m.next_value::<Skipped>()?;
                                }
                            }
                        }
                        Ok(out)
                    }
                }
                d.deserialize_map(V(PhantomData))
            }
        }
    };
}

object!(Request<'a> { resource_logs: Vec<ResourceLogs<'a>> = "resourceLogs", });
object!(ResourceLogs<'a> {
    resource: Resource<'a> = "resource",
    scope_logs: Vec<ScopeLogs<'a>> = "scopeLogs",
});
object!(Resource<'a> { attributes: Vec<KeyValue<'a>> = "attributes", });
object!(ScopeLogs<'a> { log_records: Seq<Record<'a>, 64> = "logRecords", });
object!(Record<'a> {
    time: Int<u64> = "timeUnixNano",
    event_name: Str<'a> = "eventName",
    body: AnyValue<'a> = "body",
    attributes: Seq<KeyValue<'a>, 16> = "attributes",
});
object!(KeyValue<'a> { key: Str<'a> = "key", value: AnyValue<'a> = "value", });
object!(AnyValue<'a> {
    string: Str<'a> = "stringValue",
    boolean: bool = "boolValue",
    int: Int<i64> = "intValue",
    double: f64 = "doubleValue",
    bytes: Str<'a> = "bytesValue",
    array: Values<AnyValue<'a>> = "arrayValue",
    kvlist: Values<KeyValue<'a>> = "kvlistValue",
});

/// A JSON array read into a `Vec` allocated once for `N` items, as `Vec<T>` reads it otherwise:
/// serde_json gives no length, so serde's `Vec` starts empty and grows (and moves its items) at
/// 4, 8, 16, …, about 1,800 instructions per event for the SDK's 50 records of 10 attributes
/// (docs/performance-ingest.md). `N`: the records (the SDK's 50) and a record's attributes.
struct Seq<T, const N: usize>(Vec<T>);

impl<'de, T: Deserialize<'de>, const N: usize> Deserialize<'de> for Seq<T, N> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T, const N: usize>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>, const N: usize> Visitor<'de> for V<T, N> {
            type Value = Seq<T, N>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<Seq<T, N>, A::Error> {
                let mut items = Vec::with_capacity(N);
                while let Some(item) = s.next_element()? {
                    items.push(item);
                }
                Ok(Seq(items))
            }
        }
        d.deserialize_seq(V(PhantomData))
    }
}

/// `{"values": [...]}` of an array or kvlist value.
struct Values<T>(Vec<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Values<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Values<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object with values")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Values<T>, A::Error> {
                let mut values = None;
                while let Some(k) = m.next_key::<Str<'de>>()? {
                    if k.0 != "values" || values.is_some() {
                        return Err(de::Error::custom("unexpected key"));
                    }
                    values = Some(m.next_value::<Vec<T>>()?);
                }
                Ok(Values(values.unwrap_or_default()))
            }
        }
        d.deserialize_map(V(PhantomData))
    }
}

/// A present, non-null field; `Err(())` (take the slow path) for an explicit null.
fn given<T>(field: Option<Option<T>>) -> Result<Option<T>, ()> {
    match field {
        None => Ok(None),
        Some(None) => Err(()),
        Some(Some(v)) => Ok(Some(v)),
    }
}

/// An absent or null field as `None` (where the tree reader treats them alike).
fn nullable<T>(field: Option<Option<T>>) -> Option<T> {
    field.flatten()
}

fn bounded(s: Str<'_>) -> Result<Cow<'_, str>, ()> {
    if s.0.len() > MAX_STRING_BYTES {
        return Err(());
    }
    Ok(s.0)
}

/// As `any_value` of the tree reader, `Err` where that is `None`; strings and numbers as read,
/// an array or kvlist as a tree.
fn val(v: AnyValue<'_>, depth: usize) -> Result<Val<'_>, ()> {
    if depth > MAX_VALUE_DEPTH {
        return Err(());
    }
    if let Some(s) = given(v.string)? {
        return bounded(s).map(Val::Str);
    }
    if let Some(b) = given(v.boolean)? {
        return Ok(Val::Bool(b));
    }
    if let Some(i) = given(v.int)? {
        return Ok(Val::Int(i.0));
    }
    if let Some(d) = given(v.double)? {
        return Ok(Val::Double(d));
    }
    if let Some(s) = given(v.bytes)? {
        return bounded(s).map(Val::Str);
    }
    if let Some(a) = given(v.array)? {
        return a
            .0
            .into_iter()
            .map(|x| any_value(x, depth + 1))
            .collect::<Result<_, _>>()
            .map(|items| Val::Tree(Value::Array(items)));
    }
    if let Some(kv) = given(v.kvlist)? {
        let mut m = Map::new();
        for item in kv.0 {
            let (k, v) = key_value(item, depth + 1)?;
            m.insert(k.into_owned(), v.into_value());
        }
        return Ok(Val::Tree(Value::Object(m)));
    }
    if v.unknown > 0 {
        return Err(());
    }
    Ok(Val::Null)
}

/// As `any_value` of the tree reader: the AnyValue as plain JSON.
fn any_value(v: AnyValue<'_>, depth: usize) -> Result<Value, ()> {
    val(v, depth).map(Val::into_value)
}

fn key_value(kv: KeyValue<'_>, depth: usize) -> Result<(Cow<'_, str>, Val<'_>), ()> {
    let key = given(kv.key)?.ok_or(())?.0;
    if key.is_empty() || key.len() > MAX_KEY_BYTES {
        return Err(());
    }
    let value = match nullable(kv.value) {
        None => Val::Null,
        Some(v) => val(v, depth)?,
    };
    Ok((key, value))
}

/// The resource's `service.name`, as the tree reader finds it: the first attribute of that key.
fn service(resource: Option<Resource<'_>>) -> Option<String> {
    let attrs = nullable(resource?.attributes)?;
    let kv = attrs
        .into_iter()
        .find(|kv| matches!(&kv.key, Some(Some(k)) if k.0 == "service.name"))?;
    let s = nullable(nullable(kv.value)?.string)?.0;
    (s.len() <= MAX_KEY_BYTES).then(|| s.into_owned())
}

fn record(
    rec: Record<'_>,
    service: Option<&str>,
    received_at_ms: i64,
) -> Result<super::EventRow, ()> {
    let time_ns = given(rec.time)?
        .map(|t| t.0)
        .filter(|t| *t > 0)
        .and_then(|t| i64::try_from(t).ok())
        .ok_or(())?;
    let raw_attrs = nullable(rec.attributes).map_or_else(Vec::new, |a| a.0);
    if raw_attrs.len() > MAX_ATTRIBUTES_PER_RECORD {
        return Err(());
    }
    let attrs = raw_attrs
        .into_iter()
        .map(|kv| key_value(kv, 0))
        .collect::<Result<Vec<_>, ()>>()?;
    let body = match nullable(rec.body) {
        None => Body::Absent,
        Some(b) => Body::Value(any_value(b, 0)?),
    };
    let event_name = nullable(rec.event_name);
    build_row(
        time_ns,
        event_name.as_ref().map(|s| s.0.as_ref()),
        body,
        Sorted::new(attrs),
        service,
        received_at_ms,
    )
    .map_err(|_| ())
}

/// The rows of a request every record of which is valid; `None`: let the tree reader decide.
pub(super) fn parse(body: &[u8], received_at_ms: i64) -> Option<Parsed> {
    // serde_json skips ignored strings without checking their UTF-8; the tree reader refuses
    // invalid UTF-8 anywhere (found by fast_path_equals_tree_reader_on_mutations).
    let text = std::str::from_utf8(body).ok()?;
    let root: Request<'_> = serde_json::from_str(text).ok()?;
    let mut parsed = Parsed::default();
    for rl in nullable(root.resource_logs).unwrap_or_default() {
        let service = service(nullable(rl.resource));
        for sl in nullable(rl.scope_logs).unwrap_or_default() {
            let records = nullable(sl.log_records).map_or_else(Vec::new, |r| r.0);
            parsed.rows.reserve(records.len());
            for rec in records {
                if parsed.rows.len() >= MAX_RECORDS_PER_REQUEST {
                    return None;
                }
                parsed
                    .rows
                    .push(record(rec, service.as_deref(), received_at_ms).ok()?);
            }
        }
    }
    Some(parsed)
}
