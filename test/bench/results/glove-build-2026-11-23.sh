#!/bin/bash
# alternating build timings: glove, workers 0 and 1, 3 rounds
cd "$(dirname "$0")/../../.."  # the repository root
for round in 1 2 3; do
 for w in 1 0; do
  for sys in vecsearch vector; do
   db=hb_vs; [ $sys = vector ] && db=hb_pgv
   out=$(build/vecsearch-bench build --dsn "host=/var/tmp/hb port=55480 user=postgres dbname=$db" --extension $sys \
     --dataset ../shared/datasets/glove-100-cosine --metric cosine --table glove --m 16 --ef-construction 64 \
     --maintenance-work-mem 2GB --parallel-workers $w --out /tmp/bb-$sys-$w-$round 2>&1 | tail -1)
   echo "round=$round workers=$w sys=$sys $out"
  done
 done
done
