-- halfvec: half-precision vectors with pgvector's surface. Every expected output here was compared with
-- pgvector 0.8.6 running the same statements (identical).

-- Text input and output: each number is read as float and rounded to binary16 (ties to even); output prints
-- the half's value as float4out would.
SELECT '[1,2,3]'::halfvec, ' [ 1 , -2.5 ,3e2 ] '::halfvec, '[+1]'::halfvec, '[1e-8]'::halfvec, '[6e-8]'::halfvec,
       '[-0]'::halfvec;
SELECT '[0.1,0.2,0.3333333333,65504,65519,-65519,1.0009765625,1.00048828125,1.0014648438]'::halfvec;

-- Input errors: out of half's range (the number quoted as written), NaN/Inf, syntax, dimensions, typmods.
SELECT regress_try_detail(format('SELECT %L::halfvec', t)) AS result, t AS input
FROM unnest(ARRAY['[65520]', '[-65520]', '[100000]', '[1e10]', '[1e39]', '[nan]', '[inf]', '[]', '[1,2]x', '1,2',
                  '[1,,2]', '[1 2]']) t;
SELECT regress_try('SELECT (''['' || repeat(''1,'', 16000) || ''1]'')::halfvec') AS too_many,
       vector_dims(('[' || repeat('1,', 15999) || '1]')::halfvec) AS most;
SELECT regress_try(q) AS result, q AS query
FROM unnest(ARRAY['SELECT ''[1,2,3]''::halfvec(2)', 'SELECT ''[1,2]''::halfvec(0)', 'SELECT ''[1,2]''::halfvec(16001)',
                  'SELECT ''[1,2]''::halfvec(1,2)']) q;

-- A table, every cast into it (assignment casts from arrays, the implicit one from vector), and ordering.
CREATE TABLE h (id int, v halfvec(3));
INSERT INTO h VALUES (1, '[1,2,3]'), (2, '[4,5,6]'), (3, '[1,1,1]'), (4, NULL);
SELECT regress_try('INSERT INTO h VALUES (5, ''[1,2]'')') AS wrong_dims;
INSERT INTO h VALUES (5, ARRAY[1,2,3]), (6, ARRAY[1.5,2,3]::real[]), (7, ARRAY[1,2,3]::float8[]),
                     (8, ARRAY[1,2,3]::numeric[]), (9, '[7,8,9]'::vector);
SELECT * FROM h ORDER BY v, id;

-- Distances (float8, computed in float from the halves) and the index support functions.
SELECT id, v <-> '[1,1,1]' AS l2, v <#> '[1,1,1]' AS neg_ip, v <=> '[1,1,1]' AS cosine, v <+> '[1,1,1]' AS l1
FROM h ORDER BY id;
SELECT id, l2_distance(v, '[1,1,1]'), inner_product(v, '[1,1,1]'), cosine_distance(v, '[1,1,1]'),
       l1_distance(v, '[1,1,1]')
FROM h ORDER BY id;
SELECT id, halfvec_l2_squared_distance(v, '[1,1,1]'), halfvec_negative_inner_product(v, '[1,1,1]'),
       halfvec_spherical_distance(l2_normalize(v), '[1,0,0]')
FROM h ORDER BY id;
SELECT regress_try('SELECT ''[1,2]''::halfvec <-> ''[1,2,3]''') AS different_dims;
SELECT cosine_distance('[0,0]'::halfvec, '[1,1]') AS zero, cosine_distance('[1,1]'::halfvec, '[-1,-1]') AS opposite;
-- Long vectors go through the SIMD kernels (tails included): the same as the vector computation of the values.
SELECT count(*) AS mismatches
FROM generate_series(1, 200) n, LATERAL (SELECT array_agg(((i * 7919 + n) % 200 - 100) / 8.0) AS a,
                                                 array_agg(((i * 104729 + n) % 200 - 100) / 8.0) AS b
                                          FROM generate_series(1, n) i) s
WHERE l2_distance(a::halfvec, b::halfvec) <> l2_distance(a::vector, b::vector)
   OR inner_product(a::halfvec, b::halfvec) <> inner_product(a::vector, b::vector)
   OR l1_distance(a::halfvec, b::halfvec) <> l1_distance(a::vector, b::vector)
   OR cosine_distance(a::halfvec, b::halfvec) IS DISTINCT FROM cosine_distance(a::vector, b::vector);

-- Functions.
SELECT id, vector_dims(v), l2_norm(v), l2_normalize(v), binary_quantize(v), subvector(v, 2, 2) FROM h ORDER BY id;
SELECT l2_normalize('[0,0]'::halfvec), l2_normalize('[6e-8,0]'::halfvec), l2_norm('[65504,65504]'::halfvec),
       binary_quantize('[1,-1,0,-0,0.5,6e-8,-6e-8,2,3]'::halfvec);
SELECT subvector('[1,2,3]'::halfvec, 0, 2), subvector('[1,2,3]'::halfvec, -5, 7),
       regress_try('SELECT subvector(''[1,2,3]''::halfvec, 4, 1)') AS past_the_end,
       regress_try('SELECT subvector(''[1,2,3]''::halfvec, 0, 1)') AS before_the_start;

-- Arithmetic in float, rounded to half; a result beyond half's range is an overflow.
SELECT '[1,2]'::halfvec + '[3,4]', '[1,2]'::halfvec - '[3,4]', '[1,2]'::halfvec * '[3,4]', '[1,2]'::halfvec || '[3,4]';
SELECT regress_try(q) AS result, q AS query
FROM unnest(ARRAY['SELECT ''[60000]''::halfvec + ''[60000]''', 'SELECT ''[-60000]''::halfvec - ''[60000]''',
                  'SELECT ''[300]''::halfvec * ''[300]''', 'SELECT ''[0.001]''::halfvec * ''[0.0001]''',
                  'SELECT ''[1,2]''::halfvec + ''[1,2,3]''']) q;
SELECT regress_try('SELECT (''['' || repeat(''1,'', 7999) || ''1]'')::halfvec || (''['' || repeat(''1,'', 8000) || ''1]'')::halfvec')
       AS concat_too_long;

-- Comparison (a total order: values first, then dimensions) and the btree opclass.
SELECT '[1,2]'::halfvec < '[1,2,3]', '[1,2]'::halfvec = '[1,2]', '[-0]'::halfvec = '[0]', halfvec_cmp('[1,3]', '[1,2,3]');
CREATE INDEX h_v_btree ON h (v);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM h WHERE v = '[1,2,3]';
SELECT id FROM h WHERE v = '[1,2,3]' ORDER BY id;
RESET enable_seqscan;

-- Aggregates (the avg state is vector's: float8[] {count, sums...}).
SELECT avg(v), sum(v) FROM h;
SELECT avg(v) AS avg_minus_zero FROM (VALUES ('[-0,1]'::halfvec)) t(v);
SELECT regress_try('SELECT avg(v) FROM (VALUES (''[60000]''::halfvec), (''[60000]'')) t(v)') AS avg_ok,
       regress_try('SELECT sum(v) FROM (VALUES (''[60000]''::halfvec), (''[60000]'')) t(v)') AS sum_overflow;
SELECT halfvec_accum('{0}', '[1,2]'), halfvec_accum('{5}', '[1,2]'), halfvec_avg('{2,4,6}'),
       halfvec_combine('{1,1,2}', '{2,3,4}');
SELECT regress_try(q) AS result, q AS query
FROM unnest(ARRAY['SELECT halfvec_avg(''{1,100000}'')', 'SELECT halfvec_avg(''{1,1e300}'')',
                  'SELECT halfvec_avg(''{1,NaN}'')', 'SELECT halfvec_accum(''{}'', ''[1]'')',
                  'SELECT halfvec_avg(''{{1}}'')', 'SELECT halfvec_combine(''{{1}}'', ''{0}'')']) q;

-- Casts between halfvec, vector and arrays, and their errors.
SELECT '[1,2]'::halfvec::vector, '[1,2]'::vector::halfvec, '[1.5,2]'::halfvec::real[], '[1e-10]'::vector::halfvec;
SELECT regress_try(q) AS result, q AS query
FROM unnest(ARRAY['SELECT ''[70000]''::vector::halfvec', 'SELECT ARRAY[70000]::halfvec',
                  'SELECT ARRAY[70000]::float8[]::halfvec', 'SELECT ARRAY[1e39]::float8[]::halfvec',
                  'SELECT ARRAY[''NaN'', 70000]::float8[]::halfvec', 'SELECT ARRAY[70000, ''NaN'']::float8[]::halfvec',
                  'SELECT ARRAY[''NaN'']::real[]::halfvec', 'SELECT ARRAY[[1,2]]::halfvec',
                  'SELECT ARRAY[1,NULL]::halfvec', 'SELECT ''{}''::int[]::halfvec', 'SELECT ARRAY[1,2,3]::halfvec(2)',
                  'SELECT array_fill(1, ARRAY[16001])::halfvec', 'SELECT ''[1,2]''::halfvec::halfvec(3)',
                  'SELECT ''[1,2]''::halfvec::vector(3)']) q;
SELECT castsource::regtype, casttarget::regtype,
       CASE castcontext WHEN 'i' THEN 'implicit' WHEN 'a' THEN 'assignment' ELSE 'explicit' END AS context,
       castfunc::regprocedure
FROM pg_cast
WHERE castsource = 'halfvec'::regtype OR casttarget = 'halfvec'::regtype
ORDER BY 1::text, 2::text;
SELECT typname, typlen, typstorage, typalign FROM pg_type WHERE typname = 'halfvec';
SELECT pg_column_size('[1,2,3]'::halfvec) AS bytes;

-- The binary wire format: int16 dims, int16 zero, dims x binary16, network byte order.
SELECT halfvec_send('[1,-2,0.5,65504,6e-8]');
SELECT regress_recv('halfvec', '\x000200003c00bc00') AS ok, regress_recv('halfvec', '\x000100000001') AS subnormal,
       regress_recv('halfvec', halfvec_send('[1,-2,0.5,65504,6e-8]')) AS round_trip;
SELECT regress_recv('halfvec', '\x000100007e00') AS nan, regress_recv('halfvec', '\x000100007c00') AS inf,
       regress_recv('halfvec', '\x000200003c00') AS truncated, regress_recv('halfvec', '\xffff0000') AS negative_dims,
       regress_recv('halfvec', '\x000100013c00') AS unused_not_zero;
DROP TABLE h;
