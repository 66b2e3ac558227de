#!/usr/bin/env bash
# tools/dump_eval.sh: the "Issue 11 (text dumps)" figures of tools/RESULTS.md.
# Each page's source.html is dumped as a text browser saves it
# (`w3m -dump -cols 80 -T text/html`) into a temporary folder, then:
#  (a) shingle precision, recall and F1 of what `summarizer extract` keeps of
#      the dump against the page's expected.txt (build/tools/extract_eval
#      --input dump.txt), for the 51 English news and blog pages and for all;
#  (b) furniture in 100-word summaries: `summarizer summarize --words 100
#      dump.txt` per page; a summary sentence is furniture when fewer than
#      half of its word 4-grams are in the page's expected.txt (a sentence of
#      under 4 words: when any of its words is not in expected.txt).  Printed:
#      the share of summary words that are furniture, and how many pages leak
#      at least one such sentence.
# Words are maximal runs of Unicode letters, digits and '_' (Python's \w+).
#
# Usage: tools/dump_eval.sh [--verbose] [--keep DIR] [PAGES_DIR]
#   PAGES_DIR   one folder per page with source.html and expected.txt
#               (default ../shared/eval/pages/readability)
#   --verbose   also per-page scores and every furniture sentence
#   --keep DIR  leave the dumps in DIR (DIR/PAGE/dump.txt) instead of a
#               temporary folder
# BUILD (default build) names the build folder.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}

die() { echo "dump_eval: $*" >&2; exit 1; }

verbose=0 keep="" pages=""
while [ $# -gt 0 ]; do
  case $1 in
    --verbose) verbose=1 ;;
    --keep) [ $# -ge 2 ] || die "--keep needs a folder"; keep=$2; shift ;;
    -*) die "unknown option $1 (usage: tools/dump_eval.sh [--verbose] [--keep DIR] [PAGES_DIR])" ;;
    *) [ -z "$pages" ] || die "one pages folder only"; pages=$1 ;;
  esac
  shift
done
pages=${pages:-../shared/eval/pages/readability}

command -v w3m >/dev/null || die "w3m is not installed: the dumps are made with it (Debian: apt-get install w3m)"
command -v python3 >/dev/null || die "python3 is not installed: the furniture count needs it"
[ -d "$pages" ] || die "no pages folder $pages"
[ -x "$BUILD/summarizer" ] || die "no $BUILD/summarizer: build first (tools/setup.sh)"
[ -x "$BUILD/tools/extract_eval" ] || die "no $BUILD/tools/extract_eval: build first (tools/setup.sh)"

# The English news and blog articles of the readability set; the other
# pages are one-rule synthetic pages, reference pages and other languages.
english="aclu archive-of-our-own ars-1 bbc-1 blogger breitbart buzzfeed-1
citylab-1 cnet cnn daringfireball-1 dropbox-blog ehow-1 ehow-2 engadget
gitlab-blog guardian-1 herald-sun-1 iab-1 lifehacker-post-comment-load
lifehacker-working lwn-1 medicalnewstoday medium-1 medium-2 medium-3
mozilla-1 msn nytimes-1 nytimes-2 nytimes-3 nytimes-4 quanta-1 royal-road
salon-1 seattletimes-1 simplyfound-1 spiceworks telegraph theverge tmz-1
topicseed-1 tumblr v8-blog wapo-1 wapo-2 webmd-1 webmd-2 wordpress yahoo-1
yahoo-2"

if [ -n "$keep" ]; then
  mkdir -p "$keep" || die "cannot make $keep"
  work=$(cd "$keep" && pwd)
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/dump_eval.XXXXXX")
  trap 'rm -rf "$work"' EXIT
fi
rm -rf "$work/all" "$work/english"
mkdir -p "$work/all" "$work/english"
pages_abs=$(cd "$pages" && pwd)

n=0
for d in "$pages_abs"/*/; do
  p=$(basename "$d")
  [ -f "$d/source.html" ] && [ -f "$d/expected.txt" ] || continue
  mkdir "$work/all/$p"
  # Output in UTF-8 whatever the locale; the input charset is w3m's guess
  # from the page (meta charset), as a user's dump would be.
  w3m -dump -cols 80 -T text/html -O UTF-8 < "$d/source.html" > "$work/all/$p/dump.txt" 2>/dev/null ||
    echo "dump_eval: w3m failed on $d/source.html" >&2
  cp "$d/expected.txt" "$work/all/$p/expected.txt"
  n=$((n + 1))
done
[ "$n" -gt 0 ] || die "no page with source.html and expected.txt in $pages"
for p in $english; do
  [ -d "$work/all/$p" ] && ln -s "../all/$p" "$work/english/$p"
done
n_en=$(find "$work/english" -mindepth 1 -maxdepth 1 | wc -l)

furniture() {
  python3 - "$BUILD/summarizer" "$1" "$verbose" <<'EOF'
import os, re, subprocess, sys
W = re.compile(r'\w+')
binp, top, verbose = sys.argv[1], sys.argv[2], sys.argv[3] == '1'
total = furn = leaking = n = 0
for p in sorted(os.listdir(top)):
    d = os.path.join(top, p)
    with open(os.path.join(d, 'expected.txt'), encoding='utf-8', errors='replace') as f:
        exp = W.findall(f.read())
    grams = set(tuple(exp[i:i + 4]) for i in range(len(exp) - 3))
    words = set(exp)
    r = subprocess.run([binp, 'summarize', '--words', '100', os.path.join(d, 'dump.txt')],
                       capture_output=True, text=True, errors='replace')
    n += 1
    leaks = False
    for line in r.stdout.splitlines():
        w = W.findall(line)
        if not w:
            continue
        g = [tuple(w[i:i + 4]) for i in range(len(w) - 3)]
        ok = (sum(x in grams for x in g) / len(g) >= 0.5) if g else all(x in words for x in w)
        nw = len(line.split())
        total += nw
        if not ok:
            furn += nw
            leaks = True
            if verbose:
                print('  furniture %s | %s' % (p, line[:200]))
    leaking += leaks
print('pages %d  summary words %d  furniture words %d (%.1f%%)  pages leaking %d'
      % (n, total, furn, 100.0 * furn / max(total, 1), leaking))
EOF
}

score() {
  local v=()
  [ "$verbose" = 1 ] && v=(--verbose)
  "$BUILD/tools/extract_eval" --summarizer "$BUILD/summarizer" --input dump.txt "${v[@]}" "$1" |
    grep -v 'normalised counts' || true
}

echo "Text dumps (w3m -dump -cols 80) of $pages: shingle P/R/F1 of the kept text"
echo "English news and blogs ($n_en):"
score "$work/english"
echo "all ($n):"
score "$work/all"
echo
echo "Furniture in 100-word summaries:"
echo "English news and blogs ($n_en):"
furniture "$work/english"
echo "all ($n):"
furniture "$work/all"
