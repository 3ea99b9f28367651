#!/bin/sh
# tests/e2e/progress.sh PAMPHLET: the progress line of a long build.
#
# A site of 2,000 exercises (tests/bench/gen.mjs), the line shown from
# the start (PAMPHLET_PROGRESS_AFTER_MS=0: no check depends on speed):
# 1. with stderr not a terminal, stderr stays empty: no progress line;
# 2. under a pseudo-terminal (script(1)), a line "pamphlet: STAGE
#    DONE/TOTAL" is drawn in place, and taken away (spaces over it)
#    before the summary line, which starts a line of its own;
# 3. with --quiet, nothing at all;
# 4. a message during the build (here: the build cache cannot be saved,
#    said after the files are written) takes the line away first and
#    starts a line of its own.
#
# Ends with "progress: N passed, M failed"; exits 1 if any failed.
. "$(dirname "$0")/lib.sh"
if ! command -v script >/dev/null 2>&1; then
	echo "skip: no script(1) (util-linux) for a pseudo-terminal"
	finish progress
	exit
fi

site=$tmp/site
mkdir -p "$site"
cp -R "$top/templates" "$site/templates"
export PAMPHLET_BIN="$bin"

# pty NAME ARGS: pamphlet ARGS in $site with stdin, stdout and stderr on a
# pseudo-terminal; what the terminal got goes to $tmp/NAME, without
# script's own lines, with its \r\n made \n.  Returns pamphlet's status.
pty() {
	_name=$1
	shift
	(cd "$site" && script -qec "\"\$PAMPHLET_BIN\" $*" "$tmp/$_name.raw") \
		</dev/null >/dev/null 2>&1
	_rc=$?
	sed -e '/^Script started on /d' -e '/^Script done on /d' -e 's/\r$//' \
		"$tmp/$_name.raw" >"$tmp/$_name"
	return $_rc
}

# own_line TEXT FILE: every line of FILE with TEXT shows it from its
# start: after the line's last \r comes "pamphlet: " and TEXT, and before
# that \r only spaces, as many as the longest text drawn before them.
# With -c: and there was such a text (the message took a line away).
own_line() {
	_cleared=0
	[ "$1" = -c ] && { _cleared=1; shift; }
	awk -v text="$1" -v cleared=$_cleared '
		index($0, text) {
			found = 1
			n = split($0, seg, "\r")
			if (index(seg[n], "pamphlet: ") != 1 || index(seg[n], text) == 0)
				bad = 1
			if (n > 1) {
				if (seg[n - 1] !~ /^ *$/)
					bad = 1
				for (i = 1; i < n - 1; i++)
					if (length(seg[i]) > length(seg[n - 1]))
						bad = 1
				if (n > 2)
					drawn = 1
			}
		}
		END { exit !(found && !bad && (drawn || !cleared)) }' "$2"
}
progress_re='pamphlet: [a-z ]* [0-9][0-9]*/[0-9][0-9]*'

# 1. Not a terminal: no progress line.  The line shows after 1 s of a
# run; PAMPHLET_PROGRESS_AFTER_MS=0 shows it at once, so that no check
# here depends on how fast this machine builds.
export PAMPHLET_PROGRESS_AFTER_MS=0
n=2000
rm -rf "$site/content" "$site/out" "$site/.pamphlet"
node "$top/tests/bench/gen.mjs" $n "$site/content" --sheet-size 2 >/dev/null
no_checks "$site/content"
t0=$(date +%s%N)
(cd "$site" && "$bin" build >"$tmp/piped.out" 2>"$tmp/piped.err")
rc=$?
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
t '[ $rc = 0 ]' "the site of $n exercises does not build: $(head -3 "$tmp/piped.err")"
echo "progress: $n exercises, $ms ms"
t '[ ! -s "$tmp/piped.err" ]' "stderr not a terminal, but something on it: $(head -c 300 "$tmp/piped.err" | cat -v)"
t 'grep -q "^pamphlet: built" "$tmp/piped.out" && ! grep -q "$(printf "\r")" "$tmp/piped.out"' \
	"piped: not the summary line alone: $(head -c 300 "$tmp/piped.out" | cat -v)"

# 2. On a terminal: the line, then the summary on a line of its own.
if pty tty build --out out-tty; then ok; else no "the build under a pseudo-terminal failed: $(head -c 300 "$tmp/tty" | cat -v)"; fi
t 'grep -q "$progress_re" "$tmp/tty"' "no progress line on a terminal ($ms ms): $(head -c 300 "$tmp/tty" | cat -v)"
t 'own_line -c "built " "$tmp/tty"' "the summary line does not start a clean line: $(tail -c 300 "$tmp/tty" | cat -v)"
t '[ "$(grep -c "pamphlet: built" "$tmp/tty")" = 1 ] && [ -z "$(sed -n "/pamphlet: built/,\$p" "$tmp/tty" | sed 1d)" ]' \
	"something after the summary line: $(tail -c 300 "$tmp/tty" | cat -v)"

# 3. --quiet: nothing.
if pty quiet build --quiet --out out-quiet; then ok; else no "the quiet build under a pseudo-terminal failed"; fi
t '[ -z "$(tr -d " \n" <"$tmp/quiet")" ]' "--quiet on a terminal, but: $(head -c 300 "$tmp/quiet" | cat -v)"

# 4. A message while the line is up: the cache of out/ made unwritable
# (a folder where its file goes), out/ emptied so that the build writes
# it all again, and says so after.
state=$(state_of "$site/content" "$site/out")
t '[ -f "$state/cache" ]' "no build cache beside the content folder"
rm -f "$state/cache" && mkdir "$state/cache"
find "$site/out" -mindepth 1 -delete
if pty message build; then ok; else no "the build with an unwritable cache failed: $(head -c 300 "$tmp/message" | cat -v)"; fi
t 'own_line -c "cannot save the build cache" "$tmp/message"' \
	"the message shares a line with the progress: $(grep "build cache" "$tmp/message" | cat -v)"
t 'own_line "built " "$tmp/message"' "after a message, the summary line does not start a clean line"

finish progress
