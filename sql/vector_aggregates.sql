-- avg(vector) and sum(vector), serial and parallel.
SELECT avg(v), sum(v) FROM (VALUES ('[1,2]'::vector), ('[3,5]'), (NULL)) t(v);
SELECT avg(v), sum(v) FROM (VALUES (NULL::vector)) t(v);
SELECT avg(v), sum(v) FROM (SELECT '[1]'::vector WHERE false) t(v);
SELECT g, avg(v), sum(v) FROM (VALUES (1, '[1,1]'::vector), (1, '[3,3]'), (2, '[10,20]')) t(g, v) GROUP BY g ORDER BY g;
SELECT regress_try('SELECT avg(v) FROM (VALUES (''[1,2]''::vector), (''[1,2,3]'')) t(v)') AS avg_mixed_dims,
       regress_try('SELECT sum(v) FROM (VALUES (''[1,2]''::vector), (''[1,2,3]'')) t(v)') AS sum_mixed_dims,
       regress_try('SELECT sum(v) FROM (VALUES (''[3e38]''::vector), (''[3e38]'')) t(v)') AS sum_overflow;

-- The support functions directly.
SELECT vector_accum('{0}', '[1,2]'), vector_accum('{1,1,2}', '[3,4]'), vector_avg('{2,4,6}');
SELECT vector_combine('{1,1,2}', '{2,3,4}'), vector_combine('{0}', '{1,1,2}'), vector_combine('{1,1,2}', '{0}');
SELECT regress_try('SELECT vector_combine(''{1,1,2}'', ''{1,1,2,3}'')') AS combine_mismatch,
       regress_try('SELECT vector_avg(''{}'')') AS avg_empty_state,
       regress_try('SELECT vector_accum(''{1,2}'', ''[1,2]'')') AS accum_mismatch;
-- As pgvector's: a state that counted no rows yields the other one, first argument first; a state without sums
-- takes the vector as it is (its count kept, -0 kept); a mean beyond float range or NaN is not allowed (22000).
SELECT vector_combine('{0,5}', '{0,7}') AS both_empty, vector_accum('{5}', '[1,2]') AS counted,
       vector_accum('{0}', '[-0,1]') AS minus_zero, vector_avg('{-1,2}') AS minus_two;
SELECT regress_try('SELECT vector_avg(''{0.5,1e300}'')') AS avg_beyond_float,
       regress_try('SELECT vector_avg(''{1,NaN}'')') AS avg_nan;
SELECT regress_try('SELECT vector_combine(''{1,1e308}'', ''{2,1e308}'')') AS combine_overflow,
       regress_try(format('SELECT vector_combine(%L, ''{0}'')', '{1' || repeat(',1', 16001) || '}')) AS combine_16001,
       regress_try(format('SELECT vector_avg(%L)', '{1' || repeat(',1', 16001) || '}')) AS avg_16001;
-- A malformed state names the function, an internal error (XX000) as in pgvector.
SELECT regress_try(q) AS result, q AS query
FROM unnest(ARRAY[
	'SELECT vector_combine(''{{1,5}}'', ''{0,7}'')',
	'SELECT vector_combine(''{1,NULL}'', ''{0,7}'')',
	'SELECT vector_combine(''{0,7}'', ''{}'')',
	'SELECT vector_accum(''{}'', ''[1,2]'')',
	'SELECT vector_accum(''{{0}}'', ''[1,2]'')',
	'SELECT vector_avg(''{{2,4,6}}'')'
]) q;
SELECT avg(v) AS avg_minus_zero FROM (VALUES ('[-0,1]'::vector)) t(v);

-- Parallel aggregation combines partial states to the same answer as a serial run.
CREATE TABLE many AS SELECT ARRAY[i % 10, i % 3, 1]::vector AS v FROM generate_series(1, 100000) i;
ANALYZE many;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
EXPLAIN (COSTS OFF) SELECT avg(v), sum(v) FROM many;
SELECT avg(v), sum(v) FROM many;
-- An empty table under a parallel plan: NULL (pgvector raises 22000 "vector must have at least 1 dimension"
-- when it combines the workers' empty states).
CREATE TABLE none_here (v vector(2));
ALTER TABLE none_here SET (parallel_workers = 2);
EXPLAIN (COSTS OFF) SELECT avg(v) FROM none_here;
SELECT avg(v) AS empty_parallel_avg, sum(v) AS empty_parallel_sum FROM none_here;
DROP TABLE none_here;
SET max_parallel_workers_per_gather = 0;
SELECT avg(v), sum(v) FROM many;
RESET ALL;
DROP TABLE many;

-- Every function is immutable, strict and parallel safe, except the aggregates themselves, the index AM handler,
-- the index checker, the self-test hook and the SIMD report.
SELECT p.oid::regprocedure, p.provolatile, p.proisstrict, p.proparallel
FROM pg_proc p JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'vecsearch')
  AND NOT (p.provolatile = 'i' AND p.proisstrict AND p.proparallel = 's')
ORDER BY 1::text;
SELECT count(*) AS aggregates_parallel_safe FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
WHERE p.proname IN ('avg', 'sum') AND p.proargtypes[0] = 'vector'::regtype AND p.proparallel = 's'
  AND a.aggcombinefn <> 0;
