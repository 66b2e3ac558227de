#!/usr/bin/env bash
# tools/query_eval.sh: a query-focused test made from Opinosis.
#
#   tools/query_eval.sh [--build DIR] [--words N] [OPINOSIS]   (default 20)
#
# Opinosis holds several clusters per product, one per aspect
# ("battery-life_amazon_kindle", "price_amazon_kindle", ...).  For every
# aspect of a product with at least two, the input is the reviews of ALL
# that product's aspects (one document each), the query is the aspect's
# name ("battery life") and the references are that aspect's.  A summary
# that ignores the query reads like the whole product's reviews; one that
# uses it keeps to the aspect.  Rows:
#   mixed, no query      generic summary of the product's reviews
#   mixed, --query       the query-focused summary (what this test is for)
#   mixed, long query    the query as a question naming the product too
#                        ("What do reviewers say about the battery life of
#                        the amazon kindle?"): words every document shares
#                        must not pull the summary off the aspect
#   one aspect, no query generic summary of the aspect's own cluster
#   one aspect, --query  the same with the query, where every sentence is
#                        on topic: a query must not make this worse
# Scored with tools/rouge (ROUGE-1.5.5 settings, -l N), recall.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$ROOT/build
WORDS=20
DATA=$ROOT/../shared/eval/opinosis
while [ $# -gt 0 ]; do
  case $1 in
    --build) BUILD=$2; shift ;;
    --words) WORDS=$2; shift ;;
    -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
    -*) echo "query_eval: unknown option $1" >&2; exit 2 ;;
    *) DATA=$1 ;;
  esac
  shift
done
SUMMARIZER=$BUILD/summarizer
ROUGE=$BUILD/tools/rouge
[ -x "$SUMMARIZER" ] && [ -x "$ROUGE" ] ||
  { echo "query_eval: build summarizer and rouge into $BUILD first" >&2; exit 2; }
[ -d "$DATA" ] || { echo "query_eval: $DATA: no such folder" >&2; exit 2; }
RWN=()
[ -r /usr/share/wordnet/verb.exc ] || RWN=(--no-wordnet)

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# The products, as the suffixes of Opinosis's cluster names.
products=(garmin_nuvi_255W_gps bestwestern_hotel_sfo amazon_kindle
          ipod_nano_8gb netbook_1005ha honda_accord_2008 toyota_camry_2007
          holiday_inn_london swissotel_chicago windows7)
mkdir -p "$WORK/mixed" "$WORK/single"
n=0
for p in "${products[@]}"; do
  aspects=()
  for d in "$DATA"/*_"$p"/; do
    [ -d "$d/docs" ] && aspects+=("$(basename "$d")")
  done
  [ ${#aspects[@]} -ge 2 ] || continue
  for a in "${aspects[@]}"; do
    query=${a%_"$p"}
    query=${query//[_-]/ }
    for m in mixed single; do
      mkdir -p "$WORK/$m/$a/docs"
      ln -s "$DATA/$a/refs" "$WORK/$m/$a/refs"
      echo "$query" > "$WORK/$m/$a/query"
    done
    echo "What do reviewers say about the $query of the ${p//_/ }?" > "$WORK/mixed/$a/long"
    for b in "${aspects[@]}"; do
      cp "$DATA/$b/docs/reviews.txt" "$WORK/mixed/$a/docs/${b%_"$p"}.txt"
    done
    cp "$DATA/$a/docs/reviews.txt" "$WORK/single/$a/docs/reviews.txt"
    n=$((n + 1))
  done
done

score() { # DATASET SYSDIR NAME
  "$ROUGE" -l "$WORDS" "${RWN[@]}" --tsv --dataset "$1" --systems "$2" |
    awk -F'\t' -v name="$3" '
      { r[$1] = sprintf("%.4f", $2) }
      END { printf "| %s | %s | %s | %s |\n", name, r["ROUGE-1"], r["ROUGE-2"], r["ROUGE-SU4"] }'
}

echo "Query-focused Opinosis: $n aspects of products with two or more, --words $WORDS, ROUGE -l $WORDS recall."
echo
echo "| input, run | R-1 | R-2 | R-SU4 |"
echo "|---|---|---|---|"
for m in mixed single; do
  for q in 0 1 2; do
    [ "$q" -lt 2 ] || [ "$m" = mixed ] || continue
    out=$WORK/out-$m-$q
    mkdir -p "$out"
    for d in "$WORK/$m"/*/; do
      a=$(basename "$d")
      args=(summarize --words "$WORDS")
      [ "$q" -ne 1 ] || args+=(--query "$(cat "$d/query")")
      [ "$q" -ne 2 ] || args+=(--query "$(cat "$d/long")")
      "$SUMMARIZER" "${args[@]}" "$d/docs" > "$out/$a.txt" 2>/dev/null || : > "$out/$a.txt"
    done
    label="one aspect"
    [ "$m" = single ] || label="mixed"
    case $q in
      0) label="$label, no query" ;;
      1) label="$label, --query" ;;
      2) label="$label, long query" ;;
    esac
    score "$WORK/$m" "$out" "$label"
  done
done
