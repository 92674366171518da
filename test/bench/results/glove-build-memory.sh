#!/bin/bash
# Issue 10, item 5: peak private memory (RssAnon of the building backend, sampled every 50 ms, minus its level
# just before CREATE INDEX) and time of a serial build of glove-100 (200k, cosine) with too little
# maintenance_work_mem for the graph, vecsearch and pgvector side by side in one cluster.
# Usage: [EXTENSIONS="vecsearch vector"] [MWM=64MB] glove-build-memory.sh ROUNDS   (needs
# build/vecsearch-fvecs-to-copy and pgvector installed as "vector")
set -euo pipefail
rounds=${1:-1}
mwm=${MWM:-64MB}
. "$(dirname "$0")/bench-cluster.sh"
copy=$(glove_copy)
for round in $(seq 1 "$rounds"); do
	for ext in ${EXTENSIONS:-vecsearch vector}; do
		db=hbm_$ext
		q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
		q -d $db -c "CREATE EXTENSION $ext" -c "CREATE TABLE items (id bigint PRIMARY KEY, v vector(100))" \
			-c "COPY items FROM '$copy'" -c "VACUUM ANALYZE items" -c "CHECKPOINT"
		sampled_sql $db $dir/build.out <<SQL
SET maintenance_work_mem = '$mwm';
SET max_parallel_maintenance_workers = 0;
CREATE INDEX items_v ON items USING hnsw (v vector_cosine_ops);
SQL
		notice=$(grep -oP 'after \K[0-9]+(?= tuples)' $dir/build.out || echo none)
		echo "round $round $ext mwm=$mwm build_ms=$ms peak_private_kb=$((peak_kb - base_kb)) base_kb=$base_kb in_memory_tuples=$notice"
	done
done
