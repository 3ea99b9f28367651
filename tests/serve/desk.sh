#!/bin/sh
# tests/serve/desk.sh PAMPHLET: the handout desk of `pamphlet serve`
# (issue 14): the form, its answers (a PDF, a plan as YAML, the form
# again with its mistakes), and each of its rules, with curl on
# 127.0.0.1 (bounded: every request has a time limit):
# - a foreign Host gets 421 on the desk's address too;
# - a POST whose Origin (or Referer) is not the server's gets 403, and
#   one without the form's token too;
# - a body over 256 KB gets 413;
# - only GET, HEAD and POST (POST only on the desk);
# - answers carry Cache-Control: no-store and a CSP with no script;
# - the handout's language (the shipped site has en and es): Spanish
#   when chosen, English by default; a language the site has not, or an
#   exercise without a translation, is a mistake on the form;
# - nothing of a submission reaches the disk or the terminal.
# Works in tests/tmp/serve-desk/; kills the server it started.
set -u
bin=$(cd "$(dirname "${1:-generator/pamphlet}")" && pwd)/$(basename "${1:-generator/pamphlet}")
root=$(cd "$(dirname "$0")/../.." && pwd)
W=$root/tests/tmp/serve-desk
pass=0 fail=0
t() { if eval "$1"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "desk: FAIL $2"; fi; }

rm -rf "$W"
mkdir -p "$W"
cp -R "$root/content" "$root/templates" "$W/"
# (pamphlet handout refuses the example's clinic details.)
sh "$root/tests/e2e/real-clinic.sh" "$W/content"
cd "$W" || exit 1
export SOURCE_DATE_EPOCH=1764028800
"$bin" serve --port 0 >"$W/err" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT INT TERM
i=0
while ! grep -q "handout desk is at" err && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
url=$(sed -n 's/^pamphlet: the handout desk is at \(http[^ ]*\)$/\1/p' err)
base=${url%/_pamphlet/handout/}
port=${base##*:}
t '[ -n "$url" ]' "serve says where the desk is: $(cat err)"
C="curl -s -m 10"

# The form.
code=$($C -D head.txt -o form.html -w '%{http_code}' "$url")
t '[ "$code" = 200 ]' "GET the desk: 200 ($code)"
t 'grep -qi "^cache-control: no-store" head.txt' "the form is not stored by the browser"
t 'grep -qi "^content-security-policy: .*default-src .none." head.txt && ! grep -qi "^content-security-policy: .*script" head.txt' \
	"its CSP allows no script: $(grep -i content-security head.txt)"
t 'grep -q "<form" form.html && ! grep -qi "<script" form.html' "a form, with no script"
token=$(sed -n 's/.*name="token" value="\([0-9a-f]*\)".*/\1/p' form.html | head -1)
t '[ ${#token} = 32 ]' "the form carries the server's token ($token)"
code=$($C -I -o /dev/null -w '%{http_code}' "$url")
t '[ "$code" = 200 ]' "HEAD the desk: 200 ($code)"

# Making a handout: the PDF, as an attachment.
who="Ottoline Brackenridge-$$"
post() { f=$1; shift; $C -o "$f" -D "$f.head" -w '%{http_code}' -H "Origin: $base" "$@"; }
# form FILE FIELD=VALUE...: the desk's form with its token, posted.
form() {
	f=$1; shift
	for kv; do set -- "$@" --data-urlencode "$kv"; shift; done
	post "$f" --data-urlencode "token=$token" "$@" "$url"
}
# same_pdf PLAN.yaml PDF WHAT: pamphlet handout makes PDF's bytes from PLAN.
same_pdf() {
	mkdir -p h && "$bin" handout -q -o h "$1" >/dev/null 2>&1
	t "cmp -s h/${1%.yaml}.pdf $2" "pamphlet handout makes the same $3 from it"
	rm -f "$1" "h/${1%.yaml}.pdf"
}
code=$(post out.pdf --data-urlencode "token=$token" --data-urlencode "patient=$who" \
	--data-urlencode "ex-rows=on" --data-urlencode "ex-rows-reps=8 slow" \
	--data-urlencode "ex-yoga=on" --data-urlencode "action=pdf" "$url")
t '[ "$code" = 200 ]' "POST the form: 200 ($code)"
t 'grep -qi "^content-type: application/pdf" out.pdf.head' "the answer is a PDF"
t 'grep -qi "^content-disposition: attachment; filename=\"exercise-programme.pdf\"" out.pdf.head' "to save as exercise-programme.pdf"
pdftotext -layout out.pdf out.txt 2>/dev/null
t 'grep -qF "$who" out.txt' "it holds the patient's name"
t 'grep -qF "Repetitions: 8 slow" out.txt' "and the changed dose"
t 'grep -q "Rows" out.txt && grep -q "Yoga" out.txt && ! grep -q "Chest Stretch" out.txt' "only the ticked exercises"
t 'pdfinfo out.pdf 2>/dev/null | grep -q "^Title: *Exercise programme$" && grep -q "Week" out.txt && ! grep -q "Semana" out.txt' \
	"no language chosen: English ($(pdfinfo out.pdf 2>/dev/null | grep '^Title'))"

# The handout's language: the form offers the site's two.
t 'grep -q "<select id=\"language\" name=\"language\"" form.html && grep -q "<option value=\"es\" lang=\"es\">Español</option>" form.html' \
	"the form offers the languages, each named in itself"
code=$(form es.pdf "patient=$who" language=es ex-rows=on ex-yoga=on action=pdf)
t '[ "$code" = 200 ] && grep -qi "^content-type: application/pdf" es.pdf.head' "POST with language=es: a PDF ($code)"
pdftotext -layout es.pdf es.txt 2>/dev/null
t 'pdfinfo es.pdf 2>/dev/null | grep -q "^Title: *Programa de ejercicios$"' \
	"its title is Spanish ($(pdfinfo es.pdf 2>/dev/null | grep '^Title'))"
t 'grep -q "Semana" es.txt && grep -q "Remo" es.txt && ! grep -q "Week" es.txt && grep -qF "$who" es.txt' \
	"its words and exercises are Spanish, with the patient's name"
code=$(form es.yaml "patient=$who" language=es ex-rows=on ex-yoga=on action=yaml)
t '[ "$code" = 200 ] && grep -q "^language: es$" es.yaml' "the plan says language: es ($code)"
same_pdf es.yaml es.pdf "Spanish bytes"
code=$(form en.pdf language=en ex-rows=on action=pdf)
pdftotext -layout en.pdf en.txt 2>/dev/null
t '[ "$code" = 200 ] && pdfinfo en.pdf 2>/dev/null | grep -q "^Title: *Exercise programme$" && grep -q "Week" en.txt && ! grep -q "Semana" en.txt' \
	"language=en: English ($code)"
odd="tlh-$$-Klingon"
code=$(form lang.html "language=$odd" ex-rows=on action=pdf)
t '[ "$code" = 422 ] && grep -q "href=\"#language\"" lang.html && grep -q "aria-describedby=\"language-error language-hint\"" lang.html' \
	"a language the site has not: 422, a mistake on the field ($code)"
t '! grep -qF "$odd" lang.html' "the page does not repeat it"
# The example's clinic details: no PDF, and the page says why (the site
# is read at each request).
cp content/site.yaml site.yaml.real
sed -i 's/^  phone: .*/  phone: "000 000 0000 (replace in content\/site.yaml)"/' content/site.yaml
code=$(form ph.html ex-rows=on action=pdf)
cp site.yaml.real content/site.yaml
t '[ "$code" = 422 ] && grep -q "is still the example" ph.html && grep -q -- "--allow-placeholders" ph.html' \
	"the example's phone number: 422, and what to do ($code)"
# An exercise without a translation (the site is read at each request).
mv content/es/exercises/yoga.md yoga.md.away
code=$(form tr.html language=es ex-rows=on ex-yoga=on action=pdf)
mv yoga.md.away content/es/exercises/yoga.md
t '[ "$code" = 422 ] && grep -q "<a href=\"#ex-yoga\">Yoga has no translation in Español" tr.html && grep -q "aria-describedby=\"ex-yoga-error\"" tr.html' \
	"an exercise without a translation: 422, named beside its box ($code)"

# The same plan as YAML, which pamphlet handout takes: same PDF bytes.
code=$(form plan.yaml "patient=$who" ex-rows=on "ex-rows-reps=8 slow" ex-yoga=on action=yaml)
t '[ "$code" = 200 ] && grep -q "exercise: rows" plan.yaml' "Download the plan: YAML ($code)"
same_pdf plan.yaml out.pdf bytes

# Mistakes: the form again, 422, filled as it was.
code=$(post again.html --data-urlencode "token=$token" --data-urlencode "patient=$who" \
	--data-urlencode "date=soon" --data-urlencode "action=pdf" "$url")
t '[ "$code" = 422 ]' "nothing ticked, a bad date: 422 ($code)"
t 'grep -q "href=\"#exercises\"" again.html && grep -q "href=\"#date\"" again.html' "an error summary links to each field"
t 'grep -q "aria-describedby=\"date-error\"" again.html' "the message is tied to its field"
t 'grep -qF "$who" again.html' "the form comes back filled in"

# The rules.
code=$($C -D h421.head -o /dev/null -w '%{http_code}' -H "Host: evil.example:$port" "$url")
t '[ "$code" = 421 ] && grep -qi "^content-security-policy: default-src .none." h421.head && grep -qi "^cache-control: no-store" h421.head' \
	"a foreign Host: 421, no-store, no script ($code)"
code=$($C -o /dev/null -w '%{http_code}' -H "Origin: http://evil.example" --data "token=$token&ex-rows=on" "$url")
t '[ "$code" = 403 ]' "a foreign Origin: 403 ($code)"
code=$($C -o /dev/null -w '%{http_code}' -H "Referer: http://evil.example/page" --data "token=$token&ex-rows=on" "$url")
t '[ "$code" = 403 ]' "no Origin, a foreign Referer: 403 ($code)"
code=$($C -o /dev/null -w '%{http_code}' --data "token=$token&ex-rows=on" "$url")
t '[ "$code" = 403 ]' "neither Origin nor Referer: 403 ($code)"
code=$($C -o /dev/null -w '%{http_code}' -H "Referer: $base/_pamphlet/handout/" --data "ex-rows=on" "$url")
t '[ "$code" = 403 ]' "no token: 403 ($code)"
code=$($C -o /dev/null -w '%{http_code}' -H "Origin: $base" --data "token=0000&ex-rows=on" "$url")
t '[ "$code" = 403 ]' "a wrong token: 403 ($code)"
head -c 300000 /dev/zero | tr '\0' 'a' >big.txt
code=$($C -o /dev/null -w '%{http_code}' -H "Origin: $base" --data-binary @big.txt "$url")
t '[ "$code" = 413 ]' "a body over 256 KB: 413 ($code)"
code=$($C -o /dev/null -w '%{http_code}' -H "Origin: $base" -H "Transfer-Encoding: chunked" --data-binary @big.txt "$url")
t '[ "$code" = 413 ]' "a chunked body over 256 KB: 413 ($code)"
printf -- '--XX\r\nContent-Disposition: form-data\r\n\r\nx\r\n--XX--\r\n' >nameless.txt
code=$($C -o /dev/null -w '%{http_code}' -H "Origin: $base" -H "Content-Type: multipart/form-data; boundary=XX" --data-binary @nameless.txt "$url")
t '[ "$code" = 403 ]' "a form part without a name: refused for its missing token ($code)"
code=$($C -o /dev/null -w '%{http_code}' "$url")
t '[ "$code" = 200 ]' "... and the server still answers ($code)"
i=0; : >many.txt
while [ $i -lt 3000 ]; do printf 'ex-a=%d&' $i >>many.txt; i=$((i + 1)); done
code=$($C -o /dev/null -w '%{http_code}' -H "Origin: $base" --data-binary @many.txt "$url")
t '[ "$code" = 413 ]' "more fields than any form has: 413 ($code)"
for m in PUT DELETE PATCH OPTIONS; do
	code=$($C -D m.head -o /dev/null -w '%{http_code}' -X $m "$url")
	t '[ "$code" = 405 ] && grep -qi "^cache-control: no-store" m.head && grep -qi "^allow: GET, HEAD, POST" m.head' \
		"$m on the desk: 405, no-store, Allow ($code)"
done
code=$($C -o /dev/null -w '%{http_code}' -H "Origin: $base" --data "token=$token" "$base/")
t '[ "$code" = 405 ]' "POST elsewhere: 405 ($code)"

# Nothing of the patient anywhere but the answers this test saved.
t '[ -z "$(grep -rlF "$who" "$W" --exclude=out.pdf --exclude=out.txt --exclude=again.html --exclude=es.pdf --exclude=es.txt 2>/dev/null)" ]' \
	"no file under the project holds the name: $(grep -rlF "$who" "$W" --exclude=out.pdf --exclude=out.txt --exclude=again.html --exclude=es.pdf --exclude=es.txt 2>/dev/null | head -3)"
t '[ -z "$(grep -rlF "$who" /tmp 2>/dev/null | grep -v "^$W/")" ]' "no file in /tmp holds it (but this test's own): $(grep -rlF "$who" /tmp 2>/dev/null | grep -v "^$W/" | head -3)"
t '! grep -qF "$who" err && ! grep -qF "$odd" err' "the server's messages do not"
echo "desk: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
