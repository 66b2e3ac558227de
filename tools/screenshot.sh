#!/usr/bin/env bash
# tools/screenshot.sh: renders an HTML digest with headless Chromium (Debian
# package `chromium`) at desktop and phone widths, light and dark, and saves
# four PNG files.
# Usage: tools/screenshot.sh [PAGE.html [OUTDIR]]
#   Without PAGE, makes the --daily HTML digest of the bundled corpus with
#   build/summarizer.  OUTDIR defaults to docs/.
#   Writes OUTDIR/digest-{1200,400}-{light,dark}.png.
set -euo pipefail
cd "$(dirname "$0")/.."

out=${2:-docs}
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "screenshot: needs chromium (apt-get install chromium)" >&2
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
page=${1:-}
if [ -z "$page" ]; then
  page=$tmp/digest.html
  build/summarizer digest --daily --format html -o "$page" corpus/
fi
mkdir -p "$out"
# Page height shown: enough for the header, the contents and the first
# briefings at either width.
height=2000
for width in 1200 400; do
  for scheme in light dark; do
    # Blink's preferredColorScheme: 0 dark, 1 light.
    pref=1
    [ "$scheme" = dark ] && pref=0
    "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
      --user-data-dir="$tmp/profile" \
      --blink-settings=preferredColorScheme=$pref \
      --window-size="$width,$height" \
      --screenshot="$out/digest-$width-$scheme.png" \
      "file://$(realpath "$page")" >/dev/null 2>&1
    echo "screenshot: $out/digest-$width-$scheme.png" >&2
  done
done
