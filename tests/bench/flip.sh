#!/bin/sh
# flip.sh FILE: change one exercise file's frequency, to one of two values
# in turn, so every incremental rebuild in tests/bench/run.sh sees an edit.
# Prints the new value.
set -eu
f=$1
if grep -q '^frequency: "Bench edit A"$' "$f"; then v='Bench edit B'; else v='Bench edit A'; fi
sed -i "s/^frequency: .*/frequency: \"$v\"/" "$f"
grep -q "^frequency: \"$v\"\$" "$f"
echo "$v"
