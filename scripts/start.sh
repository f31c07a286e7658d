#!/usr/bin/env bash
# Install (first time) and start the desktop app on the demo project and the bundled model.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh gui
# Qt aborts with a message that names no package when the window's system libraries are
# missing: check them first and print the command that installs them
if [ "$(uname)" = Linux ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  .venv/bin/gradsum doctor --qt-libs || exit 1
fi
exec .venv/bin/gradsum-studio "$@"
