#!/usr/bin/env python3
"""ClickHouse's HTTP interface on 127.0.0.1, served over chdb (the ClickHouse engine in process).

The shim is only the HTTP framing: it takes the query from the POST body and/or `?query=`,
checks `X-ClickHouse-User` / `X-ClickHouse-Key` (or `?user=` / `?password=`) against the
configured credentials, applies `?database=`, `?param_<name>=` query parameters (bound by the
engine) and other `?setting=value` parameters, runs the
query in one persistent chdb session (MergeTree tables persist across requests), and answers
the way ClickHouse does: 200 with the result and `X-ClickHouse-Format` / `X-ClickHouse-Summary`,
or 500 with `X-ClickHouse-Exception-Code` and the exception text in the body. Parsing, planning,
MergeTree, Map, window and aggregate functions are the real engine's.

It stops by itself after --idle-timeout seconds without a request, or on GET/POST /shutdown.
Prints `LISTENING http://127.0.0.1:PORT` (stdout, flushed) when ready.
"""

import argparse
import json
import re
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from chdb import session as chdb_session

# URL parameters that are not settings.
NOT_SETTINGS = {"query", "database", "user", "password", "default_format", "query_id"}
SETTING_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
FORMAT_CLAUSE = re.compile(r"\bFORMAT\s+([A-Za-z]+)\s*;?\s*$", re.IGNORECASE)
EXCEPTION_CODE = re.compile(r"Code:\s*(\d+)")
# ClickHouse's codes for the failures the shim itself detects.
AUTHENTICATION_FAILED = 516
SYNTAX_ERROR = 62
MAX_BODY_BYTES = 64 * 1024 * 1024


class Engine:
    """One chdb session, one query at a time (chdb sessions are not re-entrant)."""

    def __init__(self, path):
        self.session = chdb_session.Session(path)
        self.lock = threading.Lock()

    def run(self, sql, database, settings, fmt, params=None):
        """Runs `sql` with per-request `settings` (restored afterwards: a chdb session keeps
        SET values, ClickHouse's HTTP interface applies them to one query only)."""
        with self.lock:
            if database:
                self.session.query(f"USE `{database}`")
            saved = {}
            try:
                for k, v in settings.items():
                    saved[k] = self.current(k)
                    self.session.query(f"SET {k} = {quote(v)}")
                return self.session.query(sql, fmt, params=params or None)
            finally:
                for k, v in saved.items():
                    if v is not None:
                        self.session.query(f"SET {k} = {quote(v)}")

    def current(self, name):
        r = self.session.query(
            f"SELECT value FROM system.settings WHERE name = {quote(name)}", "JSONEachRow"
        ).bytes()
        return json.loads(r)["value"] if r.strip() else None


def quote(v):
    if re.fullmatch(r"-?\d+(\.\d+)?", v):
        return v
    return "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'"


def make_handler(engine, user, password, server_state):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *args):  # quiet: the tests read stdout for LISTENING only
            pass

        def do_GET(self):
            self.handle_query(b"")

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY_BYTES:
                self.answer_error(SYNTAX_ERROR, "request body too large", 413)
                return
            self.handle_query(self.rfile.read(length) if length else b"")

        def handle_query(self, body):
            server_state["last"] = time.monotonic()
            url = urlsplit(self.path)
            if url.path == "/shutdown":
                self.answer(200, b"bye\n", {})
                threading.Thread(target=self.server.shutdown, daemon=True).start()
                return
            if url.path == "/ping":
                self.answer(200, b"Ok.\n", {})
                return
            params = {k: v[-1] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
            got_user = self.headers.get("X-ClickHouse-User") or params.get("user") or "default"
            got_key = self.headers.get("X-ClickHouse-Key") or params.get("password") or ""
            if got_user != user or got_key != password:
                self.answer_error(
                    AUTHENTICATION_FAILED,
                    f"Code: {AUTHENTICATION_FAILED}. DB::Exception: {got_user}: Authentication "
                    "failed: password is incorrect, or there is no user with such name. "
                    "(AUTHENTICATION_FAILED)",
                    403,
                )
                return
            sql = (params.get("query", "") + "\n" + body.decode("utf-8", "replace")).strip()
            if not sql:
                self.answer_error(SYNTAX_ERROR, "Code: 62. DB::Exception: Empty query. (SYNTAX_ERROR)", 400)
                return
            fmt = params.get("default_format") or "TabSeparated"
            m = FORMAT_CLAUSE.search(sql)
            if m:
                fmt = m.group(1)
                sql = sql[: m.start()].rstrip()
            # `param_<name>`: query parameters, bound by the engine ({name:Type} in the SQL).
            bound = {k[6:]: v for k, v in params.items() if k.startswith("param_")}
            settings = {
                k: v
                for k, v in params.items()
                if k not in NOT_SETTINGS and not k.startswith("param_") and SETTING_NAME.match(k)
            }
            started = time.monotonic()
            try:
                result = engine.run(sql, params.get("database"), settings, fmt, bound)
            except Exception as e:  # chdb raises ChdbError/RuntimeError with ClickHouse's text
                text = str(e).strip()
                code = EXCEPTION_CODE.search(text)
                self.answer_error(int(code.group(1)) if code else 1002, text, 500)
                return
            elapsed_ns = int((time.monotonic() - started) * 1e9)
            summary = {
                "read_rows": str(result.rows_read()),
                "read_bytes": str(result.bytes_read()),
                "written_rows": str(getattr(result, "rows_written", lambda: 0)()),
                "written_bytes": str(getattr(result, "bytes_written", lambda: 0)()),
                "total_rows_to_read": str(result.rows_read()),
                "result_rows": "0",
                "result_bytes": str(len(result.bytes())),
                "elapsed_ns": str(elapsed_ns),
            }
            self.answer(
                200,
                result.bytes(),
                {
                    "X-ClickHouse-Format": fmt,
                    "X-ClickHouse-Summary": json.dumps(summary, separators=(",", ":")),
                    "X-ClickHouse-Server-Display-Name": "chdb-http-shim",
                },
            )

        def answer_error(self, code, text, status):
            self.answer(
                status,
                (text.rstrip() + "\n").encode(),
                {"X-ClickHouse-Exception-Code": str(code)},
            )

        def answer(self, status, body, headers):
            self.send_response(status)
            ctype = "text/plain; charset=UTF-8"
            if headers.get("X-ClickHouse-Format") in ("JSONEachRow", "JSON", "JSONCompact"):
                ctype = "application/x-ndjson; charset=UTF-8" if headers["X-ClickHouse-Format"] == "JSONEachRow" else "application/json; charset=UTF-8"
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)

    return Handler


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=0, help="0: any free port")
    ap.add_argument("--path", help="chdb data folder (default: a new temporary folder)")
    ap.add_argument("--user", default="default")
    ap.add_argument("--password", default="")
    ap.add_argument("--idle-timeout", type=float, default=120.0, help="seconds without a request")
    ap.add_argument("--init-sql", action="append", default=[], help="file of ;-separated statements run first")
    args = ap.parse_args()

    path = args.path or tempfile.mkdtemp(prefix="chdb-shim-")
    engine = Engine(path)
    for f in args.init_sql:
        with open(f, encoding="utf-8") as fh:
            for stmt in split_statements(fh.read()):
                engine.run(stmt, None, {}, "TabSeparated")
    state = {"last": time.monotonic()}
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(engine, args.user, args.password, state))
    server.daemon_threads = True

    def watchdog():
        while True:
            time.sleep(0.2)
            if time.monotonic() - state["last"] > args.idle_timeout:
                server.shutdown()
                return

    threading.Thread(target=watchdog, daemon=True).start()
    print(f"LISTENING http://127.0.0.1:{server.server_address[1]}", flush=True)
    server.serve_forever(poll_interval=0.1)
    server.server_close()


def split_statements(text):
    """`;`-separated statements of a DDL file (comments `--` to end of line dropped)."""
    lines = [l for l in text.splitlines() if not l.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


if __name__ == "__main__":
    sys.exit(main())
