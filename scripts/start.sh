#!/usr/bin/env bash
# Install (first time) and start the desktop app on the demo project and the bundled model.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh gui
exec .venv/bin/gradsum-studio "$@"
