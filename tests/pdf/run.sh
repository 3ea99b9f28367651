#!/usr/bin/env bash
# tests/pdf/run.sh: the printable exercise sheet, end to end.
#
#   bash tests/pdf/run.sh [path/to/pamphlet]
#
# Builds the shipped content (A4 and Letter), the stress tree in
# tests/pdf/stress (30 exercises in Spanish, a very long table cell, long
# instructions, an image, characters outside Latin-1, an emoji) and the
# tree in tests/pdf/unicode (Spanish saved decomposed as a Mac does,
# Greek, Cyrillic, Vietnamese: over 400 distinct characters), then reads
# the PDFs back with poppler-utils and qpdf: the text in reading order,
# the table's rows as rows, fonts embedded, the paper size, the header
# row repeated on every page the table is on, no exercise card cut
# between pages (word positions from pdftotext -bbox), accents extracted
# exactly, the ToUnicode maps well formed, and two builds byte-identical.
# Also the sheet of regress cases about it (png-colour-profile).  Any
# warning poppler prints about any sheet is a failure.  Prints "pdf: N
# passed, M failed" and exits non-zero on any failure.
#
# The tagged structure (issue 17), of every sheet above and of a handout:
# tests/pdf/tagcheck.mjs (qpdf and node) checks that every text and path
# drawn is tagged content the structure tree references once, or an
# artifact, and the catalog's entries; pdfinfo -struct-text's outline of
# the shipped sheet (en and es) is compared with tests/pdf/outline/,
# which PDF_UPDATE=1 rewrites (after a content change: read the diff).
set -euo pipefail

BIN=${1:-generator/pamphlet}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
cd "$(dirname "$0")/../.."

for tool in pdftotext pdfinfo pdffonts pdftoppm pdfimages qpdf node; do
	command -v "$tool" >/dev/null || {
		echo "pdf: $tool is missing (apt-get install poppler-utils qpdf nodejs)" >&2
		exit 1
	}
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/pamphlet-pdf.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# Poppler reports what it finds wrong in a PDF ("Syntax Warning: Invalid
# 'begincidrange' operator in ToUnicode CMap") on stderr, and carries on.
# Every poppler call here keeps that in $POPPLER_LOG: a line there fails
# the run (at the end).
POPPLER_LOG=$TMP/poppler.log
: >"$POPPLER_LOG"
pdftotext() { command pdftotext "$@" 2>>"$POPPLER_LOG"; }
pdfinfo() { command pdfinfo "$@" 2>>"$POPPLER_LOG"; }
pdffonts() { command pdffonts "$@" 2>>"$POPPLER_LOG"; }
pdftoppm() { command pdftoppm "$@" 2>>"$POPPLER_LOG"; }
pdfimages() { command pdfimages "$@" 2>>"$POPPLER_LOG"; }

passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() {
	failed=$((failed + 1))
	echo "FAIL: $*" >&2
}
# check NAME COMMAND...: run a test command, count the result.
check() {
	local name=$1
	shift
	if "$@"; then pass; else fail "$name"; fi
}

# build NAME CONTENT [OPTIONS...]: build into $TMP/NAME; the sheet is
# $TMP/NAME/exercise-sheet.pdf, stderr in $TMP/NAME.err.
build() {
	local name=$1 content=$2
	shift 2
	"$BIN" build --quiet --content "$content" --out "$TMP/$name" "$@" \
		2>"$TMP/$name.err"
}

# The text in reading order, one line per line, spaces squeezed.
text_of() { pdftotext "$1" - 2>/dev/null | tr '\f\t' '\n ' | tr -s ' '; }
# The text flattened to one line: sentences that wrap can be matched.
flat_of() { pdftotext "$1" - 2>/dev/null | tr -s ' \t\n\f' '    '; }
# The layout text of page $2.
page_of() { pdftotext -layout -f "$2" -l "$2" "$1" - 2>/dev/null; }
pages_of() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ {print $2}'; }

# The fonts, and every one embedded.
fonts_embedded() {
	pdffonts "$1" 2>/dev/null | awk '
		NR > 2 { n++; if ($(NF - 4) != "yes") bad++ }
		END { exit !(n >= 2 && bad == 0) }'
}

# Poppler reads all of $1 (its text, its fonts, every page drawn) without
# a word on stderr.
poppler_quiet() {
	local err
	err=$({ command pdftotext "$1" /dev/null &&
		command pdffonts "$1" >/dev/null &&
		command pdftoppm -r 20 -png "$1" "$TMP/quiet"; } 2>&1 >/dev/null) ||
		return 1
	rm -f "$TMP"/quiet*.png
	[ -z "$err" ] || {
		printf '%s\n' "$err" | sort | uniq -c | sed 's/^/ /' >&2
		return 1
	}
}

# Every block of a ToUnicode map in $1 holds at most 100 entries, and maps
# to text (bfchar, bfrange), never to glyph ids (cidrange).
to_unicode_ok() {
	qpdf --qdf --object-streams=disable "$1" "$TMP/qdf.pdf" 2>/dev/null ||
		return 1
	LC_ALL=C awk '
		/\/ToUnicode/ { maps++ }
		/^[0-9]+ begin(bfchar|bfrange|cidrange|cidchar)/ {
			if ($1 > 100) { print "  " $0 ": over 100 entries"; bad++ }
		}
		/begincidrange|begincidchar/ && cmap { print "  " $0; bad++ }
		/^\/CIDInit/ { cmap = 1 }
		/^endcmap/ { cmap = 0 }
		END { exit !(maps > 0 && bad == 0) }' "$TMP/qdf.pdf" >&2
}

# Lines of $1 (layout text) matching each extended regex in turn, in
# increasing order.
in_order() {
	local file=$1 last=0 n
	shift
	for re in "$@"; do
		n=$(grep -nE -- "$re" "$file" | head -1 | cut -d: -f1)
		if [ -z "$n" ] || [ "$n" -le "$last" ]; then
			echo "  not found in order: $re" >&2
			return 1
		fi
		last=$n
	done
}

# ---- the shipped content ----

SHEET=$TMP/a4/exercise-sheet.pdf
check "shipped content builds" build a4 content
check "the sheet was written" test -s "$SHEET"
pdftotext -layout "$SHEET" "$TMP/a4.layout" 2>/dev/null || true
text_of "$SHEET" >"$TMP/a4.txt" || true
flat_of "$SHEET" >"$TMP/a4.flat" || true

# The table: its header, then the source article's rows, each a row.
check "table header and the article's rows, in order, as rows" \
	in_order "$TMP/a4.layout" \
	'Exercise +How often +How much' \
	'Chest Stretch +3-4 times per week +30 seconds' \
	'Lat Pulldowns +2-3 times per week +10-15 repetitions' \
	'Swimming +2-3 times per week +20-30 minutes'

# In content order (pdftotext -raw: what copy-paste and screen readers
# get) a row is one line too.
pdftotext -raw "$SHEET" - 2>/dev/null | tr '\f' '\n' >"$TMP/a4.raw" || true
check "table rows in reading order (-raw)" in_order "$TMP/a4.raw" \
	'^Exercise How often How much$' \
	'^Chest Stretch 3-4 times per week 30 seconds$' \
	'^Lat Pulldowns 2-3 times per week 10-15 repetitions$' \
	'^Swimming 2-3 times per week 20-30 minutes$'

# Every exercise's title, as a card title (a line of its own).
for f in content/exercises/*.md; do
	title=$(sed -n 's/^title: *"\(.*\)" *$/\1/p' "$f" | head -1)
	check "exercise title '$title'" grep -qxF -- "$title" "$TMP/a4.txt"
done

# The advice every card would repeat is printed once, in the box; the
# cards keep what is theirs alone.
check "the shared safety advice, in the When to stop box" in_order \
	"$TMP/a4.txt" '^When to stop$' \
	'^Stop if it hurts. If your pain gets worse, talk to your clinician.$'
check "... once" test "$(grep -c 'Stop if it hurts. If your pain gets worse' \
	"$TMP/a4.flat")" -eq 1
check "a card keeps its own safety advice" grep -qF \
	"Stay safe: Ask your clinician what weight is right for you." \
	"$TMP/a4.flat"
check "the site's disclaimer" grep -qF \
	"Talk to your clinician before you start any new exercise program" \
	"$TMP/a4.flat"
check "header: lines to write on" in_order "$TMP/a4.layout" \
	'Patient name:' 'Date:.*Clinician:'
check "reading order: header, intro, table, safety, cards, log" \
	in_order "$TMP/a4.txt" '^Exercises for Upper Back Pain$' \
	'^Your Clinic Name$' '^Weekly Exercise Schedule$' '^Exercise$' \
	'^When to stop$' '^How to do it$' '^Your exercise log$' '^Week 4$'
# One log for every exercise: 4 weeks of 7 boxes in a row for each, two
# weeks side by side (pdftotext reads a row as its name, then nothing).
check "one tick-box log of four weeks" test \
	"$(grep -c '^Week [1-4]$' "$TMP/a4.txt")" -eq 4
# Page 1: the table, the "When to stop" box and the clinic's phone.
page_of "$SHEET" 1 >"$TMP/page1.txt" || true
check "page 1: the table's header, When to stop, the phone" in_order \
	"$TMP/page1.txt" 'Exercise +How often +How much' '^ *Yoga ' \
	'When to stop' 'Phone: 000 000 0000'
# The shipped sheet stays short: a content change that makes it longer
# fails here, with the count.
SHEET_MAX_PAGES=5
for paper in a4 letter; do
	build "short-$paper" content --paper "$paper" || true
	for lang in "" es/; do
		n=$(pages_of "$TMP/short-$paper/${lang}exercise-sheet.pdf" || true)
		check "the shipped ${lang:-en/}sheet has ${n:-no} pages on $paper (expected at most $SHEET_MAX_PAGES)" \
			test "${n:-99}" -le "$SHEET_MAX_PAGES"
	done
done
# The pictures: every one of the shipped drawings, printed at 600 dpi
# (sharp on paper), opaque (no soft mask: a mask would be a row of its
# own in the list), each once on the card of its exercise.
want=$(grep -c '^  - file: ' content/exercises/*.md | awk -F: '{n += $2} END {print n}')
pdfimages -list "$SHEET" 2>/dev/null | awk 'NR > 2' >"$TMP/images.txt" || true
check "all $want pictures are on the sheet ($(wc -l <"$TMP/images.txt") images)" \
	test "$(wc -l <"$TMP/images.txt")" -eq "$want"
check "every picture at 600 dpi or more, RGB, no mask" test "$(awk \
	'$3 != "image" || $6 != "rgb" || $13 < 599 || $14 < 599' "$TMP/images.txt" |
	wc -l)" -eq 0
check "the captions, under their pictures" in_order "$TMP/a4.txt" \
	'^Chest Stretch' '^Start$' '^End: lean$'
# The drawings keep to their style: a white ground, near-black and grey
# lines, one accent colour (dark enough to read in grey print), no text,
# no reference to anything outside.
bad=$(grep -LE '<rect width="400" height="300" fill="#fff(fff)?"' \
	content/exercises/pictures/*.svg)
check "each drawing has a white ground ($bad)" test -z "$bad"
colours=$(grep -ohiE '#[0-9a-f]{6}\b|#[0-9a-f]{3}\b' content/exercises/pictures/*.svg |
	tr 'A-F' 'a-f' | sort -u | tr '\n' ' ')
check "the drawings' colours: white, black, grey, one dark blue ($colours)" \
	test -z "$(echo "$colours" | tr ' ' '\n' | grep -vxE '#fff|#ffffff|#1a1a1a|#777|#777777|#0a5ca8|')"
check "no text, image or outside reference in a drawing" test -z "$(grep -lE \
	'<text|<image|href=|<script|<style|@import|url\(' content/exercises/pictures/*.svg)"

n=$(pages_of "$SHEET" || true)
check "footer: page 1 of $n" grep -qE "Page 1 of $n\$" "$TMP/a4.layout"
check "footer: page $n of $n" grep -qE "Page $n of $n\$" "$TMP/a4.layout"
check "footer: the date the content was last reviewed" \
	grep -qF "Last reviewed" "$TMP/a4.flat"
check "every font embedded" fonts_embedded "$SHEET"
check "qpdf --check" qpdf --check "$SHEET" >/dev/null
check "poppler reads it without a warning" poppler_quiet "$SHEET"
check "A4 paper" grep -qF "595.276 x 841.89 pts (A4)" \
	<(pdfinfo "$SHEET" 2>/dev/null)
info=$(pdfinfo "$SHEET" 2>/dev/null || true)
check "title" grep -qx 'Title: *Exercises for Upper Back Pain' <<<"$info"
check "author: the clinic" grep -qx 'Author: *Your Clinic Name' <<<"$info"
check "creator: pamphlet VERSION" grep -qE '^Creator: +pamphlet [0-9]' <<<"$info"
check "subject" grep -qE '^Subject: +[^ ]' <<<"$info"
check "no creation date without SOURCE_DATE_EPOCH" \
	test -z "$(grep -E '^(CreationDate|ModDate):' <<<"$info" || true)"
check "every page renders" pdftoppm -r 20 -png "$SHEET" "$TMP/a4-png"
check "a PNG per page" test "$(ls "$TMP"/a4-png*.png | wc -l)" -eq "$n"

check "a second build" build a4-again content
check "two builds are byte-identical" \
	cmp -s "$SHEET" "$TMP/a4-again/exercise-sheet.pdf"

export SOURCE_DATE_EPOCH=1764028800 # 2025-11-25 00:00:00 UTC
check "build with SOURCE_DATE_EPOCH" build dated content
check "build with SOURCE_DATE_EPOCH, again" build dated-again content
unset SOURCE_DATE_EPOCH
check "the creation date is SOURCE_DATE_EPOCH" grep -qE \
	'^CreationDate: +Tue Nov 25 00:00:00 2025' \
	<(TZ=UTC pdfinfo "$TMP/dated/exercise-sheet.pdf" 2>/dev/null)
check "dated builds are byte-identical" cmp -s \
	"$TMP/dated/exercise-sheet.pdf" "$TMP/dated-again/exercise-sheet.pdf"

check "Letter build" build letter content --paper letter
check "Letter paper" grep -qF "612 x 792 pts (letter)" \
	<(pdfinfo "$TMP/letter/exercise-sheet.pdf" 2>/dev/null)
pdftotext -layout "$TMP/letter/exercise-sheet.pdf" "$TMP/letter.layout" \
	2>/dev/null || true
check "Letter: the table's rows" in_order "$TMP/letter.layout" \
	'Exercise +How often +How much' \
	'Chest Stretch +3-4 times per week +30 seconds' \
	'Swimming +2-3 times per week +20-30 minutes'

# ---- the shipped content with two pictures per exercise ----

# tests/pdf/pictures: two 400x300 PNGs, given to every exercise of a
# copy of content/ as its start and end pictures.
PIC=$TMP/pictures-content
cp -R content "$PIC"
# (One language: this is about pictures.)
rm -rf "$PIC/es"
sed -i 's/^languages: .*/language: en/' "$PIC/site.yaml"
mkdir -p "$PIC/pictures"
cp tests/pdf/pictures/start.png tests/pdf/pictures/end.png "$PIC/pictures/"
for f in "$PIC"/exercises/*.md; do
	# (In place of the shipped drawings.)
	awk '/^pictures:/ { skip = 1; next } skip && /^  / { next } { skip = 0; print }' \
		"$f" >"$f.new" && mv "$f.new" "$f"
	awk 'NR > 1 && /^---$/ && !done {
		print "pictures:"
		print "  - file: ../pictures/start.png"
		print "    alt: \"The start position.\""
		print "    caption: \"Start\""
		print "  - file: ../pictures/end.png"
		print "    alt: \"The end position.\""
		print "    caption: \"End\""
		done = 1
	} { print }' "$f" >"$f.new" && mv "$f.new" "$f"
done
for paper in a4 letter; do
	SHEET=$TMP/pic-$paper/exercise-sheet.pdf
	check "pictures ($paper): builds" build "pic-$paper" "$PIC" --paper "$paper"
	page_of "$SHEET" 1 >"$TMP/pic-page1.txt" || true
	check "pictures ($paper): page 1 has the table's header, When to stop, the phone" \
		in_order "$TMP/pic-page1.txt" 'Exercise +How often +How much' \
		'When to stop' 'Phone: 000 000 0000'
	check "pictures ($paper): 18 pictures drawn" test "$(pdfimages -list \
		"$SHEET" 2>/dev/null | awk 'NR > 2' | wc -l)" -eq 18
	check "pictures ($paper): the captions" test "$(pdftotext "$SHEET" - |
		grep -c '^Start')" -ge 9
done

# ---- the stress tree ----

STRESS=tests/pdf/stress
SHEET=$TMP/stress/exercise-sheet.pdf
check "stress content builds" build stress "$STRESS"
check "the emoji is reported with its file, line and column" grep -qxF \
	"pamphlet: $STRESS/exercises/t07.md:28:88: warning: U+1F4AA \"💪\" cannot be printed on the exercise sheet (characters above U+FFFF, such as emoji, are not supported); printed as \"�\"" \
	"$TMP/stress.err"
# Noto Sans has no arrows or math signs: look-alikes, and a warning each.
check "characters the font lacks are reported, each at its place" grep -qxF \
	"pamphlet: $STRESS/exercises/t07.md:28:31: warning: U+2192 \"→\" is not in the sheet's font; printed as \"->\"" \
	"$TMP/stress.err"
check "... and nothing else" test "$(wc -l <"$TMP/stress.err")" -eq 3
flat_of "$SHEET" >"$TMP/stress.flat" || true
n=$(pages_of "$SHEET" || true)

# The table spans pages, the header row on each of them, above its rows.
table_pages=0
for p in $(seq 1 "${n:-0}"); do
	page_of "$SHEET" "$p" >"$TMP/page.txt" || true
	# A row's first line: "T07 ...   3-4 veces ...   30 segundos".
	grep -qE '^ *T[0-9]{2} .*[^ ]   +[^ ]' "$TMP/page.txt" || continue
	# Cards and the log list the titles too.
	grep -qE 'Para qué sirve:|^ *I[0-9]{2}:|Semana 1' "$TMP/page.txt" && continue
	table_pages=$((table_pages + 1))
	# (The stress site is in Spanish, and so is its sheet.)
	check "page $p: the header row above the table's rows" \
		in_order "$TMP/page.txt" 'Ejercicio +Con qué frecuencia +Cuánto' \
		'^ *T[0-9]{2} '
done
check "the table spans pages ($table_pages)" test "$table_pages" -ge 2
rows=()
for k in $(seq -w 1 30); do rows+=("^ *T$k "); done
pdftotext -layout "$SHEET" "$TMP/stress.layout" 2>/dev/null || true
check "the 30 rows, in order" in_order "$TMP/stress.layout" "${rows[@]}"
check "the very long cell, to its last word" grep -qF "próxima cita FINLARGO" \
	"$TMP/stress.flat"

# No card cut: a card's title (its last "Tnn": the table comes first),
# first word "Inn:" and last dose line "Fnn" are on one page.
pdftotext -bbox "$SHEET" "$TMP/stress.html" 2>/dev/null || true
awk '
	/<page / { page++ }
	match($0, /<word [^>]*>[^<]*<\/word>/) {
		w = $0
		sub(/.*<word [^>]*>/, "", w)
		sub(/<\/word>.*/, "", w)
		# The table, the card and the log: any of its pages.
		if (w ~ /^T[0-9][0-9]$/) title[substr(w, 2)] = title[substr(w, 2)] " " page " "
		if (w ~ /^I[0-9][0-9]:$/) first[substr(w, 2, 2)] = page
		if (w ~ /^F[0-9][0-9]$/) last[substr(w, 2)] = page
	}
	END {
		for (k = 1; k <= 30; k++) {
			id = sprintf("%02d", k)
			if (!(id in title) || first[id] != last[id] ||
			    index(title[id], " " first[id] " ") == 0) {
				printf "card T%s: title on page %s, start %s, end %s\n",
				       id, title[id], first[id], last[id]
				bad++
			}
		}
		exit bad > 0
	}' "$TMP/stress.html" >"$TMP/cards.txt" || true
check "no exercise card is cut between pages" test ! -s "$TMP/cards.txt"
[ -s "$TMP/cards.txt" ] && cat "$TMP/cards.txt" >&2

for s in \
	"Clínica de Fisioterapia Núñez & Peña" \
	"Calle del Pilar, 12, 2.º izquierda, 28001 Madrid (España)" \
	"¿Cómo se hace?" \
	"Pingüino, cigüeña, ñandú: las tildes y la diéresis deben copiarse tal cual desde el PDF." \
	"Respire hondo, sin forzar: el objetivo es la constancia, no la intensidad." \
	"flecha -> , mayor o igual >= 30 s, letras griegas α β, y un emoji � que" \
	"Vea también la versión antigua la guía en vídeo (https://clinica" \
	"deténgase si el dolor aumenta o aparecen síntomas nuevos."; do
	check "extracts exactly: $s" grep -qF -- "$s" "$TMP/stress.flat"
done
check "stress: every font embedded" fonts_embedded "$SHEET"
check "stress: qpdf --check" qpdf --check "$SHEET" >/dev/null
check "stress: poppler reads it without a warning" poppler_quiet "$SHEET"
check "stress: the ToUnicode maps are well formed" to_unicode_ok "$SHEET"
check "stress: the exercise's image" test \
	"$(pdfimages -list "$SHEET" 2>/dev/null | awk 'NR > 2' | wc -l)" -eq 1
check "stress: Spanish title in the metadata" grep -qx \
	'Title: *Ejercicios para el dolor de la parte alta de la espalda' \
	<(pdfinfo "$SHEET" 2>/dev/null)
check "stress: a second build" build stress-again "$STRESS"
check "stress: two builds are byte-identical" \
	cmp -s "$SHEET" "$TMP/stress-again/exercise-sheet.pdf"

# ---- text as editors save it: decomposed accents, four scripts ----

UNI=tests/pdf/unicode
SHEET=$TMP/unicode/exercise-sheet.pdf
check "unicode content builds" build unicode "$UNI"
check "unicode: no warning" test ! -s "$TMP/unicode.err"
[ -s "$TMP/unicode.err" ] && cat "$TMP/unicode.err" >&2
# In content order (-raw): pdftotext's reading of the page glues lines of
# single letters ("a á à") into one word.
pdftotext -raw "$SHEET" - | tr -s ' \t\n\f' '    ' >"$TMP/unicode.flat" || true
# The files spell these decomposed (NFD): they must come out composed,
# every accent in its place ("está", never "esta").
for s in \
	"Está, canción, año, pingüino, cigüeña, ñandú, ¿qué?, ¡sí!" \
	"Mayúsculas: ÁÉÍÓÚ ÜÑ áéíóú üñ ÀÈÌÒÙ àèìòù ÂÊÎÔÛ âêîôû ÄËÏÖ äëïöÿ" \
	"Otras: Łódź, žluťoučký kůň úpěl ďábelské ódy, İstanbul ğış," \
	"Estiramiento: está bien" \
	"una canción" \
	"Αλφάβητο: αβγδεζηθικλμνξοπρστυφχψω ς." \
	"Τόνοι: ά έ ή ί ό ύ ώ ΐ ΰ ϊ ϋ Ά Έ Ή Ί Ό Ύ Ώ Ϊ Ϋ." \
	"Прописные: АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ." \
	"Й и й, ё и ё: выполняйте упражнение медленно." \
	"Tiếng Việt có dấu: người, đường, phở, Việt Nam, chữ Quốc ngữ, Đà Nẵng." \
	"ầ ấ ẫ ẩ ậ Ầ Ấ Ẫ Ẩ Ậ" \
	"ừ ứ ữ ử ự Ừ Ứ Ữ Ử Ự" \
	"ỳ ý ỹ ỷ ỵ Ỳ Ý Ỹ Ỷ Ỵ" \
	"Clínica Núñez — Κλινική — Клиника — Phòng khám"; do
	check "unicode: extracts exactly: $s" grep -qF -- "$s" "$TMP/unicode.flat"
done
# Marks with no composed form are drawn too, over their letters (look at
# a render): q + U+0303, x + U+0301, and an accent after italics.
check "unicode: marks with no composed form" grep -qF -- \
	"Sin forma compuesta: q$(printf '\314\203'), x$(printf '\314\201') y" \
	"$TMP/unicode.flat"
# Invisible characters stay invisible: a soft hyphen prints only where
# a line breaks at it (then as "-"), a zero-width space is a place to
# break and nothing else, a right-to-left mark, a zero-width joiner and a
# variation selector print nothing (and are not in the text).
pdftotext -raw "$SHEET" "$TMP/unicode.raw" || true
check "unicode: no invisible character in the text" test "$(grep -c \
	-e "$(printf '\302\255')" -e "$(printf '\342\200\213')" \
	-e "$(printf '\342\200\217')" -e "$(printf '\342\200\215')" \
	-e "$(printf '\357\270\217')" "$TMP/unicode.raw")" = 0
# broken_at SEP PART...: the word made of the parts, too long for a line,
# starts on the line of its label ("...: ") and that line ends right
# after one of the parts (then SEP: "-" for a soft hyphen); once the
# lines are joined (SEP and line end dropped) the word is whole.  (Cut
# anywhere, the word would start a line of its own.)
broken_at() {
	local sep=$1 word="" alts=""
	shift
	for part in "$@"; do
		word+=$part
		alts+="|$word"
	done
	# (Joined into a file, not a pipe: with pipefail, grep -q quitting at
	# the match while sed still writes made this fail now and then.)
	sed -z "s/$sep\n//g" "$TMP/unicode.raw" >"$TMP/unicode.joined"
	if grep -qE ": (${alts#|})$sep\$" "$TMP/unicode.raw" &&
		grep -qF "$word." "$TMP/unicode.joined"; then
		return 0
	fi
	# (What the text says there, to see why.)
	grep -A1 -F "$1" "$TMP/unicode.raw" | cat -A | sed 's/^/      /' >&2
	return 1
}
check "unicode: a soft hyphen where the line breaks prints as \"-\"" \
	broken_at - Donau dampf schiff fahrts gesell schafts kapitäns mützen \
	abzeichen hersteller verbands vorsitzenden stell vertreter
check "unicode: a zero-width space is a place to break, printing nothing" \
	broken_at "" Palabra muy larga sin espacios que solo se puede cortar \
	donde hay un espacio de ancho cero
check "unicode: marks and joiners print nothing" grep -qF \
	"Una marca de derecha a izquierda en texto latino (U+200F), una unión de ancho cero, el signo © con selector" \
	"$TMP/unicode.flat"
check "unicode: a soft hyphen in a table cell" grep -qF \
	" Antiinflamatorio " "$TMP/unicode.flat"
n=$(LC_ALL=C.UTF-8 grep -o '[^ -~]' "$TMP/unicode.flat" |
	LC_ALL=C.UTF-8 sort -u | wc -l)
check "unicode: over 400 distinct characters extract ($n)" test "$n" -gt 400
check "unicode: every font embedded" fonts_embedded "$SHEET"
check "unicode: qpdf --check" qpdf --check "$SHEET" >/dev/null
check "unicode: poppler reads it without a warning" poppler_quiet "$SHEET"
check "unicode: the ToUnicode maps are well formed" to_unicode_ok "$SHEET"
check "unicode: a ToUnicode map of more than one block" test \
	"$(grep -ac ' beginbfrange' "$TMP/qdf.pdf")" -ge 3

# ---- a broken image is an error that names it, never a crash ----

cp -R "$STRESS" "$TMP/broken"
img=$TMP/broken/images/estiramiento-puerta.png
head -c "$(($(wc -c <"$img") / 2))" "$img" >"$img.cut" && mv "$img.cut" "$img"
set +e
"$BIN" build --quiet --content "$TMP/broken" --out "$TMP/broken-out" \
	2>"$TMP/broken.err"
rc=$?
set -e
check "a truncated image: exit 1" test "$rc" -eq 1
check "a truncated image: the message names it" grep -qF \
	"pamphlet: $TMP/broken/images/estiramiento-puerta.png: error: cannot print this image on the exercise sheet: the file is truncated" \
	"$TMP/broken.err"

# ---- a PNG with a colour profile libpng refuses ----

# The regress case png-colour-profile, built as tests/regress/run.sh
# builds it (its content laid over _base).  The exercise's picture
# (img/profile.png: 4x3 pixels, RGB, an iCCP chunk libpng refuses) is on
# the sheet, its pixels without the profile: plain RGB, not ICC-based.
# The picture inside its text prints as its alt text.
CASE=tests/regress/png-colour-profile
cp -R tests/regress/_base/content "$TMP/profile-content"
cp -R "$CASE/content/." "$TMP/profile-content/"
SHEET=$TMP/profile/exercise-sheet.pdf
check "colour profile: builds" build profile "$TMP/profile-content" \
	--templates tests/regress/_base/templates
check "colour profile: no message" test ! -s "$TMP/profile.err"
check "colour profile: qpdf --check" qpdf --check "$SHEET" >/dev/null
# page, width, height, colour space, components, bits per component
images=$(pdfimages -list "$SHEET" 2>/dev/null | awk 'NR > 2 {print $1, $4, $5, $6, $7, $8}' || true)
check "colour profile: the one image, 4x3 RGB 8-bit on page 1, the first card's (got: ${images:-none})" \
	test "$images" = "1 4 3 rgb 3 8"
check "colour profile: the picture in the text as its alt text" grep -qF \
	"the sheet drops the profile): The doorway, again" <(flat_of "$SHEET")

# ---- the tagged structure (issue 17) ----

# tagged FILE LANG: tests/pdf/tagcheck.mjs finds no problem in FILE, whose
# /Lang is LANG, and pdfinfo says "Tagged: yes".
tagged() {
	node tests/pdf/tagcheck.mjs --lang "$2" "$1" >"$TMP/tagcheck.out" 2>&1 ||
		{ sed 's/^/  /' "$TMP/tagcheck.out" >&2; return 1; }
	pdfinfo "$1" >"$TMP/pdfinfo.out" 2>/dev/null || true
	grep -qx 'Tagged: *yes' "$TMP/pdfinfo.out" ||
		{ echo "  pdfinfo: not tagged" >&2; return 1; }
}
check "tagged: the shipped sheet (en)" tagged "$TMP/a4/exercise-sheet.pdf" en
check "tagged: the shipped sheet (es)" tagged "$TMP/a4/es/exercise-sheet.pdf" es
check "tagged: the shipped sheet on Letter (en)" tagged "$TMP/letter/exercise-sheet.pdf" en
check "tagged: the shipped sheet on Letter (es)" tagged "$TMP/short-letter/es/exercise-sheet.pdf" es
check "tagged: two pictures per exercise" tagged "$TMP/pic-a4/exercise-sheet.pdf" en
check "tagged: the stress sheet" tagged "$TMP/stress/exercise-sheet.pdf" es
check "tagged: the unicode sheet" tagged "$TMP/unicode/exercise-sheet.pdf" \
	"$(sed -n 's/^language: *"\{0,1\}\([^"]*\)"\{0,1\} *$/\1/p' "$UNI/site.yaml")"
check "tagged: the colour profile sheet" tagged "$TMP/profile/exercise-sheet.pdf" en
check "the Spanish sheet: poppler reads it without a warning" \
	poppler_quiet "$TMP/a4/es/exercise-sheet.pdf"

# The outline a screen reader follows, in reading order: headings, the
# tables with their cells, every figure with its alt text.
for lang in en es; do
	sheet=$TMP/a4/exercise-sheet.pdf
	[ "$lang" = en ] || sheet=$TMP/a4/$lang/exercise-sheet.pdf
	want=tests/pdf/outline/exercise-sheet.$lang.txt
	node tests/pdf/tagcheck.mjs --outline "$sheet" >"$TMP/outline.$lang" 2>&1 || true
	if [ "${PDF_UPDATE:-}" = 1 ]; then
		mkdir -p tests/pdf/outline
		cp "$TMP/outline.$lang" "$want"
	fi
	if check "the structure's outline of the shipped sheet ($lang) is $want" \
		cmp -s "$want" "$TMP/outline.$lang"; then :; else
		diff -u "$want" "$TMP/outline.$lang" | head -40 >&2 || true
	fi
done
pdfinfo -struct-text "$TMP/a4/exercise-sheet.pdf" >"$TMP/struct.en" || true
check "structure: in reading order, the title an H1" in_order \
	"$TMP/struct.en" '^  H1' '^    "Exercises for Upper Back Pain"$' \
	'^  H2' '^  Table' '^      "When to stop"$' '^    "Exercises"$' \
	'^    H3' '^      "Chest Stretch"$' '^    "Your exercise log"$'
check "structure: the table's header cells head their column" in_order \
	"$TMP/struct.en" '^      TH:$' '^ +/Scope /Column$' '^        "Exercise"$'
check "structure: a step is a list item, its number a label" grep -qx \
	'        LBody (block)' <(grep -A1 -x '          "1\."' "$TMP/struct.en")
check "structure: the log's weeks head seven columns" in_order \
	"$TMP/struct.en" '/RowSpan 2$' '/ColSpan 7$' '^        "Week 1"$'
# Read from the structure, a paragraph's lines keep their words apart.
pdfinfo -struct-text "$TMP/stress/exercise-sheet.pdf" >"$TMP/struct.stress" || true
check "structure: a paragraph of several lines, its words apart" grep -qF \
	'"Para qué sirve: I10: instrucciones largas, con listas, una tabla y una cita, para comprobar que la tarjeta no se parte. Pingüino, cigüeña, ñandú: las tildes y la diéresis deben copiarse tal cual desde el PDF."' \
	"$TMP/struct.stress"
# A header row repeated on a new page is read once (an artifact there).
check "structure: the stress table's header row, once ($table_pages pages)" \
	test "$(grep -c '^        "Ejercicio"$' "$TMP/struct.stress")" -eq 1

# QR codes (a site with base_url): a figure whose alt text is "QR code
# to" and the address, in each language (handout.qr_alt).
QRC=$TMP/qr-content
cp -R content "$QRC"
sed -i '1i base_url: "https://clinic.example.org/back/"' "$QRC/site.yaml"
check "QR codes: builds" build qr "$QRC"
check "QR codes: tagged (en)" tagged "$TMP/qr/exercise-sheet.pdf" en
check "QR codes: tagged (es)" tagged "$TMP/qr/es/exercise-sheet.pdf" es
check "QR codes: the home page's, with its alt text (en)" grep -qxF \
	'    Alt: "QR code to https://clinic.example.org/back/"' \
	<(node tests/pdf/tagcheck.mjs --outline "$TMP/qr/exercise-sheet.pdf")
check "QR codes: the home page's, with its alt text (es)" grep -qxF \
	'    Alt: "Código QR a https://clinic.example.org/back/es/"' \
	<(node tests/pdf/tagcheck.mjs --outline "$TMP/qr/es/exercise-sheet.pdf")

# A handout: the same structure, a QR code on each card.
mkdir -p "$TMP/hand"
check "handout: made" "$BIN" handout --quiet --allow-placeholders \
	--content "$QRC" -o "$TMP/hand" content/plans/example.yaml
HAND=$(ls "$TMP"/hand/*.pdf 2>/dev/null | head -1)
check "handout: tagged" tagged "${HAND:-$TMP/hand/none.pdf}" en
check "handout: a QR code per card, each with its alt text" test "$(node \
	tests/pdf/tagcheck.mjs --outline "${HAND:-$TMP/hand/none.pdf}" |
	grep -c '^ *Alt: "QR code to https://clinic.example.org/back/exercises/')" \
	-eq "$(grep -c '^  - ' content/plans/example.yaml)"
check "handout: poppler reads it without a warning" poppler_quiet \
	"${HAND:-$TMP/hand/none.pdf}"

# The checker finds what it is for: an untagged PDF, a path left out.
if [ -s "$TMP/a4/exercise-sheet.pdf" ]; then
	qpdf --qdf --object-streams=disable "$TMP/a4/exercise-sheet.pdf" \
		"$TMP/qdf-a4.pdf" 2>/dev/null || true
	# The first /Artifact BMC of a page opened as nothing: its paths
	# are then in no marked content.
	LC_ALL=C sed '0,/^\/Artifact BMC$/s//\/Untagged BMC/' "$TMP/qdf-a4.pdf" \
		>"$TMP/broken-tags.pdf"
	check "tagcheck: finds a path outside marked content" \
		sh -c '! node tests/pdf/tagcheck.mjs "$1" >"$2" 2>&1 && grep -q "outside any marked content" "$2"' \
		- "$TMP/broken-tags.pdf" "$TMP/broken-tags.out"
fi

check "poppler printed no warning about any sheet" test ! -s "$POPPLER_LOG"
[ -s "$POPPLER_LOG" ] && sort "$POPPLER_LOG" | uniq -c | head >&2

echo "pdf: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
