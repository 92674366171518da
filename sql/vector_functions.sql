-- Operators and functions over `vector`: distances, arithmetic, comparison, norms, subvector, quantization.
-- Distances, as operators and functions.
SELECT '[1,2,3]'::vector <-> '[4,6,8]' AS l2, l2_distance('[1,2,3]', '[4,6,8]'::vector),
       vector_l2_squared_distance('[1,2,3]', '[4,6,8]');
SELECT '[1,2,3]'::vector <#> '[4,5,6]' AS negative_ip, inner_product('[1,2,3]', '[4,5,6]'::vector),
       vector_negative_inner_product('[1,2,3]', '[4,5,6]');
SELECT '[1,1]'::vector <=> '[-1,-1]' AS opposite, '[1,0]'::vector <=> '[0,2]' AS orthogonal,
       '[3,4]'::vector <=> '[6,8]' AS same_direction, cosine_distance('[1,2]', '[2,4]'::vector);
SELECT '[1,2,3]'::vector <+> '[4,0,8]' AS l1, l1_distance('[1,2,3]', '[4,0,8]'::vector);
SELECT vector_spherical_distance('[1,0]', '[0,1]'), vector_spherical_distance('[1,0]', '[-1,0]'),
       vector_spherical_distance('[1,0]', '[1,0]');
-- Zero vectors have no direction: cosine distance is NaN, not an error.
SELECT '[0,0]'::vector <=> '[1,1]' AS zero_cosine, '[0,0]'::vector <-> '[0,0]' AS zero_l2;
-- Long vectors exercise the SIMD main loops and tails (results are exact on small integers).
SELECT v <-> w AS l2, v <#> w AS negative_ip, v <+> w AS l1, round((v <=> w)::numeric, 12) AS cosine
FROM (SELECT array_agg(i % 7)::vector AS v, array_agg(i % 5 - 2)::vector AS w FROM generate_series(1, 1537) i) s;
SELECT n, ('[' || array_to_string(array_fill(1, ARRAY[n]), ',') || ']')::vector <->
          ('[' || array_to_string(array_fill(3, ARRAY[n]), ',') || ']')::vector AS l2
FROM unnest(ARRAY[1, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 127, 128, 129]) n;

-- Dimension mismatch is an error for every binary operation.
SELECT regress_try(format('SELECT ''[1,2]''::vector %s ''[1,2,3]''::vector', op)) AS result, op
FROM unnest(ARRAY['<->', '<#>', '<=>', '<+>', '+', '-', '*']) op;
SELECT regress_try('SELECT vector_l2_squared_distance(''[1,2]'', ''[1,2,3]'')');

-- Arithmetic.
SELECT '[1,2,3]'::vector + '[4,5,6]' AS sum, '[1,2,3]'::vector - '[4,5,6]' AS difference,
       '[1,2,3]'::vector * '[4,5,6]' AS product, '[1,2]'::vector || '[3]' AS concatenated;
SELECT regress_try('SELECT ''[3e38]''::vector + ''[3e38]''') AS add_overflow,
       regress_try('SELECT ''[-3e38]''::vector - ''[3e38]''') AS sub_overflow,
       regress_try('SELECT ''[1e30]''::vector * ''[1e30]''') AS mul_overflow,
       regress_try('SELECT ''[1e-30]''::vector * ''[1e-30]''') AS mul_underflow;
SELECT vector_dims(array_fill(1, ARRAY[8000])::vector || array_fill(1, ARRAY[8000])::vector);
SELECT regress_try('SELECT array_fill(1, ARRAY[8000])::vector || array_fill(1, ARRAY[8001])::vector');

-- Comparison: element by element, then the shorter vector first.
SELECT '[1,2]'::vector < '[1,2,3]' AS shorter_first, '[1,3]'::vector > '[1,2,3]' AS element_first,
       '[1,2]'::vector = '[1,2]' AS equal, '[1,2]'::vector <> '[1,2]' AS not_equal,
       '[1,2]'::vector <= '[1,2]' AS le, '[1,2]'::vector >= '[1,3]' AS ge,
       vector_cmp('[1,2]', '[1,1]'), vector_cmp('[1]', '[1,0]'), vector_cmp('[5]', '[5]');
CREATE TABLE ordered (v vector);
INSERT INTO ordered VALUES ('[1,2,3]'), ('[1,2]'), ('[0,9]'), ('[1,1,1,1]'), (NULL), ('[-1]'), ('[1,2]');
SELECT v FROM ordered ORDER BY v;
SELECT DISTINCT v FROM ordered ORDER BY v;
CREATE INDEX ON ordered USING btree (v);
SET enable_seqscan = off;
SELECT v FROM ordered WHERE v > '[1,1]' ORDER BY v;
RESET enable_seqscan;
DROP TABLE ordered;

-- Norms and other functions.
SELECT vector_dims('[1,2,3]'::vector), vector_norm('[3,4]'), vector_norm('[0,0]');
SELECT l2_normalize('[3,4]'::vector), l2_normalize('[0,0]'::vector), l2_normalize('[-5]'::vector);
SELECT binary_quantize('[1,-1,0,2,3,4,5,6,7,-1]'::vector), binary_quantize('[0.5]'::vector);
SELECT pg_typeof(binary_quantize('[1]'::vector));

-- subvector(v, start, count): 1-based and clamped like substring; an empty result is an error.
SELECT subvector('[1,2,3,4,5]'::vector, 1, 3), subvector('[1,2,3,4,5]'::vector, 3, 3),
       subvector('[1,2,3,4,5]'::vector, 0, 3), subvector('[1,2,3,4,5]'::vector, 4, 10),
       subvector('[1,2,3,4,5]'::vector, 2, 2147483647), subvector('[1,2,3,4,5]'::vector, -1, 4);
SELECT regress_try(format('SELECT subvector(''[1,2,3]''::vector, %s, %s)', s, c)) AS result, s AS start, c AS count
FROM (VALUES (1, 0), (4, 1), (2147483647, 10), (2147483647, 2147483647), (-5, 3), (1, -1), (-2147483648, -2147483648)) t(s, c);
