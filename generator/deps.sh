#!/bin/sh
# deps.sh GROUP...: make sure what these groups of the table below need is
# here: build (the libraries to compile pamphlet), fonts (its sheet's
# default font), unit, pdf, valgrind, browser, fuzz, bench, node, spec.
#
# It runs on every make, so it first takes a cheap look: one pkg-config
# call, one run of the preprocessor, a few file tests.  Only when something
# is missing does it look further:
# - on a Debian-like system (dpkg-query and apt-get present): as root, it
#   installs the missing Debian packages (apt-get update first: a fresh
#   machine has empty package lists); otherwise it prints the one command
#   to run and fails, so make stops with a clear next step;
# - elsewhere, it names what is missing by its upstream name and fails.
#   A font is needed only when pamphlet runs: there, a missing one is a
#   warning.
#
# Environment: CC, CPPFLAGS, CFLAGS (how the compiler finds headers),
# PKG_CONFIG (default pkg-config), CLANG (for fuzz, default clang).
set -u
CC=${CC:-cc}
CPPFLAGS=${CPPFLAGS:-}
CFLAGS=${CFLAGS:-}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}
CLANG=${CLANG:-clang}
FONTS=/usr/share/fonts/truetype/noto # as in generator/pdf.h

# group|checks|Debian packages|upstream name.  A check is pc:MODULE
# (pkg-config knows it), h:HEADER (the compiler finds it, with the cflags
# of the line's modules), cmd:NAME (a command), file:PATH, cc (the command
# in $CC) or fuzzer (clang's libFuzzer runtime).
TABLE="\
build|cmd:$PKG_CONFIG|pkg-config|pkg-config (or pkgconf)
build|cc|gcc|a C compiler (CC=$CC)
build|pc:libcmark-gfm h:cmark-gfm-core-extensions.h|libcmark-gfm-dev libcmark-gfm-extensions-dev|cmark-gfm (with extensions)
build|h:hpdf.h|libhpdf-dev|libharu
build|pc:yaml-0.1|libyaml-dev|libyaml
build|pc:libutf8proc|libutf8proc-dev|utf8proc
build|pc:libxxhash|libxxhash-dev|xxhash
build|pc:zlib|zlib1g-dev|zlib
build|pc:libmicrohttpd|libmicrohttpd-dev|libmicrohttpd
build|pc:librsvg-2.0 pc:cairo|librsvg2-dev|librsvg 2.52 or later (with cairo)
build|pc:libqrencode|libqrencode-dev|libqrencode
fonts|file:$FONTS/NotoSans-Regular.ttf file:$FONTS/NotoSans-Bold.ttf|fonts-noto-core|Noto Sans ($FONTS/NotoSans-Regular.ttf and NotoSans-Bold.ttf)
unit|pc:cmocka|libcmocka-dev|cmocka
pdf|cmd:pdftotext cmd:pdffonts cmd:pdfimages|poppler-utils|poppler-utils
pdf|cmd:qpdf|qpdf|qpdf
pdf|cmd:strace|strace|strace
pdf|cmd:zbarimg|zbar-tools|zbar (zbarimg)
valgrind|cmd:valgrind|valgrind|valgrind
browser|cmd:chromium|chromium|Chromium
browser|cmd:java|default-jre-headless|a Java runtime
fuzz|cmd:$CLANG|clang|clang
fuzz|fuzzer|libclang-rt-14-dev|clang's libFuzzer runtime (compiler-rt)
bench|cmd:hugo|hugo|Hugo
bench|cmd:hyperfine|hyperfine|hyperfine
bench|file:/usr/bin/time|time|GNU time
bench|cmd:cmark-gfm|cmark-gfm|the cmark-gfm command
bench|cmd:chromium|chromium|Chromium
node|cmd:node|nodejs|Node.js
spec|cmd:cmark-gfm|cmark-gfm|the cmark-gfm command (and the spec it ships)"

# Groups needed only at run time: off Debian, missing is a warning.
RUNTIME_ONLY=" fonts "

# The table's lines of the groups asked for.
want=""
nl='
'
for g in "$@"; do
	known=""
	while IFS='|' read -r group rest; do
		[ "$g" = "$group" ] && want="$want$group|$rest$nl" && known=1
	done <<EOF
$TABLE
EOF
	[ -n "$known" ] || { echo "deps.sh: unknown group $g" >&2; exit 2; }
done

# headers CFLAGS HEADER...: the compiler finds every HEADER.  Without a
# compiler it cannot tell: the line "cc" of the build group says so.
headers() {
	hflags=$1
	shift
	simple cc || return 0
	# shellcheck disable=SC2086 # CC and the flags are several words
	printf '#include <%s>\n' "$@" |
		$CC $CPPFLAGS $CFLAGS $hflags -E -x c - >/dev/null 2>&1
}

# simple CHECK: a check other than pc: and h: passes.
# shellcheck disable=SC2086 # CC may be several words
simple() {
	case $1 in
	cmd:*) command -v "${1#cmd:}" >/dev/null 2>&1 ;;
	file:*) [ -e "${1#file:}" ] ;;
	cc) set -- $CC && command -v "$1" >/dev/null 2>&1 ;; # "ccache gcc": ccache
	fuzzer)
		rt=$($CLANG --print-runtime-dir 2>/dev/null) || return 1
		for f in "$rt"/libclang_rt.fuzzer*.a "$rt"/libclang_rt.fuzzer*.so; do
			[ -e "$f" ] && return 0
		done
		return 1 ;;
	*) echo "deps.sh: unknown check $1" >&2; return 1 ;;
	esac
}

# passes CHECKS...: every check passes, with one pkg-config call for all
# the modules and one preprocessor run for all the headers.
passes() {
	mods="" hdrs=""
	for c in "$@"; do
		case $c in
		pc:*) mods="$mods ${c#pc:}" ;;
		h:*) hdrs="$hdrs ${c#h:}" ;;
		*) simple "$c" || return 1 ;;
		esac
	done
	pcflags=""
	if [ -n "$mods" ]; then
		# shellcheck disable=SC2086
		pcflags=$($PKG_CONFIG --cflags $mods 2>/dev/null) || return 1
	fi
	# shellcheck disable=SC2086
	[ -z "$hdrs" ] || headers "$pcflags" $hdrs
}

# The cheap look: every check of every line at once.
all=""
while IFS='|' read -r group checks packages name; do
	all="$all $checks"
done <<EOF
$want
EOF
# shellcheck disable=SC2086
passes $all && exit 0

# Something is missing: which lines fail.
failing() {
	while IFS='|' read -r group checks packages name; do
		[ -z "$group" ] && continue
		# shellcheck disable=SC2086
		passes $checks || printf '%s|%s|%s|%s\n' "$group" "$checks" "$packages" "$name"
	done <<EOF
$1
EOF
}
missing=$(failing "$want")

# report LINES: name what is missing by its upstream name; a warning for
# what only pamphlet's run needs, an error (exit 1) for the rest.
report() {
	hard="" soft="" how=""
	while IFS='|' read -r group checks packages name; do
		[ -z "$group" ] && continue
		case "$RUNTIME_ONLY" in
		*" $group "*) soft="$soft, $name" ;;
		*)
			hard="$hard, $name"
			for c in $checks; do
				case $c in
				pc:*) how="$how, pkg-config ${c#pc:}" ;;
				h:*) how="$how, <${c#h:}>" ;;
				esac
			done ;;
		esac
	done <<EOF
$1
EOF
	if [ -n "$soft" ]; then
		echo "pamphlet: warning: not found: ${soft#, }." >&2
		echo "  pamphlet needs it to draw the sheet: install it, or give another font with --font and --bold-font." >&2
	fi
	[ -z "$hard" ] && return 0
	echo "pamphlet: missing: ${hard#, }." >&2
	echo "  Install these with your system's package manager (the development packages," >&2
	echo "  with headers and pkg-config files), then run 'make' again." >&2
	if [ -n "$how" ]; then
		echo "  Looked for: ${how#, } (set PKG_CONFIG_PATH or CPPFLAGS=-I... if they are elsewhere)." >&2
	fi
	return 1
}

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
	report "$missing"
	exit
fi

# Debian: the packages of the failing lines that are not installed.
debs=""
while IFS='|' read -r group checks packages name; do
	[ -z "$group" ] && continue
	for p in $packages; do
		case " $debs " in *" $p "*) continue ;; esac
		status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
		case "$status" in
		*" installed") ;;
		*) debs="$debs $p" ;;
		esac
	done
done <<EOF
$missing
EOF
# Installed, and still not found (another compiler, a moved .pc file).
if [ -z "$debs" ]; then
	report "$missing"
	exit
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "pamphlet: missing Debian packages. Run this, then 'make' again:" >&2
	echo "  sudo apt-get update && sudo apt-get install -y$debs" >&2
	exit 1
fi
# One install at a time: make -j may run two of these side by side.
if [ -z "${PAMPHLET_DEPS_LOCKED:-}" ] && command -v flock >/dev/null 2>&1; then
	PAMPHLET_DEPS_LOCKED=1 exec flock /var/lock/pamphlet-deps.lock sh "$0" "$@"
fi
echo "pamphlet: installing Debian packages:$debs" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || exit 1
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $debs >&2 || exit 1
report "$(failing "$missing")"
