#!/usr/bin/env bash
# tools/setup.sh: installs the Debian packages the build and the tests need,
# when they are missing, then configures and builds into build/.
# Usage: tools/setup.sh [extra cmake arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

# clang builds the libFuzzer targets of fuzz/ (tools/fuzz.sh; CI runs them).
packages=(build-essential cmake pkg-config libstemmer-dev zlib1g-dev
          libcmocka-dev libutf8proc-dev libcjson-dev locales libxml2-dev clang)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The locale test (tests/test_locale.c) runs under German number formats.
if ! locale -a 2>/dev/null | grep -qix 'de_DE.utf-\?8'; then
  echo "setup: generating the de_DE.UTF-8 locale" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  grep -qx 'de_DE.UTF-8 UTF-8' /etc/locale.gen 2>/dev/null ||
    echo 'de_DE.UTF-8 UTF-8' | $sudo tee -a /etc/locale.gen >/dev/null
  $sudo locale-gen >/dev/null
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
echo "setup: built build/summarizer" >&2
