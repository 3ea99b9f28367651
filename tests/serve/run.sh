#!/bin/sh
# tests/serve/run.sh PAMPHLET: `pamphlet serve`, the live preview, end to
# end (`make serve-test`).  The checks are in serve.test.mjs (node, no
# packages): it works in tests/tmp/serve/ and kills every server it
# started, also when a check fails or the test is interrupted.  Then
# rebuilds.sh: a sequence of edits, each rebuild compared with a fresh
# build; warm.sh: the same through edits to out/ too; made.sh: a build's
# files served from memory while out/ is written.
set -u
bin=$(cd "$(dirname "${1:-generator/pamphlet}")" && pwd)/$(basename "${1:-generator/pamphlet}")
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v node >/dev/null; then
	echo "serve: FAIL node is missing (apt-get install nodejs)"
	exit 1
fi
[ -x "$bin" ] || { echo "serve: FAIL $bin: no such program"; exit 1; }
node "$here/serve.test.mjs" "$bin"
st=$?
# Rebuilds through a sequence of edits: the same out/ as a fresh build.
sh "$here/rebuilds.sh" "$bin" || st=1
# What serve keeps between builds (warm.h) never changes out/.
sh "$here/warm.sh" "$bin" || st=1
# Served from memory while written; a failed write shows the old page.
sh "$here/made.sh" "$bin" || st=1
# The handout desk: its answers and its rules.
sh "$here/desk.sh" "$bin" || st=1
exit $st
