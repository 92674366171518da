#!/usr/bin/env bash
# Smoke test of the benchmark client: runs vecsearch-bench end to end (load, build, query sweep with 1 and
# 2 clients, inserts, plot) on a tiny synthetic set in a scratch database it creates and drops, then checks
# that the JSON holds every result. Also checks that an error exits non-zero. No timing assertions.
#
# Usage: PGHOST=... PGPORT=... PGUSER=... bash test/bench/client/smoke.sh
# The cluster must have vecsearch installed; when pgvector (extension "vector") is available too, the same
# run is done against it in a second scratch database and both are plotted together.
# Environment: BENCH (the client binary) [<repo>/build/vecsearch-bench, built with CMake when missing],
#              BUILD_DIR [<repo>/build], KEEP=1 keeps the output folder.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
build_dir=${BUILD_DIR:-$repo/build}
bench=${BENCH:-$build_dir/vecsearch-bench}
if [ ! -x "$bench" ]; then
	cmake -S "$repo" -B "$build_dir" >/dev/null
	cmake --build "$build_dir" --target vecsearch-bench -j2 >/dev/null
fi

out=$(mktemp -d "${TMPDIR:-/tmp}/vecsearch-bench-smoke.XXXXXX")
databases=()
cleanup() {
	local status=$?
	for db in "${databases[@]}"; do
		psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
	done
	if [ "$status" -eq 0 ] && [ "${KEEP:-0}" != 1 ]; then
		rm -rf "$out"
	else
		echo "smoke: output kept in $out" >&2
	fi
}
trap cleanup EXIT

fail() {
	echo "smoke: FAIL: $*" >&2
	exit 1
}

# Runs the whole benchmark for one extension into database $2 and checks its JSON.
run_one() {
	local extension=$1 db=$2
	psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" \
		-c "CREATE DATABASE $db" >/dev/null
	databases+=("$db")
	"$bench" all --dsn "dbname=$db" --extension "$extension" --dataset synthetic:2000x16:20:1 --queries 50 \
		--ef-search 10,40 --clients 1,2 --insert-rows 200 --warmup 10 --set enable_seqscan=off \
		--out "$out/$extension" >"$out/$extension.stdout" 2>"$out/$extension.stderr" ||
		{ cat "$out/$extension.stderr" >&2; fail "vecsearch-bench all --extension $extension exited non-zero"; }
	# JSON::PP is in Perl's core, so the check needs nothing beyond what the TAP tests already use.
	perl -MJSON::PP -e '
		local $/; open(my $f, "<", $ARGV[0]) or die "cannot read $ARGV[0]\n";
		my $r = decode_json(<$f>);
		my @problems;
		push @problems, "no load result" unless $r->{load} && $r->{load}{rows} == 2000;
		push @problems, "no build result" unless $r->{build} && $r->{build}{index_bytes} > 0;
		my @q = @{$r->{queries} // []};
		push @problems, "expected 4 query runs, found " . scalar(@q) unless @q == 4;
		for my $run (@q) {
			push @problems, "query run without queries" unless $run->{queries} > 0 && $run->{qps} > 0;
			push @problems, "recall out of range: $run->{recall}" unless $run->{recall} >= 0 && $run->{recall} <= 1;
		}
		my @i = @{$r->{inserts} // []};
		push @problems, "expected 2 insert runs, found " . scalar(@i) unless @i == 2;
		push @problems, "insert run without rows" if grep { !($_->{rows} == 200 && $_->{rows_per_second} > 0) } @i;
		push @problems, "no server version" unless $r->{server}{version} && $r->{server}{extension_version};
		die join("\n", @problems) . "\n" if @problems;
	' "$out/$extension.json" || fail "$out/$extension.json lacks results"
	[ -s "$out/$extension.md" ] || fail "$out/$extension.md is missing"
	echo "ok vecsearch-bench all --extension $extension"
}

suffix=$$
run_one vecsearch "vecsearch_bench_smoke_vs_$suffix"
jsons=("$out/vecsearch.json")
# (pgvector itself: not vecsearch's opt-in alias under the same name, scripts/test.sh installs it where it can.)
if [ "$(psql -X -A -t -d postgres -c "SELECT count(*) FROM pg_available_extensions WHERE name = 'vector' AND comment NOT LIKE '%vecsearch%'")" = 1 ]; then
	run_one vector "vecsearch_bench_smoke_pgv_$suffix"
	jsons+=("$out/vector.json")
fi

# The plot script is always written; the PNG only where gnuplot is installed.
if "$bench" plot --out "$out/compare.png" "${jsons[@]}" 2>"$out/plot.stderr"; then
	[ -s "$out/compare.png" ] || fail "plot succeeded but $out/compare.png is missing"
elif command -v gnuplot >/dev/null; then
	cat "$out/plot.stderr" >&2
	fail "vecsearch-bench plot failed although gnuplot is installed"
fi
[ -s "$out/compare.gp" ] || fail "plot script $out/compare.gp is missing"
echo "ok vecsearch-bench plot"

# A SQL error (no such table) must end the run with a message and a non-zero status.
if "$bench" query --dsn "dbname=vecsearch_bench_smoke_vs_$suffix" --extension vecsearch --table no_such_table \
	--dataset synthetic:100x4 --out "$out/error" >/dev/null 2>"$out/error.stderr"; then
	fail "a query against a missing table exited 0"
fi
grep -q 'no_such_table' "$out/error.stderr" || fail "the error message does not name the failing SQL"
echo "ok vecsearch-bench fails cleanly on a SQL error"
