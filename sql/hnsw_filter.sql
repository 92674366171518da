-- Filter columns of an hnsw index: key columns after the vector whose conditions are index conditions, checked
-- during the graph walk. Every condition below must (1) appear as an Index Cond of the hnsw scan and (2) give
-- the exact answer: the same rows as the plan without the index.
CREATE TABLE filt (id int8 PRIMARY KEY, v vector(3), i2 int2, i4 int4, f8 float8, t text, vc varchar(10), u uuid,
                   b bool, d date, ts timestamp, tz timestamptz, tags int4[], words text[]);
INSERT INTO filt
SELECT i, ARRAY[sin(i), cos(i * 1.3), sin(i * 0.7)]::vector, i % 10, CASE WHEN i % 97 = 0 THEN NULL ELSE i % 50 END,
       i / 10.0, CASE WHEN i % 89 = 0 THEN NULL ELSE 'w' || (i % 20) END, 'v' || (i % 5), md5((i % 4)::text)::uuid,
       i % 2 = 0, date '2024-01-01' + (i % 365), timestamp '2024-01-01' + i * interval '4 hours',
       timestamptz '2024-01-01 00:00+00' + i * interval '4 hours', ARRAY[i % 7, i % 11], ARRAY['a' || (i % 3)]
FROM generate_series(1, 2000) i;
CREATE INDEX filt_idx ON filt USING hnsw (v vector_l2_ops, i2, i4, f8, t, vc, u, b, d, ts, tz, tags, words);
SELECT * FROM vecsearch_hnsw_check('filt_idx');
ANALYZE filt;

-- The first `n` ids nearest to a fixed query among rows meeting `cond`: whether the hnsw scan ran with the
-- condition as an Index Cond, and whether its rows are the exact ones (a plan without the index).
CREATE FUNCTION pg_temp.filtered(cond text, n int DEFAULT 5) RETURNS TABLE (index_cond bool, rows int, exact bool)
LANGUAGE plpgsql AS $$
DECLARE
	query text := format('SELECT id FROM filt WHERE %s ORDER BY v <-> ''[0.5,-0.2,0.1]'' LIMIT %s', cond, n);
	line text;
	plan text := '';
	by_index int8[];
	by_scan int8[];
BEGIN
	SET LOCAL enable_seqscan = off;
	SET LOCAL enable_bitmapscan = off;
	FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
		plan := plan || line || E'\n';
	END LOOP;
	index_cond := plan LIKE '%Index Scan using filt_idx%Index Cond%Order By%' AND plan NOT LIKE '%Filter:%';
	EXECUTE format('SELECT array_agg(id) FROM (%s) s', query) INTO by_index;
	SET LOCAL enable_seqscan = on;
	SET LOCAL enable_indexscan = off;
	EXECUTE format('SELECT array_agg(id) FROM (%s) s', query) INTO by_scan;
	RESET enable_indexscan;
	rows := coalesce(cardinality(by_index), 0);
	exact := by_index IS NOT DISTINCT FROM by_scan;
	RETURN NEXT;
END $$;

SET hnsw.ef_search = 100;
SELECT cond, f.* FROM unnest(ARRAY[
	'i4 = 7', 'i4 <> 7', 'i4 < 5', 'i4 <= 5', 'i4 > 45', 'i4 >= 45', 'i4 BETWEEN 10 AND 12',
	'i4 IN (1, 2, 3)', 'i4 = ANY(''{4,5}'')', 'i4 = ANY(''{31,1,4,7,10,13,16,19,22,25,28}''::int8[])',
	't IN (''w1'', ''w2'', ''w3'', ''w4'', ''w5'', ''w6'', ''w7'', ''w8'', ''w9'', ''w10'', ''w19'')', 'i4 <> ALL(''{4,5}'')', 'i4 IS NULL', 'i4 IS NOT NULL AND i2 = 3',
	'i2 = 3::int8', 'i4 = 7::int2', 'i4 < 5::int8', 'f8 > 150.5', 'f8 < 10::real',
	't = ''w3''', 't IN (''w1'', ''w2'')', 't <> ''w3''', 't > ''w7''', 't IS NULL', 'vc = ''v2''',
	'u = md5(''1'')::uuid', 'b = true', 'b <> true', 'b', 'NOT b', 'b IS TRUE', 'd < ''2024-02-01''', 'd = current_date - 1000000',
	'ts >= ''2024-06-01''', 'tz < ''2024-03-01''::date', 'ts > ''2024-04-01''::timestamptz',
	'tags && ''{3}''', 'tags @> ''{3,4}''', 'tags <@ ''{0,1,2,3,4,5,6}''', 'words && ''{a1}''',
	'i2 = 3 AND t = ''w3'' AND NOT b', 'i4 = NULL::int', 'i4 = ANY(''{}''::int[])', 'i4 = ANY(''{NULL,7}''::int[])'
]) cond, pg_temp.filtered(cond) f;

-- Conditions the index cannot check stay a Filter over the hnsw scan, as in pgvector: the scan returns
-- ef_search rows and a selective filter leaves fewer than the LIMIT, unless hnsw.iterative_scan is on.
SELECT cond, f.* FROM unnest(ARRAY['i4 + 1 = 8', 'length(t) = 2', 'id % 2 = 0']) cond, pg_temp.filtered(cond) f;
SET hnsw.iterative_scan = relaxed_order;
SELECT cond, f.* FROM unnest(ARRAY['i4 + 1 = 8']) cond, pg_temp.filtered(cond) f;
RESET hnsw.iterative_scan;

-- More rows than ef_search: the scan goes on batch after batch by itself until the LIMIT is filled.
SET hnsw.ef_search = 10;
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT id, i2 FROM filt WHERE i2 = 3 ORDER BY v <-> '[0.5,-0.2,0.1]' LIMIT 150;
SELECT count(*) AS rows, count(*) FILTER (WHERE i2 = 3) AS matching
FROM (SELECT id, i2 FROM filt WHERE i2 = 3 ORDER BY v <-> '[0.5,-0.2,0.1]' LIMIT 150) s;
EXPLAIN (COSTS OFF) SELECT id FROM filt WHERE i4 = 7 ORDER BY v <-> '[0.5,-0.2,0.1]';
SELECT count(*) AS all_matching_rows FROM (SELECT id FROM filt WHERE i4 = 7 ORDER BY v <-> '[0.5,-0.2,0.1]') s;
RESET enable_seqscan;
RESET enable_bitmapscan;
RESET hnsw.ef_search;

-- Inserts, a non-HOT update of only a filter column (a new element: the old one keeps the old values), vacuum.
INSERT INTO filt (id, v, i2, i4, t) VALUES (5001, '[0.5,-0.2,0.1]', 3, 777, 'new'), (5002, '[0.5,-0.2,0.11]', 3, 778, 'new');
UPDATE filt SET i4 = 999 WHERE id = 5;
SELECT cond, f.* FROM unnest(ARRAY['i4 = 777', 'i4 = 778', 'i4 IN (777, 778)', 'i4 = 999', 't = ''new''',
                                   'i4 = 5 % 50']) cond, pg_temp.filtered(cond) f;
DELETE FROM filt WHERE id % 3 = 0;
VACUUM filt;
SELECT * FROM vecsearch_hnsw_check('filt_idx');
SELECT cond, f.* FROM unnest(ARRAY['i4 = 7', 'i2 = 3', 't IN (''w1'', ''w2'')', 'i4 = 999']) cond, pg_temp.filtered(cond) f;

-- The planner's cost model knows the filter's selectivity: a rare value makes the walk long, and an exact
-- plan over a btree on the filter column wins; a common one keeps the walk.
CREATE INDEX filt_i8 ON filt (f8);
EXPLAIN (COSTS OFF) SELECT id FROM filt WHERE f8 BETWEEN 50 AND 50.1 ORDER BY v <-> '[0.5,-0.2,0.1]' LIMIT 5;
EXPLAIN (COSTS OFF) SELECT id FROM filt WHERE f8 > 0.5 ORDER BY v <-> '[0.5,-0.2,0.1]' LIMIT 5;
DROP INDEX filt_i8;
-- Beside a single-column hnsw index, a filtered query takes the index that checks its filter: the other would
-- return ef_search rows and leave the filter to cut them below the LIMIT.
CREATE INDEX filt_v ON filt USING hnsw (v vector_l2_ops);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM filt WHERE i4 = 7 ORDER BY v <-> '[0.5,-0.2,0.1]' LIMIT 5;
SELECT count(*) AS rows FROM (SELECT id FROM filt WHERE i4 = 7 ORDER BY v <-> '[0.5,-0.2,0.1]' LIMIT 20) s;
RESET enable_seqscan;
DROP INDEX filt_v;

-- Errors at CREATE INDEX: the vector must come first, only once; types without a filter operator class get
-- PostgreSQL's own error; filter values too large for a page are refused at insert.
SELECT regress_try_detail('CREATE INDEX ON filt USING hnsw (i4)');
SELECT regress_try_detail('CREATE INDEX ON filt USING hnsw (v vector_l2_ops, v vector_cosine_ops)');
SELECT regress_try('CREATE INDEX ON filt USING hnsw (v vector_l2_ops, (i4::numeric))');
SELECT regress_try('CREATE INDEX ON filt USING hnsw (v vector_l2_ops, i4 text_filter_ops)');
SELECT regress_try_detail(format('INSERT INTO filt (id, v, t) VALUES (9001, ''[1,1,1]'', %L)',
                                 (SELECT string_agg(md5(g::text), '') FROM generate_series(1, 600) g)));
-- Every operator class of the access method validates.
SELECT opcname, amvalidate(oid) FROM pg_opclass
WHERE opcmethod = (SELECT oid FROM pg_am WHERE amname = 'hnsw') AND NOT amvalidate(oid);
-- An empty table, and an unlogged one (its init fork has the filter columns too).
CREATE UNLOGGED TABLE filt_empty (v vector(2), k int4);
CREATE INDEX filt_empty_idx ON filt_empty USING hnsw (v vector_l2_ops, k);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT * FROM filt_empty WHERE k = 1 ORDER BY v <-> '[1,1]' LIMIT 5;
SELECT count(*) FROM (SELECT * FROM filt_empty WHERE k = 1 ORDER BY v <-> '[1,1]' LIMIT 5) s;
INSERT INTO filt_empty SELECT ARRAY[i, i % 7], i % 3 FROM generate_series(1, 100) i;
SELECT array_agg(k) AS ks FROM (SELECT k FROM filt_empty WHERE k = 1 ORDER BY v <-> '[1,1]' LIMIT 5) s;
RESET enable_seqscan;
SELECT * FROM vecsearch_hnsw_check('filt_empty_idx');
DROP TABLE filt_empty;
DROP TABLE filt;
