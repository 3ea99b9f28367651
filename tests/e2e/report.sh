#!/bin/sh
# pamphlet check --report FILE.html (issue 16, "The report"): the page is
# written, atomically and the same each time; refused inside the output,
# content and templates folders (exit 2); one row per page of both
# languages; worst first; its numbers are what `pamphlet check` says;
# no script, nothing from another host, every text escaped.
# Usage: report.sh PAMPHLET
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1764028800 # 2025-11-25

cd "$tmp" || exit 1
cp -R "$top/content" "$top/templates" .

# rows FILE SECTION: the rows of that table, one a line.
rows() { awk -v id="$2" '$0 ~ "<section aria-labelledby=\"" id "\">" {on = 1} on && /^<tr><th scope="row">/ {print} on && /^<\/section>/ {on = 0}' "$1" | sed 's/<wbr>//g'; }
# The file, and the warnings, of each row on stdin.
srcs() { sed 's/.*<span class="src">\([^<]*\)<\/span>.*/\1/'; }
warns() { sed 's/.*<td class="n">\(<a [^>]*>\)\{0,1\}\([0-9]*\)[^<]*\(<\/a>\)\{0,1\}<\/td><\/tr>$/\2/'; }
# The row of file $2 in table $3 of report $1.
row() { rows "$1" "$3" | grep -F "<span class=\"src\">$2</span>"; }

# ---- written, and where it may not be
"$bin" check --quiet --report report.html 2>err
t '[ $? -eq 0 ] && [ -s report.html ]' "check --report writes the report: $(cat err)"
t 'head -2 report.html | grep -q "^<html lang=\"en\">"' "the report is an English page"
t '[ ! -e out ]' "check still writes nothing else"
t '! ls -a | grep -q "\.tmp-"' "no temporary file left"
cp report.html first.html
"$bin" check --report report.html >out.txt 2>/dev/null
t 'cmp -s report.html first.html' "the same content and date: the same report"
t 'grep -q "^pamphlet: the report is in report.html$" out.txt' "the summary says where it is: $(cat out.txt)"
: >a-file
"$bin" check --quiet --report a-file/report.html >/dev/null 2>err
t '[ $? -eq 3 ] && grep -q "^pamphlet: a-file: error: " err' "a report that cannot be written: a system error, exit 3: $(cat err)"

for bad in out/report.html content/report.html templates/report.html \
	content/es/r.html out content/../templates/r.html; do
	"$bin" check --quiet --report "$bad" >/dev/null 2>err
	rc=$?
	t '[ $rc -eq 2 ] && [ ! -f "$bad" ]' "--report $bad: exit $rc (expected 2), nothing written"
done
"$bin" check --quiet --report content/report.html >/dev/null 2>err
t 'grep -q "^pamphlet: content/report.html: error: the report would be in the content folder \"content\" (expected a file outside" err' "says why: $(cat err)"
ln -s content via-link
"$bin" check --quiet --report via-link/report.html >/dev/null 2>&1
t '[ $? -eq 2 ] && [ ! -f content/report.html ]' "a link to the content folder does not hide it"
"$bin" check --quiet -o public --report public/r.html >/dev/null 2>&1
t '[ $? -eq 2 ]' "the output folder given with -o"
mkdir folder
"$bin" check --quiet --report folder >/dev/null 2>&1
t '[ $? -eq 2 ]' "a folder is refused"
"$bin" serve --report r.html >/dev/null 2>&1
t '[ $? -eq 2 ]' "--report is not for serve"

# ---- one row per page of every language, in every table
find content -name '*.md' | sort >want
for table in worst hardest oldest site-order; do
	rows report.html "$table" | srcs | sort >got
	t 'cmp -s want got' "$table: one row per page file: $(diff want got | head -5)"
done
t '[ "$(wc -l <want)" -eq 30 ] && grep -q "content/es/faq.md" want' "(both languages: 30 pages)"
t '[ "$(grep -c "<caption" report.html)" -eq 4 ] && [ "$(grep -o "<th scope=\"col\">" report.html | wc -l)" -eq 32 ]' "four tables, each with its caption and column headers"

# ---- a page made clearly worst: a very long, hard sentence, and no
# review date; a Spanish page reviewed long ago; a title to escape.
cat >>content/faq.md <<'MD'

Intervertebral degeneration, myofascial dysfunction, thoracic kyphosis, postural maladaptation, musculoskeletal deconditioning, occupational ergonomic deficiencies and psychosocial determinants frequently coexist, necessitating comprehensive multidisciplinary evaluation, individualized therapeutic prescription and longitudinal reassessment.
MD
sed -i '/^last_reviewed:/d' content/faq.md
sed -i 's/^last_reviewed: .*/last_reviewed: 2023-01-10/' content/es/causes.md
sed -i 's/^title: .*/title: "Rows <b> \& \\"more\\""/' content/exercises/rows.md
"$bin" check --report report.html >/dev/null 2>err
t '[ $? -eq 0 ]' "check with warnings: the report is written"
first=$(rows report.html worst | head -1 | srcs)
t '[ "$first" = content/faq.md ]' "worst first: the page with the long sentence leads ($first)"
t '[ "$(rows report.html hardest | head -1 | srcs)" = content/faq.md ]' "hardest to read first: the same page"
t '[ "$(rows report.html oldest | head -1 | srcs)" = content/faq.md ] && [ "$(rows report.html oldest | sed -n 2p | srcs)" = content/es/causes.md ]' "oldest review first: no date, then the oldest"
rows report.html worst | warns >counts
t 'sort -rn counts | cmp -s - counts' "worst first: never more warnings below fewer: $(tr '\n' ' ' <counts)"
t '[ "$(rows report.html site-order | head -1 | srcs)" = content/index.md ] && [ "$(rows report.html site-order | sed -n 16p | srcs)" = content/es/index.md ]' "the site's order: the default language, then the translation"

# ---- the numbers are pamphlet check's
for f in $(cat want); do
	n=$(grep -c "^pamphlet: $f:[0-9:]* warning: " err)
	m=$(row report.html "$f" worst | warns)
	t '[ "$n" = "$m" ]' "$f: $m warnings in the report, $n from check"
done
t '[ "$(rows report.html worst | warns | awk "{s += \$1} END {print s}")" -eq "$(grep -c "^pamphlet: content/.*\.md:.* warning:" err)" ]' "as many page warnings in all"
site=$(grep -c "^pamphlet: content/site.yaml:" err)
t '[ "$site" -gt 0 ] && [ "$(sed -n "/<h3 id=\"w-site\">/,/<\/ul>/p" report.html | grep -c "^<li><code>content/site.yaml:")" -eq "$site" ]' "site.yaml's warnings, about the site as a whole"
faq=$(row report.html content/faq.md worst)
grade=$(sed -n 's/^pamphlet: content\/faq.md:[0-9]*: warning: reads at grade \([0-9.]*\) .*/\1/p' err)
long=$(sed -n 's/^pamphlet: content\/faq.md:[0-9]*: warning: a sentence of \([0-9]*\) words.*/\1/p' err)
t '[ -n "$grade" ] && echo "$faq" | grep -q "<strong>grade $grade</strong> (over 8)"' "the grade check gives, marked over the limit: $grade"
t '[ -n "$long" ] && echo "$faq" | grep -q "<td class=\"n\"><strong>$long</strong></td>"' "the longest sentence, $long words"
t 'echo "$faq" | grep -q "<td><strong>missing</strong></td>"' "no review date: missing"
age=$(sed -n 's/^pamphlet: content\/es\/causes.md:[0-9]*: warning: last reviewed \([0-9]*\) days ago.*/\1/p' err)
t '[ -n "$age" ] && row report.html content/es/causes.md worst | grep -q "<strong>2023-01-10</strong>, $age days ago (over 365)"' "an old review: its age, as check counts it ($age days)"
t 'row report.html content/es/causes.md worst | grep -q "<td>ease [0-9]*</td>"' "a Spanish page: its Fernández-Huerta ease"
id=$(echo "$faq" | sed -n 's/.*<a href="#\(w[0-9]*\)">.*/\1/p')
t 'sed -n "/<h3 id=\"$id\">/,/<\/ul>/p" report.html | grep -q "^<li>line [0-9]*: a sentence of $long words"' "the warning texts, page by page, at their lines"
t 'grep -q "<a href=\"#w[0-9]*\">[0-9]* warnings\{0,1\}</a>" report.html' "each count links to its page's warnings"

# ---- the page itself
t '! grep -qi "<script\|src=\|href=\"[a-z]*:\|url(" report.html' "no script, nothing loaded, no link to another host"
t 'grep -q "Rows &lt;b&gt; &amp; &quot;more&quot;" report.html && ! grep -q "Rows <b>" report.html' "titles are escaped"
t 'grep -q "<th scope=\"row\"><span lang=\"es\">" report.html' "a Spanish title says its language"

# ---- build --report, with the cache: the same report
"$bin" build --quiet --report built.html 2>/dev/null
"$bin" build --quiet --report cached.html 2>/dev/null
t 'cmp -s built.html report.html && cmp -s cached.html report.html' "build --report, and from the build cache: the same report"

# ---- --strict: fails, and writes the report; an error: no report
rm report.html
"$bin" check --quiet --strict --report report.html 2>/dev/null
t '[ $? -eq 1 ] && [ -s report.html ]' "--strict fails on the warnings, after writing the report"
cp report.html before.html
sed -i 's/^category: .*/category: stretches/' content/exercises/rows.md
"$bin" check --quiet --report report.html 2>/dev/null
t '[ $? -eq 1 ] && cmp -s report.html before.html' "a content error: the report is left as it was"
finish report
