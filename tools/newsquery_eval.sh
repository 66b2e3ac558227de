#!/usr/bin/env bash
# tools/newsquery_eval.sh: query-focused summaries of the newswire fixtures.
#
#   tools/newsquery_eval.sh [--build DIR] [--words N] [NEWSWIRE]   (default 100)
#
# Each cluster of tests/fixtures/newswire has two queries in the style of
# the DUC/TAC query-focused tasks (a title and a narrative: "Describe ...,
# and ..."), in CLUSTER/queries/:
#   aspect.txt  asks for one part of the story (the market's reaction, the
#               jury dispute, the aid and the health risks), answered by a
#               reference written for it (queries/aspect-refs/);
#   topic.txt   asks for the story as a whole, the way a narrative names
#               the documents' own topic, scored against the cluster's
#               generic references (refs/): a query like this must not
#               make the summary worse than none.
# Rows: each set without and with --query.  Scored with tools/rouge
# (ROUGE-1.5.5 settings, -l N), recall.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$ROOT/build
WORDS=100
DATA=$ROOT/tests/fixtures/newswire
while [ $# -gt 0 ]; do
  case $1 in
    --build) BUILD=$2; shift ;;
    --words) WORDS=$2; shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    -*) echo "newsquery_eval: unknown option $1" >&2; exit 2 ;;
    *) DATA=$1 ;;
  esac
  shift
done
SUMMARIZER=$BUILD/summarizer
ROUGE=$BUILD/tools/rouge
[ -x "$SUMMARIZER" ] && [ -x "$ROUGE" ] ||
  { echo "newsquery_eval: build summarizer and rouge into $BUILD first" >&2; exit 2; }
[ -d "$DATA" ] || { echo "newsquery_eval: $DATA: no such folder" >&2; exit 2; }
RWN=()
[ -r /usr/share/wordnet/verb.exc ] || RWN=(--no-wordnet)

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

n=0
for d in "$DATA"/*/; do
  c=$(basename "$d")
  [ -f "$d/queries/aspect.txt" ] && [ -f "$d/queries/topic.txt" ] || continue
  mkdir -p "$WORK/aspect/$c" "$WORK/topic/$c"
  ln -s "$d/docs" "$WORK/aspect/$c/docs"
  ln -s "$d/queries/aspect-refs" "$WORK/aspect/$c/refs"
  cp "$d/queries/aspect.txt" "$WORK/aspect/$c/query"
  ln -s "$d/docs" "$WORK/topic/$c/docs"
  ln -s "$d/refs" "$WORK/topic/$c/refs"
  cp "$d/queries/topic.txt" "$WORK/topic/$c/query"
  n=$((n + 1))
done
[ "$n" -gt 0 ] || { echo "newsquery_eval: $DATA: no CLUSTER/queries" >&2; exit 2; }

score() { # DATASET SYSDIR NAME
  "$ROUGE" -l "$WORDS" "${RWN[@]}" --tsv --dataset "$1" --systems "$2" |
    awk -F'\t' -v name="$3" '
      { r[$1] = sprintf("%.4f", $2) }
      END { printf "| %s | %s | %s | %s |\n", name, r["ROUGE-1"], r["ROUGE-2"], r["ROUGE-SU4"] }'
}

echo "Query-focused newswire fixtures: $n clusters, --words $WORDS, ROUGE -l $WORDS recall."
echo
echo "| queries, run | R-1 | R-2 | R-SU4 |"
echo "|---|---|---|---|"
for set in aspect topic; do
  for q in 0 1; do
    out=$WORK/out-$set-$q
    mkdir -p "$out"
    for d in "$WORK/$set"/*/; do
      c=$(basename "$d")
      args=(summarize --words "$WORDS")
      [ "$q" -eq 0 ] || args+=(--query "$(cat "$d/query")")
      "$SUMMARIZER" "${args[@]}" "$d/docs" > "$out/$c.txt" 2>/dev/null || : > "$out/$c.txt"
    done
    label="$set, no query"
    [ "$q" -eq 0 ] || label="$set, --query"
    score "$WORK/$set" "$out" "$label"
  done
done
