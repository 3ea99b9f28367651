#!/usr/bin/env bash
# tests/pdf/run.sh: the printable exercise sheet, end to end.
#
#   bash tests/pdf/run.sh [path/to/pamphlet]
#
# Builds the shipped content (A4 and Letter) and the stress tree in
# tests/pdf/stress (30 exercises in Spanish, a very long table cell, long
# instructions, an image, characters outside Latin-1, an emoji), then
# reads the PDFs back with poppler-utils and qpdf: the text in reading
# order, the table's rows as rows, fonts embedded, the paper size, the
# header row repeated on every page the table is on, no exercise card cut
# between pages (word positions from pdftotext -bbox), accents extracted
# exactly, and two builds byte-identical.  Also the sheet of regress
# cases about it (png-colour-profile).  Prints "pdf: N passed, M failed"
# and exits non-zero on any failure.
set -euo pipefail

BIN=${1:-generator/pamphlet}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
cd "$(dirname "$0")/../.."

for tool in pdftotext pdfinfo pdffonts pdftoppm pdfimages qpdf; do
	command -v "$tool" >/dev/null || {
		echo "pdf: $tool is missing (apt-get install poppler-utils qpdf)" >&2
		exit 1
	}
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/pamphlet-pdf.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

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
	'Exercise +Frequency +Duration' \
	'Chest Stretch +3-4 times per week +30 seconds' \
	'Lat Pulldowns +2-3 times per week +10-15 repetitions' \
	'Swimming +2-3 times per week +20-30 minutes'

# In content order (pdftotext -raw: what copy-paste and screen readers
# get) a row is one line too.
pdftotext -raw "$SHEET" - 2>/dev/null | tr '\f' '\n' >"$TMP/a4.raw" || true
check "table rows in reading order (-raw)" in_order "$TMP/a4.raw" \
	'^Exercise Frequency Duration$' \
	'^Chest Stretch 3-4 times per week 30 seconds$' \
	'^Lat Pulldowns 2-3 times per week 10-15 repetitions$' \
	'^Swimming 2-3 times per week 20-30 minutes$'

# Every exercise's title, as a card title (a line of its own).
for f in content/exercises/*.md; do
	title=$(sed -n 's/^title: *"\(.*\)" *$/\1/p' "$f" | head -1)
	check "exercise title '$title'" grep -qxF -- "$title" "$TMP/a4.txt"
done

check "the safety text" grep -qF \
	"Stop and contact your clinician if your pain increases or new symptoms appear." \
	"$TMP/a4.flat"
check "the site's disclaimer" grep -qF \
	"Talk to a healthcare professional before you start any new exercise program" \
	"$TMP/a4.flat"
check "header: lines to write on" in_order "$TMP/a4.layout" \
	'Patient name:' 'Date:.*Clinician:'
check "reading order: header, intro, table, cards, safety" \
	in_order "$TMP/a4.txt" '^Exercises for Upper Back Pain$' \
	'^Your Clinic Name$' '^Weekly Exercise Schedule$' '^Exercise$' \
	'^Chest Stretch$' '^Week 4$' '^When to stop$'
check "a tick-box log of four weeks per card" test \
	"$(grep -c '^Week 4$' "$TMP/a4.txt")" -eq \
	"$(ls content/exercises/*.md | wc -l)"
n=$(pages_of "$SHEET" || true)
check "footer: page 1 of $n" grep -qE "Page 1 of $n\$" "$TMP/a4.layout"
check "footer: page $n of $n" grep -qE "Page $n of $n\$" "$TMP/a4.layout"
check "footer: the date the content was last reviewed" \
	grep -qF "Last reviewed" "$TMP/a4.flat"
check "every font embedded" fonts_embedded "$SHEET"
check "qpdf --check" qpdf --check "$SHEET" >/dev/null
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
	'Exercise +Frequency +Duration' \
	'Chest Stretch +3-4 times per week +30 seconds' \
	'Swimming +2-3 times per week +20-30 minutes'

# ---- the stress tree ----

STRESS=tests/pdf/stress
SHEET=$TMP/stress/exercise-sheet.pdf
check "stress content builds" build stress "$STRESS"
check "the emoji is reported with its file and line" grep -qE \
	"^pamphlet: $STRESS/exercises/t07.md:[0-9]+: warning: 1 character cannot be printed" \
	"$TMP/stress.err"
# Noto Sans has no arrows or math signs: look-alikes, and a warning.
check "characters the font lacks are reported" grep -qF \
	'warning: 2 characters are not in the sheet'"'"'s font, printed as look-alikes (U+2192 "→" as "->")' \
	"$TMP/stress.err"
flat_of "$SHEET" >"$TMP/stress.flat" || true
n=$(pages_of "$SHEET" || true)

# The table spans pages, the header row on each of them, above its rows.
table_pages=0
for p in $(seq 1 "${n:-0}"); do
	page_of "$SHEET" "$p" >"$TMP/page.txt" || true
	# A row's first line: "T07 ...   3-4 veces ...   30 segundos".
	grep -qE '^ *T[0-9]{2} .*[^ ]   +[^ ]' "$TMP/page.txt" || continue
	table_pages=$((table_pages + 1))
	check "page $p: the header row above the table's rows" \
		in_order "$TMP/page.txt" 'Exercise +Frequency +Duration' \
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
		if (w ~ /^T[0-9][0-9]$/) title[substr(w, 2)] = page
		if (w ~ /^I[0-9][0-9]:$/) first[substr(w, 2, 2)] = page
		if (w ~ /^F[0-9][0-9]$/) last[substr(w, 2)] = page
	}
	END {
		for (k = 1; k <= 30; k++) {
			id = sprintf("%02d", k)
			if (!(id in title) || title[id] != first[id] ||
			    title[id] != last[id]) {
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
	"Vea también la versión antigua la guía en vídeo (https://clinica-nunez." \
	"deténgase si el dolor aumenta o aparecen síntomas nuevos."; do
	check "extracts exactly: $s" grep -qF -- "$s" "$TMP/stress.flat"
done
check "stress: every font embedded" fonts_embedded "$SHEET"
check "stress: qpdf --check" qpdf --check "$SHEET" >/dev/null
check "stress: the exercise's image" test \
	"$(pdfimages -list "$SHEET" 2>/dev/null | awk 'NR > 2' | wc -l)" -eq 1
check "stress: Spanish title in the metadata" grep -qx \
	'Title: *Ejercicios para el dolor de la parte alta de la espalda' \
	<(pdfinfo "$SHEET" 2>/dev/null)
check "stress: a second build" build stress-again "$STRESS"
check "stress: two builds are byte-identical" \
	cmp -s "$SHEET" "$TMP/stress-again/exercise-sheet.pdf"

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
check "colour profile: the one image, 4x3 RGB 8-bit on page 1 (got: ${images:-none})" \
	test "$images" = "1 4 3 rgb 3 8"
check "colour profile: the picture in the text as its alt text" grep -qF \
	"the sheet drops the profile): The doorway, again" <(flat_of "$SHEET")

echo "pdf: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
