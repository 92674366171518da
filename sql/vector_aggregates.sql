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

-- Parallel aggregation combines partial states to the same answer as a serial run.
CREATE TABLE many AS SELECT ARRAY[i % 10, i % 3, 1]::vector AS v FROM generate_series(1, 100000) i;
ANALYZE many;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
EXPLAIN (COSTS OFF) SELECT avg(v), sum(v) FROM many;
SELECT avg(v), sum(v) FROM many;
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
