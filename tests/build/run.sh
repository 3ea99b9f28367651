#!/bin/sh
# tests/build/run.sh [TREE]: the build itself, in a copy of TREE (default:
# this project's working tree, without what git ignores: no build
# products, tests/tmp or node_modules).
#
# 1. Without dpkg-query and apt-get (a system other than Debian), and
#    without any test tool (Chromium, Java, clang, valgrind, poppler,
#    qpdf), `make PREFIX=A` builds pamphlet and the site.
# 2. There, with libyaml missing (a pkg-config that does not know
#    yaml-0.1), make names it by its upstream name and stops before
#    compiling, without a word of apt-get.
# 3. On Debian (stand-ins for dpkg-query, apt-get and id) with libyaml
#    missing: as a user, make prints the one apt-get line and stops; as
#    root, it runs apt-get update, then apt-get install libyaml-dev.
# 4. There too, a unit test builds and runs: it needs cmocka, not the
#    browser (and `make -n` of it names no browser package).
# 5. `make install PREFIX=B DESTDIR=STAGE` after step 1: the installed
#    binary knows B's templates, neither A's nor the stage's, and, run in
#    a folder with only content/, builds with B's templates.
#
# Ends with "build: N passed, M failed"; exits 1 if any failed.
src=${1:-}
set --
. "$(dirname "$0")/../e2e/lib.sh"
src=${src:-$top}
# Not the make that may have started this one: its flags and variables.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES

# The copy.
copy=$tmp/tree
mkdir -p "$copy"
if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
	(cd "$src" && git ls-files -z -c -o --exclude-standard |
		tar --null --ignore-failed-read -T - -cf -) | tar -xf - -C "$copy"
else
	(cd "$src" && tar --exclude=./tests/tmp --exclude=node_modules --exclude='*.o' -cf - .) |
		tar -xf - -C "$copy"
fi

# A PATH without dpkg-query and apt-get, and without the tools of the
# other tests: links to everything else on PATH, the first of a name wins.
nodeb=$tmp/bin
mkdir -p "$nodeb"
IFS=:
for d in $PATH; do
	case $d in /*) [ -d "$d" ] && ln -s "$d"/* "$nodeb"/ 2>/dev/null ;; esac
done
unset IFS
for h in dpkg-query dpkg apt-get apt chromium java clang valgrind qpdf \
	pdftotext pdffonts pdfimages; do
	rm -f "$nodeb/$h"
done

# Stand-ins for a Debian where libyaml-dev is not installed: id -u says
# $FAKE_UID, apt-get writes what it was asked to apt.log.
deb=$tmp/deb
mkdir -p "$deb"
cat >"$deb/dpkg-query" <<'EOF'
#!/bin/sh
for p; do :; done
[ "$p" = libyaml-dev ] && exit 1
printf 'install ok installed'
EOF
cat >"$deb/apt-get" <<EOF
#!/bin/sh
echo "\$*" >>"$tmp/apt.log"
EOF
cat >"$deb/id" <<EOF
#!/bin/sh
[ "\$*" = -u ] && { echo "\$FAKE_UID"; exit 0; }
exec "$nodeb/id" "\$@"
EOF
# A pkg-config that does not know yaml-0.1.
cat >"$tmp/pc-noyaml" <<'EOF'
#!/bin/sh
for a; do
	[ "$a" = yaml-0.1 ] && { echo "Package yaml-0.1 was not found" >&2; exit 1; }
done
exec pkg-config "$@"
EOF
chmod +x "$deb"/* "$tmp/pc-noyaml"

# mk PATH ARGS...: make ARGS in the copy with this PATH; output in $log.
log=$tmp/make.log
mk() {
	_path=$1
	shift
	(cd "$copy" && PATH=$_path make -j2 "$@") >"$log" 2>&1
}
# show: the end of the last make's output, after a failure.
show() { sed 's/^/  | /' "$log" | tail -n 15; }
# tl CONDITION MESSAGE: t, and the output after a failure.
tl() { if eval "$1"; then ok; else no "$2"; show; fi; }

A=$tmp/a B=$tmp/b stage=$tmp/stage

# 1. No dpkg: builds.
if mk "$nodeb" PREFIX="$A"; then ok; else no "without dpkg, make did not build"; show; fi
t '[ -x "$copy/generator/pamphlet" ] && [ -f "$copy/out/index.html" ]' \
	"without dpkg: no generator/pamphlet or out/index.html"
t '! grep -q apt-get "$log"' "without dpkg: make spoke of apt-get"

# 2. No dpkg, libyaml missing: named, and nothing compiled.
rm -f "$copy/generator/slug.o"
if mk "$nodeb" PKG_CONFIG="$tmp/pc-noyaml" generator/slug.o; then
	no "without dpkg and libyaml, make succeeded"
else ok; fi
tl 'grep -q "^pamphlet: missing: libyaml\.$" "$log"' \
	"without dpkg and libyaml: libyaml not named"
tl '! grep -q -e apt-get -e Debian -e "slug\.c" "$log"' \
	"without dpkg and libyaml: make went on, or spoke of apt-get"

# 3. Debian, libyaml-dev missing: the line for a user, the install for root.
: >"$tmp/apt.log"
if FAKE_UID=1000 mk "$deb:$nodeb" PKG_CONFIG="$tmp/pc-noyaml" generator/slug.o; then
	no "Debian, user, no libyaml: make succeeded"
else ok; fi
tl 'grep -q "^  sudo apt-get update && sudo apt-get install -y libyaml-dev$" "$log"' \
	"Debian, user, no libyaml: not the one apt-get line"
t '[ ! -s "$tmp/apt.log" ]' "Debian, user: apt-get ran"
if FAKE_UID=0 mk "$deb:$nodeb" PKG_CONFIG="$tmp/pc-noyaml" generator/slug.o; then
	no "Debian, root, libyaml still missing after apt-get: make succeeded"
else ok; fi
t '[ "$(cat "$tmp/apt.log")" = "update -qq
install -y -qq --no-install-recommends libyaml-dev" ]' \
	"Debian, root: not apt-get update, then install libyaml-dev"

# 4. A unit test without the browser (nor valgrind, clang, ...).
if mk "$nodeb" tests/unit/test_slug && "$copy/tests/unit/test_slug" >"$tmp/unit.log" 2>&1; then
	ok
else no "a unit test did not build or pass without the test tools"; show; fi
t '! grep -q -i chromium "$log"' "make tests/unit/test_slug spoke of Chromium"
mk "$nodeb" -n -B tests/unit/test_slug
tl '! grep -q -i -E "chromium|browser|valgrind|clang" "$log"' \
	"make -n tests/unit/test_slug names a test tool"

# 5. Built for A, installed for B, staged in $stage.
t 'strings "$copy/generator/pamphlet" | grep -q -F "$A/share/pamphlet"' \
	"built with PREFIX=A, the binary does not know A"
if mk "$nodeb" install PREFIX="$B" DESTDIR="$stage"; then ok; else no "make install failed"; show; fi
inst=$stage$B/bin/pamphlet
t 'strings "$inst" | grep -q -F "$B/share/pamphlet/templates"' \
	"installed binary does not know B's templates"
t '! strings "$inst" | grep -q -F -e "$A/" -e "$stage"' \
	"installed binary knows A or the stage folder"
# Unpacked where it belongs, with a mark in its templates.
mkdir -p "$B"
cp -R "$stage$B/." "$B/"
echo '<!-- the installed templates -->' >>"$B/share/pamphlet/templates/partials/footer.html"
mkdir -p "$tmp/site"
cp -R "$copy/content" "$tmp/site/content"
if (cd "$tmp/site" && PATH=$nodeb "$B/bin/pamphlet" build --quiet) >"$log" 2>&1; then
	ok
else no "installed binary: build in a folder with only content/ failed"; show; fi
t 'grep -q "<!-- the installed templates -->" "$tmp/site/out/index.html"' \
	"installed binary did not use the installed templates"

finish build
