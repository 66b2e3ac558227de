#!/usr/bin/env bash
# tools/web_eval.sh: the article-extraction section of tools/RESULTS.md:
# shingle F1 of `summarizer extract` on the readability pages
# (build/tools/extract_eval) and the extraction speed on one core
# (build/tools/web_bench pinned with taskset).  tools/eval.sh --all calls it.
# Usage: tools/web_eval.sh [PAGES_DIR]   (default ../shared/eval/pages/readability)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
pages=${1:-../shared/eval/pages/readability}
[ -d "$pages" ] || { echo "web_eval: no pages folder $pages" >&2; exit 1; }
pin=()
command -v taskset >/dev/null && pin=(taskset -c 0)
echo "## Article extraction (HTML pages)"
echo
echo "\`$BUILD/tools/extract_eval $pages\`: each page's \`source.html\` through \`summarizer extract\`, scored against \`expected.txt\` (Readability's output) on word 4-gram shingles; precision and recall per page, averaged over pages, F1 of the two means (and the normalised-count form). Readability keeps captions and credits that we drop on purpose, so its text is not a perfect target."
echo
echo '```'
"$BUILD/tools/extract_eval" --summarizer "$BUILD/summarizer" "$pages"
echo '```'
echo
echo "Extraction speed, one core (\`${pin[*]} $BUILD/tools/web_bench $pages\`: parse, charset, article and metadata; pages held in memory; CPU time):"
echo
echo '```'
"${pin[@]}" "$BUILD/tools/web_bench" "$pages"
echo '```'
echo
