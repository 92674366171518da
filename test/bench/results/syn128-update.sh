#!/bin/bash
# Issue 5's UPDATE target: a non-HOT UPDATE (an indexed non-vector column changes) of 10k rows of the 100k x 128
# table that syn128-insert.sh leaves in both databases, timed alternately, VACUUM before each.
# Usage: syn128-update.sh ROUNDS   (bench cluster on /var/tmp/hb:55480, databases hb_vs, hb_pgv)
set -euo pipefail
rounds=${1:-3}
for db in hb_vs hb_pgv; do
	psql -h /var/tmp/hb -p 55480 -U postgres -d $db -qc "ALTER TABLE syn128 ADD COLUMN IF NOT EXISTS tag int DEFAULT 0" \
		-c "CREATE INDEX IF NOT EXISTS syn128_tag ON syn128 (tag)" >/dev/null
done
for round in $(seq 1 "$rounds"); do
	for db in hb_vs hb_pgv; do
		psql -h /var/tmp/hb -p 55480 -U postgres -d $db -qc "VACUUM syn128" -c "CHECKPOINT" >/dev/null
		ms=$(psql -h /var/tmp/hb -p 55480 -U postgres -d $db -qc '\timing on' \
			-c "UPDATE syn128 SET tag = tag + 1 WHERE id < 10000" | grep -oP 'Time: \K[0-9.]+')
		echo "round $round $db $ms ms"
	done
done
