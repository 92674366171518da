#!/usr/bin/env bash
# Every test (README): the source rules of DESIGN.md, the core's unit tests (GoogleTest via ctest), the
# extension's pg_regress suite in a throw-away PostgreSQL 15 cluster once per SIMD level this CPU has (same
# expected output at each), a smoke run of the benchmark client, pgvector's Node client library against the
# extension (npm packages installed into a scratch directory), and the TAP tests as the postgres user.
# Ends with one line "N passed, M failed" and exits non-zero on any failure.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TEST_PORT=${VECSEARCH_TEST_PORT:-54329}
passed=0
failed=0
count() { passed=$((passed + $1)); failed=$((failed + $2)); }

set -e
install_packages
build_core
build_and_install_extension
set +e

# The opt-in alias under pgvector's extension name, for TAP 015; refused (and that test skipped) where pgvector
# itself is installed.
if make -C "$VS_ROOT" -s install-vector-alias PG_CONFIG="$PG_CONFIG" >/dev/null 2>&1; then
	log "installed vecsearch's alias under the extension name vector (make install-vector-alias)"
else
	log "not installing the alias under the extension name vector: another extension (pgvector) has that name"
fi

log "source rules (scripts/check_source.sh)"
checks=$(bash "$VS_ROOT/scripts/check_source.sh")
echo "$checks"
count "$(grep -c '^ok ' <<<"$checks")" "$(grep -c '^not ok ' <<<"$checks")"

log "core unit tests (ctest)"
ctest_log=$(mktemp)
(cd "$BUILD_DIR" && ctest --output-on-failure -j"$(nproc)") | tee "$ctest_log" | grep -vE '^ *[0-9]+/[0-9]+ Test +#[0-9]+: .* Passed' || true
# "100% tests passed, 0 tests failed out of 312" (skipped tests count as passed by ctest; they are listed).
summary=$(grep -E 'tests passed, [0-9]+ tests failed out of' "$ctest_log" | tail -1)
if [ -n "$summary" ]; then
	total=$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$summary")
	bad=$(sed -E 's/.*passed, ([0-9]+) tests failed.*/\1/' <<<"$summary")
	count $((total - bad)) "$bad"
else
	count 0 1
fi
rm -f "$ctest_log"

log "pg_regress in a throw-away cluster"
cluster=$(mktemp -d /tmp/vecsearch-test.XXXXXX)
trap 'stop_cluster "$cluster"; rm -rf "$cluster"' EXIT
if ! start_cluster "$cluster" "$TEST_PORT"; then
	cat "$cluster/server.log" >&2
	count 0 1
else
	export PGHOST=$cluster PGPORT=$TEST_PORT PGUSER=postgres
	cpu=$(psql -X -Atc "CREATE EXTENSION IF NOT EXISTS vecsearch; SELECT vecsearch_simd_info()" postgres |
		sed -nE 's/^cpu=([a-z0-9]+).*/\1/p')
	levels=(scalar)
	[ "$cpu" = avx2 ] && levels+=(avx2)
	[ "$cpu" = avx512 ] && levels+=(avx2 avx512)
	for level in "${levels[@]}"; do
		log "pg_regress at vecsearch.max_simd_level = $level"
		out=$(PGOPTIONS="-c vecsearch.max_simd_level=$level" make -C "$VS_ROOT" -s installcheck TAP_TESTS= PG_CONFIG="$PG_CONFIG" 2>&1)
		echo "$out" | grep -E '^(test |ok |not ok | *[0-9]+ of| All)' || true
		if grep -qE 'All [0-9]+ tests passed' <<<"$out"; then
			count "$(sed -nE 's/.*All ([0-9]+) tests passed.*/\1/p' <<<"$out")" 0
		elif grep -qE '[0-9]+ of [0-9]+ tests failed' <<<"$out"; then
			bad=$(sed -nE 's/.* ([0-9]+) of ([0-9]+) tests failed.*/\1/p' <<<"$out")
			total=$(sed -nE 's/.* ([0-9]+) of ([0-9]+) tests failed.*/\2/p' <<<"$out")
			count $((total - bad)) "$bad"
			cat "$VS_ROOT/regression.diffs" >&2
		else
			echo "$out" >&2
			count 0 1
		fi
	done
fi

log "benchmark client smoke test (test/bench/client/smoke.sh)"
if (cd "$VS_ROOT" && BENCH="$BUILD_DIR/vecsearch-bench" bash test/bench/client/smoke.sh); then
	count 1 0
else
	count 0 1
fi

log "client library test: pgvector's npm packages against vecsearch (test/client/run.sh)"
client_out=$(bash "$VS_ROOT/test/client/run.sh" 2>&1)
grep -E '^(ok|not ok) |^# (pass|fail) ' <<<"$client_out" || true
client_passed=$(sed -nE 's/^# pass ([0-9]+)$/\1/p' <<<"$client_out")
client_failed=$(sed -nE 's/^# fail ([0-9]+)$/\1/p' <<<"$client_out")
if [ -n "$client_passed" ] && [ -n "$client_failed" ]; then
	count "$client_passed" "$client_failed"
	[ "$client_failed" -eq 0 ] || echo "$client_out" >&2
else
	echo "$client_out" >&2
	count 0 1
fi

log "TAP tests (prove, as the postgres user)"
# TAP clusters refuse to run as root, and the postgres user may not be able to read this checkout (say, under
# /root): give it a private copy of the tests, their fixtures, the loader and the data sets.
tap=$(mktemp -d /tmp/vecsearch-tap.XXXXXX)
trap 'stop_cluster "$cluster"; rm -rf "$cluster" "$tap"' EXIT
mkdir -p "$tap/t" "$tap/bin"
cp "$VS_ROOT"/test/t/*.pl "$VS_ROOT"/test/t/*.pm "$tap/t/"
cp -r "$VS_ROOT"/test/t/fixtures "$tap/t/"
cp "$BUILD_DIR/vecsearch-fvecs-to-copy" "$tap/bin/"
datasets=$VS_ROOT/../shared/datasets
if [ -d "$datasets" ]; then
	cp -r "$datasets" "$tap/datasets"
fi
chown -R postgres: "$tap"
prove_out=$(cd "$tap" && runuser -u postgres -- env TESTDIR="$tap" PATH="$PG_BINDIR:$PATH" \
	PG_REGRESS="$(dirname "$("$PG_CONFIG" --pgxs)")/../test/regress/pg_regress" \
	VECSEARCH_BUILD_DIR="$tap/bin" VECSEARCH_DATASETS_DIR="$tap/datasets" \
	prove -I "$(dirname "$("$PG_CONFIG" --pgxs)")/../../src/test/perl" -I "$tap/t" t/*.pl 2>&1)
echo "$prove_out" | grep -vE '^\s*$'
tap_total=$(sed -nE 's/^Files=[0-9]+, Tests=([0-9]+),.*/\1/p' <<<"$prove_out")
tap_failed=$(grep -oE 'Failed [0-9]+/[0-9]+ subtests' <<<"$prove_out" | awk '{split($2, a, "/"); s += a[1]} END {print s + 0}')
tap_dubious=$(grep -cE 'Dubious|No subtests run|Bad plan' <<<"$prove_out")
count $((${tap_total:-0} - tap_failed)) $((tap_failed + tap_dubious))
if ! grep -q 'Result: PASS' <<<"$prove_out"; then
	[ $((tap_failed + tap_dubious)) -gt 0 ] || count 0 1
	find "$tap" -name '*.log' -path '*tmp_check*' -newer "$tap/t" -size -2M -exec tail -n 30 {} + >&2 2>/dev/null || true
fi
grep -E '^t/.*skipped' <<<"$prove_out" | sed 's/^/SKIPPED: /' || true

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
