#!/bin/bash
# glove-100-cosine after the scan changes of 2026-11-23 (commit 1f3f515): both tables loaded afresh and
# indexed (m 16, ef_construction 64, 1 parallel worker, 1GB maintenance_work_mem), then 3 alternating
# rounds, indexes prewarmed, clients 1/2/4/8, ef_search to 1000, 5 s per point.
out=$(cd "$(dirname "$0")" && pwd)
cd "$(dirname "$0")/../../../.."  # the repository root
common=(--dataset ../shared/datasets/glove-100-cosine --metric cosine --table glove)
for sys in vecsearch vector; do
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
      "${common[@]}" --ef-search 10,20,40,80,160,320,640,1000 --clients 1,2,4,8 --duration 5 \
      --out "$out/glove-$sys-r$round" > "$out/glove-$sys-r$round.log" 2>&1
    echo "round $round $sys done $(date +%T)"
  done
done
