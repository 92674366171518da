-- The planner's choice for vectors stored out of line (TOAST): a sequential scan reads every vector from
-- TOAST but is costed for the small heap only, so the index's cost is compared on the same footing.
-- Without that, wide vectors were sorted in full instead of searched (100k x 768: at hnsw.ef_search >= 80).
CREATE TABLE wide (id int PRIMARY KEY, v vector(1000));
INSERT INTO wide
SELECT i, (SELECT array_agg(sin(i * 0.37 + j * 0.11)) FROM generate_series(1, 1000) j)::vector
FROM generate_series(1, 2000) i;
CREATE INDEX wide_idx ON wide USING hnsw (v vector_l2_ops) WITH (m = 8);
VACUUM ANALYZE wide;
SELECT pg_relation_size(reltoastrelid) > 20 * pg_relation_size('wide') AS mostly_toast
FROM pg_class WHERE relname = 'wide';
EXPLAIN (COSTS OFF) SELECT id FROM wide ORDER BY v <-> (SELECT v FROM wide WHERE id = 7) LIMIT 10;
SELECT id FROM wide ORDER BY v <-> (SELECT v FROM wide WHERE id = 7) LIMIT 1;
-- Reading every row in order is still not the index's job, and a selective filter still wins.
EXPLAIN (COSTS OFF) SELECT id FROM wide ORDER BY v <-> (SELECT v FROM wide WHERE id = 7);
EXPLAIN (COSTS OFF) SELECT id FROM wide WHERE id < 20 ORDER BY v <-> (SELECT v FROM wide WHERE id = 7) LIMIT 10;
DROP TABLE wide;
-- Ordinary tables use the index where it is faster (issue 10, item 14): the search is priced in what the
-- sequential scan is charged per row (core/hnsw/scan_cost.hpp, calibrated in BENCHMARKS.md). At 5,000 rows
-- of 8-d the index answers in about a seventh of the sequential scan's time; before, it was never chosen.
CREATE TABLE small (id int PRIMARY KEY, v vector(8));
SELECT setseed(0.6);
INSERT INTO small SELECT i, (SELECT array_agg(random()) FROM generate_series(1, 8) WHERE i > 0)
FROM generate_series(1, 5000) i;
CREATE INDEX small_idx ON small USING hnsw (v vector_l2_ops);
VACUUM ANALYZE small;
EXPLAIN (COSTS OFF) SELECT id FROM small ORDER BY v <-> '[0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5]' LIMIT 10;
-- A filter that keeps half the rows: the index still pays (each search yields half its rows).
EXPLAIN (COSTS OFF) SELECT id FROM small WHERE id > 2500 ORDER BY v <-> '[0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5]' LIMIT 10;
-- One that keeps a hundredth: sorting those rows is faster than the searches that would find ten of them.
EXPLAIN (COSTS OFF) SELECT id FROM small WHERE id > 4950 ORDER BY v <-> '[0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5]' LIMIT 10;
-- 200 rows: sorting them all is faster than a search that would meet nearly every one.
CREATE TABLE tiny AS SELECT * FROM small WHERE id <= 200;
CREATE INDEX tiny_idx ON tiny USING hnsw (v vector_l2_ops);
VACUUM ANALYZE tiny;
EXPLAIN (COSTS OFF) SELECT id FROM tiny ORDER BY v <-> '[0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5]' LIMIT 10;
DROP TABLE small, tiny;
-- pgvector's README FAQ: a partial index on an expression, for one model's embeddings among several. Its
-- query is answered by it with default settings (before, not even with enable_seqscan = off: a btree scan
-- and a sort won).
CREATE TABLE embeddings (id int PRIMARY KEY, model_id int, embedding vector);
INSERT INTO embeddings
SELECT i, i % 10 + 118, ARRAY[sin(i), cos(i), sin(i * 0.5)]::vector FROM generate_series(1, 20000) i;
CREATE INDEX ON embeddings (model_id);
CREATE INDEX embeddings_123 ON embeddings USING hnsw ((embedding::vector(3)) vector_l2_ops) WHERE (model_id = 123);
VACUUM ANALYZE embeddings;
EXPLAIN (COSTS OFF)
SELECT id FROM embeddings WHERE model_id = 123 ORDER BY embedding::vector(3) <-> '[0.3,0.5,0.1]' LIMIT 5;
SELECT id FROM embeddings WHERE model_id = 123 ORDER BY embedding::vector(3) <-> '[0.3,0.5,0.1]' LIMIT 5;
DROP TABLE embeddings;
