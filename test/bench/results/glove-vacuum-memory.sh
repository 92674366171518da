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
root=$(cd "$(dirname "$0")/../../.." && pwd)
dir=/var/tmp/hbv; port=55481
bin=/usr/lib/postgresql/15/bin
run() { runuser -u postgres -- "$@"; }
if [ ! -f $dir/data/PG_VERSION ]; then
	mkdir -p $dir && chown postgres $dir
	run $bin/initdb -D $dir/data -A trust -U postgres >/dev/null
fi
run $bin/pg_ctl -D $dir/data -l $dir/log -o "-p $port -k $dir -c listen_addresses='' -c shared_buffers=2GB -c max_wal_size=8GB -c autovacuum=off" -w start >/dev/null
trap 'run $bin/pg_ctl -D $dir/data -m fast -w stop >/dev/null' EXIT
q() { psql -X -h $dir -p $port -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
copy=$dir/glove.copy
[ -f $copy ] || "$root/build/vecsearch-fvecs-to-copy" "$root/../shared/datasets/glove-100-cosine/base.fvecs" > $copy
chmod 644 $copy
for round in $(seq 1 "$rounds"); do
	for ext in ${EXTENSIONS:-vecsearch vector}; do
		db=hbv_$ext
		q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
		q -d $db -c "CREATE EXTENSION $ext" -c "CREATE TABLE items (id bigint PRIMARY KEY, v vector(100))" \
			-c "COPY items FROM '$copy'" -c "SET maintenance_work_mem = '1GB'" \
			-c "CREATE INDEX items_v ON items USING hnsw (v vector_cosine_ops)" \
			-c "DELETE FROM items WHERE hashint8(id) % 10 = 0" -c "CHECKPOINT"
		pidfile=$(mktemp)
		(q -d $db <<SQL
\o $pidfile
SELECT pg_backend_pid();
\o
SELECT pg_sleep(1);
SET maintenance_work_mem = '64MB';
\timing on
VACUUM (PARALLEL 0) items;
SQL
) > $dir/vacuum.out 2>&1 &
		psql_pid=$!
		while [ ! -s $pidfile ]; do sleep 0.05; done
		pid=$(cat $pidfile)
		base=$(awk '/^RssAnon/ {print $2}' /proc/$pid/status)
		peak=$base
		while kill -0 $psql_pid 2>/dev/null; do
			now=$(awk '/^RssAnon/ {print $2}' /proc/$pid/status 2>/dev/null || echo 0)
			[ "${now:-0}" -gt "$peak" ] && peak=$now
			sleep 0.05
		done
		ms=$(grep -oP 'Time: \K[0-9.]+' $dir/vacuum.out | tail -1)
		echo "round $round $ext vacuum_ms=$ms peak_private_kb=$((peak - base)) base_kb=$base"
		rm -f $pidfile
	done
done
