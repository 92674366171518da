-- The C++/PostgreSQL error boundary: an error raised deep inside C++ (a core Status, a PostgreSQL error met
-- through a guarded call, bad_alloc, a plain C++ exception, a query cancel) reaches the user with its
-- SQLSTATE and message; destructors run on the way out; repeated errors leak nothing.
\set VERBOSITY default
SELECT vecsearch_boundary_selftest('ok');
SELECT vecsearch_boundary_selftest('live_objects');

\set VERBOSITY sqlstate
SELECT vecsearch_boundary_selftest('status');
SELECT vecsearch_boundary_selftest('pg_error');
SELECT vecsearch_boundary_selftest('bad_alloc');
SELECT vecsearch_boundary_selftest('std_exception');
SELECT vecsearch_boundary_selftest('no such scenario');
SET statement_timeout = '200ms';
SELECT vecsearch_boundary_selftest('cancel');
RESET statement_timeout;
\set VERBOSITY default

-- The messages survive intact (the PostgreSQL error keeps its own text).
SELECT s, regress_try(format('SELECT vecsearch_boundary_selftest(%L)', s))
FROM unnest(ARRAY['status', 'pg_error', 'bad_alloc', 'std_exception']) s;

-- Every RAII object built on the way down was destroyed on the way up.
SELECT vecsearch_boundary_selftest('live_objects');

-- Thousands of errors in one session (each caught by a subtransaction) do not grow the backend's memory.
CREATE FUNCTION pg_temp.fail_many(n int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	FOR i IN 1..n LOOP
		BEGIN
			PERFORM vecsearch_boundary_selftest(CASE i % 3 WHEN 0 THEN 'status' WHEN 1 THEN 'pg_error' ELSE 'bad_alloc' END);
		EXCEPTION WHEN OTHERS THEN
			NULL;
		END;
	END LOOP;
END $$;
SELECT pg_temp.fail_many(300);
SELECT sum(total_bytes) > 0 AS warmed_up FROM pg_backend_memory_contexts;
SELECT sum(total_bytes) AS before_bytes FROM pg_backend_memory_contexts \gset
SELECT pg_temp.fail_many(3000);
SELECT sum(total_bytes) - :before_bytes < 65536 AS no_growth FROM pg_backend_memory_contexts;
SELECT vecsearch_boundary_selftest('live_objects');

-- Only superusers may call the hook.
CREATE ROLE vecsearch_regress_user;
SET ROLE vecsearch_regress_user;
\set VERBOSITY sqlstate
SELECT vecsearch_boundary_selftest('ok');
\set VERBOSITY default
RESET ROLE;
DROP ROLE vecsearch_regress_user;
