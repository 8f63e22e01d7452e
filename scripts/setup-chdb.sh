#!/usr/bin/env bash
# Installs the real ClickHouse engine for the ClickHouse tests: PyPI's chdb-core (pinned) into
# the repo's test virtual environment .venv-chdb/ (git-ignored), only when it is missing.
# tests/clickhouse/chdb_http_shim.py serves ClickHouse's HTTP interface over it; the collector's
# ClickHouse tests start that shim with .venv-chdb/bin/python. Safe to run again.
# VA_ROLLOUT_CHDB_VENV overrides the folder.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

CHDB_VERSION=26.9.0
VENV="${VA_ROLLOUT_CHDB_VENV:-$ROOT/.venv-chdb}"

section "setup: chdb-core $CHDB_VERSION in ${VENV#"$ROOT"/}"
if [ -x "$VENV/bin/python" ] \
  && [ "$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("chdb-core"))' 2>/dev/null)" = "$CHDB_VERSION" ]; then
  note "present"
  exit 0
fi
command -v python3 >/dev/null || die "python3 is needed for the chdb virtual environment"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "chdb-core==$CHDB_VERSION"
"$VENV/bin/python" -c 'import chdb; print("chdb", chdb.__version__)' \
  || die "chdb-core installed but does not import"
note "installed chdb-core $CHDB_VERSION"
