#!/bin/bash
# Issue 5's insert set: single-row INSERTs into a 100k x 128 (L2) hnsw index, vecsearch vs pgvector in one
# cluster. Each round and system loads the table afresh (the insert phase always inserts the same rows, which
# would be duplicates the second time), times the build, then inserts ROWS rows with 1 client and ROWS more
# with 2. Results go to OUTDIR; summarise with insert_medians.py OUTDIR.
# Usage: syn128-insert.sh OUTDIR ROUNDS ROWS   (bench cluster on /var/tmp/hb:55480, databases hb_vs, hb_pgv)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bench=${BENCH:-$here/../../../build/vecsearch-bench}
out=$1 rounds=$2 rows=$3
mkdir -p "$out"
common=(--dataset synthetic:100000x128 --metric l2 --table syn128 --m 16 --ef-construction 64)
for round in $(seq 1 "$rounds"); do
	for ext in vecsearch vector; do
		db=$([ $ext = vecsearch ] && echo hb_vs || echo hb_pgv)
		dsn="host=/var/tmp/hb port=55480 user=postgres dbname=$db"
		"$bench" load --dsn "$dsn" --extension $ext "${common[@]}" --out "$out/load-$ext" >/dev/null 2>&1
		"$bench" build --dsn "$dsn" --extension $ext "${common[@]}" --maintenance-work-mem 1GB \
			--parallel-workers 1 --out "$out/build-$ext-round$round" 2>/dev/null | grep -E '^\|' | tail -1
		psql -h /var/tmp/hb -p 55480 -U postgres -d $db -qAtc "CHECKPOINT" -c "SELECT pg_prewarm('syn128_v_hnsw_idx')" >/dev/null
		"$bench" insert --dsn "$dsn" --extension $ext "${common[@]}" --clients 1,2 --insert-rows "$rows" \
			--out "$out/insert-$ext-round$round" 2>/dev/null | grep -E '^\| *[0-9]' || true
	done
done
