#!/bin/bash
# Issue 10, item 5: peak private memory (RssAnon of the building backend, sampled every 50 ms, minus its level
# just before CREATE INDEX) and time of a serial build of glove-100 (200k, cosine) with too little
# maintenance_work_mem for the graph, vecsearch and pgvector side by side in one cluster.
# Usage: [EXTENSIONS="vecsearch vector"] [MWM=64MB] glove-build-memory.sh ROUNDS   (needs
# build/vecsearch-fvecs-to-copy and pgvector installed as "vector")
set -euo pipefail
rounds=${1:-1}
mwm=${MWM:-64MB}
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
		db=hbm_$ext
		q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
		q -d $db -c "CREATE EXTENSION $ext" -c "CREATE TABLE items (id bigint PRIMARY KEY, v vector(100))" \
			-c "COPY items FROM '$copy'" -c "VACUUM ANALYZE items" -c "CHECKPOINT"
		pidfile=$(mktemp)
		(q -d $db <<SQL
\o $pidfile
SELECT pg_backend_pid();
\o
SELECT pg_sleep(1);
SET maintenance_work_mem = '$mwm';
SET max_parallel_maintenance_workers = 0;
\timing on
CREATE INDEX items_v ON items USING hnsw (v vector_cosine_ops);
SQL
) > $dir/build.out 2>&1 &
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
		ms=$(grep -oP 'Time: \K[0-9.]+' $dir/build.out | tail -1)
		notice=$(grep -oP 'after \K[0-9]+(?= tuples)' $dir/build.out || echo none)
		echo "round $round $ext mwm=$mwm build_ms=$ms peak_private_kb=$((peak - base)) base_kb=$base in_memory_tuples=$notice"
		rm -f $pidfile
	done
done
