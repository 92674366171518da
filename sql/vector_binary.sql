-- The binary wire format (vector_send / vector_recv, as used by binary COPY and client libraries):
-- int16 dims, int16 zero, dims x float4, all in network byte order.
CREATE TABLE wire (v vector);

-- Writes a one-column binary COPY file holding `payload` as the field, loads it, and reports the result.
CREATE FUNCTION pg_temp.recv(payload bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	path text := '/tmp/vecsearch_regress_' || pg_backend_pid() || '.copy';
	lo oid;
	result text;
BEGIN
	lo := lo_from_bytea(0, '\x5047434f50590aff0d0a00'::bytea || '\x0000000000000000'::bytea || '\x0001'::bytea
	                       || int4send(length(payload)) || payload || '\xffff'::bytea);
	PERFORM lo_export(lo, path);
	PERFORM lo_unlink(lo);
	TRUNCATE wire;
	EXECUTE format('COPY wire FROM %L (FORMAT binary)', path);
	SELECT v::text INTO result FROM wire;
	RETURN result;
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || SQLERRM;
END $$;

-- Send: exact bytes.
SELECT vector_send('[1,2,3]');
SELECT vector_send('[-0,1.5,-2e-10]');

-- Receive: round trip and the bytes a client would send.
SELECT pg_temp.recv('\x000300003f8000004000000040400000');
SELECT pg_temp.recv(vector_send('[-0,1.5,-2e-10,3.4028235e38]'));

-- Bad binary input: dims out of range, unused field not zero, too few or too many bytes, NaN/Inf payloads.
SELECT pg_temp.recv('\x00000000') AS zero_dims;
SELECT pg_temp.recv('\xffff0000') AS negative_dims;
SELECT pg_temp.recv('\x3e810000') AS too_many_dims;
SELECT pg_temp.recv('\x000100013f800000') AS unused_not_zero;
SELECT pg_temp.recv('\x000200003f800000') AS truncated;
SELECT pg_temp.recv('\x0002') AS truncated_header;
SELECT pg_temp.recv('\x000100003f80000000') AS trailing_byte;
SELECT pg_temp.recv('\x000100007fc00000') AS nan;
SELECT pg_temp.recv('\x00010000ff800000') AS minus_infinity;

-- Binary COPY out and back in reproduces every value exactly.
CREATE TABLE wire_source AS
SELECT i, ARRAY[i * 0.1, -i * 1e-3, i * 12345.678]::real[]::vector AS v FROM generate_series(1, 50) i;
DO $$
DECLARE
	path text := '/tmp/vecsearch_regress_' || pg_backend_pid() || '.roundtrip';
BEGIN
	EXECUTE format('COPY wire_source TO %L (FORMAT binary)', path);
	CREATE TEMP TABLE wire_copy (i int, v vector);
	EXECUTE format('COPY wire_copy FROM %L (FORMAT binary)', path);
END $$;
SELECT count(*) AS rows, count(*) FILTER (WHERE s.v = c.v AND s.v::text = c.v::text) AS identical
FROM wire_source s JOIN wire_copy c USING (i);
DROP TABLE wire, wire_source;
