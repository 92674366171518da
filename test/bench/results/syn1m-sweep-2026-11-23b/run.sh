#!/bin/bash
# Synthetic 1M x 128 (L2) after the scan changes of 2026-11-23 (queries at commit a02c859), on the indexes the
# build runs of the section "HNSW index against issue 5's targets" made (m 16, ef_construction 64; the page
# format has not changed since): 3 alternating rounds with 1 client, index and table prewarmed, ef_search up
# to 640 (pgvector needs 480 for recall 0.90 here), 5 s per point.
out=$(cd "$(dirname "$0")" && pwd)
cd "$(dirname "$0")/../../../.."  # the repository root
for round in 1 2 3; do
  for sys in vecsearch vector; do
    db=hb_vs; [ $sys = vector ] && db=hb_pgv
    psql -h /var/tmp/hb -p 55480 -U postgres -d $db -Atqc "SELECT pg_prewarm('syn1m_v_hnsw_idx'), pg_prewarm('syn1m')" >/dev/null
    build/vecsearch-bench query --dsn "host=/var/tmp/hb port=55480 user=postgres dbname=$db" --extension $sys \
      --dataset synthetic:1000000x128 --metric l2 --table syn1m --ef-search 10,20,40,80,160,320,480,640 \
      --clients 1 --duration 5 --out "$out/syn1m-$sys-r$round" > "$out/syn1m-$sys-r$round.log" 2>&1
    echo "round $round $sys done $(date +%T)"
  done
done
