#!/usr/bin/env bash
# Install (first time) and run the whole test suite: unit, real-model integration and GUI.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh test
export QT_QPA_PLATFORM=offscreen
set +e
.venv/bin/python -m pytest "$@"
rc=$?
set -e
[ "$rc" -eq 5 ] && { echo "no tests were collected" >&2; exit 1; }
exit "$rc"
