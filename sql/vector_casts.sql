-- Casts between `vector` and arrays, the typmod coercion, and their contexts (which decide what INSERT and
-- function calls accept).
SELECT ARRAY[1,2,3]::vector, ARRAY[1.5,2.5]::real[]::vector, ARRAY[1.25,-2]::float8[]::vector,
       ARRAY[1.5,2.25]::numeric[]::vector;
SELECT '[1,2.5,3]'::vector::real[], array_to_vector(ARRAY[1,2], 2, true), vector_to_float4('[7,8]', -1, false);
SELECT ARRAY[1,2,3]::vector(3), regress_try('SELECT ARRAY[1,2,3]::vector(2)');

-- Errors: NULL elements, empty arrays, too many elements, NaN/Infinity, values beyond float4.
SELECT regress_try(q) AS result, q AS query
FROM unnest(ARRAY[
	'SELECT ARRAY[1,NULL]::vector',
	'SELECT ARRAY[NULL]::real[]::vector',
	'SELECT ''{}''::real[]::vector',
	'SELECT ''{}''::int[]::vector',
	'SELECT array_fill(1, ARRAY[16001])::vector',
	'SELECT ARRAY[''NaN'']::real[]::vector',
	'SELECT ARRAY[''Infinity'']::float8[]::vector',
	'SELECT ARRAY[''-Infinity'']::real[]::vector',
	'SELECT ARRAY[''NaN'']::numeric[]::vector',
	'SELECT ARRAY[1e39]::float8[]::vector',
	'SELECT ARRAY[1e39]::numeric[]::vector',
	'SELECT ARRAY[1e-50]::float8[]::vector',
	'SELECT ARRAY[[1,2],[3,4]]::vector',
	'SELECT ARRAY[[1,2],[3,4]]::real[]::vector',
	'SELECT ARRAY[[1,2],[3,4]]::float8[]::vector',
	'SELECT ARRAY[[1,2],[3,4]]::numeric[]::vector',
	'SELECT ''{{1}}''::int[]::vector',
	'SELECT ARRAY[4e38]::float8[]::vector'
]) q;

-- float8 values become float first, as pgvector converts them: FLT_MAX as it prints (3.4028235e38, above
-- FLT_MAX as a double) rounds to FLT_MAX and survives a client's float8[] round trip.
SELECT ARRAY[3.4028235e38, -3.4028235e38]::float8[]::vector AS flt_max;
SELECT '[3.4028235e38,1.5]'::vector::real[]::float8[]::vector = '[3.4028235e38,1.5]'::vector AS round_trip;

-- Contexts as a user meets them: assignment casts let INSERT take arrays; vector to real[] is implicit.
CREATE TABLE items (v vector(3));
INSERT INTO items VALUES (ARRAY[1,2,3]), (ARRAY[4,5,6]::real[]), (ARRAY[7,8,9]::float8[]), (ARRAY[1,1,1]::numeric[]);
SELECT regress_try('INSERT INTO items VALUES (ARRAY[[1,2],[3,4]]::real[])') AS insert_2d;
SELECT v FROM items ORDER BY v;
CREATE FUNCTION pg_temp.first_element(a real[]) RETURNS real LANGUAGE sql AS 'SELECT a[1]';
SELECT pg_temp.first_element(v) FROM items ORDER BY v;
SELECT regress_try('SELECT l2_distance(ARRAY[1,2,3]::int[], ''[1,2,3]''::vector)') AS no_implicit_array_cast;
DROP TABLE items;

SELECT castsource::regtype, casttarget::regtype,
       CASE castcontext WHEN 'i' THEN 'implicit' WHEN 'a' THEN 'assignment' ELSE 'explicit' END AS context,
       castfunc::regprocedure
FROM pg_cast
WHERE castsource = 'vector'::regtype OR casttarget = 'vector'::regtype
ORDER BY 1::text, 2::text;
