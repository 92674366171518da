-- Runs first (see REGRESS in the Makefile): helpers the other suites share in the regression database.

-- Runs `query` and returns 'ok', or the SQLSTATE and message of the error it raised: error cases then show
-- in expected output without PostgreSQL's source line numbers.
CREATE FUNCTION regress_try(query text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE query;
	RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || SQLERRM;
END $$;

-- The same, with the error's DETAIL line when it has one.
CREATE FUNCTION regress_try_detail(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	detail text;
BEGIN
	EXECUTE query;
	RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
	RETURN SQLSTATE || ': ' || SQLERRM || CASE WHEN detail <> '' THEN ' DETAIL: ' || detail ELSE '' END;
END $$;
