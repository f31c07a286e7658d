#!/usr/bin/env bash
# Adds GradSum Studio to the desktop's application menu for this user (no root needed):
# run it from the unpacked bundle folder. Undo with: rm ~/.local/share/applications/gradsum-studio.desktop
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
icons="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/256x256/apps"
mkdir -p "$apps" "$icons"
cp "$here/gradsum-studio.png" "$icons/gradsum-studio.png"
sed "s|^Exec=gradsum-studio|Exec=\"$here/gradsum-studio\"|" "$here/gradsum-studio.desktop" \
  > "$apps/gradsum-studio.desktop"
echo "added $apps/gradsum-studio.desktop"
