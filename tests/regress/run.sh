#!/bin/sh
# Regress cases: tests/regress/CASE/ holds what differs from _base/:
#   content/, templates/   files laid over _base/content and _base/templates
#   remove                 paths (one a line, like content/faq.md) to delete
#   args                   extra arguments for `pamphlet build`
#   handout                instead of a build, `pamphlet handout -o handouts`
#                          with these arguments (plan files, from plans/
#                          laid over the case's work folder); a failed
#                          one must leave no handouts/
#   expected/              for cases that succeed: the files of out/ the case
#                          is about (the PDF sheet is not compared: tests/pdf
#                          checks it); with `full` beside it, all of out/
#   expected.stderr        the expected diagnostics (default: none)
#   expected.exit          the expected exit code (default: 0)
# Usage: run.sh [PAMPHLET] [CASE...]; REGRESS_UPDATE=1 rewrites expectations.
set -u
here=$(cd "$(dirname "$0")" && pwd)
bin=$(cd "$(dirname "${1:-generator/pamphlet}")" && pwd)/$(basename "${1:-generator/pamphlet}")
shift 2>/dev/null || true
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1764028800
pass=0 fail=0
cases=${*:-$(cd "$here" && ls -d */ | tr -d / | grep -v '^_')}
for c in $cases; do
	dir=$here/$c
	work=$tmp/$c
	mkdir -p "$work"
	cp -R "$here/_base/content" "$here/_base/templates" "$work/"
	for sub in content templates plans; do
		[ -d "$dir/$sub" ] && mkdir -p "$work/$sub" && cp -R "$dir/$sub/." "$work/$sub/"
	done
	if [ -f "$dir/remove" ]; then
		while IFS= read -r p; do [ -n "$p" ] && rm -rf "${work:?}/$p"; done < "$dir/remove"
	fi
	args=""
	[ -f "$dir/args" ] && args=$(cat "$dir/args")
	if [ -f "$dir/handout" ]; then
		# shellcheck disable=SC2046
		(cd "$work" && "$bin" handout --quiet -o handouts $(cat "$dir/handout") >stdout 2>stderr; echo $? >exit)
	else
		# shellcheck disable=SC2086
		(cd "$work" && "$bin" build --quiet $args >stdout 2>stderr; echo $? >exit)
	fi
	want_exit=0
	[ -f "$dir/expected.exit" ] && want_exit=$(cat "$dir/expected.exit")
	if [ "${REGRESS_UPDATE:-}" = 1 ]; then
		cp "$work/stderr" "$dir/expected.stderr"
		[ -s "$dir/expected.stderr" ] || rm -f "$dir/expected.stderr"
		got=$(cat "$work/exit")
		[ "$got" = 0 ] && rm -f "$dir/expected.exit" || echo "$got" >"$dir/expected.exit"
		if [ -d "$work/out" ] && [ "$got" = 0 ]; then
			if [ -d "$dir/expected" ] && [ ! -f "$dir/full" ]; then
				# Refresh just the files the case keeps.
				(cd "$dir/expected" && find . -type f) | while IFS= read -r f; do
					cp "$work/out/$f" "$dir/expected/$f"
				done
			else
				rm -rf "$dir/expected"
				cp -R "$work/out" "$dir/expected"
				rm -f "$dir/expected/exercise-sheet.pdf"
			fi
		else
			rm -rf "$dir/expected"
		fi
		echo "updated $c"
		continue
	fi
	ok=1
	got_exit=$(cat "$work/exit")
	if [ "$got_exit" != "$want_exit" ]; then
		echo "FAIL $c: exit $got_exit, expected $want_exit"
		ok=0
	fi
	if [ -f "$dir/expected.stderr" ]; then
		diff -u "$dir/expected.stderr" "$work/stderr" >"$work/diff" || { echo "FAIL $c: stderr differs"; cat "$work/diff"; ok=0; }
	elif [ -s "$work/stderr" ]; then
		echo "FAIL $c: unexpected stderr:"; cat "$work/stderr"; ok=0
	fi
	if [ "$want_exit" = 0 ] && [ -d "$dir/expected" ]; then
		if [ -f "$dir/full" ]; then
			# (The build cache holds file stamps: this machine's.)
			diff -ru --exclude=exercise-sheet.pdf "$dir/expected" "$work/out" >"$work/diff"
		else
			(cd "$dir/expected" && find . -type f) | while IFS= read -r f; do
				diff -u "$dir/expected/$f" "$work/out/$f" || echo "differs: $f"
			done >"$work/diff" 2>&1
			[ ! -s "$work/diff" ]
		fi || { echo "FAIL $c: output differs"; head -50 "$work/diff"; ok=0; }
	fi
	if [ "$want_exit" != 0 ] && [ -e "$work/out" ]; then
		echo "FAIL $c: a failed build created out/"; ok=0
	fi
	if [ "$want_exit" != 0 ] && [ -n "$(ls -A "$work/handouts" 2>/dev/null)" ]; then
		echo "FAIL $c: a failed handout batch wrote handouts/"; ok=0
	fi
	if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
echo "regress: $pass passed, $fail failed"
[ $fail = 0 ]
