#!/bin/sh
# tests/e2e/languages-cache.sh PAMPHLET: the build cache of a site in two
# languages (site.yaml languages: [en, es], the translation in
# content/es/) redoes each language's own pages and sheet, only those,
# and never makes the output different.
#
# The site: tests/bench/gen.mjs, 20 exercises and a Spanish translation
# of all (--translate es); the sheet holds ex-00001 ... ex-00010.  An
# even-numbered Spanish exercise gives its own frequency and duration, an
# odd-numbered one takes them from the English file.
#
# Each step changes something, then builds twice, as tests/e2e/cache.sh
# does: into inc/, which keeps its cache from the step before, and into
# a fresh folder with --no-cache.  Both must give the same exit code, the
# same messages and the same files byte for byte (diff -r).  Most steps
# also name the files the cached build must write: those whose inode or
# mtime changed (pamphlet replaces a file it writes, and leaves alone one
# whose bytes are the same), compared with the list, and with the count
# in pamphlet's summary ("N files written").  And each rebuild must use
# the cache (PAMPHLET_TIMINGS: "N of M exercise files looked at").
. "$(dirname "$0")/lib.sh"

export SOURCE_DATE_EPOCH=1700000000
C=$tmp/content T=$tmp/templates I=$tmp/inc F=$tmp/fresh
node "$top/tests/bench/gen.mjs" 20 "$C" --translate es --sheet-size 10 ||
	{ echo "languages-cache: gen.mjs failed"; exit 1; }
cp -R "$top/templates" "$T"
en=$C/exercises es=$C/es/exercises

# (k: a check of the cache's own, as t.)
k() { t "$@"; }

# stamps DIR: every file under DIR, "PATH INODE MTIME_NS", sorted
stamps() { (cd "$1" && find . -type f -printf '%P %i %T@\n' | LC_ALL=C sort); }

# step NAME: build inc/ (cached) and fresh/ (not), compare everything;
# $tmp/written: the files of inc/ the build wrote (new, or another inode
# or mtime), $tmp/removed: those it removed, $tmp/sum: its summary.
# The rebuild must use the cache, unless cached=0 (the first build; an
# exercise file added or removed: the cache then starts again, in one
# language as in two).
cached=0
step() {
	step=$1
	if [ -d "$I" ]; then stamps "$I" >"$tmp/before"; else : >"$tmp/before"; fi
	PAMPHLET_TIMINGS=1 "$bin" build -t "$T" -c "$C" -o "$I" >"$tmp/inc.out" 2>"$tmp/inc.err"
	irc=$?
	stamps "$I" >"$tmp/after"
	rm -rf "$F"
	"$bin" build --no-cache -t "$T" -c "$C" -o "$F" >"$tmp/fresh.out" 2>"$tmp/fresh.err"
	frc=$?
	same_builds "$step" "$I" "$F"
	LC_ALL=C comm -13 "$tmp/before" "$tmp/after" | cut -d' ' -f1 >"$tmp/written"
	cut -d' ' -f1 "$tmp/before" >"$tmp/b.names"
	cut -d' ' -f1 "$tmp/after" >"$tmp/a.names"
	LC_ALL=C comm -23 "$tmp/b.names" "$tmp/a.names" >"$tmp/removed"
	if [ "$frc" = 0 ]; then
		t '[ "$(sed "s/ files written.*//" "$tmp/sum")" = "$(wc -l <"$tmp/written")" ]' \
			"$step: the summary says $(cat "$tmp/sum"), but $(wc -l <"$tmp/written") files changed"
		[ $cached = 0 ] ||
			k 'grep -q "exercise files looked at" "$tmp/inc.err"' "$step: the rebuild uses the cache"
	fi
	cached=1
}
# writes FILE...: the last step wrote exactly these files of out/
writes() {
	printf '%s\n' "$@" | sed '/^$/d' | LC_ALL=C sort >"$tmp/want"
	if cmp -s "$tmp/want" "$tmp/written"; then ok; else
		no "$step: files written (-expected +written):"
		diff "$tmp/want" "$tmp/written" | sed -n 's/^\([<>]\) /  \1 /p' | sed 's/ < / - /; s/ > / + /'
	fi
}
# set_key FILE KEY VALUE: set (or add, after the title) a front matter key
set_key() {
	if grep -q "^$2:" "$1"; then
		sed -i "s/^$2: .*/$2: \"$3\"/" "$1"
	else
		sed -i "0,/^title: .*/s//&\n$2: \"$3\"/" "$1"
	fi
	grep -q "^$2: \"$3\"\$" "$1" || no "the test could not set $2 in $1"
}
has() { grep -q -- "$2" "$I/$1"; }
sheet_has() { pdftotext "$I/$1" - 2>/dev/null | tr '\n' ' ' | grep -q -- "$2"; }
EP=es/exercises
LISTS_ES="es/exercises/index.html es/schedule/index.html"
LISTS_EN="exercises/index.html schedule/index.html"

# The site as generated: what the test expects of it.
t 'grep -q "^languages: \[en, es\]" "$C/site.yaml"' "the site has two languages"
t 'grep -q "^frequency:" "$es/ex-00002.md" && grep -q "^frequency:" "$es/ex-00012.md"' "ex-00002 and ex-00012: Spanish dose of their own"
t '! grep -q "^frequency:" "$es/ex-00003.md" && ! grep -q "^frequency:" "$es/ex-00013.md"' "ex-00003 and ex-00013: dose inherited"

step "first build"
t '[ -s "$I/es/exercise-sheet.pdf" ] && [ -s "$I/exercise-sheet.pdf" ]' "a sheet for each language"
t '[ "$(find "$I/es/exercises" -name index.html | wc -l)" = 21 ]' "20 Spanish exercise pages and the list"

step "nothing changed"
writes

touch "$es/ex-00012.md" "$en/ex-00013.md" "$C/es/site.yaml"
step "touched without a change"
writes

# 1. A Spanish exercise: its page, the Spanish lists, and the Spanish
#    sheet when it is on it; nothing English.
set_key "$es/ex-00012.md" frequency "Cada hora"
step "a Spanish exercise's frequency (not on the sheet)"
writes $EP/ex-00012/index.html $LISTS_ES
t 'has $EP/ex-00012/index.html "<dd>Cada hora</dd>"' "the Spanish page shows the new frequency"
t 'has es/schedule/index.html "data-label=\"[^\"]*\">Cada hora</td>"' "the Spanish schedule shows the new frequency"

set_key "$es/ex-00002.md" frequency "Cada media hora"
step "a Spanish exercise's frequency (on the sheet)"
writes $EP/ex-00002/index.html $LISTS_ES es/exercise-sheet.pdf
t 'sheet_has es/exercise-sheet.pdf "Cada media hora"' "the Spanish sheet shows the new frequency"
t '! sheet_has exercise-sheet.pdf "Cada media hora"' "the English sheet does not"

set_key "$es/ex-00004.md" title "Zz Ejercicio renombrado 4"
step "a Spanish exercise's title (on the sheet)"
writes $EP/ex-00004/index.html $LISTS_ES es/exercise-sheet.pdf
t 'has es/exercises/index.html "Zz Ejercicio renombrado 4"' "the Spanish list shows the new title"

printf '\nUn párrafo más para la prueba.\n' >>"$es/ex-00012.md"
step "a Spanish exercise's text (not on the sheet)"
writes $EP/ex-00012/index.html
t 'has $EP/ex-00012/index.html "Un párrafo más"' "the Spanish page shows the new text"

printf '\nUn párrafo más para la hoja.\n' >>"$es/ex-00002.md"
step "a Spanish exercise's text (on the sheet)"
writes $EP/ex-00002/index.html es/exercise-sheet.pdf

# 2. An English dose that the Spanish file inherits: both languages.
set_key "$en/ex-00013.md" frequency "Every hour"
step "an English frequency the Spanish file inherits (not on the sheet)"
writes exercises/ex-00013/index.html $LISTS_EN $EP/ex-00013/index.html $LISTS_ES
t 'has $EP/ex-00013/index.html "<dd>Every hour</dd>"' "the Spanish page shows the inherited frequency"
t 'has es/schedule/index.html "data-label=\"[^\"]*\">Every hour</td>"' "the Spanish schedule shows it"

set_key "$en/ex-00003.md" frequency "Every half hour"
step "an English frequency the Spanish file inherits (on the sheet)"
writes exercises/ex-00003/index.html $LISTS_EN exercise-sheet.pdf \
	$EP/ex-00003/index.html $LISTS_ES es/exercise-sheet.pdf
t 'has $EP/ex-00003/index.html "<dd>Every half hour</dd>"' "the Spanish page shows the inherited frequency"
t 'sheet_has es/exercise-sheet.pdf "Every half hour"' "the Spanish sheet shows it"

set_key "$en/ex-00005.md" duration "45 minutes"
step "an English duration the Spanish file inherits (on the sheet)"
writes exercises/ex-00005/index.html $LISTS_EN exercise-sheet.pdf \
	$EP/ex-00005/index.html $LISTS_ES es/exercise-sheet.pdf
t 'has $EP/ex-00005/index.html "<dd>45 minutes</dd>"' "the Spanish page shows the inherited duration"

# ... but not a dose the Spanish file gives, nor the English title.
set_key "$en/ex-00012.md" frequency "Every minute"
step "an English frequency the Spanish file does not inherit"
writes exercises/ex-00012/index.html $LISTS_EN
t 'has $EP/ex-00012/index.html "<dd>Cada hora</dd>"' "the Spanish page keeps its own frequency"

set_key "$en/ex-00013.md" title "Aa Renamed Exercise 13"
step "an English title (not inherited)"
writes exercises/ex-00013/index.html $LISTS_EN

printf '\nOne more paragraph for the test.\n' >>"$en/ex-00003.md"
step "an English exercise's text (on the sheet)"
writes exercises/ex-00003/index.html exercise-sheet.pdf

# 3. A Spanish file starts or stops giving its own dose.
set_key "$es/ex-00013.md" frequency "Cada dos horas"
step "a Spanish file gives the frequency it inherited"
writes $EP/ex-00013/index.html $LISTS_ES
t 'has $EP/ex-00013/index.html "<dd>Cada dos horas</dd>"' "the Spanish page shows its own frequency"
sed -i '/^frequency:/d' "$es/ex-00002.md"
step "a Spanish file leaves out its frequency (on the sheet)"
writes $EP/ex-00002/index.html $LISTS_ES es/exercise-sheet.pdf
v=$(sed -n 's/^frequency: "\(.*\)"$/\1/p' "$en/ex-00002.md")
t 'has $EP/ex-00002/index.html "<dd>$v</dd>"' "the Spanish page shows the English frequency ($v)"

# 4. The Spanish pages and site.yaml: only Spanish files.
# (The sheet opens with schedule.md's text up to its first heading.)
awk 'n == 2 && !done { print "Más palabras para la hoja impresa."; done = 1 }
	{ print } /^---$/ { n++ }' "$C/es/schedule.md" >"$tmp/schedule.md"
mv "$tmp/schedule.md" "$C/es/schedule.md"
t 'grep -q "^Más palabras para la hoja impresa.$" "$C/es/schedule.md"' "the test added a line to es/schedule.md's opening"
step "the Spanish schedule page's opening text (on the Spanish sheet)"
writes es/schedule/index.html es/exercise-sheet.pdf
t 'sheet_has es/exercise-sheet.pdf "Más palabras para la hoja"' "the Spanish sheet shows the new text"

sed -i 's/^nav_title: .*/nav_title: "Dudas"/' "$C/es/faq.md"
step "a Spanish menu title (every Spanish page)"
t '[ -z "$(grep -v "^es/" "$tmp/written")" ]' "no English file is written: $(grep -v "^es/" "$tmp/written" | head -3)"
t '[ "$(grep -c "\.html$" "$tmp/written")" = 26 ]' "every Spanish page is written (26): $(grep -c "\.html$" "$tmp/written")"
t 'has $EP/ex-00007/index.html ">Dudas</a>"' "Spanish pages show the new menu title"

# (content/es/site.yaml is in the build's key, as content/site.yaml.)
sed -i 's/^title: .*/title: "Clínica nueva"/' "$C/es/site.yaml"
cached=0 # (a site.yaml is in the build's key: a full build, as it should)
step "the Spanish site.yaml"
t '[ -z "$(grep -v "^es/" "$tmp/written")" ]' "no English file is written: $(grep -v "^es/" "$tmp/written" | head -3)"
t 'has $EP/ex-00007/index.html "Clínica nueva"' "Spanish pages show the new site title"

sed -i 's/^nav_title: .*/nav_title: "Why it hurts"/' "$C/causes.md"
step "an English menu title (every English page)"
t '[ -z "$(grep "^es/" "$tmp/written")" ]' "no Spanish file is written: $(grep "^es/" "$tmp/written" | head -3)"
t 'has exercises/ex-00007/index.html ">Why it hurts</a>"' "English pages show the new menu title"

# 5. Translations added and removed: the pages come and go, the English
#    page's language menu follows.
mv "$es/ex-00015.md" "$tmp/ex-00015.es"
cached=0
step "a Spanish translation removed"
t '[ ! -e "$I/$EP/ex-00015" ] && grep -qx "$EP/ex-00015/index.html" "$tmp/removed"' "its Spanish page is removed"
t '[ -z "$(grep -v "^es/" "$tmp/written" | grep -vx "exercises/ex-00015/index.html")" ]' \
	"no other English file is written: $(grep -v "^es/" "$tmp/written" | head -3)"
mv "$tmp/ex-00015.es" "$es/ex-00015.md"
cached=0
step "the Spanish translation back"
t '[ -f "$I/$EP/ex-00015/index.html" ]' "its Spanish page is back"

rm "$C/es/causes.md"
step "a Spanish page removed (the menu links to the English one)"
t '[ "$irc" = 0 ] && [ ! -e "$I/es/causes" ]' "out/es/causes/ is removed"
t 'grep -q "href=\"../../../causes/index.html\"" "$I/$EP/ex-00007/index.html"' "the Spanish menu links to the English page"

# 6. A content error in the translation: no file changes, and the fix.
sed -i 's/^title: .*/title: [unclosed/' "$es/ex-00009.md"
step "an error in a Spanish exercise"
t '[ "$irc" = 1 ] && grep -q "es/exercises/ex-00009.md" "$tmp/inc.err"' "the error fails the build, at its file: $(head -2 "$tmp/inc.err")"
writes
sed -i 's/^title: .*/title: "Ejercicio arreglado 9"/' "$es/ex-00009.md"
step "the error fixed"
t '[ "$irc" = 0 ]' "the build succeeds again: $(head -2 "$tmp/inc.err")"
writes $EP/ex-00009/index.html $LISTS_ES es/exercise-sheet.pdf

step "nothing changed at the end"
writes

finish languages-cache
