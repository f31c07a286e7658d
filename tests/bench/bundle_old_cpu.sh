#!/usr/bin/env bash
# The bundle on processors older than the one it was built on (a benchmark-style check, too
# slow for CI): runs `gradsum-studio --self-test` under qemu-user emulating CPU models without
# AVX-512 (Debian's qemu-user). A bundle that carried AVX-512 or AMX code in a path it takes
# would die there with SIGILL; a good one picks the CPU kernels that CPU has and passes.
#   bash tests/bench/bundle_old_cpu.sh [BUNDLE_DIR] [CPU_MODEL ...]
# Default: dist/gradsum-studio (bash packaging/build.sh makes it), CPUs Nehalem (SSE4.2 only)
# and Haswell (AVX2, FMA). qemu-user emulates one process, so the model runs in the app's own
# process here (GRADSUM_ENGINE_IN_PROCESS=1): a child would run natively, not emulated.
set -euo pipefail
cd "$(dirname "$0")/../.."
bundle="${1:-dist/gradsum-studio}"
shift || true
cpus=("$@")
[ ${#cpus[@]} -gt 0 ] || cpus=(Nehalem Haswell)
command -v qemu-x86_64 >/dev/null || { echo "needs qemu-user: apt-get install qemu-user" >&2; exit 2; }
[ -x "$bundle/gradsum-studio" ] || { echo "no bundle at $bundle: bash packaging/build.sh" >&2; exit 2; }
echo "host CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs)"
echo "qemu: $(qemu-x86_64 --version | head -1)"
rc=0
for cpu in "${cpus[@]}"; do
  echo "== -cpu $cpu"
  t0=$(date +%s)
  set +e
  out=$(GRADSUM_ENGINE_IN_PROCESS=1 QT_QPA_PLATFORM=offscreen HOME="$(mktemp -d)" \
        timeout 3000 qemu-x86_64 -cpu "$cpu" "$bundle/gradsum-studio" --self-test 2>/tmp/qemu-$cpu.err)
  code=$?
  set -e
  echo "$out" | grep '^{' || true
  echo "exit $code after $(( $(date +%s) - t0 )) s"
  if [ $code -ne 0 ]; then rc=1; tail -5 "/tmp/qemu-$cpu.err"; fi
done
exit $rc
