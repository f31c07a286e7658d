#!/usr/bin/env bash
# The llama.cpp build (the same wheel the bundle ships) on processors older than this one: a
# benchmark-style check, too slow for CI. Under qemu-user emulating CPU models without AVX-512
# (Debian's qemu-user), the venv's Python loads the bundled model in-process and decodes a few
# tokens; it prints which CPU kernels ggml picked. A build that carried AVX-512 or AMX code in
# a path it takes would die with SIGILL here.
#   bash tests/bench/bundle_old_cpu.sh [CPU_MODEL ...]     (default: Nehalem Haswell)
# Why not the bundle itself: PyInstaller's bootloader starts the app in a new process, which
# qemu-user does not follow, so the bundle would run natively (seen: zen4 kernels, 2 s).
set -euo pipefail
cd "$(dirname "$0")/../.."
cpus=("$@")
[ ${#cpus[@]} -gt 0 ] || cpus=(Nehalem Haswell)
command -v qemu-x86_64 >/dev/null || { echo "needs qemu-user: apt-get install qemu-user" >&2; exit 2; }
echo "host CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs)"
echo "qemu: $(qemu-x86_64 --version | head -1)"
probe='
from gradsum.core.engine import CancelToken, Request, Sampling
from gradsum.models.bundled import bundled_model_path
from gradsum.models.ggml_backends import cpu_variant
from gradsum.models.llama_engine import LlamaEngine
e = LlamaEngine(bundled_model_path(), n_ctx=256, threads=1)
r = e.generate_many([Request.chat("Say hello.", sampling=Sampling(max_tokens=6))], CancelToken())[0]
print("cpu kernels", cpu_variant(), "| tokens", r.completion_tokens, "|", repr(r.text))'
rc=0
for cpu in "${cpus[@]}"; do
  t0=$(date +%s)
  if out=$(timeout 1200 qemu-x86_64 -cpu "$cpu" .venv/bin/python -c "$probe" 2>/tmp/qemu-$cpu.err); then
    echo "-cpu $cpu: $out ($(( $(date +%s) - t0 )) s)"
  else
    echo "-cpu $cpu: FAILED"; tail -5 "/tmp/qemu-$cpu.err"; rc=1
  fi
done
exit $rc
