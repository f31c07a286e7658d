#!/usr/bin/env bash
# Interface translations (Qt Linguist). `update` refreshes the .ts sources from the code (new
# strings arrive as unfinished, removed ones are dropped); `build` compiles them to the .qm files
# the app loads. install.sh and packaging/build.sh run `build`.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${PYSIDE_BIN:-.venv/bin}"
[ -d "$bin" ] || bin=.venv/Scripts  # Windows (Git Bash)
case "${1:-build}" in
  update) for ts in desktop/i18n/*.ts; do
            # English's file holds only the plural forms ("%n iteration(s)": 1 iteration)
            only=""; [ "$(basename "$ts")" = gradsum_en.ts ] && only=-pluralonly
            "$bin/pyside6-lupdate" desktop/*.py -ts "$ts" -no-obsolete -locations none $only
          done ;;
  build) for ts in desktop/i18n/*.ts; do
           "$bin/pyside6-lrelease" -silent "$ts" -qm "${ts%.ts}.qm"
         done ;;
  *) echo "usage: $0 update|build" >&2; exit 2 ;;
esac
