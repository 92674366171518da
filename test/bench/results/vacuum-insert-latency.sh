#!/bin/bash
# Issue 10, item 6: single-row INSERT latency while a VACUUM repairs the index, vecsearch and pgvector side by
# side in one cluster. 30,000 random 16-d rows, a tenth deleted, VACUUM (PARALLEL 0) slowed by cost delay
# (2 ms per 200 units); while it is at the index ('vacuuming indexes'), up to 200 single-row inserts, each with
# lock_timeout = 1s, one after another; reports how many ran, failed, and their p50 / p99 / max latency.
# Usage: [EXTENSIONS="vecsearch vector"] vacuum-insert-latency.sh ROUNDS   (pgvector installed as "vector")
set -euo pipefail
rounds=${1:-1}
. "$(dirname "$0")/bench-cluster.sh"
for round in $(seq 1 "$rounds"); do
	for ext in ${EXTENSIONS:-vecsearch vector}; do
		db=hvl_$ext
		q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
		q -d $db -c "CREATE EXTENSION $ext" -c "CREATE TABLE items (id bigserial PRIMARY KEY, v vector(16))" \
			-c "INSERT INTO items (v) SELECT (SELECT array_agg(random()) FROM generate_series(1, 16) WHERE i > 0) FROM generate_series(1, 30000) i" \
			-c "CREATE INDEX items_idx ON items USING hnsw (v vector_l2_ops)" -c "DELETE FROM items WHERE id % 10 = 0" \
			-c "CHECKPOINT"
		(q -d $db -c "SET vacuum_cost_delay = '2ms'" -c "SET vacuum_cost_limit = 200" -c "VACUUM (PARALLEL 0) items" >/dev/null 2>&1 &)
		until [ "$(q -d $db -c "SELECT count(*) FROM pg_stat_progress_vacuum WHERE phase = 'vacuuming indexes'")" = 1 ]; do
			sleep 0.01
		done
		latencies=$(mktemp); failed=0
		for i in $(seq 1 200); do
			[ "$(q -d $db -c "SELECT count(*) FROM pg_stat_progress_vacuum WHERE phase = 'vacuuming indexes'")" = 1 ] || break
			start=$(date +%s%N)
			q -d $db -c "SET lock_timeout = '1s'" \
				-c "INSERT INTO items (v) SELECT (SELECT array_agg(random()) FROM generate_series(1, 16))" >/dev/null 2>&1 \
				|| failed=$((failed + 1))
			echo $(( ($(date +%s%N) - start) / 1000 )) >> $latencies
		done
		while [ "$(q -d $db -c "SELECT count(*) FROM pg_stat_progress_vacuum")" != 0 ]; do sleep 0.1; done
		sort -n $latencies | awk -v ext=$ext -v round=$round -v failed=$failed '{ a[NR] = $1 } END {
			p50 = int((NR + 1) * 0.5); p99 = int(NR * 0.99); if (p99 < 1) p99 = 1
			printf "round %d %s inserts=%d failed=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f\n", round, ext, NR, failed,
				a[p50] / 1000, a[p99] / 1000, a[NR] / 1000 }'
		rm -f $latencies
	done
done
