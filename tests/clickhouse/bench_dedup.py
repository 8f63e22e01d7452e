#!/usr/bin/env python3
"""What counting each va_rollout.event.id once costs in ClickHouse (chdb, the real engine).

Generates N otel_logs rows shaped like the SDK's events (DDL: deploy/clickhouse/otel_logs.sql),
a share of them resent (duplicated), then runs each report query from SQL_DIR (written by
`cargo run -p va-rollout-collector --example clickhouse_sql -- SQL_DIR`) with its
`LIMIT 1 BY` dedup and without it, best of 3, and prints one line per query:
  name  dedup_ms  plain_ms  ratio
  bench_dedup.py SQL_DIR [--rows 1000000] [--dup-share 0.1]
"""

import argparse
import glob
import os
import sys
import tempfile
import time

from chdb import session as chdb_session

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from chdb_http_shim import split_statements  # noqa: E402

GEN = """
INSERT INTO `default`.`otel_logs` (Timestamp, ServiceName, Body, LogAttributes, EventName)
SELECT
    now64(9) - toIntervalMillisecond(3600000 - intDiv(n * 3600000, {rows})) AS Timestamp,
    'vets-website',
    ['sm.messages.send', 'vaos.appointments', 'sm.recipients', 'panel'][1 + n % 4],
    map('va_rollout.event.id', concat('e', toString(n)),
        'session.id', concat('s', toString(intDiv(n, 20))),
        'va_rollout.flag.mhv_secure_messaging_curated_list_flow', if(intDiv(n, 20) % 2 = 0, 'true', 'false'),
        'va_rollout.flow', if(n % 3 = 0, 'curated', ''),
        'http.response.status_code', if(n % 50 = 0, '503', if(n % 7 = 0, '500', '200')),
        'va_rollout.duration_ms', toString(round(50 + (cityHash64(n) % 500000) / 100, 2)),
        'va_rollout.transition.from', '/my-health/secure-messages/new-message/recent/',
        'va_rollout.transition.to', '/my-health/secure-messages/new-message/start-message/'),
    ['va_rollout.timing', 'va_rollout.error', 'va_rollout.click', 'va_rollout.transition'][1 + cityHash64(n, 1) % 4]
FROM (SELECT number AS n FROM numbers({rows}) UNION ALL SELECT number AS n FROM numbers({dups}))
"""


DEDUP = "LIMIT 1 BY LogAttributes['va_rollout.event.id']"


# The queries' parameters (collector/src/clickhouse/sql.rs): the table and an all-time window.
PARAMS = {"db": "default", "table": "otel_logs", "from_ns": "0", "to_ns": str(2**63 - 1), "from_s": "0", "to_s": str(2**32 - 1)}


def best_of(s, sql, n=3):
    times = []
    for _ in range(n):
        t = time.perf_counter()
        s.query(sql, "JSONEachRow", params=PARAMS)
        times.append((time.perf_counter() - t) * 1000)
    return min(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("sql_dir")
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--dup-share", type=float, default=0.1)
    a = ap.parse_args()
    s = chdb_session.Session(tempfile.mkdtemp(prefix="chdb-bench-"))
    with open(os.path.join(HERE, "../../deploy/clickhouse/otel_logs.sql"), encoding="utf-8") as f:
        for stmt in split_statements(f.read()):
            s.query(stmt)
    dups = int(a.rows * a.dup_share)
    t = time.perf_counter()
    s.query(GEN.format(rows=a.rows, dups=dups))
    print(f"loaded {a.rows} events + {dups} resent copies in {time.perf_counter() - t:.1f} s")
    print(f"{'query':24} {'dedup_ms':>9} {'plain_ms':>9} {'ratio':>6}")
    for path in sorted(glob.glob(os.path.join(a.sql_dir, "*.sql"))):
        with open(path, encoding="utf-8") as f:
            sql = f.read()
        plain = sql.replace(DEDUP, "")
        assert plain != sql, f"{path}: no {DEDUP}"
        d, p = best_of(s, sql), best_of(s, plain)
        print(f"{os.path.basename(path)[:-4]:24} {d:9.0f} {p:9.0f} {d / p:6.2f}")


if __name__ == "__main__":
    main()
