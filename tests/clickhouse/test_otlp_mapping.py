"""The OTLP → otel_logs mapping, one test per exporter rule (docs/clickhouse.md).
Run: .venv-chdb/bin/python -m unittest discover -s tests/clickhouse -p 'test_*.py'"""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from otlp_mapping import as_string, go_float, rows  # noqa: E402


def request(records, resource_attrs=None, resources=None):
    rl = resources or [
        {
            "resource": {"attributes": resource_attrs if resource_attrs is not None else [
                {"key": "service.name", "value": {"stringValue": "va-web"}}]},
            "scopeLogs": [{"scope": {"name": "va-rollout", "version": "0.1.0"}, "logRecords": records}],
        }
    ]
    return {"resourceLogs": rl}


def record(**kw):
    r = {"timeUnixNano": "1700000000123456789", "attributes": []}
    r.update(kw)
    return r


class AttributeValues(unittest.TestCase):
    def attr(self, value):
        [row] = rows(request([record(attributes=[{"key": "k", "value": value}])]))
        return row["LogAttributes"]["k"]

    def test_string_as_is(self):
        self.assertEqual(self.attr({"stringValue": "a b/ü"}), "a b/ü")

    def test_int_base_10_from_string_or_number(self):
        self.assertEqual(self.attr({"intValue": "-9007199254740993"}), "-9007199254740993")
        self.assertEqual(self.attr({"intValue": 404}), "404")

    def test_double_shortest_form(self):
        self.assertEqual(self.attr({"doubleValue": 12.5}), "12.5")
        self.assertEqual(self.attr({"doubleValue": 250.0}), "250")
        self.assertEqual(self.attr({"doubleValue": 0.1}), "0.1")
        self.assertEqual(self.attr({"doubleValue": 1e21}), "1e+21")
        self.assertEqual(self.attr({"doubleValue": 1e20}), "100000000000000000000")
        self.assertEqual(self.attr({"doubleValue": 1.25e-7}), "1.25e-7")
        self.assertEqual(self.attr({"doubleValue": "NaN"}), "json: unsupported value: NaN")

    def test_bool_true_false(self):
        self.assertEqual(self.attr({"boolValue": True}), "true")
        self.assertEqual(self.attr({"boolValue": False}), "false")

    def test_array_as_compact_json(self):
        v = {"arrayValue": {"values": [{"intValue": "1"}, {"doubleValue": 2.0}, {"stringValue": "<a&b>"}, {"boolValue": True}, {}]}}
        self.assertEqual(self.attr(v), '[1,2,"\\u003ca\\u0026b\\u003e",true,null]')

    def test_kvlist_as_json_sorted_keys(self):
        v = {"kvlistValue": {"values": [{"key": "z", "value": {"intValue": "1"}}, {"key": "a", "value": {"stringValue": "x\n"}}]}}
        self.assertEqual(self.attr(v), '{"a":"x\\n","z":1}')

    def test_bytes_base64_and_empty_value(self):
        self.assertEqual(self.attr({"bytesValue": "AQID"}), "AQID")
        self.assertEqual(self.attr({}), "")

    def test_duplicate_key_last_wins(self):
        attrs = [{"key": "k", "value": {"stringValue": "1"}}, {"key": "k", "value": {"stringValue": "2"}}]
        [row] = rows(request([record(attributes=attrs)]))
        self.assertEqual(row["LogAttributes"], {"k": "2"})


class Timestamps(unittest.TestCase):
    def test_time_unix_nano(self):
        [row] = rows(request([record(observedTimeUnixNano="1800000000000000000")]))
        self.assertEqual(row["Timestamp"], "1700000000.123456789")

    def test_missing_timestamp_uses_observed(self):
        [row] = rows(request([{"observedTimeUnixNano": "1700000001000000005"}]))
        self.assertEqual(row["Timestamp"], "1700000001.000000005")
        [row] = rows(request([{"timeUnixNano": "0", "observedTimeUnixNano": "5"}]))
        self.assertEqual(row["Timestamp"], "0.000000005")

    def test_no_timestamp_at_all_is_epoch(self):
        [row] = rows(request([{}]))
        self.assertEqual(row["Timestamp"], "0.000000000")


class Columns(unittest.TestCase):
    def test_event_name_column(self):
        [a, b] = rows(request([record(eventName="va_rollout.click"), record()]))
        self.assertEqual((a["EventName"], b["EventName"]), ("va_rollout.click", ""))
        self.assertNotIn("event.name", a["LogAttributes"])

    def test_body_as_string(self):
        [a, b, c] = rows(request([record(body={"stringValue": "sm.messages.send"}), record(body={"intValue": "7"}), record()]))
        self.assertEqual((a["Body"], b["Body"], c["Body"]), ("sm.messages.send", "7", ""))

    def test_resource_vs_log_attributes(self):
        res = [{"key": "service.name", "value": {"stringValue": "va-web"}}, {"key": "deployment.environment.name", "value": {"stringValue": "staging"}}]
        [row] = rows(request([record(attributes=[{"key": "session.id", "value": {"stringValue": "s1"}}])], resource_attrs=res))
        self.assertEqual(row["ServiceName"], "va-web")
        self.assertEqual(row["ResourceAttributes"], {"service.name": "va-web", "deployment.environment.name": "staging"})
        self.assertEqual(row["LogAttributes"], {"session.id": "s1"})
        self.assertEqual((row["ScopeName"], row["ScopeVersion"]), ("va-rollout", "0.1.0"))

    def test_service_name_only_from_a_string_and_carried_over(self):
        resources = [
            {"resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "first"}}]}, "scopeLogs": [{"logRecords": [record()]}]},
            {"resource": {"attributes": []}, "scopeLogs": [{"logRecords": [record()]}]},
            {"resource": {"attributes": [{"key": "service.name", "value": {"intValue": "3"}}]}, "scopeLogs": [{"logRecords": [record()]}]},
        ]
        self.assertEqual([r["ServiceName"] for r in rows({"resourceLogs": resources})], ["first", "first", ""])

    def test_trace_ids_and_severity(self):
        [a, b] = rows(request([
            record(traceId="5B8EFFF798038103D269B633813FC60C", spanId="EEE19B7EC3C1B174", flags=257, severityText="ERROR", severityNumber=17),
            record(traceId="00000000000000000000000000000000"),
        ]))
        self.assertEqual((a["TraceId"], a["SpanId"], a["TraceFlags"], a["SeverityText"], a["SeverityNumber"]),
                         ("5b8efff798038103d269b633813fc60c", "eee19b7ec3c1b174", 1, "ERROR", 17))
        self.assertEqual((b["TraceId"], b["SpanId"]), ("", ""))


class Floats(unittest.TestCase):
    def test_es6_cutoffs(self):
        self.assertEqual([go_float(x) for x in (0.0, -0.0, 1e-6, 1e-7, 1e16)], ["0", "-0", "0.000001", "1e-7", "10000000000000000"])

    def test_as_string_of_nothing(self):
        self.assertEqual(as_string(None), "")


if __name__ == "__main__":
    unittest.main()
