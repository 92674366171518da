-- The binary wire format (vector_send / vector_recv, as used by binary COPY and client libraries):
-- int16 dims, int16 zero, dims x float4, all in network byte order.

-- Send: exact bytes.
SELECT vector_send('[1,2,3]');
SELECT vector_send('[-0,1.5,-2e-10]');

-- Receive: round trip and the bytes a client would send.
SELECT regress_recv('vector', '\x000300003f8000004000000040400000');
SELECT regress_recv('vector', vector_send('[-0,1.5,-2e-10,3.4028235e38]'));

-- Bad binary input: dims out of range, unused field not zero, too few or too many bytes, NaN/Inf payloads.
SELECT regress_recv('vector', '\x00000000') AS zero_dims;
SELECT regress_recv('vector', '\xffff0000') AS negative_dims;
SELECT regress_recv('vector', '\x3e810000') AS too_many_dims;
SELECT regress_recv('vector', '\x000100013f800000') AS unused_not_zero;
SELECT regress_recv('vector', '\x000200003f800000') AS truncated;
SELECT regress_recv('vector', '\x0002') AS truncated_header;
SELECT regress_recv('vector', '\x000100003f80000000') AS trailing_byte;
SELECT regress_recv('vector', '\x000100007fc00000') AS nan;
SELECT regress_recv('vector', '\x00010000ff800000') AS minus_infinity;

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
DROP TABLE wire_source;
