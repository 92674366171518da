-- sparsevec: sparse vectors with pgvector's surface. Every expected output here was compared with pgvector 0.8.6
-- running the same statements (identical).

-- Text: {index:value,...}/dimensions, 1-based indices in any order (stored sorted), zeros dropped.
SELECT '{1:1.5,3:-2}/5'::sparsevec, '{}/3'::sparsevec, ' { 3 : 2 , 1 : 1 } / 4 '::sparsevec, '{1:0,2:1}/2'::sparsevec;

-- Input errors, in pgvector's order of checks (the non-zero limit first, typmod before the indices).
SELECT regress_try_detail(format('SELECT %L::sparsevec', t)) AS result, t AS input
FROM unnest(ARRAY['{1:1e-50}/1', '{2:1e-46}/3', '{1:1e39}/3', '{1:nan}/3', '{1:inf}/3', '{1:1,1:2}/3', '{0:1}/3',
                  '{4:1}/3', '{4:0}/3', '{-1:1}/3', '{99999999999:1}/3', '{2:1,2:2,9:1}/3', '{1:1}/0', '{1:1}/-5',
                  '{1:1}/1000000001', '{}/1000000000', '{1:1}/99999999999', '{1:1}', '{1:1}/3x', '{1:1}/', '{1:1}/x',
                  '[1,2]', '', '{1:}/3', '{:1}/3', '{1 1}/3', '{1:1,}/3', '{1:1 2:2}/3', '{a:1}/3', '{1.5:1}/3', '{1:1',
                  '{1:1,']) t;
SELECT regress_try(format('SELECT %L::sparsevec', '{' || repeat('1:1,', 16000) || '1:1}/3')) AS too_many,
       regress_try(format('SELECT %L::sparsevec', '{' || repeat(',', 16000) || '}/3')) AS too_many_commas,
       l2_norm(('{' || (SELECT string_agg(i || ':' || i, ',') FROM generate_series(1, 16000) i) || '}/16000')::sparsevec)
       > 0 AS most;
SELECT regress_try(q) AS result, q AS query
FROM unnest(ARRAY['SELECT ''{5:1}/3''::sparsevec(4)', 'SELECT ''{1:1}/3''::sparsevec(4)',
                  'SELECT ''{1:1}/3''::sparsevec(0)', 'SELECT ''{1:1}/3''::sparsevec(1000000001)',
                  'SELECT ''{1:1}/3''::sparsevec(1,2)']) q;

-- A table, the casts into it, and the order (values compared as if dense, then dimensions).
CREATE TABLE s (id int, v sparsevec(5));
INSERT INTO s VALUES (1, '{1:1,3:2}/5'), (2, '{2:-1,5:3}/5'), (3, '{}/5'), (4, NULL), (5, '{1:1,2:1,3:1,4:1,5:1}/5'),
                     (6, '{3:-2}/5'), (7, '{1:-1}/5'), (8, '{5:1e-3}/5');
INSERT INTO s VALUES (9, ARRAY[1,0,2,0,0]), (10, '[0,0,0,0,4]'::vector), (11, '[0,1,0,0,0]'::halfvec),
                     (12, ARRAY[0.5,0,0,0,1]::real[]), (13, ARRAY[0,0,0,0,1]::float8[]), (14, ARRAY[0,0,0,0,1.25]::numeric[]);
SELECT regress_try('INSERT INTO s VALUES (15, ''{1:1}/4'')') AS wrong_dims;
SELECT * FROM s ORDER BY v, id;

-- Distances (one merge pass over both index lists) and comparisons, every pair.
SELECT a.id AS a, b.id AS b, a.v <-> b.v AS l2, a.v <#> b.v AS neg_ip, a.v <=> b.v AS cosine, a.v <+> b.v AS l1,
       a.v < b.v AS lt, a.v = b.v AS eq, sparsevec_cmp(a.v, b.v) AS cmp
FROM s a, s b WHERE a.id IN (1, 2, 3, 5, 6, 8, 12) AND b.id IN (1, 2, 3, 6, 9, 12) ORDER BY 1, 2;
SELECT id, l2_distance(v, '{2:1}/5'), inner_product(v, '{2:1}/5'), cosine_distance(v, '{2:1}/5'),
       l1_distance(v, '{2:1}/5'), sparsevec_l2_squared_distance(v, '{2:1}/5'),
       sparsevec_negative_inner_product(v, '{2:1}/5'), l2_norm(v), l2_normalize(v)
FROM s ORDER BY id;
SELECT regress_try('SELECT ''{1:1}/3''::sparsevec <-> ''{1:1}/4''') AS different_dims;
SELECT l2_normalize('{1:1e-38,2:1e38}/2'::sparsevec) AS underflow_dropped, l2_normalize('{1:3e38,2:3e38}/2'::sparsevec),
       l2_normalize('{}/2'::sparsevec) AS zero;
SELECT '{1:1}/3'::sparsevec < '{1:1}/4', '{1:1}/3'::sparsevec = '{1:1}/3', '{}/3'::sparsevec < '{2:-1}/3',
       '{3:1}/3'::sparsevec > '{1:1}/2', '{1:1,2:1}/3'::sparsevec > '{1:1}/3', '{1:1,3:-1}/3'::sparsevec < '{1:1}/2';
CREATE INDEX s_v_btree ON s (v);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM s WHERE v = '{1:1,3:2}/5';
SELECT id FROM s WHERE v = '{1:1,3:2}/5' ORDER BY id;
RESET enable_seqscan;

-- Casts to and from vector and halfvec, from arrays, and their errors.
SELECT '{1:1.5,3:-2}/5'::sparsevec::vector, '{1:1.5,3:-2}/5'::sparsevec::halfvec, '[1,0,-2]'::vector::sparsevec,
       '[1,0,-2]'::halfvec::sparsevec;
SELECT regress_try(q) AS result, q AS query
FROM unnest(ARRAY['SELECT ''{1:70000}/3''::sparsevec::halfvec', 'SELECT ''{1:1}/16001''::sparsevec::vector',
                  'SELECT ''{1:1}/16001''::sparsevec::halfvec', 'SELECT ''{1:1}/3''::sparsevec::vector(4)',
                  'SELECT ''[1,2]''::vector::sparsevec(3)', 'SELECT ARRAY[1,NULL]::sparsevec',
                  'SELECT ARRAY[[1,2]]::sparsevec', 'SELECT ''{}''::int[]::sparsevec',
                  'SELECT ARRAY[''NaN'',0,1]::float8[]::sparsevec', 'SELECT ARRAY[1e39,0]::float8[]::sparsevec',
                  'SELECT ARRAY[0,0]::int[]::sparsevec', 'SELECT array_fill(1, ARRAY[16001])::sparsevec',
                  'SELECT array_fill(0, ARRAY[20000])::sparsevec',
                  'SELECT array_fill(1, ARRAY[16001])::vector::sparsevec']) q;
SELECT castsource::regtype, casttarget::regtype,
       CASE castcontext WHEN 'i' THEN 'implicit' WHEN 'a' THEN 'assignment' ELSE 'explicit' END AS context,
       castfunc::regprocedure
FROM pg_cast
WHERE castsource = 'sparsevec'::regtype OR casttarget = 'sparsevec'::regtype
ORDER BY 1::text, 2::text;
SELECT typname, typlen, typstorage, typalign FROM pg_type WHERE typname = 'sparsevec';
SELECT pg_column_size('{1:1,3:2}/5'::sparsevec) AS bytes;

-- The binary wire format: int32 dims, int32 nnz, int32 zero, nnz x int32 0-based indices, nnz x float4.
SELECT sparsevec_send('{1:1.5,3:-2}/5');
SELECT regress_recv('sparsevec', sparsevec_send('{1:1.5,3:-2}/5')) AS round_trip;
SELECT regress_recv('sparsevec', p) AS result, p AS payload
FROM unnest(ARRAY['\x0000000500000001000000000000000100000000'::bytea, -- a zero value
                  '\x0000000500000002000000000000000300000001' || '\x3f80000040000000'::bytea, -- descending
                  '\x0000000500000002000000000000000100000001' || '\x3f80000040000000'::bytea, -- duplicate
                  '\x000000050000000100000000000000053f800000'::bytea, -- out of bounds
                  '\x00000005ffffffff00000000'::bytea, '\x000000050000000600000000'::bytea,
                  '\x0000000500003e8100000000'::bytea, '\x000000000000000000000000'::bytea,
                  '\x000000050000000000000001'::bytea, '\x00000005000000020000000000000000'::bytea,
                  '\x000000050000000100000000000000007fc00000'::bytea]) p;
DROP TABLE s;
