#!/bin/bash
# Row-by-row index inserts on hard high-dimensional data, vecsearch and pgvector side by side in one cluster:
# 100,000 random vector(768) rows (setseed(0.25), the same rows for both), an hnsw index (default m and
# ef_construction, or WITH=...), then per round: a non-HOT UPDATE of 1,000 rows (each a new index entry of an
# already indexed vector) and an INSERT of 1,000 new random rows (each a full insert). Timed by the server
# (psql \timing) after a CHECKPOINT, with table and index prewarmed, the systems alternating within a round. The tables are loaded and indexed once (SKIP_LOAD=1
# reuses them), so later rounds insert into a slightly larger index.
# Usage: [EXTENSIONS="vecsearch vector"] [WITH=...] [SKIP_LOAD=1] insert-speed.sh ROUNDS   (pgvector as "vector")
set -euo pipefail
rounds=${1:-1}
. "$(dirname "$0")/bench-cluster.sh"
exts=${EXTENSIONS:-vecsearch vector}
if [ -z "${SKIP_LOAD:-}" ]; then
	for ext in $exts; do
		db=hin_$ext
		q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
		start=$(date +%s.%N)
		q -d $db -c "CREATE EXTENSION $ext" -c "CREATE TABLE items (id int PRIMARY KEY, tag int, v vector(768))" \
			-c "SELECT setseed(0.25)" \
			-c "INSERT INTO items SELECT i, 0, (SELECT array_agg(random()) FROM generate_series(1, 768) WHERE i > 0) FROM generate_series(1, 100000) i" \
			-c "SET maintenance_work_mem = '1GB'" \
			-c "CREATE INDEX items_v ON items USING hnsw (v vector_l2_ops) ${WITH:+WITH ($WITH)}" \
			-c "CREATE INDEX items_tag ON items (tag)" -c "VACUUM ANALYZE items" -c "CHECKPOINT"
		echo "load $ext ${WITH:-defaults} $(echo "$(date +%s.%N) - $start" | bc) s"
	done
fi
timed() { # DB SQL: prints the server-side time of SQL in ms
	q -d "$1" -c '\timing on' -c "$2" | grep -oP 'Time: \K[0-9.]+' | tail -1
}
for round in $(seq 1 "$rounds"); do
	for ext in $exts; do
		db=hin_$ext
		# Rounds of earlier runs (SKIP_LOAD) left their rows: go on after them.
		step=$(( $(q -d $db -c "SELECT count(*) FROM items WHERE id > 100000") / 1000 + 1 ))
		first=$(( (step - 1) * 1000 + 1 )) last=$(( step * 1000 ))
		q -d $db -c "CREATE EXTENSION IF NOT EXISTS pg_prewarm" -c "SELECT pg_prewarm('items')" \
			-c "SELECT pg_prewarm('items_v')" -c "CHECKPOINT" >/dev/null
		update_ms=$(timed $db "UPDATE items SET tag = tag + 1 WHERE id BETWEEN $first AND $last")
		insert_ms=$(timed $db "INSERT INTO items SELECT 1000000 * $step + i, 0, (SELECT array_agg(random()) FROM generate_series(1, 768) WHERE i > 0) FROM generate_series(1, 1000) i")
		echo "round $round $ext ${WITH:-defaults} update_1000_ms=$update_ms insert_1000_ms=$insert_ms"
	done
done
