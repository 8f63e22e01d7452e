#!/usr/bin/env python3
"""Report latency on ClickHouse (chdb, the real engine in process) for scripts/collector-bench.sh.

  bench_report.py load CHDB_DIR TSV      creates otel_logs (deploy/clickhouse/otel_logs.sql) in
                                         CHDB_DIR and inserts the TSV of collector/examples/
                                         bench_gen.rs (every resent copy included); prints rows.
  bench_report.py time CHDB_DIR SQL_DIR [--repeat N] [--from-ms A --to-ms B] [--only q1,q2]
                                         runs every report query (written by the clickhouse_sql
                                         example, `LIMIT 1 BY` dedup included) over all time, or
                                         over [A, B) (bound as collector/src/clickhouse/sql.rs's
                                         Span::params binds it), or only the named queries (a
                                         plan guardrail read: totals,latency), best of N each;
                                         prints `total_ms` and one line per query.

The total is the queries run one after another in one session: the collector sends them
concurrently, so a server with more cores answers the report in less.
"""

import argparse
import glob
import os
import sys
import time

from chdb import session as chdb_session

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from chdb_http_shim import split_statements  # noqa: E402

# The exporter's columns the generator fills; the rest take their defaults.
INSERT = """INSERT INTO `default`.`otel_logs` (Timestamp, ServiceName, Body, LogAttributes, EventName)
SELECT fromUnixTimestamp64Nano(ts), 'vets-website', body,
       CAST(JSONExtract(attrs, 'Map(String, String)') AS Map(LowCardinality(String), String)), ev
FROM file({path:String}, 'TabSeparated', 'ts Int64, body String, attrs String, ev String')"""

# The queries' parameters (collector/src/clickhouse/sql.rs): the table and an all-time window.
PARAMS = {
    "db": "default",
    "table": "otel_logs",
    "from_ns": "0",
    "to_ns": str((2**63 - 1) // 1_000_000 * 1_000_000),
    "from_s": "0",
    "to_s": str(2**32 - 1),
    "variant_attr": "va_rollout.flag.mhv_secure_messaging_curated_list_flow",
}


def load(a):
    s = chdb_session.Session(a.chdb_dir)
    with open(os.path.join(HERE, "../../deploy/clickhouse/otel_logs.sql"), encoding="utf-8") as f:
        for stmt in split_statements(f.read()):
            s.query(stmt)
    # The generated events are dated 2025-12-31 (bench_gen's END_MS), older than the DDL's 90-day
    # TTL: with TTL merges running, ClickHouse drops whole parts while the load is still going
    # (a 10 M load kept 2,168,279 rows). The bench measures queries, not retention.
    s.query("SYSTEM STOP TTL MERGES `default`.`otel_logs`")
    s.query(INSERT, params={"path": os.path.abspath(a.tsv)})
    n = s.query("SELECT count() FROM `default`.`otel_logs`", "CSV").bytes().decode().strip()
    print(f"loaded {n} rows")


MAX_DATETIME_S = 2**32 - 1


def window_params(a):
    """PARAMS with the window [from_ms, to_ms) when given (Span::params)."""
    p = dict(PARAMS)
    if a.from_ms is not None:
        p["from_ns"], p["from_s"] = str(a.from_ms * 1_000_000), str(min(max(a.from_ms // 1000, 0), MAX_DATETIME_S))
    if a.to_ms is not None:
        p["to_ns"], p["to_s"] = str(a.to_ms * 1_000_000), str(min(max(a.to_ms // 1000, 0), MAX_DATETIME_S))
    return p


def timed(a):
    s = chdb_session.Session(a.chdb_dir)
    params = window_params(a)
    only = set(a.only.split(",")) if a.only else None
    rows, total = [], 0.0
    for path in sorted(glob.glob(os.path.join(a.sql_dir, "*.sql"))):
        if only is not None and os.path.basename(path)[:-4] not in only:
            continue
        with open(path, encoding="utf-8") as f:
            sql = f.read()
        best = None
        for _ in range(a.repeat):
            t = time.perf_counter()
            s.query(sql, "JSONEachRow", params=params)
            ms = (time.perf_counter() - t) * 1000
            best = ms if best is None else min(best, ms)
        rows.append((os.path.basename(path)[:-4], best))
        total += best
    print(f"total_ms {total:.0f}")
    for name, ms in rows:
        print(f"  {name:24} {ms:8.0f} ms")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("load")
    p.add_argument("chdb_dir")
    p.add_argument("tsv")
    p = sub.add_parser("time")
    p.add_argument("chdb_dir")
    p.add_argument("sql_dir")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--from-ms", type=int)
    p.add_argument("--to-ms", type=int)
    p.add_argument("--only", help="comma-separated query names")
    a = ap.parse_args()
    load(a) if a.cmd == "load" else timed(a)


if __name__ == "__main__":
    main()
