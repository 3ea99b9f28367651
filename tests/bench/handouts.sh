#!/bin/sh
# tests/bench/handouts.sh PAMPHLET [N]: pamphlet handout on a batch of N
# plans (default 1000; 3 to 6 of the shipped exercises each, with their
# pictures), with --jobs 1 and --jobs 2, side by side with Chromium
# printing one page to PDF per patient (5 prints, scaled to N).
# Prints CPU and wall time per handout and the ratio.  Part of make bench.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
n=${2:-1000}
top=$(cd "$(dirname "$0")/../.." && pwd)
CHROMIUM=${CHROMIUM:-/usr/lib/chromium/chromium}
W=$top/tests/tmp/bench/handouts
rm -rf "$W"
mkdir -p "$W/plans"
cp -R "$top/content" "$top/templates" "$W/"
sh "$top/tests/e2e/real-clinic.sh" "$W/content"
cd "$W" || exit 1
# Plans: a fixed pseudo-random choice (an LCG), the same every run.
set -- chest-stretch neck-stretch shoulder-rolls rows lat-pulldowns \
	scapular-squeezes swimming cycling yoga
awk -v n="$n" 'BEGIN {
	split("chest-stretch neck-stretch shoulder-rolls rows lat-pulldowns scapular-squeezes swimming cycling yoga", ex, " ")
	s = 12345
	for (i = 0; i < n; i++) {
		f = sprintf("plans/p%05d.yaml", i)
		printf "patient: \"Patient %05d\"\ndate: 2026-12-02\nclinician: \"Sam Physio\"\nexercises:\n", i > f
		s = (s * 1103515245 + 12345) % 2147483648; k = 3 + s % 4
		delete used
		for (j = 0; j < k; j++) {
			do { s = (s * 1103515245 + 12345) % 2147483648; e = 1 + s % 9 } while (e in used)
			used[e] = 1
			printf "  - exercise: %s\n    frequency: \"Every day\"\n", ex[e] > f
		}
		close(f)
	}
}'
# Drawings first (once per batch in any case; kept between batches).
"$bin" handout -q -o warm plans/p00000.yaml || exit 1
for j in 1 2; do
	rm -rf "out-$j"
	/usr/bin/time -o "time-$j" -f '%e %U %S %M' "$bin" handout -q --jobs "$j" -o "out-$j" plans || exit 1
	[ "$(ls "out-$j" | wc -l)" -eq "$n" ] || { echo "handouts: not $n PDFs" >&2; exit 1; }
done
# Chromium: one printed page per patient (the site's schedule page).
"$bin" build -q -o site || exit 1
t0=$(date +%s.%N)
for i in 1 2 3 4 5; do
	"$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking \
		--user-data-dir="$W/profile" --print-to-pdf="$W/chromium-$i.pdf" \
		"file://$W/site/schedule/index.html" >/dev/null 2>&1 || exit 1
done
t1=$(date +%s.%N)
for j in 1 2; do
	read -r wall user sys rss <"time-$j"
	awk -v j="$j" -v n="$n" -v w="$wall" -v u="$user" -v s="$sys" -v m="$rss" -v c0="$t0" -v c1="$t1" 'BEGIN {
		cpu = (u + s) / n * 1000
		chrome = (c1 - c0) / 5 * n
		printf "handouts: %d plans, --jobs %d: %.2f ms CPU per handout, %.2f s wall (%.2f ms a handout), %d KB peak; Chromium, one page each: %.0f s for %d (%.0fx slower)\n", n, j, cpu, w, w / n * 1000, m, chrome, n, chrome / w
	}'
done
