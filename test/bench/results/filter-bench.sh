#!/bin/bash
# Filtered search (issue 12), vecsearch against pgvector side by side: the benchmark client loads a data set
# with its filter columns (cat uniform over 0..999, anti the decile of a row's projection on the first principal
# direction), builds each system's indexes, then runs 3 alternating rounds of the filtered phase at the
# default hnsw.ef_search (40), 1 client, 5 s a point, plans chosen by each planner for the query's values
# (plan_cache_mode = force_custom_plan, as literal queries get them):
#   vecsearch           hnsw (v, cat, anti) + btree(cat) + btree(anti), defaults
#   vecsearch-plain     a copy of the table with hnsw (v) + btrees: vecsearch's best plan without filter columns,
#                       defaults (the planner picks the exact plan over a btree, or the index with a filter)
#   vecsearch-iterative the same copy with hnsw.iterative_scan = relaxed_order
#   vecsearch-exact     the same copy with enable_indexscan = off: the exact top-k over the rows a bitmap scan of
#                       the btree finds (or a sequential scan), whatever the selectivity
#   pgvector-relaxed    hnsw (v) + btrees, hnsw.iterative_scan = relaxed_order
#   pgvector-strict     the same with strict_order
# Filters: none, in:500 (50 %), in:100 (10 %), in:10 (1 %), in:1 (0.1 %), anti (10 %, rows far from the query).
# Usage: filter-bench.sh OUTDIR DATASET TABLE [queries|exact]   (DATASET as the client's --dataset; `queries`
# skips loading and building, `exact` runs only the vecsearch-exact rounds; ROUNDS="3" and ONLY="label ..." pick
# rounds and configurations). The cluster of bench-cluster.sh; pgvector installed as extension "vector".
set -euo pipefail
out=$(mkdir -p "$1" && cd "$1" && pwd)
dataset=$2
table=$3
here=$(cd "$(dirname "$0")" && pwd)
source "$here/bench-cluster.sh"
cd "$here/../../.." # the repository root
dsn() { echo "host=$dir port=$port user=postgres dbname=$1"; }
common=(--dataset "$dataset" --queries 200)
build_common=(--maintenance-work-mem 4GB --parallel-workers 1 --btree-columns cat,anti)

if [ "${4:-}" != queries ] && [ "${4:-}" != exact ]; then
	for sys in vecsearch vector; do
		db=fb_$sys
		q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
		q -d $db -c "CREATE EXTENSION pg_prewarm"
		build/vecsearch-bench load --dsn "$(dsn $db)" --extension $sys "${common[@]}" --table $table --filter-columns \
			--out "$out/load-$sys" > "$out/load-$sys.log" 2>&1
		extra=()
		[ $sys = vecsearch ] && extra=(--index-columns cat,anti)
		build/vecsearch-bench build --dsn "$(dsn $db)" --extension $sys --dataset "$dataset" --table $table \
			"${build_common[@]}" "${extra[@]}" --out "$out/build-$sys" > "$out/build-$sys.log" 2>&1
		grep -E "build|index" "$out/build-$sys.md" | head -5 | sed "s/^/$sys: /" | tee -a "$out/builds.txt" || true
	done
	# vecsearch without filter columns, on a copy of the same rows.
	q -d fb_vecsearch -c "DROP TABLE IF EXISTS ${table}_plain" -c "CREATE TABLE ${table}_plain AS SELECT * FROM $table" \
		-c "ALTER TABLE ${table}_plain ADD PRIMARY KEY (id)" -c "VACUUM ANALYZE ${table}_plain"
	build/vecsearch-bench build --dsn "$(dsn fb_vecsearch)" --extension vecsearch --dataset "$dataset" \
		--table ${table}_plain "${build_common[@]}" --out "$out/build-vecsearch-plain" > "$out/build-vecsearch-plain.log" 2>&1
	grep -E "build|index" "$out/build-vecsearch-plain.md" | head -5 | sed "s/^/vecsearch-plain: /" | tee -a "$out/builds.txt" || true
	for db in fb_vecsearch fb_vector; do
		q -d $db -c "SELECT c.relname, pg_size_pretty(pg_relation_size(c.oid)) FROM pg_class c
		             WHERE c.relname LIKE '${table}%idx' OR c.relname LIKE '${table}%btree'" | sed "s/^/$db: /" | tee -a "$out/builds.txt"
	done
fi

bench_run() { # label db extension table settings...   (ONLY="label ...": just those)
	local label=$1 db=$2 sys=$3 tbl=$4
	shift 4
	[ -z "${ONLY:-}" ] || [[ " $ONLY " == *" $label "* ]] || return 0
	q -d $db -c "SELECT pg_prewarm(c.oid) FROM pg_class c WHERE c.relname LIKE '${tbl}%' AND c.relkind IN ('r', 'i')" >/dev/null
	build/vecsearch-bench filtered --dsn "$(dsn $db)" --extension $sys "${common[@]}" --table $tbl \
		--ef-search 40 --clients 1 --duration 5 --warmup 50 --set plan_cache_mode=force_custom_plan "$@" \
		--label $label --out "$out/$label-r$round" > "$out/$label-r$round.log" 2>&1
	echo "round $round $label done $(date +%T)"
}
if [ "${4:-}" = exact ]; then
	for round in 1 2 3; do
		bench_run vecsearch-exact fb_vecsearch vecsearch ${table}_plain --set enable_indexscan=off
	done
	exit 0
fi
for round in ${ROUNDS:-1 2 3}; do
	bench_run vecsearch fb_vecsearch vecsearch $table
	bench_run pgvector-relaxed fb_vector vector $table --set hnsw.iterative_scan=relaxed_order
	bench_run vecsearch-plain fb_vecsearch vecsearch ${table}_plain
	bench_run pgvector-strict fb_vector vector $table --set hnsw.iterative_scan=strict_order
	bench_run vecsearch-iterative fb_vecsearch vecsearch ${table}_plain --set hnsw.iterative_scan=relaxed_order
	[ "${SKIP_EXACT:-}" ] || bench_run vecsearch-exact fb_vecsearch vecsearch ${table}_plain --set enable_indexscan=off
done
