#!/bin/bash
# glove-100-cosine: 3 alternating rounds, indexes prewarmed, clients 1/2/4/8, ef_search to 1000
out=$(cd "$(dirname "$0")" && pwd)
cd "$(dirname "$0")/../../../.."  # the repository root
for round in 1 2 3; do
  for sys in vecsearch vector; do
    db=hb_vs; [ $sys = vector ] && db=hb_pgv
    psql -h /var/tmp/hb -p 55480 -U postgres -d $db -Atqc "SELECT pg_prewarm('glove_v_hnsw_idx'), pg_prewarm('glove')" >/dev/null
    build/vecsearch-bench query --dsn "host=/var/tmp/hb port=55480 user=postgres dbname=$db" --extension $sys \
      --dataset ../shared/datasets/glove-100-cosine --metric cosine --table glove \
      --ef-search 10,20,40,80,160,320,640,1000 --clients 1,2,4,8 --duration 5 \
      --out "$out/glove-$sys-r$round" > "$out/glove-$sys-r$round.log" 2>&1
    echo "round $round $sys done $(date +%T)"
  done
done
