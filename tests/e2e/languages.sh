#!/bin/sh
# Multi-language sites (site.yaml languages:, content/LANG/, the word
# tables templates/i18n/LANG.yaml): the shipped English and Spanish
# site, each page's language, language menu, hreflang alternates,
# sitemap and JSON-LD; no English label on the Spanish pages and sheet;
# /Lang in the PDFs; what a translation takes from the default language
# (category, order, doses, pictures); missing and orphan translations;
# mistakes in the word tables, and a templates folder without them;
# Arabic and Hebrew sheets refused, their websites written; a Russian
# sheet's text round trip; Spanish handouts.
# Usage: languages.sh PAMPHLET
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1764028800

cd "$tmp" || exit 1
cp -R "$top/content" "$top/templates" .

# The labels pamphlet writes around the content in English.
cat >labels <<'EOF'
How often
How long
Your dose
What you need
Print the exercise sheet
Skip to main content
Last reviewed
Important:
All exercises
Weekly schedule
Page 1 of
Tick a box
When to stop
Your exercise log
Week 1
How often
How much
Stretches
Strengthening exercises
Low-impact
As advised
Patient name
Clinician:
Phone:
Email:
Page not found
EOF

# flat FILE...: the files' text on one line, spaces squeezed (pdftotext
# breaks lines where the sheet does), without the clinic's placeholder
# values ("... (replace in content/site.yaml)"), the language menu's
# "English" and the schema.org names activityFrequency/Duration.
flat() {
	cat "$@" | tr -s ' \n\t' '   ' |
		sed 's/Clinic address (replace[^)]*)//g; s/000 000 0000 (replace[^)]*)//g; s/>English</></g; s/"activity\(Frequency\|Duration\)"//g'
}
# labels_in TEXT: the English labels TEXT holds, ";"-separated.
labels_in() {
	while IFS= read -r l; do
		case $1 in *"$l"*) printf '%s; ' "$l" ;; esac
	done <labels
}
# lang_link FILE LANG: the href of the language menu's link to LANG.
lang_link() {
	sed -n '/<nav class="languages"/,/<\/nav>/p' "$1" | grep "hreflang=\"$2\"" |
		sed 's/.*href="\([^"]*\)".*/\1/'
}
# An awk function: norm(PATH) is PATH with "." and ".." taken out
# ("../" left at its start when it climbs out of where it started).
awk_norm='function norm(p,  n, a, i, k, st, r) {
	n = split(p, a, "/"); k = 0
	for (i = 1; i <= n; i++) {
		if (a[i] == "" || a[i] == ".") continue
		if (a[i] == ".." && k > 0 && st[k] != "..") k--
		else st[++k] = a[i]
	}
	r = st[1]; for (i = 2; i <= k; i++) r = r "/" st[i]
	return r
}
function dir(f) { sub(/[^\/]*$/, "", f); return f }'
# pages_en, pages_es: each language's pages in out/ (not the 404 page),
# relative to out/.
pages_en() { (cd out && find . -name '*.html' ! -path './es/*' ! -name 404.html | sed 's|^\./||' | sort); }
pages_es() { (cd out && find es -name '*.html' | sort); }

# 1. The shipped site: English at out/, Spanish at out/es/.
"$bin" build -q -o out >stdout 2>stderr
rc=$?
t '[ "$rc" -eq 0 ] && ! grep -q ": error:" stderr' "the shipped site builds (exit $rc: $(grep error stderr))"
for f in index.html exercise-sheet.pdf es/index.html es/exercises/chest-stretch/index.html \
	es/exercises/index.html es/schedule/index.html es/faq/index.html es/exercise-sheet.pdf; do
	t '[ -s "out/$f" ]' "out/$f is written"
done
t '[ "$(pages_es | wc -l)" -eq 15 ] && [ "$(pages_en | wc -l)" -eq 15 ]' \
	"15 pages in each language ($(pages_en | wc -l) en, $(pages_es | wc -l) es)"
t '[ ! -e out/sitemap.xml ]' "no sitemap.xml without base_url"
all=$(pages_en; pages_es)

bad=
for f in $(pages_es); do
	grep -q '^<html lang="es">' "out/$f" || bad="$bad $f:lang"
	grep -q '"inLanguage":"es"' "out/$f" && ! grep -q '"inLanguage":"en"' "out/$f" || bad="$bad $f:inLanguage"
	grep -q '<nav class="languages" aria-label="Idioma">' "out/$f" || bad="$bad $f:menu"
done
for f in $(pages_en); do
	grep -q '^<html lang="en">' "out/$f" || bad="$bad $f:lang"
	grep -q '"inLanguage":"en"' "out/$f" && ! grep -q '"inLanguage":"es"' "out/$f" || bad="$bad $f:inLanguage"
	grep -q '<nav class="languages" aria-label="Language">' "out/$f" || bad="$bad $f:menu"
done
t '[ -z "$bad" ]' "every page: <html lang>, JSON-LD inLanguage, the language menu in its language:$bad"

# The menu: English and Español, each in its own language, the current
# one marked, each leading to the same page in that language.
bad=$(cd out && awk "$awk_norm"'
	function check() {
		if (f == "") return
		cur = f ~ /^es\// ? "es" : "en"; other = cur == "es" ? "en" : "es"
		twin = cur == "es" ? substr(f, 4) : "es/" f
		if (!name["en"]) printf " %s:English", f
		if (!name["es"]) printf " %s:Español", f
		if (ncur != 1 || current != cur) printf " %s:aria-current", f
		if (href[other] ~ /^\/|:/) printf " %s:absolute(%s)", f, href[other]
		else if (norm(dir(f) href[other]) != twin) printf " %s:%s", f, href[other]
		if (norm(dir(f) href[cur]) != f) printf " %s:self(%s)", f, href[cur]
	}
	FNR == 1 { check(); n++; f = FILENAME; delete href; delete name; ncur = 0; current = ""; nav = 0 }
	/<nav class="languages"/ { nav = 1 }
	nav && /<a href="/ {
		l = $0; sub(/.* hreflang="/, "", l); sub(/".*/, "", l)
		h = $0; sub(/.*<a href="/, "", h); sub(/".*/, "", h); href[l] = h
		if ($0 ~ ("lang=\"" l "\" hreflang=\"" l "\"")) {
			if (l == "en" && />English<\/a>/) name[l] = 1
			if (l == "es" && />Español<\/a>/) name[l] = 1
		}
		if (/aria-current="true"/) { ncur++; current = l }
	}
	nav && /<\/nav>/ { nav = 0 }
	END { check(); if (n != 30) printf " (%d pages read)", n }' $all)
t '[ -z "$bad" ]' "every page's language menu leads to its own translation, relatively:$bad"

# Every link and picture of every page (but the 404 page) is relative
# and leads to a file that exists.
bad= n=0
for p in $(cd out && grep -o ' \(href\|src\)="[^"]*"' $all |
	awk "$awk_norm"'{
		f = $0; sub(/:.*/, "", f); u = $0; sub(/^[^"]*"/, "", u); sub(/"$/, "", u)
		if (u ~ /^(#|mailto:|tel:)/) next
		if (u ~ /^\/|:/) print "BAD:" f ":" u
		else { sub(/#.*/, "", u); print norm(dir(f) u) }
	}'); do
	n=$((n + 1))
	case $p in BAD:*) bad="$bad ${p#BAD:}" ;; *) [ -f "out/$p" ] || bad="$bad $p" ;; esac
done
[ "$n" -gt 500 ] || bad="$bad (only $n links)"
t '[ -z "$bad" ]' "every link and picture is relative and leads to a file:$bad"
t '! grep -rq "rel=\"alternate\"" out' "no hreflang alternates without base_url"

# What a translation takes from the default language: category, order,
# pictures named as the English file names them.
rows() { grep -o '<tr[^>]*><th scope="row"[^>]*><a href="[^"]*"' "$1" | sed 's/.*exercises\///; s/\/index.html"//' | tr '\n' ' '; }
t '[ -n "$(rows out/schedule/index.html)" ] && [ "$(rows out/es/schedule/index.html)" = "$(rows out/schedule/index.html)" ]' \
	"the Spanish table has the English order (order and category inherited): $(rows out/es/schedule/index.html)"
t 'grep -q "href=\"../index.html#group-stretch\">Estiramientos<" out/es/exercises/chest-stretch/index.html && grep -q "#group-strength\">" out/es/exercises/rows/index.html' \
	"a translation without category is in its default's group"
t '! grep -q "^category:\|^order:" content/es/exercises/chest-stretch.md && [ ! -e content/es/exercises/pictures ]' \
	"(the shipped translation gives no category nor order, and has no pictures folder)"
t 'grep -q "<img src=\"../../../assets/media/exercises/pictures/chest-stretch-start.svg\" alt=\"Una persona" out/es/exercises/chest-stretch/index.html' \
	"a translation's picture is the English one, with its own alt text"

# No English label on the Spanish pages or sheet.
pdftotext out/exercise-sheet.pdf en.txt
pdftotext out/es/exercise-sheet.pdf es.txt
en_all=$(flat $(pages_en | sed 's|^|out/|') out/404.html en.txt)
es_all=$(flat $(pages_es | sed 's|^|out/|') es.txt)
t '[ "$(labels_in "$en_all" | tr -cd ";" | wc -c)" -eq "$(wc -l <labels)" ]' \
	"(the English site and sheet have every label of the list: missing from it: $(while IFS= read -r l; do case $en_all in *"$l"*) ;; *) printf '%s; ' "$l" ;; esac; done <labels))"
t '[ -z "$(labels_in "$es_all")" ]' "no English label on the Spanish pages or sheet: $(labels_in "$es_all")"
es_sheet=$(flat es.txt)
for w in "Página 1 de" "Semana 1" "Cuándo parar" "Estiramiento de pecho"; do
	t 'case $es_sheet in *"$w"*) true ;; *) false ;; esac' "the Spanish sheet says \"$w\""
done
t 'grep -aq "/Lang (es)" out/es/exercise-sheet.pdf && ! grep -aq "/Lang (en)" out/es/exercise-sheet.pdf' "the Spanish sheet's language is es"
t 'grep -aq "/Lang (en)" out/exercise-sheet.pdf' "the English sheet's language is en"
t 'pdfinfo out/es/exercise-sheet.pdf | grep -qx "Title: *Ejercicios para el dolor de espalda alta"' "the Spanish sheet's title is content/es/site.yaml's"
t 'grep -q "<title>Estiramiento de pecho | Ejercicios para el dolor de espalda alta</title>" out/es/exercises/chest-stretch/index.html && grep -q "<strong>Importante:</strong> Esta información es un consejo general" out/es/index.html' \
	"the Spanish pages have content/es/site.yaml's title and disclaimer"
t 'grep -q "<p class=\"clinic-name\">Your Clinic Name</p>" out/es/index.html' "and content/site.yaml's clinic"
t 'qpdf --check out/es/exercise-sheet.pdf >/dev/null 2>&1' "the Spanish sheet is a sound PDF"

# pamphlet check on the shipped content: nothing about translations.
"$bin" check >/dev/null 2>stderr
t '[ $? -eq 0 ] && ! grep -q "missing:\|other figures" stderr' "check: every page translated, same doses: $(grep -v 'still the example' stderr)"

# 2. With base_url: alternates to every translation and x-default; a
# sitemap with both languages.
echo 'base_url: "https://example.org/back"' >>content/site.yaml
"$bin" build -q -o url 2>stderr
t '[ $? -eq 0 ]' "with base_url: builds ($(cat stderr))"
u=https://example.org/back
for f in exercises/chest-stretch/index.html es/exercises/chest-stretch/index.html; do
	alt=$(grep '<link rel="alternate"' "url/$f" | sort | tr '\n' ' ')
	t '[ "$alt" = "<link rel=\"alternate\" hreflang=\"en\" href=\"$u/exercises/chest-stretch/\"> <link rel=\"alternate\" hreflang=\"es\" href=\"$u/es/exercises/chest-stretch/\"> <link rel=\"alternate\" hreflang=\"x-default\" href=\"$u/exercises/chest-stretch/\"> " ]' \
		"$f: alternates en, es and x-default: $alt"
done
t 'grep -q "<link rel=\"alternate\" hreflang=\"es\" href=\"$u/es/\">" url/index.html' "the home page's Spanish alternate is es/"
t '[ "$(grep -c "<loc>" url/sitemap.xml)" -eq 30 ]' "the sitemap has both languages' 30 pages ($(grep -c '<loc>' url/sitemap.xml))"
bad=
for f in $(cd url && find . -name index.html | sed 's|^\./||; s|index.html$||'); do
	grep -q "<loc>$u/$f</loc>" url/sitemap.xml || bad="$bad $f"
done
t '[ -z "$bad" ]' "every page is in the sitemap:$bad"

# 3. Translations missing, doses and pictures inherited, a dose with
# other figures.
rm content/es/exercises/yoga.md content/es/faq.md
sed -i '/^frequency:/d; /^duration:/d; /^reps:/d' content/es/exercises/lat-pulldowns.md
sed -i '/^pictures:/,/^last_reviewed:/{/^last_reviewed:/!d}' content/es/exercises/rows.md
sed -i 's/^duration: .*/duration: "45 segundos"/' content/es/exercises/chest-stretch.md
"$bin" check >/dev/null 2>stderr
rc=$?
t '[ "$rc" -eq 0 ]' "check: missing translations are warnings (exit $rc)"
t 'grep -qF "pamphlet: content/es/exercises/yoga.md: warning: missing: no \"es\" translation of content/exercises/yoga.md, " stderr' \
	"check names a missing exercise translation: $(grep yoga stderr)"
t 'grep -qF "pamphlet: content/es/faq.md: warning: missing: no \"es\" translation of content/faq.md, " stderr' \
	"check names a missing page translation: $(grep faq stderr)"
t 'grep -q "^pamphlet: content/es/exercises/chest-stretch.md:[0-9]*: warning: duration \"45 segundos\" has other figures than content/exercises/chest-stretch.md" stderr' \
	"check: a translated dose with other figures: $(grep figures stderr)"
t '[ "$(grep -c "other figures" stderr)" -eq 1 ]' "... only that one (inherited doses and the same figures in words are fine)"
"$bin" build -q -o url 2>stderr
t '[ $? -eq 0 ]' "builds without them ($(cat stderr))"
t '[ ! -e url/es/exercises/yoga ] && [ ! -e url/es/faq ] && [ -f url/exercises/yoga/index.html ]' \
	"no Spanish yoga nor FAQ page; the English ones stay"
t '[ "$(lang_link url/exercises/yoga/index.html es)" = "../../es/index.html" ] && [ "$(lang_link url/faq/index.html es)" = "../es/index.html" ]' \
	"their menu's Español leads to the Spanish home page: $(lang_link url/exercises/yoga/index.html es) $(lang_link url/faq/index.html es)"
t '! grep -q "hreflang=\"es\" href" url/exercises/yoga/index.html && grep -q "hreflang=\"x-default\" href=\"$u/exercises/yoga/\"" url/exercises/yoga/index.html' \
	"no Spanish alternate for a page with no translation"
t '! grep -q "$u/es/exercises/yoga/\|$u/es/faq/" url/sitemap.xml' "nor in the sitemap"
t '! grep -q "exercises/yoga/" url/es/exercises/index.html url/es/schedule/index.html && ! grep -q Yoga url/es/schedule/index.html' \
	"the Spanish list and table leave it out"
t '! pdftotext url/es/exercise-sheet.pdf - | grep -q Yoga' "and so does the Spanish sheet"
t 'grep -q "<dd>2-3 times per week</dd>" url/es/exercises/lat-pulldowns/index.html && grep -q "<dd>10-15</dd>" url/es/exercises/lat-pulldowns/index.html' \
	"a translation without doses shows the default's"
t 'pdftotext url/es/exercise-sheet.pdf - | grep -q "2-3 times per week"' "... on the sheet too"
t 'grep -q "<img src=\"../../../assets/media/exercises/pictures/rows-start.svg\"" url/es/exercises/rows/index.html' \
	"a translation without pictures shows the default's"

# A translation whose default-language file is gone: an error, nothing
# written.
cp content/es/exercises/rows.md content/es/exercises/ghost.md
find url -type f -exec md5sum {} + | sort >before
"$bin" build -o url >stdout 2>stderr
rc=$?
find url -type f -exec md5sum {} + | sort >after
t '[ "$rc" -eq 1 ]' "an orphan translation: exit 1 ($rc)"
t 'grep -qF "pamphlet: content/es/exercises/ghost.md: error: a translation whose default-language file is gone or does not load (expected content/exercises/ghost.md, or remove this file)" stderr' \
	"the error names it and the file expected: $(head -1 stderr)"
t 'cmp -s before after' "nothing written"
"$bin" check >/dev/null 2>stderr
t '[ $? -eq 1 ] && grep -q "ghost.md: error" stderr' "check fails on it too"
rm content/es/exercises/ghost.md

# A translation with no exercise at all.
mkdir noex && cp -R content templates noex/ && rm -r noex/content/es/exercises
(cd noex && "$bin" build -q -o out 2>../stderr)
t '[ $? -eq 0 ] && [ -f noex/out/es/exercises/index.html ] && [ ! -e noex/out/es/exercises/rows ]' \
	"a language without exercises builds ($(head -1 stderr))"
rm -rf noex

# language: and languages: must agree.
sed -i 's/^languages:.*/&\nlanguage: es/' content/site.yaml
"$bin" build -o never >/dev/null 2>stderr
rc=$?
t '[ "$rc" -eq 1 ] && grep -q "^pamphlet: content/site.yaml:[0-9]*:.* error: .*language" stderr && [ ! -e never ]' \
	"language: es with languages: [en, es] is an error (exit $rc: $(head -1 stderr))"
sed -i 's/^language: es$/language: en/' content/site.yaml
"$bin" build -q -o never 2>stderr
t '[ $? -eq 0 ] && [ -f never/es/index.html ]' "language: en with languages: [en, es] agrees ($(cat stderr))"
rm -rf never
sed -i '/^language: en$/d' content/site.yaml

# 4. The word tables.
cp templates/i18n/es.yaml es.yaml.orig
sed -i '/^  how_often:/d' templates/i18n/es.yaml
"$bin" build -o never >/dev/null 2>stderr
rc=$?
t '[ "$rc" -eq 1 ] && [ ! -e never ]' "a key missing in es.yaml: exit 1, nothing written (exit $rc)"
t 'grep -q "^pamphlet: templates/i18n/es.yaml.*error: .*\"dose.how_often\" is missing" stderr' \
	"the error names the key and the file: $(head -1 stderr)"
cp es.yaml.orig templates/i18n/es.yaml
sed -i 's/^  how_long: .*/&\n  how_far: "Cuán lejos"/' templates/i18n/es.yaml
line=$(grep -n '^  how_far:' templates/i18n/es.yaml | cut -d: -f1)
"$bin" build -o never >/dev/null 2>stderr
rc=$?
t '[ "$rc" -eq 1 ] && [ ! -e never ]' "a key in es.yaml that en.yaml lacks: exit 1, nothing written (exit $rc)"
t 'grep -q "^pamphlet: templates/i18n/es.yaml:$line:[0-9]*: error: \"dose.how_far\" is not in templates/i18n/en.yaml" stderr' \
	"the error is at its line $line: $(head -1 stderr)"
rm templates/i18n/es.yaml
"$bin" build -o never >/dev/null 2>stderr
rc=$?
t '[ "$rc" -eq 1 ] && [ ! -e never ] && grep -q "templates/i18n/es.yaml.*error" stderr' \
	"no es.yaml for a listed language: an error (exit $rc: $(head -1 stderr))"
cp es.yaml.orig templates/i18n/es.yaml

# A templates folder made before languages (no i18n/): the shipped
# tables.
mkdir old && cp -R content old/ && cp -R templates old/ && rm -r old/templates/i18n old/content/es
sed -i '/^languages:/d; /^base_url:/d' old/content/site.yaml
# (The shipped templates: beside the program in a checkout, else
# installed; an ASan build in tests/tmp/ has none.)
if [ -f "$(dirname "$bin")/main.c" ] || [ -d /usr/local/share/pamphlet/templates/i18n ] ||
	[ -d /usr/share/pamphlet/templates/i18n ]; then
	(cd old && "$bin" build -q -o out 2>../stderr)
	t '[ $? -eq 0 ] && grep -q "<dt>How often</dt>" old/out/exercises/chest-stretch/index.html && [ -s old/out/exercise-sheet.pdf ]' \
		"templates without i18n/: an English site builds with the shipped words ($(cat stderr))"
else
	echo "skip: no shipped templates for $bin: templates without i18n/ not tested"
fi

# 5. Scripts the sheet cannot draw: the website, no sheet, exit 1.
for l in ar he; do
	rm -rf rtl && mkdir rtl && cp -R templates rtl/ && mkdir -p rtl/content/$l
	cp content/*.md content/site.yaml rtl/content/ && cp -R content/exercises rtl/content/
	cp -R content/*.md content/exercises rtl/content/$l/ && rm -r rtl/content/$l/exercises/pictures
	cp templates/i18n/en.yaml rtl/templates/i18n/$l.yaml
	sed -i "s/^languages:.*/languages: [en, $l]/" rtl/content/site.yaml
	(cd rtl && "$bin" build -o out >../stdout 2>../stderr)
	rc=$?
	t '[ "$rc" -eq 1 ]' "languages: [en, $l]: exit 1 ($rc)"
	t 'grep -q "error: no exercise sheet in language \"$l\": " stderr' "$l: the error names the language: $(head -1 stderr)"
	[ $l = ar ] && t 'grep -q "\"ar\": Arabic script must be joined and set right to left, " stderr' "ar: and says why"
	t '[ "$(tail -1 stderr | grep -c "the rest was written")" -eq 1 ]' "$l: the last line says the rest was written: $(tail -1 stderr)"
	t '[ -f rtl/out/$l/index.html ] && [ -f rtl/out/$l/exercises/index.html ] && grep -q "<html lang=\"$l\"" rtl/out/$l/index.html' "$l: its website is written"
	t '[ ! -e rtl/out/$l/exercise-sheet.pdf ]' "$l: no sheet"
	t '[ -z "$(grep -rl "exercise-sheet.pdf" rtl/out/$l 2>/dev/null)" ] && [ -n "$(ls rtl/out/$l 2>/dev/null)" ]' \
		"$l: its pages do not link to a sheet: $(grep -rl exercise-sheet.pdf rtl/out/$l 2>/dev/null | tr '\n' ' ')"
	t '[ -s rtl/out/exercise-sheet.pdf ] && grep -q "exercise-sheet.pdf" rtl/out/index.html' "$l: the English sheet is written and linked"
done
rm -rf rtl

# 6. A Russian site: Cyrillic on the sheet, copied out as written.
mkdir -p ru/content/exercises && cp -R templates ru/
cp templates/i18n/en.yaml ru/templates/i18n/ru.yaml
sed -i 's/^  log_title: .*/  log_title: "Ваш дневник упражнений"/; s/^  week: .*/  week: "Неделя {n}"/; s/^  page: .*/  page: "Страница {page} из {pages}"/' ru/templates/i18n/ru.yaml
cat >ru/content/site.yaml <<'EOF'
title: "Боль в верхней части спины"
clinic:
  name: "Клиника на Неве"
  phone: "+7 812 000-00-00"
language: ru
EOF
for p in "index:Боль в спине" "causes:Причины" "schedule:План на неделю" "prevention:Профилактика" "faq:Вопросы"; do
	printf -- '---\ntitle: "%s"\n---\nЭтот текст написан по-русски.\n' "${p#*:}" >"ru/content/${p%%:*}.md"
done
cat >ru/content/exercises/one.md <<'EOF'
---
title: "Растяжка грудных мышц"
category: stretch
frequency: "3 раза в неделю"
duration: "30 секунд"
---
Встаньте в дверной проём.
EOF
(cd ru && "$bin" build -q -o out 2>../stderr)
t '[ $? -eq 0 ]' "a Russian site builds ($(cat stderr))"
pdftotext ru/out/exercise-sheet.pdf ru.txt 2>/dev/null || : >ru.txt
for w in "Растяжка грудных мышц" "Встаньте в дверной проём." "3 раза в неделю" "Ваш дневник упражнений" "Неделя 1" "Страница 1 из" "Клиника на Неве"; do
	t 'grep -qF "$w" ru.txt' "the Russian sheet's text holds \"$w\""
done
pdffonts ru/out/exercise-sheet.pdf >/dev/null 2>stderr
t '[ $? -eq 0 ] && [ ! -s stderr ]' "pdffonts reads its fonts ($(cat stderr))"
t 'grep -aqs "/Lang (ru)" ru/out/exercise-sheet.pdf && grep -qs "^<html lang=\"ru\">" ru/out/index.html' "its language is ru, in the PDF and the pages"
t '[ -f ru/out/index.html ] && ! grep -q "class=\"languages\"" ru/out/index.html' "one language: no language menu"

# 7. Handouts in a language of the site.
real_clinic content
mkdir plans
printf 'language: es\npatient: "Pat Example"\nexercises:\n  - exercise: chest-stretch\n  - exercise: rows\n' >plans/es.yaml
"$bin" handout -q -o handouts plans/es.yaml 2>stderr
t '[ $? -eq 0 ] && [ -s handouts/es.pdf ]' "a plan with language: es makes a handout ($(cat stderr))"
t 'pdfinfo handouts/es.pdf | grep -qx "Title: *Programa de ejercicios"' "its title is Spanish: $(pdfinfo handouts/es.pdf | grep Title)"
ho=$(pdftotext handouts/es.pdf - | tr -s ' \n' '  ')
t 'case $ho in *"Semana 1"*"Estiramiento de pecho"* | *"Estiramiento de pecho"*"Semana 1"*) true ;; *) false ;; esac' \
	"its text is Spanish (Semana 1, Estiramiento de pecho)"
t '[ -z "$(labels_in "$ho")" ]' "no English label on it: $(labels_in "$ho")"
t 'grep -aq "/Lang (es)" handouts/es.pdf' "its language is es"
printf 'language: fr\nexercises:\n  - exercise: rows\n' >plans/french.yaml
"$bin" handout -o handouts-fr plans/french.yaml >/dev/null 2>stderr
rc=$?
t '[ "$rc" -eq 1 ] && [ ! -e handouts-fr ]' "language: fr: exit 1, nothing written ($rc)"
t 'grep -q "^pamphlet: plans/french.yaml:1:[0-9]*: error: .*not one of the site.s (expected one of: en, es)" stderr' \
	"the error says it is not one of the site's: $(head -1 stderr)"
t '! grep -qw fr stderr' "and does not repeat what the plan says"
finish languages
