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

-- ALTER INDEX ... SET (m = ...) changes the reloption only; the index keeps the m it was built with (its
-- metapage) until a REINDEX, which then checks the options as CREATE INDEX does. Planning, scans and inserts go
-- on working meanwhile, as in pgvector.
CREATE INDEX t_hnsw ON t USING hnsw (v vector_l2_ops);
ALTER INDEX t_hnsw SET (m = 48);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM t ORDER BY v <-> '[1,2,3]' LIMIT 1;
SELECT id FROM t ORDER BY v <-> '[1,2,3]' LIMIT 1;
INSERT INTO t VALUES (3, '[1,2,4]');
SELECT id FROM t ORDER BY v <-> '[1,2,4]' LIMIT 1;
SELECT regress_try('REINDEX INDEX t_hnsw') AS reindex_with_m_48;
ALTER INDEX t_hnsw SET (ef_construction = 96);
SELECT regress_try('REINDEX INDEX t_hnsw') AS reindex_with_ef_96;
SELECT id FROM t ORDER BY v <-> '[1,2,4]' LIMIT 1;
RESET enable_seqscan;

-- The checker is for superusers, or roles they grant it to, and then only on tables the caller owns.
CREATE ROLE regress_hnsw_owner;
CREATE ROLE regress_hnsw_other;
CREATE TABLE owned (v vector(2));
CREATE INDEX owned_idx ON owned USING hnsw (v vector_l2_ops);
ALTER TABLE owned OWNER TO regress_hnsw_owner;
SET ROLE regress_hnsw_owner;
SELECT regress_try('SELECT vecsearch_hnsw_check(''owned_idx'')') AS owner_without_grant;
RESET ROLE;
GRANT EXECUTE ON FUNCTION vecsearch_hnsw_check(regclass) TO regress_hnsw_owner, regress_hnsw_other;
SET ROLE regress_hnsw_owner;
SELECT regress_try('SELECT vecsearch_hnsw_check(''owned_idx'')') AS owner_with_grant;
RESET ROLE;
SET ROLE regress_hnsw_other;
SELECT regress_try('SELECT vecsearch_hnsw_check(''owned_idx'')') AS other_with_grant;
RESET ROLE;
SELECT has_function_privilege('public', 'vecsearch_hnsw_check(regclass)', 'EXECUTE') AS public_may_execute;
SELECT count(*) AS problems FROM vecsearch_hnsw_check('owned_idx');
DROP TABLE owned;
REVOKE EXECUTE ON FUNCTION vecsearch_hnsw_check(regclass) FROM regress_hnsw_owner, regress_hnsw_other;
DROP ROLE regress_hnsw_owner, regress_hnsw_other;
DROP TABLE t, untyped, wide, widest_ok;
