#!/bin/sh
# The plain-language checks of `pamphlet check` (issue 16, first part):
# on the shipped content only the placeholder warnings; a long sentence
# at its line; a page above grade 8 with its figure and its longest
# sentences' lines; an old and a missing review date; --strict fails on
# any warning; a real phone number is not a placeholder.
# Usage: checks.sh PAMPHLET
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1764028800 # 2025-11-25

cd "$tmp" || exit 1
cp -R "$top/content" "$top/templates" .
"$bin" check >out 2>err
t '[ $? -eq 0 ]' "check passes with warnings"
t '[ "$(grep -c warning err)" -eq 3 ] && [ "$(grep -c "still the example" err)" -eq 3 ]' \
	"the shipped content: the three placeholders only: $(cat err)"
"$bin" check --strict >/dev/null 2>&1
t '[ $? -eq 1 ]' "--strict: a warning fails the check"

# The clinic's real details: no placeholder.
real_clinic content
"$bin" check --strict >/dev/null 2>err
t '[ $? -eq 0 ] && [ ! -s err ]' "real details, and the shipped pages: nothing to say: $(cat err)"

# A long sentence, a hard page, an old and a missing review date.
cat >content/causes.md <<'MD'
---
title: "Causes"
last_reviewed: 2023-01-10
---
Short words help.

Intervertebral degeneration, myofascial dysfunction, thoracic kyphosis, postural maladaptation, musculoskeletal deconditioning, occupational ergonomic deficiencies and psychosocial determinants frequently coexist, necessitating comprehensive multidisciplinary evaluation, individualized therapeutic prescription and longitudinal reassessment.

Consequently, practitioners generally recommend progressive strengthening, flexibility enhancement, ergonomic modification and cognitive reconceptualization strategies.
MD
sed -i '/^last_reviewed:/d' content/faq.md
"$bin" check >/dev/null 2>err
t 'grep -qE "^pamphlet: content/causes.md:7: warning: a sentence of [0-9]+ words \(expected at most 25" err' "a long sentence, at its line: $(grep causes err | head -2)"
t 'grep -qE "^pamphlet: content/causes.md:5: warning: reads at grade [0-9.]+ \(Flesch-Kincaid; expected 8 or lower.*line 7 \(" err' "a hard page, its grade and longest sentences"
t 'grep -qE "^pamphlet: content/causes.md:3: warning: last reviewed [0-9]+ days ago, on 2023-01-10" err' "an old review date, at its line"
t 'grep -q "^pamphlet: content/faq.md:1: warning: no \"last_reviewed\" date" err' "a missing review date"

# Every build says them too, the same with the build cache, and the
# cache is used (what a cached page's body said is kept with it).
"$bin" build -o site >/dev/null 2>build1
"$bin" build -o site >/dev/null 2>build2
t 'grep -q "content/causes.md:7: warning: a sentence of" build1 && cmp -s build1 build2' \
	"build and a cached rebuild give the same warnings: $(diff build1 build2 | head -3)"
touch content/exercises/rows.md
PAMPHLET_TIMINGS=1 "$bin" build -o site >/dev/null 2>build3
t 'grep -q "exercise files looked at" build3 && [ "$(grep -c warning: build3)" = "$(grep -c warning: build1)" ]' \
	"... a rebuild that reuses pages too: $(grep -c warning: build3) of $(grep -c warning: build1)"
"$bin" build --strict -o site >/dev/null 2>&1
t '[ $? -eq 1 ]' "build --strict fails on a warning"

# checks: tunes them, or turns them off; a bad value is an error there.
cp content/site.yaml site.yaml.orig
printf 'checks:\n  reading_grade: off\n  sentence_words: 40\n  review_days: off\n' >>content/site.yaml
"$bin" check >/dev/null 2>err
t '[ $? -eq 0 ] && ! grep -q "causes.md.*grade\|causes.md.*sentence\|last_reviewed\|last reviewed" err' \
	"checks: off and a longer sentence limit: $(grep causes err | head -2)"
cp site.yaml.orig content/site.yaml
printf 'checks:\n  sentence_words: lots\n' >>content/site.yaml
line=$(grep -n '^checks:' content/site.yaml | cut -d: -f1)
"$bin" check >/dev/null 2>err
t '[ $? -eq 1 ] && grep -qF "pamphlet: content/site.yaml:$line: error: checks: sentence_words is \"lots\" (expected a number from 5 to 200, or off)" err' \
	"a bad setting, at its line: $(cat err | head -2)"
cp site.yaml.orig content/site.yaml

# Jargon: a health word of plain-words.yaml, used where it is not
# explained, at each use, with the explanation to give.
printf 'latissimus dorsi: "the large muscles at the sides of your back"\n' >content/plain-words.yaml
cat >content/prevention.md <<'MD'
---
title: "Prevention"
last_reviewed: 2026-11-20
---
Strong back muscles help you.

The latissimus dorsi supports your spine.
MD
cat >content/causes.md <<'MD'
---
title: "Causes"
last_reviewed: 2026-11-20
---
The latissimus dorsi (the large muscles at the sides of your back) can get tight.
MD
"$bin" check >/dev/null 2>err
t 'grep -qF "pamphlet: content/prevention.md:7: warning: \"latissimus dorsi\" is a health word this page does not explain (expected, as content/plain-words.yaml says: \"the large muscles at the sides of your back\")" err' \
	"an unexplained health word, at its line: $(grep prevention err | head -1)"
t '! grep -q "causes.md.*health word" err' "explained on the page: nothing to say"
printf 'latissimus dorsi: "a"\nLatissimus Dorsi: "b"\n' >content/plain-words.yaml
"$bin" check >/dev/null 2>err
t '[ $? -eq 1 ] && grep -qF "pamphlet: content/plain-words.yaml:2:1: error: \"Latissimus Dorsi\" is given twice (first at line 1)" err' \
	"plain-words.yaml: a word given twice: $(head -1 err)"
rm content/plain-words.yaml

# An exercise's missing pieces: its safety section, a dose, a picture.
ex=content/exercises/rows.md
cp "$ex" rows.orig
sed -i '/^## Stay safe/,$d' "$ex"
awk '/^pictures:/ { skip = 1; next } skip && /^  / { next } { skip = 0; print }' "$ex" >"$ex.new" && mv "$ex.new" "$ex"
sed -i '/^\(frequency\|duration\|sets\|reps\|hold\):/d' "$ex"
"$bin" check >/dev/null 2>err
t 'grep -q "^pamphlet: content/exercises/rows.md:[0-9]*: warning: no \"Stay safe\" section" err' "no Stay safe section: $(grep rows.md err | head -3)"
t 'grep -q "^pamphlet: content/exercises/rows.md:1: warning: no dose" err' "no dose"
t 'grep -q "^pamphlet: content/exercises/rows.md:1: warning: no picture" err' "no picture"
awk 'NR > 1 && /^---$/ && !done { print "as_advised: true"; done = 1 } { print }' "$ex" >"$ex.new" && mv "$ex.new" "$ex"
printf 'checks:\n  safety_heading: "How to do it"\n' >>content/site.yaml
"$bin" check >/dev/null 2>err
t '! grep -q "rows.md.*no dose\|rows.md.*Stay safe\|rows.md.*How to do it" err' \
	"as_advised: true, and another safety heading: $(grep rows.md err | head -2)"
cp rows.orig "$ex"
cp site.yaml.orig content/site.yaml
finish checks
