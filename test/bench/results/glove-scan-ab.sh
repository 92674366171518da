#!/bin/bash
# A/B of plain index scans between two builds of vecsearch.so: glove-100 top-10 cosine queries at the default
# ef_search, pgbench 1 client, 20 s per run, alternating twice, on the glove index glove-vacuum-memory.sh leaves in
# database hbv_vecsearch. Usage: glove-scan-ab.sh OLD.so NEW.so  (e.g. a `git worktree` build of the old commit)
set -e
old_so=${1:?old vecsearch.so}
new_so=${2:?new vecsearch.so}
dir=/var/tmp/hbv; port=55481; bin=/usr/lib/postgresql/15/bin
runuser -u postgres -- $bin/pg_ctl -D $dir/data -l $dir/log -o "-p $port -k $dir -c listen_addresses='' -c shared_buffers=2GB" -w start >/dev/null
Q="psql -X -h $dir -p $port -U postgres -d hbv_vecsearch -qAt"
$Q -c "DROP TABLE IF EXISTS q; CREATE TABLE q AS SELECT row_number() OVER () AS n, v FROM items WHERE id % 200 = 7"
cat > /tmp/knn.sql <<'SQL'
\set n random(1, 900)
SELECT id FROM items ORDER BY v <=> (SELECT v FROM q WHERE n = :n) LIMIT 10;
SQL
$Q -c "SELECT pg_prewarm('items_v')" 2>/dev/null || $Q -c "CREATE EXTENSION IF NOT EXISTS pg_prewarm; SELECT pg_prewarm('items_v')"
run() {
	local which=$1
	if [ $which = old ]; then cp "$old_so" /usr/lib/postgresql/15/lib/vecsearch.so; else cp "$new_so" /usr/lib/postgresql/15/lib/vecsearch.so; fi
	tps=$(runuser -u postgres -- $bin/pgbench -n -h $dir -p $port -U postgres -T 20 -c 1 -f /tmp/knn.sql hbv_vecsearch 2>/dev/null | grep -oP 'tps = \K[0-9.]+' | head -1)
	echo "$which $tps"
}
for r in 1 2; do run old; run new; done
cp "$new_so" /usr/lib/postgresql/15/lib/vecsearch.so
runuser -u postgres -- $bin/pg_ctl -D $dir/data -m fast -w stop >/dev/null
