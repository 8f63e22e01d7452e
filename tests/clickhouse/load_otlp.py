#!/usr/bin/env python3
"""Loads OTLP/HTTP JSON log request bodies (as the SDK sends them) into ClickHouse's
`otel_logs` table over ClickHouse's HTTP interface, mapped exactly as the OpenTelemetry
Collector's ClickHouse exporter maps them (otlp_mapping.py; docs/clickhouse.md).

  load_otlp.py --url http://127.0.0.1:PORT [--database default] [--table otel_logs] FILE...

Each FILE holds one request body (a JSON object) or one body per line (NDJSON); `-` is stdin.
Credentials: CLICKHOUSE_USER / CLICKHOUSE_PASSWORD. Prints `loaded N rows`. Duplicated records
(the SDK's resends) are loaded as often as they occur, as the exporter would.
"""

import argparse
import json
import os
import sys
import urllib.error
import urllib.request
from urllib.parse import urlencode

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from otlp_mapping import rows  # noqa: E402

MAX_ROWS_PER_INSERT = 10_000


def bodies(text):
    """One JSON body, or NDJSON bodies."""
    text = text.strip()
    if not text:
        return []
    try:
        return [json.loads(text)]
    except json.JSONDecodeError:
        return [json.loads(line) for line in text.splitlines() if line.strip()]


def insert(url, database, table, batch, user=None, password=None, timeout=60):
    sql = f"INSERT INTO `{database}`.`{table}` FORMAT JSONEachRow\n"
    data = (sql + "\n".join(json.dumps(r, ensure_ascii=False) for r in batch)).encode()
    headers = {"Content-Type": "text/plain; charset=UTF-8"}
    if user:
        headers["X-ClickHouse-User"] = user
    if password:
        headers["X-ClickHouse-Key"] = password
    req = urllib.request.Request(url.rstrip("/") + "/?" + urlencode({"database": database}), data=data, headers=headers)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(req, timeout=timeout) as resp:
            resp.read()
    except urllib.error.HTTPError as e:
        raise SystemExit(f"insert failed: HTTP {e.code} code {e.headers.get('X-ClickHouse-Exception-Code')}: {e.read().decode(errors='replace').strip()}")


def load(url, database, table, texts, user=None, password=None):
    batch, n = [], 0
    for text in texts:
        for body in bodies(text):
            for r in rows(body):
                batch.append(r)
                if len(batch) >= MAX_ROWS_PER_INSERT:
                    insert(url, database, table, batch, user, password)
                    n += len(batch)
                    batch = []
    if batch:
        insert(url, database, table, batch, user, password)
        n += len(batch)
    return n


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", required=True)
    ap.add_argument("--database", default="default")
    ap.add_argument("--table", default="otel_logs")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    texts = []
    for f in a.files:
        with (sys.stdin if f == "-" else open(f, encoding="utf-8")) as fh:
            texts.append(fh.read())
    n = load(a.url, a.database, a.table, texts, os.environ.get("CLICKHOUSE_USER"), os.environ.get("CLICKHOUSE_PASSWORD"))
    print(f"loaded {n} rows")


if __name__ == "__main__":
    main()
