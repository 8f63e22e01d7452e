#!/usr/bin/env bash
# Lints every shell script of the repository with Debian's shellcheck (scripts/setup.sh installs it):
# scripts/*.sh, .ci/run and any other file outside node_modules/, target/ and .git/ that is named
# *.sh or starts with a sh/bash shebang. Sourced files are followed (-x, paths relative to the
# script). Every finding fails, info level included.
#   scripts/check-shell.sh            exit 0 when clean, 1 on any finding
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

command -v shellcheck >/dev/null || die "shellcheck not found (scripts/setup.sh installs Debian's shellcheck)"

SHEBANG='^#!(/usr/bin/env |/bin/|/usr/bin/)(ba)?sh([[:space:]]|$)'

# shell_scripts: the repository's shell scripts, one path a line, sorted.
shell_scripts() {
  find . \( -name node_modules -o -name target -o -name .git -o -name artifacts \) -prune -o -type f -print |
    sed 's#^\./##' | sort | while IFS= read -r f; do
      case "$f" in
        *.sh) echo "$f" ;;
        *) if head -n 1 "$f" 2>/dev/null | grep -qE "$SHEBANG"; then echo "$f"; fi ;;
      esac
    done
}

mapfile -t files < <(shell_scripts)
[ "${#files[@]}" -gt 0 ] || die "no shell scripts found"
section "shellcheck $(shellcheck --version | awk '/^version:/ {print $2}'): ${#files[@]} file(s)"
printf '    %s\n' "${files[@]}"
shellcheck --external-sources --source-path=SCRIPTDIR --severity=style "${files[@]}"
note "no findings"
