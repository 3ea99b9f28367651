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
sed -i 's/^  phone: .*/  phone: "020 7946 0123"/; s/^  email: .*/  email: "desk@clinic.org.uk"/; s/^  address: .*/  address: "1 High Street"/' content/site.yaml
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
finish checks
