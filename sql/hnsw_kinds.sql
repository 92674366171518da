-- hnsw on unlogged tables, partial and expression indexes, REINDEX and CREATE INDEX CONCURRENTLY.
CREATE UNLOGGED TABLE scratch (id int, v vector(2));
INSERT INTO scratch SELECT i, ARRAY[i, i % 7] FROM generate_series(1, 100) i;
CREATE INDEX scratch_idx ON scratch USING hnsw (v vector_l2_ops);
SELECT relpersistence FROM pg_class WHERE relname = 'scratch_idx';
SET enable_seqscan = off;
SELECT id FROM scratch ORDER BY v <-> '[50.2,1]' LIMIT 3;
INSERT INTO scratch VALUES (1000, '[50.2,1]');
SELECT id FROM scratch ORDER BY v <-> '[50.2,1]' LIMIT 1;

-- Partial index: used only when the query's WHERE implies its predicate.
CREATE TABLE docs (id int, kind text, v vector(2));
INSERT INTO docs SELECT i, CASE WHEN i % 2 = 0 THEN 'even' ELSE 'odd' END, ARRAY[i, 0] FROM generate_series(1, 200) i;
CREATE INDEX docs_even ON docs USING hnsw (v vector_l2_ops) WHERE kind = 'even';
EXPLAIN (COSTS OFF) SELECT id FROM docs WHERE kind = 'even' ORDER BY v <-> '[51.1,0]' LIMIT 3;
SELECT id FROM docs WHERE kind = 'even' ORDER BY v <-> '[51.1,0]' LIMIT 3;
SELECT count(*) AS problems FROM vecsearch_hnsw_check('docs_even');

-- Expression indexes.
CREATE INDEX docs_sub ON docs USING hnsw ((subvector(v, 1, 1)::vector(1)) vector_l1_ops);
EXPLAIN (COSTS OFF) SELECT id FROM docs ORDER BY subvector(v, 1, 1)::vector(1) <+> '[7.2]' LIMIT 2;
SELECT id FROM docs ORDER BY subvector(v, 1, 1)::vector(1) <+> '[7.2]' LIMIT 2;
CREATE INDEX docs_normalized ON docs USING hnsw ((l2_normalize(v)::vector(2)) vector_ip_ops);
EXPLAIN (COSTS OFF) SELECT id FROM docs ORDER BY l2_normalize(v)::vector(2) <#> '[1,0]' LIMIT 5;
SELECT round((l2_normalize(v)::vector(2) <#> '[1,0]')::numeric, 6) AS distance
FROM docs ORDER BY l2_normalize(v)::vector(2) <#> '[1,0]' LIMIT 5;

-- REINDEX and CREATE INDEX CONCURRENTLY give working indexes.
REINDEX INDEX docs_even;
SELECT id FROM docs WHERE kind = 'even' ORDER BY v <-> '[51.1,0]' LIMIT 3;
DROP INDEX docs_even;
CREATE INDEX CONCURRENTLY docs_all ON docs USING hnsw (v vector_l2_ops);
SELECT id FROM docs ORDER BY v <-> '[51.1,0]' LIMIT 3;
SELECT count(*) AS problems FROM vecsearch_hnsw_check('docs_all');
REINDEX TABLE CONCURRENTLY docs;
SELECT id FROM docs ORDER BY v <-> '[51.1,0]' LIMIT 3;

-- Empty tables and TRUNCATE.
CREATE TABLE empty (v vector(2));
CREATE INDEX empty_idx ON empty USING hnsw (v vector_cosine_ops);
SELECT * FROM empty ORDER BY v <=> '[1,1]' LIMIT 1;
INSERT INTO empty VALUES ('[1,1]'), ('[0,0]'), (NULL);
SELECT * FROM empty ORDER BY v <=> '[1,1]' LIMIT 3;
TRUNCATE docs;
SELECT id FROM docs ORDER BY v <-> '[51.1,0]' LIMIT 3;
INSERT INTO docs VALUES (1, 'odd', '[1,1]');
SELECT id FROM docs ORDER BY v <-> '[51.1,0]' LIMIT 3;
RESET enable_seqscan;
DROP TABLE scratch, docs, empty;
