#!/usr/bin/env python3
"""Medians over the rounds of filter-bench.sh: one markdown table per filter, a row per configuration (label),
with the plan the planner chose, recall@10, rows returned, and the median QPS, p50 and p99 of the rounds.
Usage: filter_medians.py OUTDIR LABEL [LABEL ...]   (reads OUTDIR/LABEL-r*.json)"""
import glob
import json
import re
import statistics
import sys


def short_plan(plan):
    plan = re.sub(r"'[^']*'", "'...'", plan)
    if "Index Scan using" in plan and "hnsw" in plan:
        kind = "hnsw"
        if "Index Cond" in plan:
            kind += ", filter in the index"
        elif "Filter" in plan:
            kind += " + Filter"
        return kind
    if "Bitmap Heap Scan" in plan:
        return "exact: bitmap (btree) + sort"
    if "Seq Scan" in plan:
        return "exact: seq scan + sort"
    if "btree" in plan:
        return "exact: btree + sort"
    return plan[:40]


def main():
    out, labels = sys.argv[1], sys.argv[2:]
    runs = {}
    for label in labels:
        for path in sorted(glob.glob(f"{out}/{label}-r*.json")):
            for point in json.load(open(path))["filtered"]:
                runs.setdefault((point["filter"], label), []).append(point)
    filters = []
    for (name, _label) in runs:
        if name not in filters:
            filters.append(name)
    print("| filter | configuration | plan | recall@10 | rows mean / min | QPS | p50 ms | p99 ms | rounds |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|")
    for name in filters:
        for label in labels:
            points = runs.get((name, label))
            if not points:
                continue
            med = lambda key: statistics.median(p[key] for p in points)
            lat = lambda key: statistics.median(p["latency"][key] for p in points)
            plans = {short_plan(p["plan"]) for p in points}
            selectivity = points[0]["selectivity"] * 100
            print(f"| {name} ({selectivity:.3g} %) | {label} | {' / '.join(sorted(plans))} | {med('recall'):.3f} | "
                  f"{med('rows_returned_mean'):.2f} / {min(p['rows_returned_min'] for p in points)} | "
                  f"{med('qps'):.1f} | {lat('p50_ms'):.2f} | {lat('p99_ms'):.2f} | {len(points)} |")


if __name__ == "__main__":
    main()
