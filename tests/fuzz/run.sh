#!/bin/bash
# run.sh: builds the CSV reader's libFuzzer target with clang (address and
# undefined-behaviour sanitizers) and runs it for $FUZZ_SECONDS seconds
# (10 in the test suite, longer with `make fuzz`) from the seed corpus.
# A crash, a leak or a sanitizer report fails the test.
set -u
srcdir=${OKIENKO_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
builddir=${OKIENKO_BUILDDIR:-$PWD}
seconds=${FUZZ_SECONDS:-10}
command -v clang >/dev/null 2>&1 || { echo "FAIL: clang is needed by the fuzz test: install it" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/okienko-fuzz.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-I"$builddir" -I"$srcdir/data" -DLOCALEDIR='""' \
	-o "$work/fuzz_csv" "$srcdir/tests/fuzz/fuzz_csv.c" "$srcdir/data/csv.c" ||
	{ echo "FAIL: the fuzz target does not build" >&2; exit 1; }
mkdir -p "$work/corpus"
cp "$srcdir"/tests/fuzz/corpus/* "$work/corpus/"
"$work/fuzz_csv" -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 \
	-artifact_prefix="$work/" "$work/corpus" >"$work/log" 2>&1
rc=$?
if [ "$rc" -ne 0 ]; then
	tail -40 "$work/log" >&2
	for a in "$work"/crash-* "$work"/leak-* "$work"/timeout-*; do
		[ -e "$a" ] && { echo "input that failed (base64):" >&2; base64 "$a" >&2; }
	done
	echo "FAIL: the CSV reader failed under the fuzzer" >&2
	exit 1
fi
grep -E 'stat::number_of_executed_units' "$work/log" >&2
exit 0
