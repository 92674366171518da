#!/bin/bash
# glove-100-cosine after issue 10's third session (insert, vacuum and planner changes; the scan path did not
# change): both tables loaded afresh and indexed (m 16, ef_construction 64, 1 parallel worker, 1GB
# maintenance_work_mem), then 3 alternating rounds, index and table prewarmed, clients 1 and 4, ef_search to
# 1000, 5 s per point. Cluster: /var/tmp/hb on port 55480 (shared_buffers 2GB), databases hb_vs (vecsearch)
# and hb_pgv (pgvector 0.8.6 as "vector", default flags), pg_prewarm in both; started and stopped here.
# ROUNDS_ONLY=1 PREFIX=plain run.sh: the query rounds again on the same indexes, outputs plain-*-rN (run so
# with pgvector rebuilt by `make OPTFLAGS=""` in the fetched copy and installed in place of the default build).
set -e
prefix=${PREFIX:-glove}
out=$(cd "$(dirname "$0")" && pwd)
cd "$(dirname "$0")/../../../.."  # the repository root
bin=/usr/lib/postgresql/15/bin
runuser -u postgres -- $bin/pg_ctl -D /var/tmp/hb/data -l /var/tmp/hb/log -o "-p 55480 -k /var/tmp/hb -c listen_addresses='' -c shared_buffers=2GB" -w start >/dev/null
trap 'runuser -u postgres -- $bin/pg_ctl -D /var/tmp/hb/data -m fast -w stop >/dev/null' EXIT
common=(--dataset ../shared/datasets/glove-100-cosine --metric cosine --table glove)
for sys in vecsearch vector; do
  [ -n "${ROUNDS_ONLY:-}" ] && break
  db=hb_vs; [ $sys = vector ] && db=hb_pgv
  dsn="host=/var/tmp/hb port=55480 user=postgres dbname=$db"
  psql -h /var/tmp/hb -p 55480 -U postgres -d $db -qc "DROP TABLE IF EXISTS glove CASCADE" >/dev/null
  build/vecsearch-bench load --dsn "$dsn" --extension $sys "${common[@]}" --out "$out/load-$sys" > "$out/load-$sys.log" 2>&1
  build/vecsearch-bench build --dsn "$dsn" --extension $sys "${common[@]}" --maintenance-work-mem 1GB \
    --parallel-workers 1 --out "$out/build-$sys" > "$out/build-$sys.log" 2>&1
  echo "$sys loaded and built $(date +%T)"
done
for round in 1 2 3; do
  for sys in vecsearch vector; do
    db=hb_vs; [ $sys = vector ] && db=hb_pgv
    psql -h /var/tmp/hb -p 55480 -U postgres -d $db -Atqc "SELECT pg_prewarm('glove_v_hnsw_idx'), pg_prewarm('glove')" >/dev/null
    build/vecsearch-bench query --dsn "host=/var/tmp/hb port=55480 user=postgres dbname=$db" --extension $sys \
      "${common[@]}" --ef-search 10,20,40,80,160,320,640,1000 --clients 1,4 --duration 5 \
      --out "$out/$prefix-$sys-r$round" > "$out/$prefix-$sys-r$round.log" 2>&1
    echo "round $round $sys done $(date +%T)"
  done
done
