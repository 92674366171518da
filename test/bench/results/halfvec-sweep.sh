#!/bin/bash
# halfvec HNSW, vecsearch against pgvector side by side (issue 11): synthetic 100k x 768 (the syn768 set of the
# vector sweeps, clustered Gaussian, seed 1) loaded as vector(768) by the benchmark client, copied into a
# halfvec(768) table, indexed with halfvec_cosine_ops (m 16, ef_construction 64, 1 parallel worker, 4GB
# maintenance_work_mem), then 3 alternating rounds of the client's ef_search sweep at 1 client, 5 s a point,
# table and index prewarmed. The client's query vector is a vector parameter, cast to halfvec by the operator's
# implicit cast; recall is against exact float32 cosine answers (what a user of the half-precision index sees).
# Usage: [TYPE=vector] halfvec-sweep.sh OUTDIR [queries]   (the cluster of bench-cluster.sh; pgvector installed
# as extension "vector"; `queries` skips loading and building, for another set of rounds over the same indexes;
# TYPE=vector runs the same over a vector(768) copy and vector_cosine_ops, for the float32 lead in the same run)
set -euo pipefail
out=$(mkdir -p "$1" && cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
source "$here/bench-cluster.sh"
cd "$here/../../.."  # the repository root
common=(--dataset synthetic:100000x768 --metric cosine)
type=${TYPE:-halfvec}
table=syn768h
[ "$type" = vector ] && table=syn768v
for sys in vecsearch vector; do
	[ "${2:-}" = queries ] && break
	db=hh_$sys
	[ "$type" = halfvec ] && q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" &&
		q -d $db -c "CREATE EXTENSION pg_prewarm"
	q -d $db -c "DROP TABLE IF EXISTS syn768"
	build/vecsearch-bench load --dsn "host=$dir port=$port user=postgres dbname=$db" --extension $sys \
		"${common[@]}" --table syn768 --out "$out/load-$sys" > "$out/load-$sys.log" 2>&1
	q -d $db -c "CREATE TABLE $table AS SELECT id, v::$type(768) AS v FROM syn768" \
		-c "ALTER TABLE $table ADD PRIMARY KEY (id)" -c "DROP TABLE syn768" -c "VACUUM ANALYZE $table"
	start=$(date +%s.%N)
	q -d $db -c "SET maintenance_work_mem = '4GB'" -c "SET max_parallel_maintenance_workers = 1" \
		-c "CREATE INDEX ${table}_v_idx ON $table USING hnsw (v ${type}_cosine_ops)"
	echo "$type $sys build_s $(echo "$(date +%s.%N) - $start" | bc) index_mb $(q -d $db -c "SELECT pg_relation_size('${table}_v_idx') / 1048576")" | tee -a "$out/builds.txt"
done
for round in 1 2 3; do
	for sys in vecsearch vector; do
		db=hh_$sys
		q -d $db -c "SELECT pg_prewarm('${table}_v_idx'), pg_prewarm('$table'), pg_prewarm(reltoastrelid) FROM pg_class WHERE relname = '$table'" >/dev/null
		build/vecsearch-bench query --dsn "host=$dir port=$port user=postgres dbname=$db" --extension $sys \
			"${common[@]}" --table $table --ef-search 10,20,40,80,160,320 --clients 1 --duration 5 \
			--out "$out/$type-$sys-r$round" > "$out/$type-$sys-r$round.log" 2>&1
		echo "round $round $type $sys done $(date +%T)"
	done
done
