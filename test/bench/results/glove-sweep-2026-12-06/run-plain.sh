#!/bin/bash
# The query rounds of run.sh again, on the same two indexes, with pgvector rebuilt as distributions ship it
# (`make OPTFLAGS=""` in the fetched copy, no -march=native) and installed in place of the default build before
# this script; outputs plain-{vecsearch,vector}-rN. Restore pgvector's default build afterwards.
set -e
out=$(cd "$(dirname "$0")" && pwd)
cd "$(dirname "$0")/../../../.."  # the repository root
bin=/usr/lib/postgresql/15/bin
runuser -u postgres -- $bin/pg_ctl -D /var/tmp/hb/data -l /var/tmp/hb/log -o "-p 55480 -k /var/tmp/hb -c listen_addresses='' -c shared_buffers=2GB" -w start >/dev/null
trap 'runuser -u postgres -- $bin/pg_ctl -D /var/tmp/hb/data -m fast -w stop >/dev/null' EXIT
common=(--dataset ../shared/datasets/glove-100-cosine --metric cosine --table glove)
for round in 1 2 3; do
  for sys in vecsearch vector; do
    db=hb_vs; [ $sys = vector ] && db=hb_pgv
    psql -h /var/tmp/hb -p 55480 -U postgres -d $db -Atqc "SELECT pg_prewarm('glove_v_hnsw_idx'), pg_prewarm('glove')" >/dev/null
    build/vecsearch-bench query --dsn "host=/var/tmp/hb port=55480 user=postgres dbname=$db" --extension $sys \
      "${common[@]}" --ef-search 10,20,40,80,160,320,640,1000 --clients 1,4 --duration 5 \
      --out "$out/plain-$sys-r$round" > "$out/plain-$sys-r$round.log" 2>&1
    echo "round $round $sys done $(date +%T)"
  done
done
