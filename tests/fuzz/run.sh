#!/bin/sh
# tests/fuzz/run.sh: build the libFuzzer harnesses and run each for a while.
#
#   sh tests/fuzz/run.sh [SECONDS_EACH [HARNESS...]]
#
# SECONDS_EACH defaults to 10 (the smoke run of `make test`); HARNESS is
# frontmatter, template, page or image (default: every tests/fuzz/fuzz_*.c,
# in that order).  Everything goes to tests/tmp/fuzz/ (git-ignored): the
# instrumented objects (built again when a source, a header or this script
# changes), the harness binaries, a scratch copy of the committed corpus
# (tests/fuzz/corpus/NAME, which a run never changes), the logs and any
# crash-*, leak-*, timeout-* or oom-* file.  A harness fails when it does
# not build, or when libFuzzer exits non-zero (a sanitizer report, a leak,
# a timeout of 10 s, more than 2 GB of memory, a broken assertion in the
# harness).
#
# Environment: CLANG (default clang), FUZZ_ARGS (more libFuzzer flags, such
# as -jobs=2 or -max_len=8192), FUZZ_KEEP_CORPUS=1 (keep growing the
# scratch corpus across runs instead of starting again from the committed
# one).  Needs clang and libclang-rt-14-dev (or the matching version).
#
# Prints the executions and coverage of each harness and ends with
# "fuzz: N passed, M failed"; exits 1 if any failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cd "$top" || exit 1

secs=${1:-10}
[ $# -gt 0 ] && shift
all=""
for h in frontmatter template page image; do
	[ -f "$here/fuzz_$h.c" ] && all="$all $h"
done
for f in "$here"/fuzz_*.c; do
	h=$(basename "$f" .c)
	h=${h#fuzz_}
	case " $all " in *" $h "*) ;; *) all="$all $h" ;; esac
done
names=${*:-$all}
CLANG=${CLANG:-clang}
work=$top/tests/tmp/fuzz
FLAGS="-g -O1 -std=c17 -fsanitize=address,undefined -fno-sanitize-recover=all"
LIBS="$(pkg-config --libs libcmark-gfm yaml-0.1 libutf8proc libxxhash) -lhpdf -lz -lm -lpthread"
# The library also holds `pamphlet serve`'s web server.
LIBS="$LIBS $(pkg-config --libs libmicrohttpd 2>/dev/null || echo -lmicrohttpd)"
# And its pictures: SVG through librsvg and cairo, QR codes.
PICS="librsvg-2.0 cairo libqrencode"
LIBS="$LIBS $(pkg-config --libs $PICS)"
FLAGS="$FLAGS $(pkg-config --cflags $PICS)"
# Instrumented, a render that reaches TMPL_MAX_STEPS takes seconds (the
# corpus has one): use a smaller cap when template.c lets it be set (with
# #ifndef); no shipped page comes near it.
LIBDEFS=""
grep -q '^#ifndef TMPL_MAX_STEPS' generator/template.c &&
	LIBDEFS="-DTMPL_MAX_STEPS=100000"

case $secs in
''|*[!0-9]*) echo "usage: $0 [SECONDS_EACH [HARNESS...]]" >&2; exit 2 ;;
esac
if ! command -v "$CLANG" >/dev/null; then
	echo "fuzz: $CLANG not found (apt-get install clang libclang-rt-14-dev)" >&2
	exit 1
fi
mkdir -p "$work/obj" "$work/artifacts" || exit 1
# The harnesses' temporary folders: a crash or a timeout ends a harness
# before it can remove its own.
rm -rf "$work/tmp"
mkdir -p "$work/tmp" || exit 1
export TMPDIR="$work/tmp"

# The library, instrumented once for all harnesses (fuzzer-no-link: the
# same coverage, without a second main).  An object is rebuilt when its
# source, any header or this script (the flags) is newer.
newest_h=$(ls -t generator/*.h | head -n 1)
for src in generator/*.c; do
	[ "$src" = generator/main.c ] && continue
	obj=$work/obj/$(basename "$src" .c).o
	if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] ||
	   [ "$newest_h" -nt "$obj" ] || [ "$here/run.sh" -nt "$obj" ]; then
		echo "$src"
	fi
done >"$work/stale"
build_failed=0
if [ -s "$work/stale" ]; then
	echo "fuzz: compiling $(wc -l <"$work/stale") library files"
	# Absolute paths: __FILE__ and the reports then name real files.
	# shellcheck disable=SC2016
	xargs -P "$(nproc 2>/dev/null || echo 2)" -I{} sh -c \
		'"$1" $2 -fsanitize=fuzzer-no-link -Igenerator -c "$3/{}" \
		 -o "$4/obj/$(basename {} .c).o" || rm -f "$4/obj/$(basename {} .c).o"' \
		sh "$CLANG" "$FLAGS $LIBDEFS" "$top" "$work" <"$work/stale" \
		>"$work/build.log" 2>&1 || build_failed=1
	[ "$build_failed" = 1 ] && { echo "fuzz: the library does not build:"; cat "$work/build.log"; }
fi
objs=""
for src in generator/*.c; do
	[ "$src" = generator/main.c ] && continue
	objs="$objs $work/obj/$(basename "$src" .c).o"
done

pass=0 fail=0
for name in $names; do
	bin=$work/fuzz_$name
	log=$work/$name.log
	if [ ! -f "$here/fuzz_$name.c" ]; then
		echo "FAIL $name: no tests/fuzz/fuzz_$name.c"
		fail=$((fail + 1))
		continue
	fi
	# shellcheck disable=SC2086
	if [ "$build_failed" = 1 ] ||
	   ! "$CLANG" $FLAGS -fsanitize=fuzzer -Wall -Wextra -Igenerator \
		-o "$bin" "$here/fuzz_$name.c" $objs $LIBS >"$log" 2>&1; then
		echo "FAIL $name: does not build"
		cat "$log"
		fail=$((fail + 1))
		continue
	fi
	corpus=$work/corpus/$name
	if [ "${FUZZ_KEEP_CORPUS:-}" != 1 ] || [ ! -d "$corpus" ]; then
		rm -rf "$corpus"
		mkdir -p "$corpus"
		cp "$here/corpus/$name/." "$corpus/" 2>/dev/null ||
			cp -R "$here/corpus/$name/." "$corpus/"
	fi
	dict=""
	[ -f "$here/$name.dict" ] && dict="-dict=$here/$name.dict"
	rm -f "$work/artifacts/$name-"*
	# shellcheck disable=SC2086
	PAMPHLET_TEMPLATES=$top/templates "$bin" "$corpus" $dict \
		-max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$work/artifacts/$name-" \
		${FUZZ_ARGS:-} >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	cov=$(grep -E '^#[0-9]+[[:space:]]+(DONE|INITED|NEW|REDUCE|pulse)' "$log" |
		tail -n 1 | sed -n 's/.*\(cov: [0-9]* ft: [0-9]*\).*/\1/p')
	found=$(ls "$work/artifacts/$name-"* 2>/dev/null)
	if [ "$rc" -ne 0 ] || [ -n "$found" ]; then
		echo "FAIL $name: libFuzzer exit $rc after ${execs:-?} executions"
		# The report: its first lines and the first stack's frames in
		# our code (libFuzzer's own frames say nothing).
		grep -E '^==[0-9]+==ERROR|^SUMMARY|^fuzz_[a-z]*: |^ALARM|^libpng error|/generator/|/tests/fuzz/' \
			"$log" | grep -v "^INFO" | head -n 24
		[ -n "$found" ] && echo "  reproduce: $bin $found"
		echo "  log: $log"
		fail=$((fail + 1))
	else
		echo "ok $name: ${execs:-?} executions in ${secs}s, ${cov:-no coverage line}"
		pass=$((pass + 1))
	fi
done
echo "fuzz: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
