"""OTLP/HTTP JSON log records → `otel_logs` rows, the way the OpenTelemetry Collector's
ClickHouse exporter writes them (exporter/clickhouseexporter; see docs/clickhouse.md for the
version read). Pure: no I/O. Each rule is tested on its own in test_otlp_mapping.py.

Rules:
- Every attribute value (resource, scope, log) and the body become a string by pdata's
  `Value.AsString`: string as is; int base 10; double in the shortest round-trip form, fixed
  notation unless |x| < 1e-6 or >= 1e21 (then `1e-7`, `1e+21`); bool `true`/`false`; bytes
  standard base64; array and kvlist as compact JSON (keys sorted, `<>&` escaped as Go's
  encoding/json does); the empty value (and a missing body) "".
- Timestamp: `timeUnixNano`, or `observedTimeUnixNano` when the former is 0 or absent.
- ServiceName: the resource's `service.name` when it is a string value ("" for another type).
  Like the exporter, the value carries over to a later resource that has none.
- EventName: the record's `eventName` ("" when absent).
- TraceId / SpanId: lower-case hex, "" when absent or all zero. TraceFlags: `flags` & 0xFF.
- A key given twice keeps the last value (the exporter builds a Go map).
"""

import base64
import math
from decimal import Decimal

# Go's encoding/json escapes these inside strings (HTML safety) and U+2028/2029.
_GO_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def go_float(f):
    """pdata's float64AsString: ES6 number-to-string (shortest round-trip digits; fixed
    notation unless |f| < 1e-6 or |f| >= 1e21)."""
    if math.isnan(f):
        return "json: unsupported value: NaN"
    if math.isinf(f):
        return "json: unsupported value: " + ("+Inf" if f > 0 else "-Inf")
    d = Decimal(repr(f)).normalize()  # repr: Python's shortest round-trip digits
    a = abs(f)
    if a != 0 and (a < 1e-6 or a >= 1e21):
        sign, digits, exp = d.as_tuple()
        ds = "".join(map(str, digits))
        e10 = exp + len(ds) - 1
        mant = ds[0] + ("." + ds[1:] if len(ds) > 1 else "")
        return ("-" if sign else "") + mant + "e" + ("-" if e10 < 0 else "+") + str(abs(e10))
    return format(d, "f")


def _go_json_string(s):
    out = ['"']
    for ch in s:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20:
            out.append("\\u%04x" % ord(ch))
        elif ch in _GO_ESCAPES:
            out.append(_GO_ESCAPES[ch])
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _scalar(v):
    """The text of a bool, int or float as both AsString and encoding/json write it (None for
    other values)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return go_float(v)
    return None


def _go_json(v):
    """Go's json.Marshal of pdata's AsRaw() value (compact, map keys sorted)."""
    if v is None:
        return "null"
    if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
        raise ValueError("unsupported float")
    if _scalar(v) is not None:
        return _scalar(v)
    if isinstance(v, bytes):
        return _go_json_string(base64.b64encode(v).decode())
    if isinstance(v, str):
        return _go_json_string(v)
    if isinstance(v, list):
        return "[" + ",".join(_go_json(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ",".join(_go_json_string(k) + ":" + _go_json(v[k]) for k in sorted(v)) + "}"
    raise TypeError(type(v))


def _double(d):
    # protojson may write a double as a string, and non-finite ones as "NaN" / "Infinity".
    return float({"Infinity": "inf", "-Infinity": "-inf"}.get(d, d)) if isinstance(d, str) else float(d)


def raw(any_value):
    """An OTLP JSON AnyValue → pdata's AsRaw() (Python)."""
    if not isinstance(any_value, dict) or not any_value:
        return None
    if "stringValue" in any_value:
        return str(any_value["stringValue"])
    if "boolValue" in any_value:
        return bool(any_value["boolValue"])
    if "intValue" in any_value:
        return int(any_value["intValue"])
    if "doubleValue" in any_value:
        return _double(any_value["doubleValue"])
    if "bytesValue" in any_value:
        return base64.b64decode(any_value["bytesValue"])
    if "arrayValue" in any_value:
        return [raw(x) for x in (any_value["arrayValue"] or {}).get("values") or []]
    if "kvlistValue" in any_value:
        return {kv["key"]: raw(kv.get("value")) for kv in (any_value["kvlistValue"] or {}).get("values") or []}
    return None


def as_string(any_value):
    """pdata's Value.AsString of an OTLP JSON AnyValue."""
    v = raw(any_value)
    if v is None:
        return ""
    if _scalar(v) is not None:
        return _scalar(v)
    if isinstance(v, bytes):
        return base64.b64encode(v).decode()
    if isinstance(v, str):
        return v
    try:
        return _go_json(v)
    except ValueError:  # json.Marshal fails on NaN/Inf inside; the exporter ignores the error
        return ""


def attributes(kvs):
    """An OTLP attribute list → the exporter's Map(String, String) (last duplicate wins)."""
    return {kv["key"]: as_string(kv.get("value")) for kv in kvs or []}


def _hex_id(s):
    s = (s or "").lower()
    return "" if not s or set(s) == {"0"} else s


def _nanos(v):
    return int(v) if v not in (None, "") else 0


def timestamp(nanos):
    """Nanoseconds → the `seconds.nanoseconds` text ClickHouse reads into DateTime64(9)."""
    return f"{nanos // 1_000_000_000}.{nanos % 1_000_000_000:09d}"


def rows(request):
    """An ExportLogsServiceRequest (parsed JSON) → otel_logs rows (dicts of column values)."""
    out = []
    service_name = ""  # carries over between resources, as in the exporter
    for rl in request.get("resourceLogs") or []:
        res = rl.get("resource") or {}
        res_attrs = attributes(res.get("attributes"))
        for kv in res.get("attributes") or []:
            if kv.get("key") == "service.name":
                v = kv.get("value") or {}
                service_name = v["stringValue"] if "stringValue" in v else ""
        for sl in rl.get("scopeLogs") or []:
            scope = sl.get("scope") or {}
            for rec in sl.get("logRecords") or []:
                ts = _nanos(rec.get("timeUnixNano")) or _nanos(rec.get("observedTimeUnixNano"))
                out.append(
                    {
                        "Timestamp": timestamp(ts),
                        "TraceId": _hex_id(rec.get("traceId")),
                        "SpanId": _hex_id(rec.get("spanId")),
                        "TraceFlags": int(rec.get("flags") or 0) & 0xFF,
                        "SeverityText": rec.get("severityText") or "",
                        "SeverityNumber": int(rec.get("severityNumber") or 0) & 0xFF,
                        "ServiceName": service_name,
                        "Body": as_string(rec.get("body")),
                        "ResourceSchemaUrl": rl.get("schemaUrl") or "",
                        "ResourceAttributes": res_attrs,
                        "ScopeSchemaUrl": sl.get("schemaUrl") or "",
                        "ScopeName": scope.get("name") or "",
                        "ScopeVersion": scope.get("version") or "",
                        "ScopeAttributes": attributes(scope.get("attributes")),
                        "LogAttributes": attributes(rec.get("attributes")),
                        "EventName": rec.get("eventName") or "",
                    }
                )
    return out
