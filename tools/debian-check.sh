#!/usr/bin/env bash
# tools/debian-check.sh: builds the Debian packages (summarizer,
# libsummarizer0, libsummarizer-dev, summarizer-data) from a temporary copy
# of the working tree with `dpkg-buildpackage -us -uc -b`, then runs lintian
# on them.  Exits non-zero when the build fails or lintian reports an error.
# Installs debhelper, lintian and the build dependencies when missing (root
# or sudo).  Usage: tools/debian-check.sh [--keep DIR]  (DIR receives the
# .deb files and the logs).  Takes a few minutes: not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
keep=""
[ "${1:-}" = "--keep" ] && keep=${2:?--keep needs a directory}

sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
missing=()
for p in debhelper lintian fakeroot dpkg-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if ! dpkg-checkbuilddeps >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive $sudo apt-get build-dep -y -qq ./ >/dev/null
fi

version=$(dpkg-parsechangelog -S Version)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Searchable by everyone: some tests run the program as an unprivileged user.
chmod 755 "$tmp"
src=$tmp/summarizer-$version
mkdir "$src"
# The files git knows, as they are in the working tree (no build/).
git ls-files -z --cached --others --exclude-standard |
  while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
  tar --null -T - -cf - | tar -xf - -C "$src"

echo "debian-check: building in $src" >&2
if ! (cd "$src" && dpkg-buildpackage -us -uc -b) >"$tmp/build.log" 2>&1; then
  tail -40 "$tmp/build.log" >&2
  echo "debian-check: dpkg-buildpackage failed" >&2
  [ -z "$keep" ] || { mkdir -p "$keep"; cp "$tmp/build.log" "$keep/"; }
  exit 1
fi
ls "$tmp"/*.deb | xargs -n1 basename
status=0
lintian --fail-on error "$tmp"/*.changes >"$tmp/lintian.log" 2>&1 || status=$?
cat "$tmp/lintian.log"
errors=$(grep -c '^E: ' "$tmp/lintian.log" || true)
warnings=$(grep -c '^W: ' "$tmp/lintian.log" || true)
echo "debian-check: lintian: $errors errors, $warnings warnings" >&2
if [ -n "$keep" ]; then
  mkdir -p "$keep"
  cp "$tmp"/*.deb "$tmp/build.log" "$tmp/lintian.log" "$keep/"
fi
exit "$status"
