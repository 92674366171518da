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

-- Loads `payload` as the one field of a one-row binary COPY file into a column of type `type_name` (through the
-- type's receive function, as a client's binary COPY or binary parameter would) and returns the value as text,
-- or the SQLSTATE and message of the error.
CREATE FUNCTION regress_recv(type_name text, payload bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	path text := '/tmp/vecsearch_regress_' || pg_backend_pid() || '.copy';
	lo oid;
	result text;
BEGIN
	lo := lo_from_bytea(0, '\x5047434f50590aff0d0a00'::bytea || '\x0000000000000000'::bytea || '\x0001'::bytea
	                       || int4send(length(payload)) || payload || '\xffff'::bytea);
	PERFORM lo_export(lo, path);
	PERFORM lo_unlink(lo);
	EXECUTE format('CREATE TEMP TABLE regress_wire (v %s)', type_name);
	EXECUTE format('COPY regress_wire FROM %L (FORMAT binary)', path);
	SELECT v::text INTO result FROM regress_wire;
	DROP TABLE regress_wire;
	RETURN result;
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || SQLERRM;
END $$;

-- regress_try, with the error's DETAIL line when it has one.
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
