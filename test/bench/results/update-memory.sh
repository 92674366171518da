#!/bin/bash
# Issue 10, item 1: peak private memory (RssAnon of the backend, sampled every 50 ms, minus its level just before
# the statement) and time of a non-HOT UPDATE of every row of a table of out-of-line vectors, each row a new
# index entry whose vector the index detoasts; vecsearch and pgvector side by side in one cluster. 100,000 rows
# of random vector(768) (3 kB: TOAST), an hnsw index (default m and ef_construction; WITH="m = 4,
# ef_construction = 8" as TAP 009) and a btree on the updated column, which makes every UPDATE non-HOT.
# Usage: [EXTENSIONS="vecsearch vector"] [WITH=...] update-memory.sh ROUNDS   (pgvector installed as "vector")
set -euo pipefail
rounds=${1:-1}
. "$(dirname "$0")/bench-cluster.sh"
for round in $(seq 1 "$rounds"); do
	for ext in ${EXTENSIONS:-vecsearch vector}; do
		db=hbu_$ext
		q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
		q -d $db -c "CREATE EXTENSION $ext" -c "CREATE TABLE items (id int PRIMARY KEY, tag int, v vector(768))" \
			-c "INSERT INTO items SELECT i, 0, (SELECT array_agg(random()) FROM generate_series(1, 768) WHERE i > 0) FROM generate_series(1, 100000) i" \
			-c "SET maintenance_work_mem = '1GB'" \
			-c "CREATE INDEX items_v ON items USING hnsw (v vector_l2_ops) ${WITH:+WITH ($WITH)}" \
			-c "CREATE INDEX items_tag ON items (tag)" -c "VACUUM ANALYZE items" -c "CHECKPOINT"
		sampled_sql $db $dir/update.out <<SQL
UPDATE items SET tag = tag + 1;
SQL
		echo "round $round $ext ${WITH:-defaults} update_ms=$ms peak_private_kb=$((peak_kb - base_kb)) base_kb=$base_kb"
	done
done
