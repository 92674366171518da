-- Reusing a slot that VACUUM freed (issue 10, item 7): an insert looks for one under the metapage's exclusive
-- lock, which every other insert waits for, so it reads a few pages at most, however far away the next free
-- slot is. Each 1,000-d element fills a page of its own; row 2001, inserted after CREATE INDEX, has the
-- last page. Rows 2 and 2001 are deleted, so after the first insert takes row 2's slot the only free slot
-- left is on the last page, hundreds of pages on.
SET client_min_messages = warning;
CREATE TABLE far (id int PRIMARY KEY, v vector(1000));
ALTER TABLE far SET (autovacuum_enabled = off);
SELECT setseed(0.3);
INSERT INTO far SELECT i, (SELECT array_agg(random()) FROM generate_series(1, 1000) WHERE i > 0)
FROM generate_series(1, 2000) i;
CREATE INDEX far_idx ON far USING hnsw (v vector_l2_ops) WITH (m = 4, ef_construction = 8);
SELECT pg_relation_size('far_idx') / 8192 >= 2000 AS page_per_element;
INSERT INTO far SELECT 2001, (SELECT array_agg(random()) FROM generate_series(1, 1000));
DELETE FROM far WHERE id IN (2, 2001);
VACUUM far;
SELECT pg_relation_size('far_idx') / 8192 AS pages_after_vacuum \gset
-- Buffer accesses of one statement on the index, from the statistics (flushed at the end of each statement).
CREATE FUNCTION far_index_reads() RETURNS bigint LANGUAGE sql AS
$$ SELECT idx_blks_hit + idx_blks_read FROM pg_statio_user_indexes WHERE indexrelname = 'far_idx' $$;
-- New rows get new vectors (a duplicate would join its twin's element instead of taking a slot).
CREATE FUNCTION fresh(i int) RETURNS vector LANGUAGE sql AS
$$ SELECT array_agg(random())::vector(1000) FROM generate_series(1, 1000) WHERE i > 0 $$;
INSERT INTO far VALUES (3001, fresh(3001));
SELECT pg_stat_force_next_flush();
SELECT far_index_reads() AS before \gset
INSERT INTO far VALUES (3002, fresh(3002));
SELECT pg_stat_force_next_flush();
SELECT far_index_reads() - :before AS reads \gset
-- The insert's graph search reads a few dozen pages here; a search on to the far slot would read hundreds.
SELECT :reads BETWEEN 10 AND 150 AS few_pages_read;
-- Both free slots are reused: the far one by a later insert, once the search has moved on to its page.
INSERT INTO far SELECT i, fresh(i) FROM generate_series(3003, 3302) i;
SELECT pg_relation_size('far_idx') / 8192 - :pages_after_vacuum AS pages_added_for_302_rows;
SELECT count(*) AS problems FROM vecsearch_hnsw_check('far_idx');
SET enable_seqscan = off;
-- (m = 4 on random 1,000-d vectors finds a row's own vector only with a wide search.)
SET hnsw.ef_search = 1000;
EXPLAIN (COSTS OFF) SELECT id FROM far ORDER BY v <-> (SELECT v FROM far WHERE id = 3150) LIMIT 1;
SELECT id FROM far ORDER BY v <-> (SELECT v FROM far WHERE id = 3150) LIMIT 1;
DROP TABLE far;
DROP FUNCTION far_index_reads();
DROP FUNCTION fresh(int);
