//! The VAOS endpoint builder: arbitrary operations, ids, params and table overrides never produce
//! a URL outside the row's template (see `va_rollout_fuzz::url::check_vaos_url`). Input lines:
//! the operation (a name, or a number picking a row), then `key=value` (`key=@a|b` for a list)
//! and `+op<TAB>category<TAB>METHOD template<TAB>METHOD template` table overrides.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use va_rollout_core::routing::{
    EndpointError, Method, ParamValue, RowOverride, System, TemplateSpec, VaosTable,
};
use va_rollout_core::vecmap::VecMap;
use va_rollout_fuzz::text::{fields, lossy};
use va_rollout_fuzz::url::check_vaos_url;

fn spec(cell: &str) -> Option<TemplateSpec> {
    let (method, path) = cell.split_once(' ')?;
    let method = match method {
        "GET" => Method::Get,
        "POST" => Method::Post,
        "PUT" => Method::Put,
        "PATCH" => Method::Patch,
        "DELETE" => Method::Delete,
        _ => return None,
    };
    Some(TemplateSpec {
        method,
        path: path.to_string(),
    })
}

/// The VA.gov table, parsed once (its templates are constants; each input starts from a copy).
fn default_table() -> VaosTable {
    static TABLE: OnceLock<VaosTable> = OnceLock::new();
    TABLE.get_or_init(VaosTable::default).clone()
}

fuzz_target!(|data: &[u8]| {
    let text = lossy(data);
    let mut lines = text.lines();
    let op_line = lines.next().unwrap_or("").to_string();
    let mut params = VecMap::new();
    let mut overrides = VecMap::new();
    for line in lines.take(80) {
        if let Some(row) = line.strip_prefix('+') {
            let f = fields(row, 4);
            let entry = RowOverride {
                category: (!f[1].is_empty()).then(|| f[1].to_string()),
                vaos_service: spec(f[2]),
                legacy: spec(f[3]),
            };
            overrides.insert(f[0].to_string(), entry);
        } else if let Some((k, v)) = line.split_once('=') {
            let value = match v.strip_prefix('@') {
                Some(list) => ParamValue::List(list.split('|').map(str::to_string).collect()),
                None => ParamValue::Str(v.to_string()),
            };
            params.insert(k.to_string(), value);
        }
    }
    let table = match default_table().with_overrides(overrides) {
        Ok(t) => t,
        Err(e) => {
            assert!(!e.to_string().is_empty());
            default_table()
        }
    };
    let ops: Vec<String> = table.operations().map(str::to_string).collect();
    let op = match op_line.trim().parse::<usize>() {
        Ok(i) if !ops.is_empty() => ops[i % ops.len()].clone(),
        _ => op_line,
    };
    for system in [System::VaosService, System::Legacy] {
        match table.endpoint(&op, &params, system) {
            Ok(ep) => {
                let row = table
                    .row(&op)
                    .expect("an endpoint for an unknown operation");
                let template = row.template(system);
                assert_eq!(ep.method, template.method);
                assert_eq!(ep.system, system);
                assert_eq!(
                    (ep.operation.as_str(), ep.category.as_str()),
                    (op.as_str(), row.category.as_str())
                );
                check_vaos_url(&ep.url, template.source());
            }
            Err(e) => {
                assert!(!e.to_string().is_empty());
                if table.row(&op).is_none() {
                    assert!(matches!(e, EndpointError::UnknownOperation { .. }));
                }
            }
        }
    }
});
