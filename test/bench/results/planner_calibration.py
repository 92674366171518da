#!/usr/bin/env python3
"""Issue 10 item 14: does the planner pick the faster plan for a nearest-neighbour query?

For every (dims, rows) of a grid it makes a table of random vectors (l2, default m and ef_construction, a btree
on a 1 %-selective column), then for each query shape it asks the planner which plan it picks (default
settings) and measures both candidates: the hnsw index scan and the planner's best plan without the hnsw index
(found by dropping that index inside a rolled-back transaction). Times are EXPLAIN (ANALYZE, TIMING OFF)
execution times, the median over QUERIES fresh random query vectors after one warm-up, jit off, the table
(TOAST included) and its hnsw index prewarmed into shared buffers first.

Usage: planner_calibration.py PSQL_ARGS... (environment: EXT=vecsearch|vector, GRID=full|small; KEEP=1 measures
the tables there are without making missing ones; tables of an earlier run are kept either way)
Prints one line per (dims, rows, shape): costs of both plans, their median times, the chosen plan and whether
it was the right one: the faster (within 10 %, or 0.05 ms), or the other plan whenever the index returns fewer
rows (a selective filter without iterative scans, or no LIMIT).
"""
import json
import os
import random
import statistics
import subprocess
import sys

PSQL = sys.argv[1:]
EXT = os.environ.get("EXT", "vecsearch")
QUERIES = 5
GRIDS = {
    "full": {8: [1000, 2000, 5000, 10000, 30000, 100000, 300000, 1000000],
             128: [1000, 2000, 5000, 10000, 30000, 100000, 300000],
             768: [1000, 2000, 5000, 10000, 30000, 100000],
             1536: [1000, 2000, 5000, 10000, 30000]},
    "small": {8: [1000, 5000], 128: [1000, 5000]},
}
SHAPES = {  # name: (settings, statement)
    "limit10": ((), "SELECT id FROM {t} ORDER BY v <-> '{q}' LIMIT 10"),
    "ef200": (("SET hnsw.ef_search = 200",), "SELECT id FROM {t} ORDER BY v <-> '{q}' LIMIT 10"),
    "filter1%": ((), "SELECT id FROM {t} WHERE cat = 7 ORDER BY v <-> '{q}' LIMIT 10"),
    "filter1%it": (("SET hnsw.iterative_scan = relaxed_order",),
                   "SELECT id FROM {t} WHERE cat = 7 ORDER BY v <-> '{q}' LIMIT 10"),
    "filter50%": ((), "SELECT id FROM {t} WHERE cat < 50 ORDER BY v <-> '{q}' LIMIT 10"),
    "nolimit": ((), "SELECT id FROM {t} ORDER BY v <-> '{q}'"),
}


def psql(db, *commands):
    args = ["psql", *PSQL, "-X", "-qAt", "-v", "ON_ERROR_STOP=1", "-d", db]
    for command in commands:
        args += ["-c", command]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


HNSW_ONLY = ("SET enable_seqscan = off", "SET enable_bitmapscan = off", "SET enable_sort = off")


def plans(db, statements, without=None, settings=(), analyze=False):
    """The plans of the statements, run in one session (a first query also pays for loading libraries), as
    JSON; `without` is an index dropped for them (rolled back), `settings` are SET commands before them."""
    commands = ["SET jit = off", *settings, "BEGIN"]
    if without:
        commands.append("DROP INDEX %s" % without)
    for sql in statements:
        commands += ["EXPLAIN (FORMAT JSON%s) %s" % (", ANALYZE, TIMING OFF" if analyze else "", sql), "\\echo @@"]
    commands.append("ROLLBACK")
    return [json.loads(part)[0] for part in psql(db, *commands).split("@@") if part.strip()]


def uses(plan, index):
    node = plan["Plan"] if "Plan" in plan else plan
    if node.get("Index Name") == index:
        return True
    return any(uses(child, index) for child in node.get("Plans", []))


def chain(plan):
    node, names = plan["Plan"], []
    while True:
        names.append(node["Node Type"].replace(" ", ""))
        if not node.get("Plans"):
            return ">".join(names)
        node = node["Plans"][0]


def make_tables(db, dims, sizes):
    """The tables of one dims, those missing (an earlier run's stay): random vectors, setseed(0.25), built in
    memory (maintenance_work_mem 2GB, one parallel worker)."""
    existing = set(psql(db, "SELECT relname FROM pg_class WHERE relname LIKE 't%%_hnsw'").split())
    sizes = [rows for rows in sizes if "t%d_%d_hnsw" % (dims, rows) not in existing]
    if not sizes:
        return
    big = "r%d" % dims
    psql(db, "DROP TABLE IF EXISTS %s" % big, "SELECT setseed(0.25)",
         "CREATE TABLE %s AS SELECT i AS id, (SELECT array_agg(random()) FROM generate_series(1, %d) WHERE i > 0)"
         "::vector(%d) AS v FROM generate_series(1, %d) i" % (big, dims, dims, max(sizes)))
    for rows in sizes:
        table = "t%d_%d" % (dims, rows)
        psql(db, "DROP TABLE IF EXISTS %s" % table,
             "CREATE TABLE %s AS SELECT id, id %% 100 AS cat, v FROM %s WHERE id <= %d" % (table, big, rows),
             "ALTER TABLE %s ADD PRIMARY KEY (id)" % table,
             "CREATE INDEX %s_cat ON %s (cat)" % (table, table),
             "SET maintenance_work_mem = '2GB'", "SET max_parallel_maintenance_workers = 1",
             "CREATE INDEX %s_hnsw ON %s USING hnsw (v vector_l2_ops)" % (table, table),
             "VACUUM ANALYZE %s" % table)
    psql(db, "DROP TABLE %s" % big)


def measure(db, dims, rows, rng):
    table = "t%d_%d" % (dims, rows)
    index = table + "_hnsw"
    # Both in shared buffers, as a table that is queried all the time is (the tables together outgrow them).
    psql(db, "SELECT pg_prewarm('%s'), pg_prewarm('%s'), pg_prewarm(reltoastrelid) FROM pg_class "
             "WHERE relname = '%s' AND reltoastrelid <> 0" % (table, index, table),
         "SELECT pg_prewarm('%s'), pg_prewarm('%s')" % (table, index))
    queries = ["[" + ",".join("%.4f" % rng.random() for _ in range(dims)) + "]" for _ in range(QUERIES + 1)]
    for shape, (settings, template) in SHAPES.items():
        sql = [template.format(t=table, q=q) for q in queries]
        chosen = plans(db, sql[:1], settings=settings)[0]
        other = plans(db, sql[:1], without=index, settings=settings)[0]
        hnsw = plans(db, sql[:1], settings=settings + HNSW_ONLY)[0]  # every other way to the rows made expensive
        if not uses(hnsw, index):
            hnsw = None
        # The first query of each session is a warm-up.
        other_runs = plans(db, sql, without=index, settings=settings, analyze=True)[1:]
        hnsw_runs = plans(db, sql, settings=settings + HNSW_ONLY, analyze=True)[1:] if hnsw and shape != "nolimit" else []
        hnsw_ms = statistics.median(p["Execution Time"] for p in hnsw_runs) if hnsw_runs else float("nan")
        other_ms = statistics.median(p["Execution Time"] for p in other_runs)
        picked = "hnsw" if uses(chosen, index) else "other"
        # The index answers the same question only when it returns as many rows: without iterative scans, a
        # selective filter leaves fewer than the LIMIT (and with no LIMIT it returns ef_search rows).
        complete = hnsw_runs and min(p["Plan"]["Actual Rows"] for p in hnsw_runs) >= min(
            p["Plan"]["Actual Rows"] for p in other_runs)
        if not complete:
            right = picked == "other"
        else:
            picked_ms, best_ms = (hnsw_ms if picked == "hnsw" else other_ms), min(hnsw_ms, other_ms)
            right = picked_ms <= max(best_ms * 1.1, best_ms + 0.05)
        hnsw_cost = hnsw["Plan"]["Total Cost"] if hnsw else float("nan")
        print("%-9s dims=%-5d rows=%-8d hnsw_cost=%-10.1f other_cost=%-10.1f hnsw_ms=%-8.3f other_ms=%-8.3f "
              "picked=%-5s %-5s %-10s other=%s" % (EXT, dims, rows, hnsw_cost, other["Plan"]["Total Cost"], hnsw_ms,
                                                  other_ms, picked, "right" if right else "WRONG", shape,
                                                  chain(other)), flush=True)


def main():
    db = "pcal_" + EXT
    grid = GRIDS[os.environ.get("GRID", "full")]
    if os.environ.get("KEEP") != "1":
        if psql("postgres", "SELECT count(*) FROM pg_database WHERE datname = '%s'" % db).strip() == "0":
            psql("postgres", "CREATE DATABASE " + db)
            psql(db, "CREATE EXTENSION " + EXT, "CREATE EXTENSION pg_prewarm")
        for dims, sizes in grid.items():
            make_tables(db, dims, sizes)
    rng = random.Random(7)
    for dims, sizes in grid.items():
        for rows in sizes:
            measure(db, dims, rows, rng)


main()
