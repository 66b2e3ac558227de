#!/usr/bin/env bash
# tools/update_eval.sh: update summaries (the TAC 2008-2009 update task's
# shape) on a dataset laid out as CLUSTER/A/ (what the reader has read),
# CLUSTER/B/ (the later reports) and CLUSTER/refs/ (update summaries of B
# written by hand: what B adds to A).  Default dataset:
# tests/fixtures/update-newswire (the nine newswire fixture clusters split
# by story time; its README says how).
#
#   tools/update_eval.sh [--build DIR] [--words N] [--clusters] [DATASET]
#       --words N    summaries of N words, scored with ROUGE -l N (100)
#       --clusters   also print each system's ROUGE-2 recall per cluster
# Rows:
#   --seen A B       `summarize --words N --seen CLUSTER/A CLUSTER/B` (ours)
#   B alone          the generic summary of B: what --seen must beat
#   LEAD of B        the first sentences of B's first document (tools/oracle)
#   ORACLE of B      greedy ROUGE-2 choice from B's sentences (a ceiling)
# Scored with tools/rouge (ROUGE-1.5.5 settings, -l N), recall.  "old" is
# how much the summary retells: its ROUGE-2 precision against A's
# documents taken as one reference (the share of its bigrams A already
# has, whole summaries, A not cut; names and a story's stock phrases keep
# it above zero).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$ROOT/build
WORDS=100
PER=0
DATA=$ROOT/tests/fixtures/update-newswire
while [ $# -gt 0 ]; do
  case $1 in
    --build) BUILD=$2; shift ;;
    --words) WORDS=$2; shift ;;
    --clusters) PER=1 ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    -*) echo "update_eval: unknown option $1" >&2; exit 2 ;;
    *) DATA=$1 ;;
  esac
  shift
done
SUMMARIZER=$BUILD/summarizer
ROUGE=$BUILD/tools/rouge
ORACLE=$BUILD/tools/oracle
[ -x "$SUMMARIZER" ] && [ -x "$ROUGE" ] && [ -x "$ORACLE" ] ||
  { echo "update_eval: build summarizer, rouge and oracle into $BUILD first" >&2; exit 2; }
[ -d "$DATA" ] || { echo "update_eval: $DATA: no such folder" >&2; exit 2; }
RWN=()
[ -r /usr/share/wordnet/verb.exc ] || RWN=(--no-wordnet)

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

clusters=()
for d in "$DATA"/*/; do
  [ -d "$d/A" ] && [ -d "$d/B" ] && [ -d "$d/refs" ] && clusters+=("$(basename "$d")")
done
[ ${#clusters[@]} -gt 0 ] || { echo "update_eval: $DATA: no CLUSTER/A + B + refs" >&2; exit 2; }
# tools/oracle reads CLUSTER/docs and CLUSTER/refs: B seen that way.
for c in "${clusters[@]}"; do
  mkdir -p "$WORK/b/$c"
  ln -s "$(cd "$DATA/$c/B" && pwd)" "$WORK/b/$c/docs"
  ln -s "$(cd "$DATA/$c/refs" && pwd)" "$WORK/b/$c/refs"
  mkdir -p "$WORK/a/$c/refs"
  cat "$DATA/$c/A"/*.txt > "$WORK/a/$c/refs/A.txt"
done

score() { # SYSDIR NAME
  local old
  old=$("$ROUGE" "${RWN[@]}" --tsv --dataset "$WORK/a" --systems "$1" |
    awk -F'\t' '$1 == "ROUGE-2" { printf "%.4f", $5 }')
  "$ROUGE" -l "$WORDS" "${RWN[@]}" --tsv --dataset "$DATA" --systems "$1" |
    awk -F'\t' -v name="$2" -v old="$old" '
      { r[$1] = sprintf("%.4f", $2) }
      END { printf "| %s | %s | %s | %s | %s |\n", name, r["ROUGE-1"], r["ROUGE-2"], r["ROUGE-SU4"], old }'
}

names=("summarize --seen A B" "summarize B (no --seen)" "LEAD of B" "ORACLE of B")
echo "Update summaries: ${#clusters[@]} clusters of $(basename "$DATA"), --words $WORDS, ROUGE -l $WORDS recall against the update references."
echo
echo "| system | R-1 | R-2 | R-SU4 | old |"
echo "|---|---|---|---|---|"
for i in "${!names[@]}"; do
  out=$WORK/out$i
  mkdir -p "$out"
  for c in "${clusters[@]}"; do
    case $i in
      0) "$SUMMARIZER" summarize --words "$WORDS" --seen "$DATA/$c/A" "$DATA/$c/B" ;;
      1) "$SUMMARIZER" summarize --words "$WORDS" "$DATA/$c/B" ;;
      2) "$ORACLE" --lead -l "$WORDS" "$WORK/b/$c" ;;
      3) "$ORACLE" -l "$WORDS" "${RWN[@]}" "$WORK/b/$c" ;;
    esac > "$out/$c.txt" 2>/dev/null || : > "$out/$c.txt"
  done
  score "$out" "${names[$i]}"
done
if [ "$PER" -eq 1 ]; then
  echo
  printf '| cluster |'; printf ' %s |' "${names[@]}"; echo
  printf '|---|'; printf -- '---|%.0s' "${names[@]}"; echo
  for c in "${clusters[@]}"; do
    printf '| %s |' "$c"
    for i in "${!names[@]}"; do
      "$ROUGE" -l "$WORDS" "${RWN[@]}" --tsv "$WORK/out$i/$c.txt" "$DATA/$c"/refs/*.txt |
        awk -F'\t' '$1 == "ROUGE-2" { printf " %.4f |", $2 }'
    done
    echo
  done
fi
