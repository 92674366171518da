#!/bin/bash
# Issue 10: recall after rows are inserted one by one (aminsert) against CREATE INDEX over the same rows,
# vecsearch and pgvector side by side in one cluster. 30,000 random 32-d vectors (setseed(0.5)), every 100th
# row as a query, recall@10 at the default hnsw.ef_search (40) against an exact scan; the INSERT is one
# statement into an empty index (default m, ef_construction).
# Usage: [EXTENSIONS="vecsearch vector"] insert-recall.sh ROUNDS   (pgvector installed as "vector")
set -euo pipefail
rounds=${1:-1}
. "$(dirname "$0")/bench-cluster.sh"
recall() { # table
	q -d "$db" -c "SET enable_seqscan = off" -c "SELECT round(avg(hits) / 10.0, 3) FROM (
		SELECT (SELECT count(*) FROM (SELECT id FROM $1 ORDER BY v <-> q.v LIMIT 10) a
		        WHERE id IN (SELECT id FROM r32 ORDER BY (v <-> q.v) + 0 LIMIT 10)) AS hits
		FROM r32q q) s"
}
for round in $(seq 1 "$rounds"); do
	for ext in ${EXTENSIONS:-vecsearch vector}; do
		db=hir_$ext
		q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
		q -d $db -c "CREATE EXTENSION $ext" -c "CREATE TABLE r32 (id int, v vector(32))" -c "SELECT setseed(0.5)" \
			-c "INSERT INTO r32 SELECT i, (SELECT array_agg(random()) FROM generate_series(1, 32) WHERE i > 0) FROM generate_series(1, 30000) i" \
			-c "CREATE TABLE r32q AS SELECT id, v FROM r32 WHERE id % 100 = 0" \
			-c "CREATE TABLE r32t (id int, v vector(32))" -c "CREATE INDEX ON r32t USING hnsw (v vector_l2_ops)" \
			-c "CREATE INDEX r32_idx ON r32 USING hnsw (v vector_l2_ops)" -c "CHECKPOINT" >/dev/null
		start=$(date +%s.%N)
		q -d $db -c "INSERT INTO r32t SELECT * FROM r32"
		seconds=$(echo "$(date +%s.%N) - $start" | bc)
		echo "round $round $ext build_recall=$(recall r32) insert_recall=$(recall r32t) insert_s=$seconds"
	done
done
