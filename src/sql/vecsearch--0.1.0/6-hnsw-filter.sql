-- Filter columns: the key columns after the vector (README's "Filtered search"). Their values are stored beside
-- each element and a scan checks its conditions on them during the graph walk: strategies 1-5 are the
-- comparisons, 6 is <> (an index condition here, unlike btree's), 7-9 the array operators. Families hold the
-- cross-type comparisons, as btree's do, so that `bigint_column = 5` and `date_column < now()` are index
-- conditions too.
CREATE OPERATOR FAMILY integer_filter_ops USING hnsw;
CREATE OPERATOR CLASS int2_filter_ops DEFAULT FOR TYPE int2 USING hnsw FAMILY integer_filter_ops AS
	OPERATOR 1 pg_catalog.< (int2, int2),
	OPERATOR 2 pg_catalog.<= (int2, int2),
	OPERATOR 3 pg_catalog.= (int2, int2),
	OPERATOR 4 pg_catalog.>= (int2, int2),
	OPERATOR 5 pg_catalog.> (int2, int2),
	OPERATOR 6 pg_catalog.<> (int2, int2);
CREATE OPERATOR CLASS int4_filter_ops DEFAULT FOR TYPE int4 USING hnsw FAMILY integer_filter_ops AS
	OPERATOR 1 pg_catalog.< (int4, int4),
	OPERATOR 2 pg_catalog.<= (int4, int4),
	OPERATOR 3 pg_catalog.= (int4, int4),
	OPERATOR 4 pg_catalog.>= (int4, int4),
	OPERATOR 5 pg_catalog.> (int4, int4),
	OPERATOR 6 pg_catalog.<> (int4, int4);
CREATE OPERATOR CLASS int8_filter_ops DEFAULT FOR TYPE int8 USING hnsw FAMILY integer_filter_ops AS
	OPERATOR 1 pg_catalog.< (int8, int8),
	OPERATOR 2 pg_catalog.<= (int8, int8),
	OPERATOR 3 pg_catalog.= (int8, int8),
	OPERATOR 4 pg_catalog.>= (int8, int8),
	OPERATOR 5 pg_catalog.> (int8, int8),
	OPERATOR 6 pg_catalog.<> (int8, int8);
ALTER OPERATOR FAMILY integer_filter_ops USING hnsw ADD
	OPERATOR 1 pg_catalog.< (int2, int4),
	OPERATOR 2 pg_catalog.<= (int2, int4),
	OPERATOR 3 pg_catalog.= (int2, int4),
	OPERATOR 4 pg_catalog.>= (int2, int4),
	OPERATOR 5 pg_catalog.> (int2, int4),
	OPERATOR 6 pg_catalog.<> (int2, int4),
	OPERATOR 1 pg_catalog.< (int2, int8),
	OPERATOR 2 pg_catalog.<= (int2, int8),
	OPERATOR 3 pg_catalog.= (int2, int8),
	OPERATOR 4 pg_catalog.>= (int2, int8),
	OPERATOR 5 pg_catalog.> (int2, int8),
	OPERATOR 6 pg_catalog.<> (int2, int8),
	OPERATOR 1 pg_catalog.< (int4, int2),
	OPERATOR 2 pg_catalog.<= (int4, int2),
	OPERATOR 3 pg_catalog.= (int4, int2),
	OPERATOR 4 pg_catalog.>= (int4, int2),
	OPERATOR 5 pg_catalog.> (int4, int2),
	OPERATOR 6 pg_catalog.<> (int4, int2),
	OPERATOR 1 pg_catalog.< (int4, int8),
	OPERATOR 2 pg_catalog.<= (int4, int8),
	OPERATOR 3 pg_catalog.= (int4, int8),
	OPERATOR 4 pg_catalog.>= (int4, int8),
	OPERATOR 5 pg_catalog.> (int4, int8),
	OPERATOR 6 pg_catalog.<> (int4, int8),
	OPERATOR 1 pg_catalog.< (int8, int2),
	OPERATOR 2 pg_catalog.<= (int8, int2),
	OPERATOR 3 pg_catalog.= (int8, int2),
	OPERATOR 4 pg_catalog.>= (int8, int2),
	OPERATOR 5 pg_catalog.> (int8, int2),
	OPERATOR 6 pg_catalog.<> (int8, int2),
	OPERATOR 1 pg_catalog.< (int8, int4),
	OPERATOR 2 pg_catalog.<= (int8, int4),
	OPERATOR 3 pg_catalog.= (int8, int4),
	OPERATOR 4 pg_catalog.>= (int8, int4),
	OPERATOR 5 pg_catalog.> (int8, int4),
	OPERATOR 6 pg_catalog.<> (int8, int4);
CREATE OPERATOR FAMILY float_filter_ops USING hnsw;
CREATE OPERATOR CLASS float4_filter_ops DEFAULT FOR TYPE float4 USING hnsw FAMILY float_filter_ops AS
	OPERATOR 1 pg_catalog.< (float4, float4),
	OPERATOR 2 pg_catalog.<= (float4, float4),
	OPERATOR 3 pg_catalog.= (float4, float4),
	OPERATOR 4 pg_catalog.>= (float4, float4),
	OPERATOR 5 pg_catalog.> (float4, float4),
	OPERATOR 6 pg_catalog.<> (float4, float4);
CREATE OPERATOR CLASS float8_filter_ops DEFAULT FOR TYPE float8 USING hnsw FAMILY float_filter_ops AS
	OPERATOR 1 pg_catalog.< (float8, float8),
	OPERATOR 2 pg_catalog.<= (float8, float8),
	OPERATOR 3 pg_catalog.= (float8, float8),
	OPERATOR 4 pg_catalog.>= (float8, float8),
	OPERATOR 5 pg_catalog.> (float8, float8),
	OPERATOR 6 pg_catalog.<> (float8, float8);
ALTER OPERATOR FAMILY float_filter_ops USING hnsw ADD
	OPERATOR 1 pg_catalog.< (float4, float8),
	OPERATOR 2 pg_catalog.<= (float4, float8),
	OPERATOR 3 pg_catalog.= (float4, float8),
	OPERATOR 4 pg_catalog.>= (float4, float8),
	OPERATOR 5 pg_catalog.> (float4, float8),
	OPERATOR 6 pg_catalog.<> (float4, float8),
	OPERATOR 1 pg_catalog.< (float8, float4),
	OPERATOR 2 pg_catalog.<= (float8, float4),
	OPERATOR 3 pg_catalog.= (float8, float4),
	OPERATOR 4 pg_catalog.>= (float8, float4),
	OPERATOR 5 pg_catalog.> (float8, float4),
	OPERATOR 6 pg_catalog.<> (float8, float4);
CREATE OPERATOR FAMILY text_filter_ops USING hnsw;
CREATE OPERATOR CLASS text_filter_ops DEFAULT FOR TYPE text USING hnsw FAMILY text_filter_ops AS
	OPERATOR 1 pg_catalog.< (text, text),
	OPERATOR 2 pg_catalog.<= (text, text),
	OPERATOR 3 pg_catalog.= (text, text),
	OPERATOR 4 pg_catalog.>= (text, text),
	OPERATOR 5 pg_catalog.> (text, text),
	OPERATOR 6 pg_catalog.<> (text, text);
CREATE OPERATOR FAMILY uuid_filter_ops USING hnsw;
CREATE OPERATOR CLASS uuid_filter_ops DEFAULT FOR TYPE uuid USING hnsw FAMILY uuid_filter_ops AS
	OPERATOR 1 pg_catalog.< (uuid, uuid),
	OPERATOR 2 pg_catalog.<= (uuid, uuid),
	OPERATOR 3 pg_catalog.= (uuid, uuid),
	OPERATOR 4 pg_catalog.>= (uuid, uuid),
	OPERATOR 5 pg_catalog.> (uuid, uuid),
	OPERATOR 6 pg_catalog.<> (uuid, uuid);
CREATE OPERATOR FAMILY bool_filter_ops USING hnsw;
CREATE OPERATOR CLASS bool_filter_ops DEFAULT FOR TYPE bool USING hnsw FAMILY bool_filter_ops AS
	OPERATOR 1 pg_catalog.< (bool, bool),
	OPERATOR 2 pg_catalog.<= (bool, bool),
	OPERATOR 3 pg_catalog.= (bool, bool),
	OPERATOR 4 pg_catalog.>= (bool, bool),
	OPERATOR 5 pg_catalog.> (bool, bool),
	OPERATOR 6 pg_catalog.<> (bool, bool);
CREATE OPERATOR FAMILY datetime_filter_ops USING hnsw;
CREATE OPERATOR CLASS date_filter_ops DEFAULT FOR TYPE date USING hnsw FAMILY datetime_filter_ops AS
	OPERATOR 1 pg_catalog.< (date, date),
	OPERATOR 2 pg_catalog.<= (date, date),
	OPERATOR 3 pg_catalog.= (date, date),
	OPERATOR 4 pg_catalog.>= (date, date),
	OPERATOR 5 pg_catalog.> (date, date),
	OPERATOR 6 pg_catalog.<> (date, date);
CREATE OPERATOR CLASS timestamp_filter_ops DEFAULT FOR TYPE timestamp USING hnsw FAMILY datetime_filter_ops AS
	OPERATOR 1 pg_catalog.< (timestamp, timestamp),
	OPERATOR 2 pg_catalog.<= (timestamp, timestamp),
	OPERATOR 3 pg_catalog.= (timestamp, timestamp),
	OPERATOR 4 pg_catalog.>= (timestamp, timestamp),
	OPERATOR 5 pg_catalog.> (timestamp, timestamp),
	OPERATOR 6 pg_catalog.<> (timestamp, timestamp);
CREATE OPERATOR CLASS timestamptz_filter_ops DEFAULT FOR TYPE timestamptz USING hnsw FAMILY datetime_filter_ops AS
	OPERATOR 1 pg_catalog.< (timestamptz, timestamptz),
	OPERATOR 2 pg_catalog.<= (timestamptz, timestamptz),
	OPERATOR 3 pg_catalog.= (timestamptz, timestamptz),
	OPERATOR 4 pg_catalog.>= (timestamptz, timestamptz),
	OPERATOR 5 pg_catalog.> (timestamptz, timestamptz),
	OPERATOR 6 pg_catalog.<> (timestamptz, timestamptz);
ALTER OPERATOR FAMILY datetime_filter_ops USING hnsw ADD
	OPERATOR 1 pg_catalog.< (date, timestamp),
	OPERATOR 2 pg_catalog.<= (date, timestamp),
	OPERATOR 3 pg_catalog.= (date, timestamp),
	OPERATOR 4 pg_catalog.>= (date, timestamp),
	OPERATOR 5 pg_catalog.> (date, timestamp),
	OPERATOR 6 pg_catalog.<> (date, timestamp),
	OPERATOR 1 pg_catalog.< (date, timestamptz),
	OPERATOR 2 pg_catalog.<= (date, timestamptz),
	OPERATOR 3 pg_catalog.= (date, timestamptz),
	OPERATOR 4 pg_catalog.>= (date, timestamptz),
	OPERATOR 5 pg_catalog.> (date, timestamptz),
	OPERATOR 6 pg_catalog.<> (date, timestamptz),
	OPERATOR 1 pg_catalog.< (timestamp, date),
	OPERATOR 2 pg_catalog.<= (timestamp, date),
	OPERATOR 3 pg_catalog.= (timestamp, date),
	OPERATOR 4 pg_catalog.>= (timestamp, date),
	OPERATOR 5 pg_catalog.> (timestamp, date),
	OPERATOR 6 pg_catalog.<> (timestamp, date),
	OPERATOR 1 pg_catalog.< (timestamp, timestamptz),
	OPERATOR 2 pg_catalog.<= (timestamp, timestamptz),
	OPERATOR 3 pg_catalog.= (timestamp, timestamptz),
	OPERATOR 4 pg_catalog.>= (timestamp, timestamptz),
	OPERATOR 5 pg_catalog.> (timestamp, timestamptz),
	OPERATOR 6 pg_catalog.<> (timestamp, timestamptz),
	OPERATOR 1 pg_catalog.< (timestamptz, date),
	OPERATOR 2 pg_catalog.<= (timestamptz, date),
	OPERATOR 3 pg_catalog.= (timestamptz, date),
	OPERATOR 4 pg_catalog.>= (timestamptz, date),
	OPERATOR 5 pg_catalog.> (timestamptz, date),
	OPERATOR 6 pg_catalog.<> (timestamptz, date),
	OPERATOR 1 pg_catalog.< (timestamptz, timestamp),
	OPERATOR 2 pg_catalog.<= (timestamptz, timestamp),
	OPERATOR 3 pg_catalog.= (timestamptz, timestamp),
	OPERATOR 4 pg_catalog.>= (timestamptz, timestamp),
	OPERATOR 5 pg_catalog.> (timestamptz, timestamp),
	OPERATOR 6 pg_catalog.<> (timestamptz, timestamp);
CREATE OPERATOR CLASS array_filter_ops DEFAULT FOR TYPE anyarray USING hnsw AS
	OPERATOR 7 pg_catalog.&& (anyarray, anyarray),
	OPERATOR 8 pg_catalog.@> (anyarray, anyarray),
	OPERATOR 9 pg_catalog.<@ (anyarray, anyarray);

