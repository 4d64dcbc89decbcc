#!/usr/bin/env bash
# Regenerates the app icons in icons/ from icons/valet.svg with the Tauri CLI (ui/ devDependency):
# RGBA PNGs (32x32, 64x64, 128x128, 128x128@2x, icon.png at 512), icon.ico and icon.icns.
# Run from anywhere after `npm ci` in ui/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
(cd "$root/ui" && npx --no-install tauri icon "$here/valet.svg" --output "$out")
for f in 32x32.png 64x64.png 128x128.png 128x128@2x.png icon.png icon.ico icon.icns; do
  cp "$out/$f" "$here/$f"
done
echo "icons written to $here"
