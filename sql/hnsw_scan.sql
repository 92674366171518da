-- hnsw index scans: each operator class returns the exact order on small integer vectors, the planner uses
-- the index for ORDER BY ... LIMIT, iterative scans fill a LIMIT under a selective filter, and NULL and
-- zero vectors are handled as a pgvector user expects.
CREATE TABLE items (id int PRIMARY KEY, v vector(3));
INSERT INTO items SELECT i, ARRAY[i % 11, (i * 7) % 13, (i * 3) % 5] FROM generate_series(1, 300) i;
INSERT INTO items VALUES (1001, NULL), (1002, '[0,0,0]');
CREATE INDEX items_l2 ON items USING hnsw (v vector_l2_ops);
CREATE INDEX items_ip ON items USING hnsw (v vector_ip_ops);
CREATE INDEX items_cosine ON items USING hnsw (v vector_cosine_ops);
CREATE INDEX items_l1 ON items USING hnsw (v vector_l1_ops) WITH (m = 8, ef_construction = 32);
ANALYZE items;

-- Helper: ids of the first n rows by `op` to `q`, through whatever plan is chosen, as "distance:count" groups
-- (ties make ids within a distance unordered, so compare the multiset of distances).
CREATE FUNCTION pg_temp.knn(op text, q text, n int) RETURNS text LANGUAGE plpgsql AS $$
DECLARE result text;
BEGIN
	EXECUTE format('SELECT string_agg(d::text, '','' ORDER BY ord) FROM (SELECT row_number() OVER () AS ord, d
	                FROM (SELECT v %s %L::vector AS d FROM items ORDER BY v %s %L::vector LIMIT %s) s) t',
	               op, q, op, q, n) INTO result;
	RETURN result;
END $$;

SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM items ORDER BY v <-> '[3,1,2]' LIMIT 5;
EXPLAIN (COSTS OFF) SELECT id FROM items ORDER BY v <#> '[3,1,2]' LIMIT 5;
EXPLAIN (COSTS OFF) SELECT id FROM items ORDER BY v <=> '[3,1,2]' LIMIT 5;
EXPLAIN (COSTS OFF) SELECT id FROM items ORDER BY v <+> '[3,1,2]' LIMIT 5;
CREATE TEMP TABLE by_index AS
SELECT op, pg_temp.knn(op, '[3,1,2]', 10) AS distances FROM unnest(ARRAY['<->', '<#>', '<=>', '<+>']) op;
RESET enable_seqscan;
SET enable_indexscan = off;
CREATE TEMP TABLE exact AS
SELECT op, pg_temp.knn(op, '[3,1,2]', 10) AS distances FROM unnest(ARRAY['<->', '<#>', '<=>', '<+>']) op;
RESET enable_indexscan;
SELECT op, i.distances = e.distances AS same_as_exact, i.distances FROM by_index i JOIN exact e USING (op) ORDER BY op;

-- NULL vectors are not indexed; zero vectors are not indexed under cosine. A NULL query (written so the planner
-- cannot fold it away) and a zero cosine query still return rows, as in pgvector, in an order of no meaning.
SET enable_seqscan = off;
SELECT count(*) AS l2_rows FROM (SELECT id FROM items ORDER BY v <-> '[0,0,0]' LIMIT 1000) s;
SET hnsw.iterative_scan = relaxed_order;
SELECT count(*) AS l2_rows_iterative, count(*) FILTER (WHERE id = 1001) AS nulls
FROM (SELECT id FROM items ORDER BY v <-> '[0,0,0]' LIMIT 1000) s;
SELECT count(*) AS cosine_rows, count(*) FILTER (WHERE id = 1002) AS zero_vectors
FROM (SELECT id FROM items ORDER BY v <=> '[1,1,1]' LIMIT 1000) s;
EXPLAIN (COSTS OFF) SELECT id FROM items ORDER BY v <=> '[0,0,0]' LIMIT 50;
SELECT count(*) AS zero_query_cosine FROM (SELECT id FROM items ORDER BY v <=> '[0,0,0]' LIMIT 50) s;
EXPLAIN (COSTS OFF) SELECT id FROM items ORDER BY v <-> (SELECT NULL::vector) LIMIT 50;
SELECT count(*) AS null_query_l2 FROM (SELECT id FROM items ORDER BY v <-> (SELECT NULL::vector) LIMIT 50) s;
SELECT count(*) AS null_query_cosine FROM (SELECT id FROM items ORDER BY v <=> (SELECT NULL::vector) LIMIT 50) s;
SELECT id FROM items ORDER BY v <-> '[1,2]' LIMIT 1;
RESET hnsw.iterative_scan;

-- Without iterative scan a scan stops after ef_search results; with it, a selective filter still fills LIMIT.
SET hnsw.ef_search = 10;
SELECT count(*) AS plain FROM (SELECT id FROM items WHERE id % 10 = 0 ORDER BY v <-> '[3,1,2]' LIMIT 20) s;
SET hnsw.iterative_scan = relaxed_order;
SELECT count(*) AS relaxed FROM (SELECT id FROM items WHERE id % 10 = 0 ORDER BY v <-> '[3,1,2]' LIMIT 20) s;
SET hnsw.iterative_scan = strict_order;
SELECT count(*) AS strict, bool_and(d >= prev) AS ordered
FROM (SELECT d, lag(d, 1, 0::float8) OVER (ORDER BY ord) AS prev
      FROM (SELECT row_number() OVER () AS ord, v <-> '[3,1,2]' AS d FROM
            (SELECT v FROM items WHERE id % 10 = 0 ORDER BY v <-> '[3,1,2]' LIMIT 20) a) b) c;
RESET hnsw.iterative_scan;
RESET hnsw.ef_search;

-- Every index scan counts in idx_scan (pg_stat_user_indexes), once per scan or rescan, as in pgvector: two
-- plain scans and a LATERAL join that rescans ten times.
-- (Counts not yet flushed to shared statistics include earlier statements': compare within one transaction.)
SET enable_seqscan = off;
BEGIN;
SELECT pg_stat_get_xact_numscans('items_l2'::regclass) AS scans_before \gset
SELECT count(*) FROM (SELECT id FROM items ORDER BY v <-> '[1,1,1]' LIMIT 3) s;
SELECT count(*) FROM (SELECT id FROM items ORDER BY v <-> '[2,1,1]' LIMIT 3) s;
SELECT count(*) FROM generate_series(1, 10) g, LATERAL (SELECT id FROM items ORDER BY v <-> ARRAY[g, 1, 1]::vector LIMIT 1) s;
SELECT pg_stat_get_xact_numscans('items_l2'::regclass) - :scans_before AS index_scans;
COMMIT;
RESET enable_seqscan;

-- Inserts after the build, duplicates, updates and deletes with VACUUM.
INSERT INTO items SELECT i, ARRAY[i % 11, (i * 7) % 13, (i * 3) % 5] FROM generate_series(301, 400) i;
INSERT INTO items SELECT 500 + i, '[3,1,2]' FROM generate_series(1, 15) i;
SELECT count(*) AS duplicates_found FROM (SELECT id FROM items ORDER BY v <-> '[3,1,2]' LIMIT 15) s WHERE id > 500;
UPDATE items SET id = id + 10000 WHERE id BETWEEN 501 AND 505;
DELETE FROM items WHERE id BETWEEN 506 AND 515;
VACUUM items;
SELECT array_agg(id ORDER BY id) AS remaining FROM (SELECT id FROM items ORDER BY v <-> '[3,1,2]' LIMIT 5) s;
SELECT count(*) AS problems FROM vecsearch_hnsw_check('items_l2');
SELECT count(*) AS problems FROM vecsearch_hnsw_check('items_cosine');
RESET enable_seqscan;

-- The planner picks the index for ORDER BY ... LIMIT on a larger table, and not without a LIMIT.
CREATE TABLE many AS SELECT i AS id, ARRAY[i % 97, i % 89, i % 83]::vector(3) AS v FROM generate_series(1, 20000) i;
CREATE INDEX ON many USING hnsw (v vector_l2_ops);
ANALYZE many;
EXPLAIN (COSTS OFF) SELECT id FROM many ORDER BY v <-> '[1,2,3]' LIMIT 10;
EXPLAIN (COSTS OFF) SELECT id FROM many ORDER BY v <-> '[1,2,3]';
EXPLAIN (COSTS OFF) SELECT id FROM many WHERE v <-> '[1,2,3]' < 5;

-- An iterative scan goes on batch after batch until hnsw.max_scan_tuples elements were measured, or its memory
-- passes work_mem * hnsw.scan_mem_multiplier; then, as in pgvector, it returns what it already measured, nearest
-- first, and stops. So the budget bounds the work, not the rows: even max_scan_tuples = 1 returns every element
-- the first search measured (more than its ef_search), about max_scan_tuples rows come out of a larger budget,
-- and every row out of one larger than the table.
SET enable_seqscan = off;
SET hnsw.iterative_scan = relaxed_order;
SET hnsw.ef_search = 10;
SET hnsw.max_scan_tuples = 1;
SELECT count(*) BETWEEN 11 AND 1000 AS measured_by_one_search
FROM (SELECT id FROM many ORDER BY v <-> '[1,2,3]' LIMIT 20000) s;
SET hnsw.max_scan_tuples = 5000;
SELECT count(*) BETWEEN 4000 AND 6000 AS about_max_scan_tuples
FROM (SELECT id FROM many ORDER BY v <-> '[1,2,3]' LIMIT 20000) s;
SET hnsw.max_scan_tuples = 100000;
SET hnsw.scan_mem_multiplier = 100;
SELECT count(*) AS every_row, count(DISTINCT id) AS distinct_rows
FROM (SELECT id FROM many ORDER BY v <-> '[1,2,3]' LIMIT 30000) s;
RESET hnsw.scan_mem_multiplier;
SET work_mem = '64kB';
SELECT count(*) BETWEEN 11 AND 1000 AS bounded_by_work_mem
FROM (SELECT id FROM many ORDER BY v <-> '[1,2,3]' LIMIT 20000) s;
-- Strict order starts over at each rescan (each outer row has its own query): the 30 nearest of every outer row
-- are the exact ones, not ones pushed out by the previous row's distances.
RESET work_mem;
RESET hnsw.ef_search;
SET hnsw.iterative_scan = strict_order;
CREATE TEMP TABLE strict_rescans AS
SELECT g, (SELECT max(d) FROM (SELECT v <-> ARRAY[g * 30, 1, 1]::vector AS d FROM many
                               ORDER BY v <-> ARRAY[g * 30, 1, 1]::vector LIMIT 30) s) AS farthest
FROM generate_series(3, 1, -1) g;
RESET hnsw.iterative_scan;
SET enable_indexscan = off;
SELECT g, farthest = (SELECT max(d) FROM (SELECT v <-> ARRAY[g * 30, 1, 1]::vector AS d FROM many
                                          ORDER BY v <-> ARRAY[g * 30, 1, 1]::vector LIMIT 30) s) AS exact
FROM strict_rescans ORDER BY g DESC;
RESET ALL;
DROP TABLE items, many;
