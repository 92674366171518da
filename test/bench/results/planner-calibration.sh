#!/bin/bash
# Issue 10 item 14: which plan the planner picks for nearest-neighbour queries over table sizes and dims, and
# which one is faster (planner_calibration.py says how). Runs on the benchmark cluster (bench-cluster.sh).
# Usage: planner-calibration.sh [EXTENSION...]   (default: vecsearch vector; GRID=small for a quick look,
#        KEEP=1 to only measure the tables there are, e.g. after changing the cost model)
set -euo pipefail
. "$(dirname "$0")/bench-cluster.sh"
for ext in ${*:-vecsearch vector}; do
	EXT=$ext python3 "$(dirname "$0")/planner_calibration.py" -h $dir -p $port -U postgres
done
