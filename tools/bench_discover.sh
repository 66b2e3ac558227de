#!/usr/bin/env bash
# tools/bench_discover.sh [SIZE_MB]: the cost of story discovery.  Builds a
# news-like corpus of SIZE_MB (default 50, about 13,000 articles) with
# build/tools/mkcorpus from the bundled corpus and the Opinosis reviews,
# then times on one core `digest` with the shipped profiles and `digest
# --topics EMPTY --discover 10` (every article goes through discovery),
# printing wall and CPU seconds, articles per second and peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-50}
bin=build/summarizer
dir=/tmp/sm-discover-$size
empty=$(mktemp -d)
trap 'rmdir "$empty"' EXIT
if [ ! -d "$dir" ]; then
  build/tools/mkcorpus "$size" "$dir" corpus ../shared/eval/opinosis >/dev/null
fi
docs=$(find "$dir" -name '*.txt' | wc -l)
pin=""
command -v taskset >/dev/null && pin="taskset -c 0"
run() {
  local label=$1; shift
  local t
  t=$( { /usr/bin/time -f "%e %U %M" $pin "$bin" "$@" >/dev/null; } 2>&1 | tail -1)
  read -r wall cpu rss <<<"$t"
  awk -v l="$label" -v w="$wall" -v c="$cpu" -v r="$rss" -v d="$docs" \
    'BEGIN { printf "%-34s %6.2f s wall %6.2f s CPU %8.0f articles/s CPU %6.0f MB peak\n", l, w, c, d / (c > 0 ? c : 1), r / 1024 }'
}
echo "corpus: $docs articles, $size MB ($dir)"
run "digest (profiles)" digest "$dir"
run "digest --topics EMPTY --discover 10" digest --topics "$empty" --discover 10 "$dir"
