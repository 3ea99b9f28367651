#!/bin/sh
# Browser-level checks of the built site, the way readers meet it: the
# W3C validator, axe in Chromium, layout, links, behaviour, screenshots.
# Usage: run.sh [PAMPHLET]   (from `make browser`)
# 1. npm ci here when node_modules is missing or older than the lock file
#    (no install scripts run: nothing downloads a browser or a runtime;
#    Chromium and Java come from Debian);
# 2. builds the shipped content, and the regress cases that succeed, into
#    a temporary folder;
# 3. runs node's test runner over ./*.test.mjs.
# Screenshots land in tests/browser/artifacts/ (git-ignored).
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
bin=$(cd "$(dirname "${1:-$top/generator/pamphlet}")" && pwd)/$(basename "${1:-generator/pamphlet}")
ms() { date +%s%3N; }

cd "$here" || exit 1
t0=$(ms)
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >npm-ci.log 2>&1 \
		|| { cat npm-ci.log; rm -f npm-ci.log; echo "browser: npm ci failed"; exit 1; }
	rm -f npm-ci.log
	echo "browser: npm ci: $(( $(ms) - t0 )) ms"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1764028800
t0=$(ms)
"$bin" build --quiet --content "$top/content" --templates "$top/templates" --out "$tmp/site" \
	|| { echo "browser: the shipped content does not build"; exit 1; }

# The regress cases that succeed (no expected.exit), assembled as
# tests/regress/run.sh does: CASE/ laid over _base/.
regress=$top/tests/regress
mkdir -p "$tmp/regress"
for dir in "$regress"/*/; do
	c=$(basename "$dir")
	case $c in _*) continue ;; esac
	[ -f "$dir/expected.exit" ] && continue
	work=$tmp/regress/$c
	mkdir -p "$work"
	cp -R "$regress/_base/content" "$regress/_base/templates" "$work/"
	for sub in content templates; do
		[ -d "$dir/$sub" ] && cp -R "$dir/$sub/." "$work/$sub/"
	done
	if [ -f "$dir/remove" ]; then
		while IFS= read -r p; do [ -n "$p" ] && rm -rf "${work:?}/$p"; done <"$dir/remove"
	fi
	args=""
	[ -f "$dir/args" ] && args=$(cat "$dir/args")
	# shellcheck disable=SC2086
	if ! (cd "$work" && "$bin" build --quiet $args >/dev/null 2>"$work/stderr"); then
		echo "browser: regress case $c does not build (tests/regress reports it); skipped"
		rm -rf "$work"
	fi
done
echo "browser: built the site and $(ls "$tmp/regress" | wc -l) regress trees: $(( $(ms) - t0 )) ms"

BROWSER_BIN=$bin BROWSER_SITE=$tmp/site BROWSER_REGRESS=$tmp/regress node --test --test-concurrency=2 ./*.test.mjs
