#!/usr/bin/env bash
# tools/fuzz.sh [SECONDS [TARGET...]]: builds the libFuzzer targets of fuzz/ with clang
# into build-fuzz/ (cmake -DSM_FUZZ=ON) and runs each for SECONDS (default
# 3600) on a copy of its seed corpus fuzz/corpus/<target>/, one after the
# other on one core (only the TARGETs named, fuzz_web say, when given).  Prints per target the runs, the edge coverage, the
# features and the findings (crash, leak, timeout and OOM inputs, kept in
# build-fuzz/findings/<target>/; the report and the input are printed too),
# and exits 1 when any target found one.
# Inputs are capped at 64 KB and FUZZ_TIMEOUT seconds each (default 10;
# libFuzzer's timeout is wall time, so on a loaded machine a starved but
# fast input can pass it: raise it there, and re-run any timeout input
# alone).  The cpu column is the target's user + system seconds.  FUZZ_SEED
# fixes libFuzzer's random seed (CI sets it: the same inputs are tried in the
# same order on every machine, so a finding there is one here too); unset,
# each run draws its own.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-3600}
case $secs in ''|*[!0-9]*) echo "usage: tools/fuzz.sh [SECONDS [TARGET...]]" >&2; exit 2;; esac
shift $(( $# > 0 ? 1 : 0 ))
command -v clang >/dev/null || { echo "fuzz: clang is needed (apt-get install clang)" >&2; exit 1; }

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in fuzz/fuzz_*.c; do targets+=("$(basename "$f" .c)"); done
fi
for t in "${targets[@]}"; do
  [ -f "fuzz/$t.c" ] || { echo "fuzz: no target $t (fuzz/$t.c)" >&2; exit 2; }
done
cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DSM_FUZZ=ON -DSM_TESTS=OFF \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
for t in "${targets[@]}"; do
  cmake --build build-fuzz -j"$(nproc)" --target "$t" >/dev/null
done

export SUMMARIZER_MODELS=$PWD/models
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
found=0
printf '%-16s %8s %8s %10s %8s %8s %9s\n' target seconds cpu runs cov ft findings
for t in "${targets[@]}"; do
  seeds=fuzz/corpus/${t#fuzz_}
  work=build-fuzz/corpus/$t
  out=build-fuzz/findings/$t
  mkdir -p "$work" "$out"
  [ -d "$seeds" ] && cp -n "$seeds"/* "$work"/ 2>/dev/null || true
  log=build-fuzz/$t.log
  start=$(date +%s)
  set +e
  cpuf=build-fuzz/$t.cpu
  timer=()
  rm -f "$cpuf"
  [ -x /usr/bin/time ] && timer=(/usr/bin/time -f '%U %S' -o "$cpuf")
  "${timer[@]}" "build-fuzz/fuzz/$t" "$work" -max_total_time="$secs" -max_len=65536 \
      -timeout="${FUZZ_TIMEOUT:-10}" -rss_limit_mb=2048 -print_final_stats=1 \
      ${FUZZ_SEED:+-seed="$FUZZ_SEED"} \
      -artifact_prefix="$out/" >"$log" 2>&1
  set -e
  took=$(( $(date +%s) - start ))
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  cpu=?
  [ -s "$cpuf" ] && cpu=$(awk 'END { printf "%d", $1 + $2 }' "$cpuf")
  n=$(find "$out" -type f | wc -l)
  [ "$n" -eq 0 ] || found=1
  printf '%-16s %8s %8s %10s %8s %8s %9s\n' "$t" "$took" "$cpu" "${runs:-?}" "${cov:-?}" "${ft:-?}" "$n"
  if [ "$n" -ne 0 ]; then
    # The whole report (stack included) and each finding's first 4 KB in
    # base64, so a finding on a CI machine can be replayed here.
    echo "  findings in $out (log: $log):" >&2
    sed -n '/ERROR: /,/^SUMMARY/p' "$log" | head -80 >&2
    for f in "$out"/*; do
      echo "  $f ($(wc -c <"$f") bytes), base64 of its first 4 KB:" >&2
      head -c 4096 "$f" | base64 -w 0 >&2
      echo >&2
    done
  fi
done
exit $found
