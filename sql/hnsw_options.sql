-- hnsw index options, GUCs and the errors around them, with their SQLSTATEs.
CREATE TABLE t (id int, v vector(3));
INSERT INTO t VALUES (1, '[1,2,3]'), (2, '[4,5,6]');

-- Index options: defaults, ranges, and ef_construction >= 2 * m.
SELECT regress_try(format('CREATE INDEX ON t USING hnsw (v vector_l2_ops) WITH (%s)', o)) AS result, o AS options
FROM unnest(ARRAY['m = 2, ef_construction = 4', 'm = 100, ef_construction = 1000', 'm = 1', 'm = 101',
                  'ef_construction = 3', 'ef_construction = 1001', 'm = 16, ef_construction = 31',
                  'm = 16, ef_construction = 32', 'm = ''a''', 'lists = 5']) o;
SELECT regress_try('CREATE INDEX ON t USING hnsw (v)') AS no_default_opclass;
SELECT relname, reloptions FROM pg_class WHERE relname LIKE 't_v_idx%' ORDER BY relname;

-- Dimensions: a column must declare them, and at most 2,000 fit an hnsw index.
CREATE TABLE untyped (v vector);
CREATE TABLE wide (v vector(2001));
CREATE TABLE widest_ok (v vector(2000));
SELECT regress_try('CREATE INDEX ON untyped USING hnsw (v vector_l2_ops)') AS untyped,
       regress_try('CREATE INDEX ON wide USING hnsw (v vector_l2_ops)') AS too_wide,
       regress_try('CREATE INDEX ON widest_ok USING hnsw (v vector_l2_ops)') AS widest;
INSERT INTO widest_ok SELECT array_fill(i, ARRAY[2000])::vector FROM generate_series(1, 5) i;
SET enable_seqscan = off;
SELECT v[1:1] FROM (SELECT v::real[] AS v FROM widest_ok ORDER BY v <-> array_fill(1.9, ARRAY[2000])::vector LIMIT 2) s;
RESET enable_seqscan;
SELECT * FROM vecsearch_hnsw_check('widest_ok_v_idx');

-- GUCs: pgvector's names, defaults and ranges.
SELECT name, setting, min_val, max_val, enumvals, context FROM pg_settings WHERE name LIKE 'hnsw.%' ORDER BY name;
SELECT regress_try(format('SET %s', s)) AS result, s AS setting
FROM unnest(ARRAY['hnsw.ef_search = 0', 'hnsw.ef_search = 1001', 'hnsw.ef_search = 1000',
                  'hnsw.iterative_scan = sideways', 'hnsw.iterative_scan = strict_order',
                  'hnsw.max_scan_tuples = 0', 'hnsw.scan_mem_multiplier = 0', 'hnsw.scan_mem_multiplier = 1000',
                  'hnsw.no_such_setting = 1']) s;

-- Operator classes validate, and the access method is there under pgvector's name.
SELECT opcname, amvalidate(c.oid) FROM pg_opclass c JOIN pg_am a ON a.oid = c.opcmethod
WHERE a.amname = 'hnsw' ORDER BY opcname;
SELECT amname, amtype FROM pg_am WHERE amname = 'hnsw';

-- The checker rejects what is not an hnsw index.
CREATE INDEX t_btree ON t (id);
SELECT regress_try('SELECT vecsearch_hnsw_check(''t_btree'')');
DROP TABLE t, untyped, wide, widest_ok;
