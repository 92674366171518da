#!/bin/bash
# Synthetic 1M x 128 (L2) index builds, 3 alternating rounds (m 16, ef_construction 64, maintenance_work_mem
# 4GB, 1 parallel worker for both systems), on the tables loaded for the section "HNSW index against issue 5's
# targets". Each build replaces the index the query runs use.
out=$(cd "$(dirname "$0")" && pwd)
cd "$(dirname "$0")/../../../.."  # the repository root
for round in 1 2 3; do
  for sys in vecsearch vector; do
    db=hb_vs; [ $sys = vector ] && db=hb_pgv
    psql -h /var/tmp/hb -p 55480 -U postgres -d $db -qc "CHECKPOINT" >/dev/null
    build/vecsearch-bench build --dsn "host=/var/tmp/hb port=55480 user=postgres dbname=$db" --extension $sys \
      --dataset synthetic:1000000x128 --metric l2 --table syn1m --m 16 --ef-construction 64 \
      --maintenance-work-mem 4GB --parallel-workers 1 --out "$out/build-$sys-r$round" 2>/dev/null | grep -E '^\| syn1m'
  done
done
