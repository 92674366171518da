-- hnsw over halfvec, sparsevec and bit: every operator class returns the exact order on small data, as the
-- vector classes do (hnsw_scan), through the index (plans checked); the limits are pgvector's (4,000 halves,
-- 64,000 bits, 1,000 non-zeros); NULL and zero values, inserts after the build, vacuum and the checker; the
-- idioms that index a vector column at half precision or as bits.
CREATE TABLE halves (id int PRIMARY KEY, v halfvec(3));
INSERT INTO halves SELECT i, ARRAY[i % 11, (i * 7) % 13, (i * 3) % 5 + 0.5] FROM generate_series(1, 300) i;
INSERT INTO halves VALUES (1001, NULL), (1002, '[0,0,0]');
CREATE INDEX halves_l2 ON halves USING hnsw (v halfvec_l2_ops);
CREATE INDEX halves_ip ON halves USING hnsw (v halfvec_ip_ops);
CREATE INDEX halves_cosine ON halves USING hnsw (v halfvec_cosine_ops);
CREATE INDEX halves_l1 ON halves USING hnsw (v halfvec_l1_ops) WITH (m = 8, ef_construction = 32);

CREATE TABLE sparse (id int PRIMARY KEY, v sparsevec(30));
INSERT INTO sparse SELECT i, (SELECT array_agg(CASE WHEN g IN (i % 30 + 1, (i * 7) % 30 + 1, (i * 11) % 29 + 1)
                                               THEN (g + i) % 5 + 0.5 ELSE 0 END)
                             FROM generate_series(1, 30) g)::sparsevec(30)
FROM generate_series(1, 300) i;
INSERT INTO sparse VALUES (1001, NULL), (1002, '{}/30');
CREATE INDEX sparse_l2 ON sparse USING hnsw (v sparsevec_l2_ops);
CREATE INDEX sparse_ip ON sparse USING hnsw (v sparsevec_ip_ops);
CREATE INDEX sparse_cosine ON sparse USING hnsw (v sparsevec_cosine_ops);
CREATE INDEX sparse_l1 ON sparse USING hnsw (v sparsevec_l1_ops);

CREATE TABLE bits (id int PRIMARY KEY, v bit(10));
INSERT INTO bits SELECT i, ((i * 37) % 1024)::bit(10) FROM generate_series(1, 300) i;
INSERT INTO bits VALUES (1001, NULL);
CREATE INDEX bits_hamming ON bits USING hnsw (v bit_hamming_ops);
CREATE INDEX bits_jaccard ON bits USING hnsw (v bit_jaccard_ops);
ANALYZE halves, sparse, bits;

-- The first n distances by `op` to `q` (a literal of `tab`'s column type), through whatever plan is chosen, in
-- the order returned (ties make ids within a distance unordered: compare distances).
CREATE FUNCTION pg_temp.knn(tab text, op text, q text, n int) RETURNS text LANGUAGE plpgsql AS $$
DECLARE result text;
BEGIN
	EXECUTE format('SELECT string_agg(d::text, '','' ORDER BY ord) FROM (SELECT row_number() OVER () AS ord, d
	                FROM (SELECT v %s %L AS d FROM %I ORDER BY v %s %L LIMIT %s) s) t', op, q, tab, op, q, n)
	INTO result;
	RETURN result;
END $$;
CREATE TEMP TABLE cases (tab text, op text, q text);
INSERT INTO cases VALUES ('halves', '<->', '[3,1,2]'), ('halves', '<#>', '[3,1,2]'), ('halves', '<=>', '[3,1,2]'),
	('halves', '<+>', '[3,1,2]'), ('sparse', '<->', '{1:2,8:1.5,20:3}/30'), ('sparse', '<#>', '{1:2,8:1.5,20:3}/30'),
	('sparse', '<=>', '{1:2,8:1.5,20:3}/30'), ('sparse', '<+>', '{1:2,8:1.5,20:3}/30'), ('bits', '<~>', '1011001110'),
	('bits', '<%>', '1011001110');

SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM halves ORDER BY v <-> '[3,1,2]' LIMIT 5;
EXPLAIN (COSTS OFF) SELECT id FROM halves ORDER BY v <#> '[3,1,2]' LIMIT 5;
EXPLAIN (COSTS OFF) SELECT id FROM halves ORDER BY v <=> '[3,1,2]' LIMIT 5;
EXPLAIN (COSTS OFF) SELECT id FROM halves ORDER BY v <+> '[3,1,2]' LIMIT 5;
EXPLAIN (COSTS OFF) SELECT id FROM sparse ORDER BY v <-> '{1:2}/30' LIMIT 5;
EXPLAIN (COSTS OFF) SELECT id FROM sparse ORDER BY v <#> '{1:2}/30' LIMIT 5;
EXPLAIN (COSTS OFF) SELECT id FROM sparse ORDER BY v <=> '{1:2}/30' LIMIT 5;
EXPLAIN (COSTS OFF) SELECT id FROM sparse ORDER BY v <+> '{1:2}/30' LIMIT 5;
EXPLAIN (COSTS OFF) SELECT id FROM bits ORDER BY v <~> '1011001110' LIMIT 5;
EXPLAIN (COSTS OFF) SELECT id FROM bits ORDER BY v <%> '1011001110' LIMIT 5;
CREATE TEMP TABLE by_index AS SELECT tab, op, pg_temp.knn(tab, op, q, 10) AS distances FROM cases;
RESET enable_seqscan;
SET enable_indexscan = off;
CREATE TEMP TABLE exact AS SELECT tab, op, pg_temp.knn(tab, op, q, 10) AS distances FROM cases;
RESET enable_indexscan;
SELECT tab, op, i.distances = e.distances AS same_as_exact, i.distances
FROM by_index i JOIN exact e USING (tab, op) ORDER BY tab, op;

-- NULL values are not indexed, nor the zero halfvec under cosine: with ef_search above the row count a scan
-- returns every indexed row. A NULL query and a zero cosine query return rows (an order of no meaning).
SET enable_seqscan = off;
SET hnsw.ef_search = 1000;
SELECT count(*) AS l2_rows, count(*) FILTER (WHERE id = 1002) AS zero_rows
FROM (SELECT id FROM halves ORDER BY v <-> '[1,1,1]' LIMIT 1000) s;
SELECT count(*) AS cosine_rows, count(*) FILTER (WHERE id = 1002) AS zero_rows
FROM (SELECT id FROM halves ORDER BY v <=> '[1,1,1]' LIMIT 1000) s;
SELECT count(*) AS sparse_l2_rows, count(*) FILTER (WHERE id = 1002) AS zero_rows
FROM (SELECT id FROM sparse ORDER BY v <-> '{1:1}/30' LIMIT 1000) s;
SELECT count(*) AS sparse_cosine_rows, count(*) FILTER (WHERE id = 1002) AS zero_rows
FROM (SELECT id FROM sparse ORDER BY v <=> '{1:1}/30' LIMIT 1000) s;
SELECT count(*) AS hamming_rows FROM (SELECT id FROM bits ORDER BY v <~> '0000000000' LIMIT 1000) s;
RESET hnsw.ef_search;
EXPLAIN (COSTS OFF) SELECT id FROM halves ORDER BY v <-> (SELECT NULL::halfvec) LIMIT 5;
SELECT count(*) AS null_query FROM (SELECT id FROM halves ORDER BY v <-> (SELECT NULL::halfvec) LIMIT 5) s;
EXPLAIN (COSTS OFF) SELECT id FROM bits ORDER BY v <~> (SELECT NULL::bit(10)) LIMIT 5;
SELECT count(*) AS null_bit_query FROM (SELECT id FROM bits ORDER BY v <~> (SELECT NULL::bit(10)) LIMIT 5) s;
EXPLAIN (COSTS OFF) SELECT id FROM sparse ORDER BY v <=> (SELECT NULL::sparsevec) LIMIT 5;
SELECT count(*) AS null_sparse_query
FROM (SELECT id FROM sparse ORDER BY v <=> (SELECT NULL::sparsevec) LIMIT 5) s;
SELECT count(*) AS zero_sparse_cosine_query FROM (SELECT id FROM sparse ORDER BY v <=> '{}/30' LIMIT 5) s;
SELECT count(*) AS zero_cosine_query FROM (SELECT id FROM halves ORDER BY v <=> '[0,0,0]' LIMIT 5) s;
SELECT regress_try($$SELECT id FROM halves ORDER BY v <-> '[1,2]' LIMIT 1$$) AS query_dims;
SELECT regress_try($$SELECT id FROM bits ORDER BY v <~> '101' LIMIT 1$$) AS query_bits;
SELECT regress_try($$SELECT id FROM sparse ORDER BY v <-> '{1:1}/31' LIMIT 1$$) AS query_sparse_dims;

-- Rows inserted after the build are found; a duplicate shares its element; deleted rows disappear after VACUUM,
-- and the checker finds nothing wrong in any of the indexes.
INSERT INTO halves VALUES (2001, '[3,1,2.001]'), (2002, '[3,1,2.001]');
INSERT INTO bits VALUES (2001, '1011001110'), (2002, '1011001110');
INSERT INTO sparse VALUES (2001, '{1:7,2:7}/30'), (2002, '{1:7,2:7}/30');
SELECT id FROM sparse ORDER BY v <-> '{1:7,2:7}/30', id LIMIT 2;
SELECT id FROM halves ORDER BY v <-> '[3,1,2.001]', id LIMIT 2;
SELECT id FROM bits ORDER BY v <~> '1011001110', id LIMIT 2;
DELETE FROM halves WHERE id % 3 = 0;
DELETE FROM bits WHERE id % 3 = 0;
DELETE FROM sparse WHERE id % 3 = 0;
VACUUM halves, sparse, bits;
SELECT count(*) AS deleted_returned
FROM (SELECT id FROM sparse ORDER BY v <-> '{1:2}/30' LIMIT 50) s WHERE id % 3 = 0;
SELECT count(*) AS deleted_returned FROM (SELECT id FROM halves ORDER BY v <-> '[3,1,2]' LIMIT 50) s WHERE id % 3 = 0;
SELECT count(*) AS deleted_returned FROM (SELECT id FROM bits ORDER BY v <~> '1011001110' LIMIT 50) s WHERE id % 3 = 0;
SELECT i.relname, count(c.*) AS problems
FROM pg_class i LEFT JOIN LATERAL vecsearch_hnsw_check(i.oid) c ON true
WHERE i.relname IN ('halves_l2', 'halves_ip', 'halves_cosine', 'halves_l1', 'sparse_l2', 'sparse_ip', 'sparse_cosine',
                    'sparse_l1', 'bits_hamming', 'bits_jaccard')
GROUP BY i.relname ORDER BY i.relname;
RESET enable_seqscan;

-- Limits and refusals, in pgvector's words.
CREATE TABLE limits (h4000 halfvec(4000), h4001 halfvec(4001), h halfvec, b64000 bit(64000), b64001 bit(64001),
                     b bit varying(8), s sparsevec(1000000000), sn sparsevec);
SELECT regress_try('CREATE INDEX ON limits USING hnsw (h4001 halfvec_l2_ops)') AS halfvec_4001;
SELECT regress_try('CREATE INDEX ON limits USING hnsw (h halfvec_l2_ops)') AS halfvec_no_typmod;
SELECT regress_try('CREATE INDEX ON limits USING hnsw (b64001 bit_hamming_ops)') AS bit_64001;
SELECT regress_try('CREATE INDEX ON limits USING hnsw (b bit_hamming_ops)') AS varbit;
SELECT regress_try('CREATE INDEX ON limits USING hnsw (sn sparsevec_l2_ops)') AS sparsevec_no_typmod;
CREATE INDEX limits_s ON limits USING hnsw (s sparsevec_cosine_ops);
INSERT INTO limits (s) SELECT ('{' || string_agg(i || ':1', ',') || ',1000000000:2}/1000000000')::sparsevec
FROM generate_series(1, 999) i;
SELECT regress_try($$INSERT INTO limits (s) SELECT ('{' || string_agg(i || ':1', ',') || '}/1000000000')::sparsevec
                     FROM generate_series(1, 1001) i$$) AS nonzeros_1001;
INSERT INTO limits (h4000, b64000) SELECT array_fill(i, ARRAY[4000])::halfvec, repeat(i::text, 64000)::bit(64000)
FROM generate_series(0, 1) i;
CREATE INDEX limits_h ON limits USING hnsw (h4000 halfvec_l2_ops);
CREATE INDEX limits_b ON limits USING hnsw (b64000 bit_hamming_ops);
SET enable_seqscan = off;
SELECT vector_dims(h4000) FROM limits ORDER BY h4000 <-> array_fill(1, ARRAY[4000])::halfvec LIMIT 1;
SELECT length(b64000), bit_count(b64000) FROM limits ORDER BY b64000 <~> repeat('1', 64000)::bit(64000) LIMIT 1;
EXPLAIN (COSTS OFF) SELECT s FROM limits ORDER BY s <=> '{1000000000:1}/1000000000' LIMIT 1;
SELECT l2_norm(s)::numeric(10,4) FROM limits ORDER BY s <=> '{1000000000:1}/1000000000' LIMIT 1;
SELECT count(*) AS problems FROM vecsearch_hnsw_check('limits_s');
RESET enable_seqscan;
DROP TABLE limits;

-- Indexing a vector column at half precision (the usual way past 2,000 dimensions) and as bits with a re-rank.
CREATE TABLE docs (id int, v vector(3));
INSERT INTO docs SELECT i, ARRAY[sin(i), cos(i), sin(i * 0.3)] FROM generate_series(1, 200) i;
CREATE INDEX docs_half ON docs USING hnsw ((v::halfvec(3)) halfvec_cosine_ops);
CREATE INDEX docs_bits ON docs USING hnsw ((binary_quantize(v)::bit(3)) bit_hamming_ops);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM docs ORDER BY v::halfvec(3) <=> '[0.5,0.5,0.1]' LIMIT 5;
SELECT (SELECT array_agg(id) FROM (SELECT id FROM docs ORDER BY v::halfvec(3) <=> '[0.5,0.5,0.1]' LIMIT 5) s) =
       (SELECT array_agg(id) FROM (SELECT id FROM docs ORDER BY v <=> '[0.5,0.5,0.1]' LIMIT 5) s) AS same_top5;
EXPLAIN (COSTS OFF) SELECT id FROM (SELECT id, v FROM docs ORDER BY binary_quantize(v)::bit(3) <~> '110' LIMIT 20) s
ORDER BY v <=> '[0.5,0.5,0.1]' LIMIT 5;
RESET enable_seqscan;
DROP TABLE docs;
