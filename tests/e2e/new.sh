#!/bin/sh
# tests/e2e/new.sh PAMPHLET: `pamphlet new` as a clinic uses it.
#
# 1. `make install PREFIX=P DESTDIR=STAGE` (in a copy of this tree, with
#    what make built there: only main.o, which knows P, is compiled
#    again) installs the example; unpacked at P, the installed program
#    makes a new site from it, which builds at once from its own folder
#    with the installed templates (the site and the sheet are there) and
#    passes `pamphlet check`; --templates copies the templates too.
# 2. A folder that is there and not empty, or a file, is refused (exit
#    2) and left as it was.
# 3. Without a content folder, the message says how to start.
# 4. The program built in this tree takes this tree's content/.
#
# Ends with "new: N passed, M failed"; exits 1 if any failed.
. "$(dirname "$0")/lib.sh"
# Not the make that may have started this one: its flags and variables.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES

# tree: md5 of every file and the list of folders below $1, to see that
# nothing changed.
tree() { (cd "$1" && find . -type f -exec md5sum {} + | sort; find . -type d | sort); }

# 1. Installed into a temporary PREFIX.
copy=$tmp/tree P=$tmp/prefix stage=$tmp/stage
mkdir -p "$copy"
: >"$tmp/err"
if git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
	(cd "$top" && { git ls-files -z -c -o --exclude-standard
		printf '%s\0' generator/*.o generator/*.d generator/libpamphlet.a \
			generator/datadir.stamp generator/pamphlet; } |
		tar --null --ignore-failed-read -T - -cf - 2>/dev/null) | tar -xf - -C "$copy"
else
	(cd "$top" && tar --exclude=./tests/tmp --exclude=node_modules -cf - .) | tar -xf - -C "$copy"
fi
if make -C "$copy" install PREFIX="$P" DESTDIR="$stage" >"$tmp/make.log" 2>&1; then
	ok
else
	no "make install failed"
	tail -n 15 "$tmp/make.log" | sed 's/^/  | /'
fi
t '[ -f "$stage$P/share/pamphlet/example/content/site.yaml" ]' "the example is not installed in DATADIR/example"
mkdir -p "$P"
cp -R "$stage$P/." "$P/"
pam=$P/bin/pamphlet

mkdir -p "$tmp/work"
cd "$tmp/work" || exit 1
t '"$pam" new clinic >"$tmp/out" 2>"$tmp/err"' "pamphlet new clinic failed: $(cat "$tmp/err")"
t 'grep -q "^pamphlet: made a new site in clinic" "$tmp/out"' "new says what it did: $(cat "$tmp/out")"
t 'diff -r "$top/content" clinic/content >/dev/null' "clinic/content is not the example"
t '[ ! -e clinic/templates ]' "new copied the templates without --templates"
t 'grep -q "pamphlet build" clinic/README.txt && grep -q "out/index.html" clinic/README.txt && grep -q "pamphlet serve" clinic/README.txt' \
	"README.txt does not say what to do"
t 'grep -q -F "$P/share/pamphlet/templates" clinic/README.txt' "README.txt does not name the installed templates"

# Built from the site's own folder, another than the one new ran in.
t '(cd clinic && "$pam" build) >"$tmp/out" 2>"$tmp/err"' "the new site does not build: $(cat "$tmp/err")"
t '[ -f clinic/out/index.html ] && [ -f clinic/out/exercises/rows/index.html ]' "no site in clinic/out"
t '[ -s clinic/out/exercise-sheet.pdf ]' "no sheet in clinic/out"
t 'cmp -s clinic/out/assets/style.css "$P/share/pamphlet/templates/assets/style.css"' "the site does not use the installed templates"
t '(cd clinic && "$pam" check) >"$tmp/out" 2>"$tmp/err"' "pamphlet check fails on the new site: $(cat "$tmp/err")"
t 'grep -q "are fine" "$tmp/out"' "check does not say the site is fine: $(cat "$tmp/out")"

# --templates: the templates too, and the site uses them.
t '"$pam" new --templates styled >/dev/null 2>"$tmp/err"' "pamphlet new --templates failed: $(cat "$tmp/err")"
t 'diff -r "$P/share/pamphlet/templates" styled/templates >/dev/null' "styled/templates is not the installed templates"
echo '<!-- our own look -->' >>styled/templates/partials/footer.html
t '(cd styled && "$pam" build --quiet) 2>"$tmp/err"' "a site with its own templates does not build: $(cat "$tmp/err")"
t 'grep -q "our own look" styled/out/index.html' "the site does not use its own templates"

# 2. Never into a folder in use, never over a file.
tree clinic >"$tmp/before"
"$pam" new clinic >/dev/null 2>"$tmp/err"
t '[ $? = 2 ]' "new into a folder that is not empty does not exit 2"
t 'grep -q "^pamphlet: clinic: error: is a folder that is not empty" "$tmp/err"' "the refusal does not say why: $(cat "$tmp/err")"
tree clinic >"$tmp/after"
t 'cmp -s "$tmp/before" "$tmp/after"' "a refused new changed the folder: $(diff "$tmp/before" "$tmp/after" | head -3)"
echo "notes" >notes.txt
"$pam" new notes.txt >/dev/null 2>&1
t '[ $? = 2 ] && [ "$(cat notes.txt)" = notes ]' "new over a file is not refused, or changed it"
mkdir empty
t '"$pam" new --quiet empty >"$tmp/out" && [ -f empty/content/site.yaml ] && [ ! -s "$tmp/out" ]' \
	"new into an empty folder (--quiet) failed, or spoke"

# 3. No content folder: how to start.
mkdir bare
(cd bare && "$pam" build) >/dev/null 2>"$tmp/err"
t '[ $? = 3 ]' "build without a content folder does not exit 3"
t 'grep -q "content folder not found.*pamphlet new mysite" "$tmp/err"' "the message does not say how to start: $(cat "$tmp/err")"

# 4. From the source tree: its content/.
if [ "$(dirname "$bin")" = "$top/generator" ]; then
	t '"$bin" new --quiet fromsrc 2>"$tmp/err" && diff -r "$top/content" fromsrc/content >/dev/null' \
		"the program in the source tree does not copy its content/: $(cat "$tmp/err")"
fi

finish new
