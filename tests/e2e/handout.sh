#!/bin/sh
# pamphlet handout (issue 13): a batch of three plans makes three PDFs
# with only the chosen exercises, the patient's doses and notes and
# name; the QR codes decode to the exercises' pages; the files are 0600
# whatever the umask; out/ and .pamphlet/ hold no patient detail;
# a second run gives the same bytes; a batch with a mistake writes
# nothing; an interrupted batch leaves no temporary file; the handouts
# folder cannot be the site's.
# Usage: handout.sh PAMPHLET
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1764028800

cd "$tmp" || exit 1
cp -R "$top/content" "$top/templates" .
# The example's placeholders: refused, unless --allow-placeholders.
mkdir -p ph
"$bin" handout -o ph content/plans/example.yaml >/dev/null 2>stderr
t '[ $? -eq 1 ] && [ -z "$(ls ph)" ]' "the example's clinic details: no handout is printed"
t 'grep -qF "pamphlet: content/site.yaml:4: error: the clinic'"'"'s phone number is still the example'"'"'s" stderr && grep -qF -- "--allow-placeholders" stderr' \
	"the error names site.yaml's line and the way out: $(head -1 stderr)"
"$bin" handout -q --allow-placeholders -o ph content/plans/example.yaml 2>stderr
t '[ $? -eq 0 ] && [ -s ph/example.pdf ]' "--allow-placeholders prints anyway: $(cat stderr)"
rm -rf ph
real_clinic content
echo 'base_url: "https://clinic.example.org/back"' >>content/site.yaml
"$bin" build -q -o out || no "the site builds"
find out .pamphlet/out-* -type f -exec md5sum {} + | sort >site.before

# A name no other file holds: where it turns up, it leaked.
who="Zebedee Quillfeather-$$"
mkdir plans
cat >plans/alex.yaml <<EOF
patient: "$who"
date: 2026-12-02
clinician: "Sam Physio"
next_review: 2026-12-16
note: "Walk to the shops NOTE-$$ and back."
exercises:
  - exercise: scapular-squeezes
    sets: "2"
    reps: "12 slow ones"
    note: "Keep your neck soft CARD-$$."
  - exercise: chest-stretch
    frequency: "Twice a day"
    duration: "20 seconds"
EOF
cat >plans/blair.yaml <<'EOF'
exercises:
  - exercise: swimming
EOF
cat >plans/casey.yaml <<'EOF'
patient: "Casey Example"
exercises:
  - exercise: rows
  - exercise: lat-pulldowns
  - exercise: neck-stretch
EOF
echo 'not a plan' >plans/README.txt

umask 022
"$bin" handout plans >stdout 2>stderr
rc=$?
t '[ "$rc" -eq 0 ]' "a batch of three builds (exit $rc: $(cat stderr))"
t 'grep -qx "pamphlet: made 3 handouts in handouts" stdout' "it says what it made: $(cat stdout)"
t '[ "$(ls handouts | tr "\n" " ")" = "alex.pdf blair.pdf casey.pdf " ]' \
	"one PDF per plan, named after it: $(ls -A handouts | tr '\n' ' ')"
t '[ "$(stat -c %a handouts)" = 700 ]' "the folder it made is its owner's only ($(stat -c %a handouts))"
for f in handouts/*.pdf; do
	t '[ "$(stat -c %a "$f")" = 600 ]' "$f is readable by its owner only (mode $(stat -c %a "$f"))"
	t 'qpdf --check "$f" >/dev/null 2>&1' "$f is a sound PDF"
done

pdftotext -layout handouts/alex.pdf alex.txt
flat=$(tr -s ' \n' '  ' <alex.txt)
t 'grep -qF "Patient name: $who" alex.txt' "the patient's name is filled in"
t 'grep -qF "2 December 2026" alex.txt' "the date is filled in"
t 'grep -qF "Sam Physio" alex.txt' "the clinician is filled in"
t 'echo "$flat" | grep -qF "NOTE-$$"' "the clinician's note"
t 'echo "$flat" | grep -qF "Next appointment: 16 December 2026"' "the next appointment"
t 'echo "$flat" | grep -qF "Keep your neck soft CARD-$$."' "the card's note"
t 'echo "$flat" | grep -qE "Chest Stretch +Twice a day +20 seconds"' "the patient's doses in the table"
t 'echo "$flat" | grep -qF "Repetitions: 12 slow ones"' "the patient's repetitions on the card"
t '! grep -q "Rows\|Yoga\|Swimming" alex.txt' "only the chosen exercises"
t '[ "$(grep -n "Scapular Squeezes" alex.txt | head -1 | cut -d: -f1)" -lt "$(grep -n "Chest Stretch" alex.txt | head -1 | cut -d: -f1)" ]' \
	"in the plan's order"
t 'grep -qF "When to stop" alex.txt && grep -qF "Phone:" alex.txt' "When to stop, with the phone"
t 'pdfinfo handouts/alex.pdf | grep -qx "Title: *Exercise programme"' "the title names no patient"
t '! strings handouts/alex.pdf | grep -q "Zebedee"' "... nor do the PDF's properties (its text is compressed)"
pdftotext -layout handouts/blair.pdf blair.txt
t 'grep -q "Patient name: *_*$" blair.txt || grep -qx " *Patient name:" blair.txt || ! grep -q "Patient name: [A-Z]" blair.txt' \
	"a plan without a name leaves a line to write on"

# The QR codes: the exercises' pages on the published site.
pdftoppm -r 200 -png handouts/alex.pdf page
codes=$(for p in page-*.png; do zbarimg -q --raw "$p" 2>/dev/null; done | sort | tr '\n' ' ')
t '[ "$codes" = "https://clinic.example.org/back/exercises/chest-stretch/ https://clinic.example.org/back/exercises/scapular-squeezes/ " ]' \
	"each card's QR code decodes to its page: $codes"
# (The label, then the address on its line: beside the card's pictures,
# pdftotext may read a caption in between.)
t 'echo "$flat" | grep -qF "See it online:" && echo "$flat" | grep -qF " https://clinic.example.org/back/exercises/chest-stretch/ "' \
	"the address is printed for typing"

# Nothing of the patient anywhere else.
find out .pamphlet/out-* -type f -exec md5sum {} + | sort >site.after
t 'cmp -s site.before site.after' "out/ and the site's records are as they were: $(diff site.before site.after | head -3 | tr "\n" " ")"
t '[ -z "$(ls -A .pamphlet/handouts-pictures | grep -vE "^[0-9a-f]{16}-[0-9]+x[0-9]+\.png$")" ]' \
	"the handouts' folder in .pamphlet/ holds only the site's drawings: $(ls -A .pamphlet/handouts-pictures | tr '\n' ' ')"
t '[ -z "$(grep -rl "$who\|NOTE-$$\|CARD-$$" . --exclude-dir=plans --exclude-dir=handouts --exclude=alex.txt --exclude="*.sh" 2>/dev/null)" ]' \
	"no other file under the project holds the patient's details"
t '! grep -q "$who" stdout stderr' "nor does any message"
t '[ -z "$(grep -rl "$who" /tmp 2>/dev/null | grep -v "^$tmp/")" ]' "nor any file in /tmp"
t '[ -z "$(ls -A handouts | grep tmp)" ]' "no temporary file is left"

# Characters the sheet's font lacks, in a plan: no warning names them
# (a warning would spell the patient's name on the terminal).
printf 'patient: "王小明"\nnote: "每天 🙂"\nexercises:\n  - exercise: rows\n    reps: "十"\n' >cjk.yaml
"$bin" handout -q -o cjk cjk.yaml >stdout 2>stderr
t '[ $? -eq 0 ] && [ ! -s stderr ] && [ ! -s stdout ]' "no message about a plan's characters: $(cat stderr)"
rm -rf cjk cjk.yaml

# Same plans, same bytes.
mkdir again
"$bin" handout -q -o again plans
t 'cmp -s handouts/alex.pdf again/alex.pdf && cmp -s handouts/casey.pdf again/casey.pdf' \
	"a second run gives byte-identical PDFs"

# A batch with one mistake: every mistake reported, nothing written.
cat >plans/dana.yaml <<EOF
patient: "$who"
date: "Alex Example"
exercises:
  - exercise: chest-strech
  - exercise: rows
  - exercise: rows
EOF
rm -rf handouts2
"$bin" handout -o handouts2 plans >stdout 2>stderr
rc=$?
t '[ "$rc" -eq 1 ]' "a batch with a mistake: exit 1 ($rc)"
t '[ ! -e handouts2 ] || [ -z "$(ls -A handouts2)" ]' "... and nothing written"
t 'grep -qF "plans/dana.yaml:2:7: error: \"date\" is not a date" stderr' "the bad date, at its place: $(head -1 stderr)"
t 'grep -qF "plans/dana.yaml:4:" stderr && grep -qF "chest-stretch" stderr' "the unknown exercise, with the nearest name"
t 'grep -qF "plans/dana.yaml:6:" stderr' "the exercise listed twice"
t '! grep -q "Alex Example\|$who" stderr' "no message repeats what the plan says"
rm plans/dana.yaml

# The handouts never go where the site is published, nor into sources.
for bad in out out/private content content/plans templates; do
	"$bin" handout -o "$bad" plans/alex.yaml >/dev/null 2>stderr
	rc=$?
	t '[ "$rc" -eq 2 ]' "-o $bad is refused with exit 2 ($rc: $(cat stderr))"
done
t '[ ! -e out/alex.pdf ] && [ ! -e out/private ]' "nothing was written there"
# Through a link: out is a link to the real site folder, and the path
# goes through a folder that does not exist yet.
mv out realout && ln -s realout out
"$bin" handout -o nothere/../out/hh plans/alex.yaml >/dev/null 2>stderr
rc=$?
t '[ "$rc" -eq 2 ] && [ ! -e realout/hh ]' "a path that leads into the site through a link is refused ($rc: $(cat stderr))"
rm out && mv realout out

# Interrupted in the middle (SIGTERM, SIGINT): no temporary file, no
# half-written handout: all of them or none.
mkdir many
i=0
while [ $i -lt 300 ]; do
	printf 'patient: "P%03d"\nexercises:\n  - exercise: rows\n  - exercise: yoga\n' $i >many/p$i.yaml
	i=$((i + 1))
done
for sig in TERM INT QUIT KILL; do
	rm -rf stopped
	"$bin" handout -q --jobs 2 -o stopped many >/dev/null 2>&1 &
	pid=$!
	sleep 0.4
	kill -$sig $pid 2>/dev/null
	{ wait $pid; } 2>/dev/null
	n=$(ls stopped 2>/dev/null | wc -l)
	# (Even SIGKILL: the handouts have no name until all are made.)
	t '[ -z "$(ls -A stopped 2>/dev/null | grep tmp)" ]' "SIG$sig: no temporary file is left ($(ls -A stopped 2>/dev/null | head -3 | tr '\n' ' '))"
	t '[ "$n" -eq 0 ] || [ "$n" -eq 300 ]' "SIG$sig: all handouts or none ($n)"
done

# Killed in the middle: the next batch removes what it left.
: >handouts/.alex.pdf.tmp-999999000001
"$bin" handout -q plans/alex.yaml
t '[ ! -e handouts/.alex.pdf.tmp-999999000001 ]' "a killed batch's temporary file is removed by the next"
finish handout
