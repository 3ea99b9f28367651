#!/bin/sh
# tests/e2e/jobs.sh PAMPHLET: --jobs N never changes the result.
#
# Builds the same content with 1, 2, 4 and 7 threads, several times, and
# compares every file and every message byte for byte.  The content has
# what a race would show first: 600 exercises full of strikethrough and
# autolinks (cmark-gfm 0.29 keeps their special characters in global
# tables: parsed on two threads at once without care, about one page in
# five loses them), tables, images, and, in a second round, errors in
# many files (the messages must come in the same order).
. "$(dirname "$0")/lib.sh"

export SOURCE_DATE_EPOCH=1700000000
C=$tmp/content
cp -R "$top/content" "$C"
cp "$top/tests/browser/fixtures/a11y/photo.png" "$C/exercises/photo.png"
printf 'sheet:\n  - rows\n  - gen-0007\n' >>"$C/site.yaml"
i=0
while [ $i -lt 600 ]; do
	n=$(printf %04d $i)
	{
		printf -- '---\ntitle: "Generated %s"\ncategory: stretch\nfrequency: "Daily"\n' "$n"
		[ $((i % 50)) = 7 ] && printf 'image: photo.png\nimage_alt: "A photo"\n'
		printf -- '---\n'
		k=0
		while [ $k -lt 12 ]; do
			printf 'Step %s: ~~old advice~~ new advice, see www.example.com/p%s and https://example.org/x%s. *Gently*.\n\n' $k $k $k
			k=$((k + 1))
		done
		printf '| Week | Sets |\n|---|---|\n| 1 | 2 |\n\n## Tips %s\n\nSee [the schedule](../schedule.md).\n' "$n"
	} >"$C/exercises/gen-$n.md"
	i=$((i + 1))
done

# build NAME JOBS [ARGS...]: build into $tmp/NAME, messages in NAME.err.
build() {
	name=$1 j=$2
	shift 2
	rm -rf "$tmp/$name"
	"$bin" build -q --no-cache -j "$j" -c "$C" -o "$tmp/$name" "$@" \
		>"$tmp/$name.err" 2>&1
	echo $? >"$tmp/$name.rc"
}

build ref 1
[ "$(cat "$tmp/ref.rc")" = 0 ] || no "the content builds with one thread: $(head -3 "$tmp/ref.err")"
grep -q '<del>old advice</del>' "$tmp/ref/exercises/gen-0001/index.html" ||
	no "strikethrough is rendered (the test content exercises it)"
for j in 2 4 7 2 4 2; do
	build run "$j"
	if diff -r "$tmp/ref" "$tmp/run" >"$tmp/diff"; then ok; else
		no "--jobs $j gives other files than --jobs 1: $(grep -c . "$tmp/diff") lines differ"
		head -5 "$tmp/diff"
	fi
done

# Errors in many files: the same messages, in the same order.
for n in 0003 0150 0299 0420 0599; do
	sed -i 's/^category: .*/category: sideways/' "$C/exercises/gen-$n.md"
done
sed -i 's|\[the schedule\](../schedule.md)|[nowhere](../nowhere.md)|' "$C/exercises/gen-0010.md" "$C/exercises/gen-0500.md"
build ref 1
[ "$(cat "$tmp/ref.rc")" = 1 ] || no "errors fail the build (exit $(cat "$tmp/ref.rc"))"
[ "$(grep -c 'error:' "$tmp/ref.err")" -ge 7 ] || no "every error is reported: $(cat "$tmp/ref.err")"
for j in 2 4 7 4; do
	build run "$j"
	if cmp -s "$tmp/ref.err" "$tmp/run.err" && cmp -s "$tmp/ref.rc" "$tmp/run.rc"; then ok; else
		no "--jobs $j reports differently:"
		diff "$tmp/ref.err" "$tmp/run.err" | head -6
	fi
done

finish jobs
