#!/usr/bin/env bash
# tools/bench.sh: the speed benchmark.  Builds news-like corpora of 1, 10,
# 100 (and with --full 1000) MB with tools/mkcorpus from the bundled corpus
# and the Opinosis sentences (varied so that no two documents are the same),
# times `summarizer summarize --words 100` and `summarizer digest` on each on
# one core (taskset -c 0), and prints MB/s, sentences/s, peak RSS and the
# growth exponent; then times Open Text Summarizer (ots, one file) against
# `summarize` on the same concatenated input.
#
#   tools/bench.sh [--full] [--sizes "1 10 100"] [--dir DIR] [--ots-mb N]
#                  [--timeout SECONDS] [--mem-gb N]
#     --full        also 1000 MB
#     --dir         where corpora are generated and kept (default
#                   /tmp/summarizer-bench; never inside the repository)
#     --ots-mb      corpus size for the ots comparison (default 10; 0: no
#                   comparison, which takes ots about 9 minutes at 10 MB)
#     --timeout     per run (default 1800 s); a run past it is reported
#     --mem-gb      address-space cap per run (default 12), so a run that
#                   would exhaust the machine fails instead
# Targets (issue 3): >= 30 MB/s at 100 MB, peak RSS < 3 GB at 1000 MB,
# growth exponent log(t1000/t10)/log(100) <= 1.1.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
OPINOSIS=${OPINOSIS:-$ROOT/../shared/eval/opinosis}
DIR=/tmp/summarizer-bench
SIZES="1 10 100"
OTS_MB=10
TIMEOUT=1800
MEM_GB=12
while [ $# -gt 0 ]; do
  case $1 in
    --full) SIZES="1 10 100 1000" ;;
    --sizes) SIZES=$2; shift ;;
    --dir) DIR=$2; shift ;;
    --ots-mb) OTS_MB=$2; shift ;;
    --timeout) TIMEOUT=$2; shift ;;
    --mem-gb) MEM_GB=$2; shift ;;
    -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
    *) echo "bench: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
case $DIR in "$ROOT"|"$ROOT"/*) echo "bench: --dir must be outside the repository" >&2; exit 2 ;; esac

if [ "$OTS_MB" != 0 ] && ! command -v ots >/dev/null; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  echo "bench: installing ots (Open Text Summarizer) for the comparison" >&2
  { $sudo apt-get install -y -qq ots >/dev/null 2>&1 ||
    { $sudo apt-get update -qq && $sudo apt-get install -y -qq ots >/dev/null 2>&1; }; } ||
    echo "bench: warning: ots could not be installed; no comparison" >&2
fi

if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$BUILD" -j"$(nproc)" --target summarizer mkcorpus bench >/dev/null
SUMMARIZER=$BUILD/summarizer
MKCORPUS=$BUILD/tools/mkcorpus
BENCH=$BUILD/tools/bench
PIN=()
command -v taskset >/dev/null && PIN=(taskset -c 0)
mkdir -p "$DIR"

# corpus SIZE: generates $DIR/SIZEmb once; its stats line is "bytes docs sentences"
corpus() {
  local d="$DIR/$1mb"
  if [ ! -f "$d.stats" ]; then
    rm -rf "$d"
    "$MKCORPUS" --seed 1 "$1" "$d" "$ROOT/corpus" "$OPINOSIS" > "$d.stats.tmp"
    mv "$d.stats.tmp" "$d.stats"
  fi
  echo "$d"
}

# run NAME -- CMD...: runs CMD pinned, capped and timed; leaves "wall user sys
# rss_kb status" in $DIR/NAME.time (status 124: timed out)
run() {
  local name=$1; shift; shift
  local t="$DIR/$name.time"
  rm -f "$t"
  ( ulimit -v $((MEM_GB * 1024 * 1024))
    "$BENCH" -o "$t" -- timeout "$TIMEOUT" "${PIN[@]}" "$@" > "$DIR/$name.out" 2> "$DIR/$name.err" ) || true
  [ -s "$t" ] || echo "0 0 0 0 1" > "$t"
}

echo "Corpora: \`tools/mkcorpus --seed 1 SIZE\` from corpus/ and the Opinosis sentences, kept in \`$DIR\`. Each run is pinned to one core (\`${PIN[*]:-unpinned}\`), capped at ${MEM_GB} GB of address space and ${TIMEOUT} s. MB/s = input bytes / wall time (and / CPU time, user + sys, which other load on the machine does not inflate). Sentences are those mkcorpus wrote."
echo
echo "| command | MB | documents | sentences | wall s | CPU s | MB/s (wall) | MB/s (CPU) | sentences/s (CPU) | peak RSS MB | output words | status |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
declare -A CPU
for size in $SIZES; do
  d=$(corpus "$size")
  read -r bytes docs sents < "$d.stats"
  for cmd in summarize digest; do
    if [ $cmd = summarize ]; then
      run "$cmd-$size" -- "$SUMMARIZER" summarize --words 100 "$d"
    else
      run "$cmd-$size" -- "$SUMMARIZER" digest "$d"
    fi
    read -r wall user sys rss status < "$DIR/$cmd-$size.time"
    st=ok
    [ "$status" -eq 0 ] || st="failed ($status)"
    [ "$status" -ne 124 ] || st="timed out"
    [ "$status" -ne 0 ] && [ "$status" -ne 124 ] && st="$st: $(head -c 120 "$DIR/$cmd-$size.err" | tr '\n|' '  ')"
    # A run that prints nothing did not do the job, however fast it was.
    owords=$(wc -w < "$DIR/$cmd-$size.out")
    if [ "$status" -eq 0 ] && [ "$owords" -eq 0 ]; then
      st="empty output"; status=1; echo "$wall $user $sys $rss 1" > "$DIR/$cmd-$size.time"
    fi
    CPU[$cmd-$size]=$(awk -v u="$user" -v s="$sys" -v ok="$status" 'BEGIN { print (ok == 0 ? u + s : "") }')
    awk -v c="$cmd" -v b="$bytes" -v dc="$docs" -v sn="$sents" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v ow="$owords" -v st="$st" 'BEGIN {
      cpu = u + s
      printf "| %s | %.0f | %d | %d | %.2f | %.2f | %.2f | %.2f | %.0f | %.0f | %d | %s |\n", c, b / 1e6, dc, sn, w, cpu,
        (w > 0 ? b / 1e6 / w : 0), (cpu > 0 ? b / 1e6 / cpu : 0), (cpu > 0 ? sn / cpu : 0), r / 1024, ow, st }'
  done
done
echo
for cmd in summarize digest; do
  lo=${CPU[$cmd-10]:-} hi=${CPU[$cmd-1000]:-} span=100 top=1000 note=""
  if [ -z "$hi" ] && [[ -v CPU[$cmd-1000] ]]; then
    read -r _ u1 s1 _ st1 < "$DIR/$cmd-1000.time"
    if [ "$st1" -eq 124 ]; then
      hi=$(awk -v u="$u1" -v s="$s1" 'BEGIN { print u + s }')
      note=" at least: the 1000 MB run timed out, so its time is a lower bound"
    fi
  fi
  if [ -z "$hi" ]; then hi=${CPU[$cmd-100]:-}; span=10; top=100; note=" (10 to 100 MB: no finished 1000 MB run)"; fi
  if [ -n "$lo" ] && [ -n "$hi" ]; then
    awk -v c="$cmd" -v a="$lo" -v b="$hi" -v s="$span" -v t="$top" -v note="$note" 'BEGIN {
      printf "- %s growth exponent log(t%d/t10)/log(%d) on CPU time: %.2f%s\n", c, t, s, log(b / a) / log(s), note }'
  else
    echo "- $cmd growth exponent: not available (a run failed or was not made)"
  fi
done
echo

# the issue's targets, for summarize (the end-to-end command)
if [[ -v CPU[summarize-100] ]]; then
  read -r w u s r st < "$DIR/summarize-100.time"
  b=$(awk '{ print $1 }' "$DIR/100mb.stats")
  awk -v b="$b" -v w="$w" -v st="$st" 'BEGIN { v = (w > 0 ? b / 1e6 / w : 0)
    printf "- target >= 30 MB/s at 100 MB (summarize, wall): %.1f MB/s: %s\n", v, (st == 0 && v >= 30 ? "met" : "MISSED") }'
fi
if [[ -v CPU[summarize-1000] ]]; then
  read -r w u s r st < "$DIR/summarize-1000.time"
  awk -v r="$r" -v st="$st" 'BEGIN { printf "- target peak RSS < 3 GB at 1000 MB (summarize): %.2f GB: %s\n", r / 1048576, (st == 0 && r < 3 * 1048576 ? "met" : "MISSED") }'
fi
if [ -n "${CPU[summarize-10]:-}" ] && [ -n "${CPU[summarize-1000]:-}" ]; then
  awk -v a="${CPU[summarize-10]}" -v b="${CPU[summarize-1000]}" 'BEGIN { e = log(b / a) / log(100)
    printf "- target growth exponent <= 1.1 (summarize): %.2f: %s\n", e, (e <= 1.1 ? "met" : "MISSED") }'
fi
echo

# ots reads one file: both programs get the same concatenation
if [ "$OTS_MB" = 0 ]; then
  echo "No comparison with ots (--ots-mb 0)."
elif command -v ots >/dev/null; then
  d=$(corpus "$OTS_MB")
  cat_file="$DIR/${OTS_MB}mb.txt"
  [ -f "$cat_file" ] || find "$d" -name '*.txt' -print0 | sort -z | xargs -0 cat > "$cat_file"
  bytes=$(stat -c %s "$cat_file")
  run "ots-$OTS_MB" -- ots --ratio 1 "$cat_file"
  run "sum1-$OTS_MB" -- "$SUMMARIZER" summarize --words 100 "$cat_file"
  read -r ow ou os orss ostatus < "$DIR/ots-$OTS_MB.time"
  read -r sw su ss srss sstatus < "$DIR/sum1-$OTS_MB.time"
  awk -v b="$bytes" -v ow="$ow" -v ou="$ou" -v os="$os" -v orss="$orss" -v ost="$ostatus" \
      -v sw="$sw" -v su="$su" -v ss="$ss" -v srss="$srss" -v sst="$sstatus" 'BEGIN {
    printf "Open Text Summarizer on the same input (the %.0f MB corpus concatenated into one file):\n\n", b / 1e6
    print "| program | wall s | CPU s | MB/s (CPU) | peak RSS MB | status |"
    print "|---|---|---|---|---|---|"
    printf "| ots --ratio 1 | %.2f | %.2f | %.2f | %.0f | %s |\n", ow, ou + os, (ou + os > 0 ? b / 1e6 / (ou + os) : 0), orss / 1024, (ost == 0 ? "ok" : (ost == 124 ? "timed out" : "failed " ost))
    printf "| summarizer summarize --words 100 | %.2f | %.2f | %.2f | %.0f | %s |\n", sw, su + ss, (su + ss > 0 ? b / 1e6 / (su + ss) : 0), srss / 1024, (sst == 0 ? "ok" : (sst == 124 ? "timed out" : "failed " sst))
    if (ost == 0 && sst == 0 && su + ss > 0)
      printf "\nots CPU time / summarizer CPU time = %.2f (above 1: we are faster)\n", (ou + os) / (su + ss)
  }'
else
  echo "ots is not installed: no comparison."
fi
