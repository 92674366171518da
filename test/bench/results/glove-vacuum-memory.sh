#!/bin/bash
# Issue 10, item 2: peak private memory (RssAnon of the vacuuming backend, sampled every 50 ms, minus its level
# just before VACUUM) and time of a VACUUM after deleting a tenth of glove-100 (200k) at random, vecsearch and
# pgvector side by side in one cluster, maintenance_work_mem = 64MB for the VACUUM (1GB for the builds).
# VACUUM (PARALLEL 0): with two indexes PostgreSQL would vacuum the hnsw index in a parallel worker, not in the
# backend whose memory is sampled.
# Usage: [EXTENSIONS="vecsearch vector"] glove-vacuum-memory.sh ROUNDS   (needs build/vecsearch-fvecs-to-copy and
# pgvector installed as "vector")
set -euo pipefail
rounds=${1:-1}
. "$(dirname "$0")/bench-cluster.sh"
copy=$(glove_copy)
for round in $(seq 1 "$rounds"); do
	for ext in ${EXTENSIONS:-vecsearch vector}; do
		db=hbv_$ext
		q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
		q -d $db -c "CREATE EXTENSION $ext" -c "CREATE TABLE items (id bigint PRIMARY KEY, v vector(100))" \
			-c "COPY items FROM '$copy'" -c "SET maintenance_work_mem = '1GB'" \
			-c "CREATE INDEX items_v ON items USING hnsw (v vector_cosine_ops)" \
			-c "DELETE FROM items WHERE hashint8(id) % 10 = 0" -c "CHECKPOINT"
		sampled_sql $db $dir/vacuum.out <<SQL
SET maintenance_work_mem = '64MB';
VACUUM (PARALLEL 0) items;
SQL
		echo "round $round $ext vacuum_ms=$ms peak_private_kb=$((peak_kb - base_kb)) base_kb=$base_kb"
	done
done
