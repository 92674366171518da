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
