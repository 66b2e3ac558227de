#!/usr/bin/env bash
# tests/install/check.sh BUILD_DIR SOURCE_DIR [CFLAGS]: installs the build
# into a temporary prefix and builds tests/install/program.c against the
# installed header and library only, twice: through pkg-config and through
# find_package(summarizer).  Each program then runs from the prefix (the
# build folder's library is not on any path, SUMMARIZER_MODELS is unset)
# under a German locale: a summary, a digest, an archive round trip.  Also
# checks the installed man pages render and that no installed binary holds a
# path of the build machine.  Run by ctest as test "install".
set -euo pipefail
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
cflags=${3:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset SUMMARIZER_MODELS LD_LIBRARY_PATH
die() { echo "install check: $*" >&2; exit 1; }

prefix=$tmp/prefix
cmake --install "$build" --prefix "$prefix" >/dev/null
pc=$(find "$prefix" -name summarizer.pc)
[ -n "$pc" ] || die "no summarizer.pc installed"
libdir=$(dirname "$(dirname "$pc")")
for f in "$prefix/bin/summarizer" "$libdir"/libsummarizer.so* "$libdir/libsummarizer.a" \
         "$prefix/include/summarizer.h" "$prefix/include/summarizer_version.h" \
         "$prefix/share/summarizer/models" "$libdir/cmake/summarizer/summarizerConfig.cmake"; do
  [ -e "$f" ] || die "$f is not installed"
done
[ "$(readelf -d "$libdir/libsummarizer.so" | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')" = libsummarizer.so.0 ] ||
  die "libsummarizer.so has no soname libsummarizer.so.0"
# (Not for a sanitizer build: ASan and UBSan keep absolute source names in
# their own tables, whatever -ffile-prefix-map says.)
case $cflags in
  *-fsanitize*) ;;
  *) for f in "$prefix/bin/summarizer" "$libdir"/libsummarizer.so.*.*; do
       ! grep -qF "$src" "$f" || die "$f contains the build path $src"
     done ;;
esac

# Input: the bundled corpus, copied so nothing points back at the source.
cp -r "$src/corpus" "$tmp/news"

# 1. pkg-config
export PKG_CONFIG_PATH=$libdir/pkgconfig
[ "$(pkg-config --modversion summarizer)" = "$(sed -n 's/^#define SM_VERSION "\(.*\)"/\1/p' "$prefix/include/summarizer_version.h")" ] ||
  die "pkg-config version differs from the header's"
# shellcheck disable=SC2046,SC2086
cc $cflags -Wall -Werror -o "$tmp/p1" "$src/tests/install/program.c" \
   $(pkg-config --cflags --libs summarizer)
LD_LIBRARY_PATH=$libdir ldd "$tmp/p1" | grep "libsummarizer.so.0 => $libdir/" >/dev/null ||
  die "the pkg-config program does not load the installed library"
LD_LIBRARY_PATH=$libdir "$tmp/p1" "$prefix" "$tmp/news" "$tmp/a1.gz" >"$tmp/out1" ||
  die "the pkg-config program failed"
grep -q '"score": 0\.' "$tmp/out1" || die "no score with a full stop in the JSON"

# 1b. the static library, with what pkg-config --static says it needs
# (libsummarizer.a linked into the program: the models are named by
# $SUMMARIZER_MODELS, since the program is not beside them).
# shellcheck disable=SC2046,SC2086
cc $cflags -Wall -Werror -o "$tmp/p3" "$src/tests/install/program.c" \
   $(pkg-config --cflags summarizer) "$libdir/libsummarizer.a" \
   $(pkg-config --static --libs summarizer | sed 's/-lsummarizer\b//') ||
  die "the program does not link with libsummarizer.a and pkg-config --static"
SUMMARIZER_MODELS=$prefix/share/summarizer/models "$tmp/p3" "$prefix" "$tmp/news" "$tmp/a3.gz" >"$tmp/out3" ||
  die "the statically linked program failed"
cmp -s "$tmp/out1" "$tmp/out3" || die "the static and shared programs disagree"

# 2. find_package(summarizer)
cmake -S "$src/tests/install" -B "$tmp/cm" -DCMAKE_PREFIX_PATH="$prefix" \
      -DCMAKE_C_FLAGS="$cflags" >/dev/null || die "find_package(summarizer) failed"
cmake --build "$tmp/cm" >/dev/null || die "the find_package program did not build"
"$tmp/cm/program" "$prefix" "$tmp/news" "$tmp/a2.gz" >"$tmp/out2" ||
  die "the find_package program failed"
cmp -s "$tmp/out1" "$tmp/out2" || die "the two programs disagree"

# 3. the installed binary and its man pages
# Its run path, when it has one, is relative to itself ($ORIGIN); without
# one (a library in a system folder) it is run with LD_LIBRARY_PATH.
rp=$(readelf -d "$prefix/bin/summarizer" | sed -n 's/.*(R[UN]*PATH).*\[\(.*\)\]/\1/p')
case $rp in
  '') run=(env LD_LIBRARY_PATH="$libdir") ;;
  '$ORIGIN/'*) run=(env) ;;
  *) die "the installed binary has the run path $rp" ;;
esac
"${run[@]}" "$prefix/bin/summarizer" digest "$tmp/news" | grep '^Digest: ' >/dev/null ||
  die "the installed binary gives no digest"
if command -v man >/dev/null; then
  for m in "$prefix"/share/man/man*/*; do
    MANWIDTH=80 man -l "$m" 2>"$tmp/manerr" >/dev/null || die "man -l $m failed"
    [ ! -s "$tmp/manerr" ] || die "man -l $m: $(head -1 "$tmp/manerr")"
  done
fi
echo "install check: pkg-config and find_package programs built and ran from $prefix"
