-- vecsearch 0.1.0: the `vector`, `halfvec` and `sparsevec` types and the `bit` distances with pgvector's SQL names, so pgvector applications and dumps work
-- unchanged. C symbols are vecsearch_*; the SQL names are pgvector's.

\echo Use "CREATE EXTENSION vecsearch" to load this file. \quit

-- The type ---------------------------------------------------------------------------------------------------

CREATE TYPE vector;

CREATE FUNCTION vector_in(cstring, oid, integer) RETURNS vector
	AS 'MODULE_PATHNAME', 'vecsearch_vector_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vector_out(vector) RETURNS cstring
	AS 'MODULE_PATHNAME', 'vecsearch_vector_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vector_typmod_in(cstring[]) RETURNS integer
	AS 'MODULE_PATHNAME', 'vecsearch_vector_typmod_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vector_recv(internal, oid, integer) RETURNS vector
	AS 'MODULE_PATHNAME', 'vecsearch_vector_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vector_send(vector) RETURNS bytea
	AS 'MODULE_PATHNAME', 'vecsearch_vector_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- EXTERNAL storage: vectors are incompressible, and out-of-line without compression is cheapest to read.
CREATE TYPE vector (
	INPUT     = vector_in,
	OUTPUT    = vector_out,
	TYPMOD_IN = vector_typmod_in,
	RECEIVE   = vector_recv,
	SEND      = vector_send,
	STORAGE   = external
);

-- Distances --------------------------------------------------------------------------------------------------

CREATE FUNCTION l2_distance(vector, vector) RETURNS float8
	AS 'MODULE_PATHNAME', 'vecsearch_l2_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION inner_product(vector, vector) RETURNS float8
	AS 'MODULE_PATHNAME', 'vecsearch_inner_product' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cosine_distance(vector, vector) RETURNS float8
	AS 'MODULE_PATHNAME', 'vecsearch_cosine_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION l1_distance(vector, vector) RETURNS float8
	AS 'MODULE_PATHNAME', 'vecsearch_l1_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Index support: cheaper or metric forms of the distances above.
CREATE FUNCTION vector_l2_squared_distance(vector, vector) RETURNS float8
	AS 'MODULE_PATHNAME', 'vecsearch_l2_squared_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vector_negative_inner_product(vector, vector) RETURNS float8
	AS 'MODULE_PATHNAME', 'vecsearch_negative_inner_product' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vector_spherical_distance(vector, vector) RETURNS float8
	AS 'MODULE_PATHNAME', 'vecsearch_spherical_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Other functions --------------------------------------------------------------------------------------------

CREATE FUNCTION vector_dims(vector) RETURNS integer
	AS 'MODULE_PATHNAME', 'vecsearch_vector_dims' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vector_norm(vector) RETURNS float8
	AS 'MODULE_PATHNAME', 'vecsearch_vector_norm' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION l2_normalize(vector) RETURNS vector
	AS 'MODULE_PATHNAME', 'vecsearch_l2_normalize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION binary_quantize(vector) RETURNS bit
	AS 'MODULE_PATHNAME', 'vecsearch_binary_quantize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION subvector(vector, integer, integer) RETURNS vector
	AS 'MODULE_PATHNAME', 'vecsearch_subvector' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION vector_add(vector, vector) RETURNS vector
	AS 'MODULE_PATHNAME', 'vecsearch_vector_add' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vector_sub(vector, vector) RETURNS vector
	AS 'MODULE_PATHNAME', 'vecsearch_vector_sub' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vector_mul(vector, vector) RETURNS vector
	AS 'MODULE_PATHNAME', 'vecsearch_vector_mul' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vector_concat(vector, vector) RETURNS vector
	AS 'MODULE_PATHNAME', 'vecsearch_vector_concat' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Comparison (a total order: elements first, then dimensions) --------------------------------------------

CREATE FUNCTION vector_lt(vector, vector) RETURNS bool
	AS 'MODULE_PATHNAME', 'vecsearch_vector_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vector_le(vector, vector) RETURNS bool
	AS 'MODULE_PATHNAME', 'vecsearch_vector_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vector_eq(vector, vector) RETURNS bool
	AS 'MODULE_PATHNAME', 'vecsearch_vector_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vector_ne(vector, vector) RETURNS bool
	AS 'MODULE_PATHNAME', 'vecsearch_vector_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vector_ge(vector, vector) RETURNS bool
	AS 'MODULE_PATHNAME', 'vecsearch_vector_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vector_gt(vector, vector) RETURNS bool
	AS 'MODULE_PATHNAME', 'vecsearch_vector_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vector_cmp(vector, vector) RETURNS integer
	AS 'MODULE_PATHNAME', 'vecsearch_vector_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Aggregates: avg keeps {count, sums...} in float8 so partial states from parallel workers combine exactly.

CREATE FUNCTION vector_accum(double precision[], vector) RETURNS double precision[]
	AS 'MODULE_PATHNAME', 'vecsearch_vector_accum' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vector_combine(double precision[], double precision[]) RETURNS double precision[]
	AS 'MODULE_PATHNAME', 'vecsearch_vector_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vector_avg(double precision[]) RETURNS vector
	AS 'MODULE_PATHNAME', 'vecsearch_vector_avg' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE AGGREGATE avg(vector) (
	SFUNC       = vector_accum,
	STYPE       = double precision[],
	FINALFUNC   = vector_avg,
	COMBINEFUNC = vector_combine,
	INITCOND    = '{0}',
	PARALLEL    = SAFE
);

CREATE AGGREGATE sum(vector) (
	SFUNC       = vector_add,
	STYPE       = vector,
	COMBINEFUNC = vector_add,
	PARALLEL    = SAFE
);

-- Casts ------------------------------------------------------------------------------------------------------

CREATE FUNCTION vector(vector, integer, boolean) RETURNS vector
	AS 'MODULE_PATHNAME', 'vecsearch_vector_coerce_typmod' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION array_to_vector(integer[], integer, boolean) RETURNS vector
	AS 'MODULE_PATHNAME', 'vecsearch_array_to_vector' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION array_to_vector(real[], integer, boolean) RETURNS vector
	AS 'MODULE_PATHNAME', 'vecsearch_array_to_vector' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION array_to_vector(double precision[], integer, boolean) RETURNS vector
	AS 'MODULE_PATHNAME', 'vecsearch_array_to_vector' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION array_to_vector(numeric[], integer, boolean) RETURNS vector
	AS 'MODULE_PATHNAME', 'vecsearch_array_to_vector' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vector_to_float4(vector, integer, boolean) RETURNS real[]
	AS 'MODULE_PATHNAME', 'vecsearch_vector_to_float4' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE CAST (vector AS vector) WITH FUNCTION vector(vector, integer, boolean) AS IMPLICIT;
CREATE CAST (vector AS real[]) WITH FUNCTION vector_to_float4(vector, integer, boolean) AS IMPLICIT;
CREATE CAST (integer[] AS vector) WITH FUNCTION array_to_vector(integer[], integer, boolean) AS ASSIGNMENT;
CREATE CAST (real[] AS vector) WITH FUNCTION array_to_vector(real[], integer, boolean) AS ASSIGNMENT;
CREATE CAST (double precision[] AS vector)
	WITH FUNCTION array_to_vector(double precision[], integer, boolean) AS ASSIGNMENT;
CREATE CAST (numeric[] AS vector) WITH FUNCTION array_to_vector(numeric[], integer, boolean) AS ASSIGNMENT;

-- Operators --------------------------------------------------------------------------------------------------

CREATE OPERATOR <-> (LEFTARG = vector, RIGHTARG = vector, FUNCTION = l2_distance, COMMUTATOR = '<->');
CREATE OPERATOR <#> (LEFTARG = vector, RIGHTARG = vector, FUNCTION = vector_negative_inner_product,
	COMMUTATOR = '<#>');
CREATE OPERATOR <=> (LEFTARG = vector, RIGHTARG = vector, FUNCTION = cosine_distance, COMMUTATOR = '<=>');
CREATE OPERATOR <+> (LEFTARG = vector, RIGHTARG = vector, FUNCTION = l1_distance, COMMUTATOR = '<+>');

CREATE OPERATOR + (LEFTARG = vector, RIGHTARG = vector, FUNCTION = vector_add, COMMUTATOR = +);
CREATE OPERATOR - (LEFTARG = vector, RIGHTARG = vector, FUNCTION = vector_sub);
CREATE OPERATOR * (LEFTARG = vector, RIGHTARG = vector, FUNCTION = vector_mul, COMMUTATOR = *);
CREATE OPERATOR || (LEFTARG = vector, RIGHTARG = vector, FUNCTION = vector_concat);

CREATE OPERATOR < (LEFTARG = vector, RIGHTARG = vector, FUNCTION = vector_lt,
	COMMUTATOR = >, NEGATOR = >=, RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR <= (LEFTARG = vector, RIGHTARG = vector, FUNCTION = vector_le,
	COMMUTATOR = >=, NEGATOR = >, RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR = (LEFTARG = vector, RIGHTARG = vector, FUNCTION = vector_eq,
	COMMUTATOR = =, NEGATOR = <>, RESTRICT = eqsel, JOIN = eqjoinsel);
CREATE OPERATOR <> (LEFTARG = vector, RIGHTARG = vector, FUNCTION = vector_ne,
	COMMUTATOR = <>, NEGATOR = =, RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR >= (LEFTARG = vector, RIGHTARG = vector, FUNCTION = vector_ge,
	COMMUTATOR = <=, NEGATOR = <, RESTRICT = scalargesel, JOIN = scalargejoinsel);
CREATE OPERATOR > (LEFTARG = vector, RIGHTARG = vector, FUNCTION = vector_gt,
	COMMUTATOR = <, NEGATOR = <=, RESTRICT = scalargtsel, JOIN = scalargtjoinsel);

CREATE OPERATOR CLASS vector_ops DEFAULT FOR TYPE vector USING btree AS
	OPERATOR 1 <,
	OPERATOR 2 <=,
	OPERATOR 3 =,
	OPERATOR 4 >=,
	OPERATOR 5 >,
	FUNCTION 1 vector_cmp(vector, vector);

-- halfvec: half-precision (IEEE binary16) vectors, 2 bytes an element -----------------------------------------

CREATE TYPE halfvec;

CREATE FUNCTION halfvec_in(cstring, oid, integer) RETURNS halfvec
	AS 'MODULE_PATHNAME', 'vecsearch_halfvec_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION halfvec_out(halfvec) RETURNS cstring
	AS 'MODULE_PATHNAME', 'vecsearch_halfvec_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION halfvec_typmod_in(cstring[]) RETURNS integer
	AS 'MODULE_PATHNAME', 'vecsearch_halfvec_typmod_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION halfvec_recv(internal, oid, integer) RETURNS halfvec
	AS 'MODULE_PATHNAME', 'vecsearch_halfvec_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION halfvec_send(halfvec) RETURNS bytea
	AS 'MODULE_PATHNAME', 'vecsearch_halfvec_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE halfvec (
	INPUT     = halfvec_in,
	OUTPUT    = halfvec_out,
	TYPMOD_IN = halfvec_typmod_in,
	RECEIVE   = halfvec_recv,
	SEND      = halfvec_send,
	STORAGE   = external
);

CREATE FUNCTION l2_distance(halfvec, halfvec) RETURNS float8
	AS 'MODULE_PATHNAME', 'vecsearch_halfvec_l2_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION inner_product(halfvec, halfvec) RETURNS float8
	AS 'MODULE_PATHNAME', 'vecsearch_halfvec_inner_product' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cosine_distance(halfvec, halfvec) RETURNS float8
	AS 'MODULE_PATHNAME', 'vecsearch_halfvec_cosine_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION l1_distance(halfvec, halfvec) RETURNS float8
	AS 'MODULE_PATHNAME', 'vecsearch_halfvec_l1_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION halfvec_l2_squared_distance(halfvec, halfvec) RETURNS float8
	AS 'MODULE_PATHNAME', 'vecsearch_halfvec_l2_squared_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION halfvec_negative_inner_product(halfvec, halfvec) RETURNS float8
	AS 'MODULE_PATHNAME', 'vecsearch_halfvec_negative_inner_product' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION halfvec_spherical_distance(halfvec, halfvec) RETURNS float8
	AS 'MODULE_PATHNAME', 'vecsearch_halfvec_spherical_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vector_dims(halfvec) RETURNS integer
	AS 'MODULE_PATHNAME', 'vecsearch_halfvec_dims' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION l2_norm(halfvec) RETURNS float8
	AS 'MODULE_PATHNAME', 'vecsearch_halfvec_l2_norm' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION l2_normalize(halfvec) RETURNS halfvec
	AS 'MODULE_PATHNAME', 'vecsearch_halfvec_l2_normalize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION binary_quantize(halfvec) RETURNS bit
	AS 'MODULE_PATHNAME', 'vecsearch_halfvec_binary_quantize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION subvector(halfvec, integer, integer) RETURNS halfvec
	AS 'MODULE_PATHNAME', 'vecsearch_halfvec_subvector' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION halfvec_add(halfvec, halfvec) RETURNS halfvec
	AS 'MODULE_PATHNAME', 'vecsearch_halfvec_add' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION halfvec_sub(halfvec, halfvec) RETURNS halfvec
	AS 'MODULE_PATHNAME', 'vecsearch_halfvec_sub' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION halfvec_mul(halfvec, halfvec) RETURNS halfvec
	AS 'MODULE_PATHNAME', 'vecsearch_halfvec_mul' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION halfvec_concat(halfvec, halfvec) RETURNS halfvec
	AS 'MODULE_PATHNAME', 'vecsearch_halfvec_concat' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION halfvec_lt(halfvec, halfvec) RETURNS bool
	AS 'MODULE_PATHNAME', 'vecsearch_halfvec_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION halfvec_le(halfvec, halfvec) RETURNS bool
	AS 'MODULE_PATHNAME', 'vecsearch_halfvec_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION halfvec_eq(halfvec, halfvec) RETURNS bool
	AS 'MODULE_PATHNAME', 'vecsearch_halfvec_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION halfvec_ne(halfvec, halfvec) RETURNS bool
	AS 'MODULE_PATHNAME', 'vecsearch_halfvec_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION halfvec_ge(halfvec, halfvec) RETURNS bool
	AS 'MODULE_PATHNAME', 'vecsearch_halfvec_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION halfvec_gt(halfvec, halfvec) RETURNS bool
	AS 'MODULE_PATHNAME', 'vecsearch_halfvec_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION halfvec_cmp(halfvec, halfvec) RETURNS integer
	AS 'MODULE_PATHNAME', 'vecsearch_halfvec_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- avg(halfvec) shares vector's state and its combine function.
CREATE FUNCTION halfvec_accum(double precision[], halfvec) RETURNS double precision[]
	AS 'MODULE_PATHNAME', 'vecsearch_halfvec_accum' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION halfvec_avg(double precision[]) RETURNS halfvec
	AS 'MODULE_PATHNAME', 'vecsearch_halfvec_avg' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION halfvec_combine(double precision[], double precision[]) RETURNS double precision[]
	AS 'MODULE_PATHNAME', 'vecsearch_vector_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE AGGREGATE avg(halfvec) (
	SFUNC       = halfvec_accum,
	STYPE       = double precision[],
	FINALFUNC   = halfvec_avg,
	COMBINEFUNC = halfvec_combine,
	INITCOND    = '{0}',
	PARALLEL    = SAFE
);

CREATE AGGREGATE sum(halfvec) (
	SFUNC       = halfvec_add,
	STYPE       = halfvec,
	COMBINEFUNC = halfvec_add,
	PARALLEL    = SAFE
);

CREATE FUNCTION halfvec(halfvec, integer, boolean) RETURNS halfvec
	AS 'MODULE_PATHNAME', 'vecsearch_halfvec_coerce_typmod' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION halfvec_to_vector(halfvec, integer, boolean) RETURNS vector
	AS 'MODULE_PATHNAME', 'vecsearch_halfvec_to_vector' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vector_to_halfvec(vector, integer, boolean) RETURNS halfvec
	AS 'MODULE_PATHNAME', 'vecsearch_vector_to_halfvec' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION array_to_halfvec(integer[], integer, boolean) RETURNS halfvec
	AS 'MODULE_PATHNAME', 'vecsearch_array_to_halfvec' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION array_to_halfvec(real[], integer, boolean) RETURNS halfvec
	AS 'MODULE_PATHNAME', 'vecsearch_array_to_halfvec' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION array_to_halfvec(double precision[], integer, boolean) RETURNS halfvec
	AS 'MODULE_PATHNAME', 'vecsearch_array_to_halfvec' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION array_to_halfvec(numeric[], integer, boolean) RETURNS halfvec
	AS 'MODULE_PATHNAME', 'vecsearch_array_to_halfvec' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION halfvec_to_float4(halfvec, integer, boolean) RETURNS real[]
	AS 'MODULE_PATHNAME', 'vecsearch_halfvec_to_float4' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE CAST (halfvec AS halfvec) WITH FUNCTION halfvec(halfvec, integer, boolean) AS IMPLICIT;
CREATE CAST (halfvec AS vector) WITH FUNCTION halfvec_to_vector(halfvec, integer, boolean) AS ASSIGNMENT;
CREATE CAST (vector AS halfvec) WITH FUNCTION vector_to_halfvec(vector, integer, boolean) AS IMPLICIT;
CREATE CAST (halfvec AS real[]) WITH FUNCTION halfvec_to_float4(halfvec, integer, boolean) AS ASSIGNMENT;
CREATE CAST (integer[] AS halfvec) WITH FUNCTION array_to_halfvec(integer[], integer, boolean) AS ASSIGNMENT;
CREATE CAST (real[] AS halfvec) WITH FUNCTION array_to_halfvec(real[], integer, boolean) AS ASSIGNMENT;
CREATE CAST (double precision[] AS halfvec)
	WITH FUNCTION array_to_halfvec(double precision[], integer, boolean) AS ASSIGNMENT;
CREATE CAST (numeric[] AS halfvec) WITH FUNCTION array_to_halfvec(numeric[], integer, boolean) AS ASSIGNMENT;

CREATE OPERATOR <-> (LEFTARG = halfvec, RIGHTARG = halfvec, FUNCTION = l2_distance, COMMUTATOR = '<->');
CREATE OPERATOR <#> (LEFTARG = halfvec, RIGHTARG = halfvec, FUNCTION = halfvec_negative_inner_product,
	COMMUTATOR = '<#>');
CREATE OPERATOR <=> (LEFTARG = halfvec, RIGHTARG = halfvec, FUNCTION = cosine_distance, COMMUTATOR = '<=>');
CREATE OPERATOR <+> (LEFTARG = halfvec, RIGHTARG = halfvec, FUNCTION = l1_distance, COMMUTATOR = '<+>');

CREATE OPERATOR + (LEFTARG = halfvec, RIGHTARG = halfvec, FUNCTION = halfvec_add, COMMUTATOR = +);
CREATE OPERATOR - (LEFTARG = halfvec, RIGHTARG = halfvec, FUNCTION = halfvec_sub);
CREATE OPERATOR * (LEFTARG = halfvec, RIGHTARG = halfvec, FUNCTION = halfvec_mul, COMMUTATOR = *);
CREATE OPERATOR || (LEFTARG = halfvec, RIGHTARG = halfvec, FUNCTION = halfvec_concat);

CREATE OPERATOR < (LEFTARG = halfvec, RIGHTARG = halfvec, FUNCTION = halfvec_lt,
	COMMUTATOR = >, NEGATOR = >=, RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR <= (LEFTARG = halfvec, RIGHTARG = halfvec, FUNCTION = halfvec_le,
	COMMUTATOR = >=, NEGATOR = >, RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR = (LEFTARG = halfvec, RIGHTARG = halfvec, FUNCTION = halfvec_eq,
	COMMUTATOR = =, NEGATOR = <>, RESTRICT = eqsel, JOIN = eqjoinsel);
CREATE OPERATOR <> (LEFTARG = halfvec, RIGHTARG = halfvec, FUNCTION = halfvec_ne,
	COMMUTATOR = <>, NEGATOR = =, RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR >= (LEFTARG = halfvec, RIGHTARG = halfvec, FUNCTION = halfvec_ge,
	COMMUTATOR = <=, NEGATOR = <, RESTRICT = scalargesel, JOIN = scalargejoinsel);
CREATE OPERATOR > (LEFTARG = halfvec, RIGHTARG = halfvec, FUNCTION = halfvec_gt,
	COMMUTATOR = <, NEGATOR = <=, RESTRICT = scalargtsel, JOIN = scalargtjoinsel);

CREATE OPERATOR CLASS halfvec_ops DEFAULT FOR TYPE halfvec USING btree AS
	OPERATOR 1 <,
	OPERATOR 2 <=,
	OPERATOR 3 =,
	OPERATOR 4 >=,
	OPERATOR 5 >,
	FUNCTION 1 halfvec_cmp(halfvec, halfvec);

-- sparsevec: sparse vectors, {index:value,...}/dimensions ----------------------------------------------------------

CREATE TYPE sparsevec;

CREATE FUNCTION sparsevec_in(cstring, oid, integer) RETURNS sparsevec
	AS 'MODULE_PATHNAME', 'vecsearch_sparsevec_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sparsevec_out(sparsevec) RETURNS cstring
	AS 'MODULE_PATHNAME', 'vecsearch_sparsevec_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sparsevec_typmod_in(cstring[]) RETURNS integer
	AS 'MODULE_PATHNAME', 'vecsearch_sparsevec_typmod_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sparsevec_recv(internal, oid, integer) RETURNS sparsevec
	AS 'MODULE_PATHNAME', 'vecsearch_sparsevec_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sparsevec_send(sparsevec) RETURNS bytea
	AS 'MODULE_PATHNAME', 'vecsearch_sparsevec_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE sparsevec (
	INPUT     = sparsevec_in,
	OUTPUT    = sparsevec_out,
	TYPMOD_IN = sparsevec_typmod_in,
	RECEIVE   = sparsevec_recv,
	SEND      = sparsevec_send,
	STORAGE   = external
);

CREATE FUNCTION l2_distance(sparsevec, sparsevec) RETURNS float8
	AS 'MODULE_PATHNAME', 'vecsearch_sparsevec_l2_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION inner_product(sparsevec, sparsevec) RETURNS float8
	AS 'MODULE_PATHNAME', 'vecsearch_sparsevec_inner_product' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cosine_distance(sparsevec, sparsevec) RETURNS float8
	AS 'MODULE_PATHNAME', 'vecsearch_sparsevec_cosine_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION l1_distance(sparsevec, sparsevec) RETURNS float8
	AS 'MODULE_PATHNAME', 'vecsearch_sparsevec_l1_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION l2_norm(sparsevec) RETURNS float8
	AS 'MODULE_PATHNAME', 'vecsearch_sparsevec_l2_norm' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION l2_normalize(sparsevec) RETURNS sparsevec
	AS 'MODULE_PATHNAME', 'vecsearch_sparsevec_l2_normalize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sparsevec_lt(sparsevec, sparsevec) RETURNS bool
	AS 'MODULE_PATHNAME', 'vecsearch_sparsevec_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sparsevec_le(sparsevec, sparsevec) RETURNS bool
	AS 'MODULE_PATHNAME', 'vecsearch_sparsevec_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sparsevec_eq(sparsevec, sparsevec) RETURNS bool
	AS 'MODULE_PATHNAME', 'vecsearch_sparsevec_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sparsevec_ne(sparsevec, sparsevec) RETURNS bool
	AS 'MODULE_PATHNAME', 'vecsearch_sparsevec_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sparsevec_ge(sparsevec, sparsevec) RETURNS bool
	AS 'MODULE_PATHNAME', 'vecsearch_sparsevec_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sparsevec_gt(sparsevec, sparsevec) RETURNS bool
	AS 'MODULE_PATHNAME', 'vecsearch_sparsevec_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sparsevec_cmp(sparsevec, sparsevec) RETURNS integer
	AS 'MODULE_PATHNAME', 'vecsearch_sparsevec_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sparsevec_l2_squared_distance(sparsevec, sparsevec) RETURNS float8
	AS 'MODULE_PATHNAME', 'vecsearch_sparsevec_l2_squared_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sparsevec_negative_inner_product(sparsevec, sparsevec) RETURNS float8
	AS 'MODULE_PATHNAME', 'vecsearch_sparsevec_negative_inner_product' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sparsevec(sparsevec, integer, boolean) RETURNS sparsevec
	AS 'MODULE_PATHNAME', 'vecsearch_sparsevec_coerce_typmod' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vector_to_sparsevec(vector, integer, boolean) RETURNS sparsevec
	AS 'MODULE_PATHNAME', 'vecsearch_vector_to_sparsevec' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sparsevec_to_vector(sparsevec, integer, boolean) RETURNS vector
	AS 'MODULE_PATHNAME', 'vecsearch_sparsevec_to_vector' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION halfvec_to_sparsevec(halfvec, integer, boolean) RETURNS sparsevec
	AS 'MODULE_PATHNAME', 'vecsearch_halfvec_to_sparsevec' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sparsevec_to_halfvec(sparsevec, integer, boolean) RETURNS halfvec
	AS 'MODULE_PATHNAME', 'vecsearch_sparsevec_to_halfvec' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION array_to_sparsevec(integer[], integer, boolean) RETURNS sparsevec
	AS 'MODULE_PATHNAME', 'vecsearch_array_to_sparsevec' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION array_to_sparsevec(real[], integer, boolean) RETURNS sparsevec
	AS 'MODULE_PATHNAME', 'vecsearch_array_to_sparsevec' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION array_to_sparsevec(double precision[], integer, boolean) RETURNS sparsevec
	AS 'MODULE_PATHNAME', 'vecsearch_array_to_sparsevec' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION array_to_sparsevec(numeric[], integer, boolean) RETURNS sparsevec
	AS 'MODULE_PATHNAME', 'vecsearch_array_to_sparsevec' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE CAST (sparsevec AS sparsevec) WITH FUNCTION sparsevec(sparsevec, integer, boolean) AS IMPLICIT;
CREATE CAST (sparsevec AS vector) WITH FUNCTION sparsevec_to_vector(sparsevec, integer, boolean) AS ASSIGNMENT;
CREATE CAST (vector AS sparsevec) WITH FUNCTION vector_to_sparsevec(vector, integer, boolean) AS IMPLICIT;
CREATE CAST (sparsevec AS halfvec) WITH FUNCTION sparsevec_to_halfvec(sparsevec, integer, boolean) AS ASSIGNMENT;
CREATE CAST (halfvec AS sparsevec) WITH FUNCTION halfvec_to_sparsevec(halfvec, integer, boolean) AS IMPLICIT;
CREATE CAST (integer[] AS sparsevec)
	WITH FUNCTION array_to_sparsevec(integer[], integer, boolean) AS ASSIGNMENT;
CREATE CAST (real[] AS sparsevec) WITH FUNCTION array_to_sparsevec(real[], integer, boolean) AS ASSIGNMENT;
CREATE CAST (double precision[] AS sparsevec)
	WITH FUNCTION array_to_sparsevec(double precision[], integer, boolean) AS ASSIGNMENT;
CREATE CAST (numeric[] AS sparsevec)
	WITH FUNCTION array_to_sparsevec(numeric[], integer, boolean) AS ASSIGNMENT;

CREATE OPERATOR <-> (LEFTARG = sparsevec, RIGHTARG = sparsevec, FUNCTION = l2_distance, COMMUTATOR = '<->');
CREATE OPERATOR <#> (LEFTARG = sparsevec, RIGHTARG = sparsevec, FUNCTION = sparsevec_negative_inner_product,
	COMMUTATOR = '<#>');
CREATE OPERATOR <=> (LEFTARG = sparsevec, RIGHTARG = sparsevec, FUNCTION = cosine_distance, COMMUTATOR = '<=>');
CREATE OPERATOR <+> (LEFTARG = sparsevec, RIGHTARG = sparsevec, FUNCTION = l1_distance, COMMUTATOR = '<+>');

CREATE OPERATOR < (LEFTARG = sparsevec, RIGHTARG = sparsevec, FUNCTION = sparsevec_lt,
	COMMUTATOR = >, NEGATOR = >=, RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR <= (LEFTARG = sparsevec, RIGHTARG = sparsevec, FUNCTION = sparsevec_le,
	COMMUTATOR = >=, NEGATOR = >, RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR = (LEFTARG = sparsevec, RIGHTARG = sparsevec, FUNCTION = sparsevec_eq,
	COMMUTATOR = =, NEGATOR = <>, RESTRICT = eqsel, JOIN = eqjoinsel);
CREATE OPERATOR <> (LEFTARG = sparsevec, RIGHTARG = sparsevec, FUNCTION = sparsevec_ne,
	COMMUTATOR = <>, NEGATOR = =, RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR >= (LEFTARG = sparsevec, RIGHTARG = sparsevec, FUNCTION = sparsevec_ge,
	COMMUTATOR = <=, NEGATOR = <, RESTRICT = scalargesel, JOIN = scalargejoinsel);
CREATE OPERATOR > (LEFTARG = sparsevec, RIGHTARG = sparsevec, FUNCTION = sparsevec_gt,
	COMMUTATOR = <, NEGATOR = <=, RESTRICT = scalargtsel, JOIN = scalargtjoinsel);

CREATE OPERATOR CLASS sparsevec_ops DEFAULT FOR TYPE sparsevec USING btree AS
	OPERATOR 1 <,
	OPERATOR 2 <=,
	OPERATOR 3 =,
	OPERATOR 4 >=,
	OPERATOR 5 >,
	FUNCTION 1 sparsevec_cmp(sparsevec, sparsevec);

-- bit: distances on PostgreSQL's own bit type -----------------------------------------------------------------

CREATE FUNCTION hamming_distance(bit, bit) RETURNS float8
	AS 'MODULE_PATHNAME', 'vecsearch_hamming_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION jaccard_distance(bit, bit) RETURNS float8
	AS 'MODULE_PATHNAME', 'vecsearch_jaccard_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OPERATOR <~> (LEFTARG = bit, RIGHTARG = bit, FUNCTION = hamming_distance, COMMUTATOR = '<~>');
CREATE OPERATOR <%> (LEFTARG = bit, RIGHTARG = bit, FUNCTION = jaccard_distance, COMMUTATOR = '<%>');

-- The hnsw index access method ----------------------------------------------------------------------------

CREATE FUNCTION hnswhandler(internal) RETURNS index_am_handler
	AS 'MODULE_PATHNAME', 'vecsearch_hnsw_handler' LANGUAGE C;
CREATE ACCESS METHOD hnsw TYPE INDEX HANDLER hnswhandler;
COMMENT ON ACCESS METHOD hnsw IS 'hnsw index access method';

-- Support function 1 orders elements (the index may use a cheaper monotone form of the operator's distance);
-- support function 2, when present, normalises vectors first (cosine).
CREATE OPERATOR CLASS vector_l2_ops FOR TYPE vector USING hnsw AS
	OPERATOR 1 <-> (vector, vector) FOR ORDER BY float_ops,
	FUNCTION 1 vector_l2_squared_distance(vector, vector);
CREATE OPERATOR CLASS vector_ip_ops FOR TYPE vector USING hnsw AS
	OPERATOR 1 <#> (vector, vector) FOR ORDER BY float_ops,
	FUNCTION 1 vector_negative_inner_product(vector, vector);
CREATE OPERATOR CLASS vector_cosine_ops FOR TYPE vector USING hnsw AS
	OPERATOR 1 <=> (vector, vector) FOR ORDER BY float_ops,
	FUNCTION 1 vector_negative_inner_product(vector, vector),
	FUNCTION 2 vector_norm(vector);
CREATE OPERATOR CLASS vector_l1_ops FOR TYPE vector USING hnsw AS
	OPERATOR 1 <+> (vector, vector) FOR ORDER BY float_ops,
	FUNCTION 1 l1_distance(vector, vector);

-- Support function 3 names the element kind an operator class stores (pgvector's type support functions, under
-- its names): halfvec elements as binary16, bit strings as bits, sparsevec values as sparse elements (a count,
-- indices, values). vector's classes have none: float32.
CREATE FUNCTION hnsw_halfvec_support(internal) RETURNS internal
	AS 'MODULE_PATHNAME', 'vecsearch_hnsw_halfvec_support' LANGUAGE C;
CREATE FUNCTION hnsw_bit_support(internal) RETURNS internal
	AS 'MODULE_PATHNAME', 'vecsearch_hnsw_bit_support' LANGUAGE C;
CREATE FUNCTION hnsw_sparsevec_support(internal) RETURNS internal
	AS 'MODULE_PATHNAME', 'vecsearch_hnsw_sparsevec_support' LANGUAGE C;

CREATE OPERATOR CLASS halfvec_l2_ops FOR TYPE halfvec USING hnsw AS
	OPERATOR 1 <-> (halfvec, halfvec) FOR ORDER BY float_ops,
	FUNCTION 1 halfvec_l2_squared_distance(halfvec, halfvec),
	FUNCTION 3 hnsw_halfvec_support(internal);
CREATE OPERATOR CLASS halfvec_ip_ops FOR TYPE halfvec USING hnsw AS
	OPERATOR 1 <#> (halfvec, halfvec) FOR ORDER BY float_ops,
	FUNCTION 1 halfvec_negative_inner_product(halfvec, halfvec),
	FUNCTION 3 hnsw_halfvec_support(internal);
CREATE OPERATOR CLASS halfvec_cosine_ops FOR TYPE halfvec USING hnsw AS
	OPERATOR 1 <=> (halfvec, halfvec) FOR ORDER BY float_ops,
	FUNCTION 1 halfvec_negative_inner_product(halfvec, halfvec),
	FUNCTION 2 l2_norm(halfvec),
	FUNCTION 3 hnsw_halfvec_support(internal);
CREATE OPERATOR CLASS halfvec_l1_ops FOR TYPE halfvec USING hnsw AS
	OPERATOR 1 <+> (halfvec, halfvec) FOR ORDER BY float_ops,
	FUNCTION 1 l1_distance(halfvec, halfvec),
	FUNCTION 3 hnsw_halfvec_support(internal);

CREATE OPERATOR CLASS sparsevec_l2_ops FOR TYPE sparsevec USING hnsw AS
	OPERATOR 1 <-> (sparsevec, sparsevec) FOR ORDER BY float_ops,
	FUNCTION 1 sparsevec_l2_squared_distance(sparsevec, sparsevec),
	FUNCTION 3 hnsw_sparsevec_support(internal);
CREATE OPERATOR CLASS sparsevec_ip_ops FOR TYPE sparsevec USING hnsw AS
	OPERATOR 1 <#> (sparsevec, sparsevec) FOR ORDER BY float_ops,
	FUNCTION 1 sparsevec_negative_inner_product(sparsevec, sparsevec),
	FUNCTION 3 hnsw_sparsevec_support(internal);
CREATE OPERATOR CLASS sparsevec_cosine_ops FOR TYPE sparsevec USING hnsw AS
	OPERATOR 1 <=> (sparsevec, sparsevec) FOR ORDER BY float_ops,
	FUNCTION 1 sparsevec_negative_inner_product(sparsevec, sparsevec),
	FUNCTION 2 l2_norm(sparsevec),
	FUNCTION 3 hnsw_sparsevec_support(internal);
CREATE OPERATOR CLASS sparsevec_l1_ops FOR TYPE sparsevec USING hnsw AS
	OPERATOR 1 <+> (sparsevec, sparsevec) FOR ORDER BY float_ops,
	FUNCTION 1 l1_distance(sparsevec, sparsevec),
	FUNCTION 3 hnsw_sparsevec_support(internal);

CREATE OPERATOR CLASS bit_hamming_ops FOR TYPE bit USING hnsw AS
	OPERATOR 1 <~> (bit, bit) FOR ORDER BY float_ops,
	FUNCTION 1 hamming_distance(bit, bit),
	FUNCTION 3 hnsw_bit_support(internal);
CREATE OPERATOR CLASS bit_jaccard_ops FOR TYPE bit USING hnsw AS
	OPERATOR 1 <%> (bit, bit) FOR ORDER BY float_ops,
	FUNCTION 1 jaccard_distance(bit, bit),
	FUNCTION 3 hnsw_bit_support(internal);

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

-- vecsearch's own additions ----------------------------------------------------------------------------------

-- Which SIMD level this backend's kernels use; depends on the vecsearch.max_simd_level setting.
CREATE FUNCTION vecsearch_simd_info() RETURNS text
	AS 'MODULE_PATHNAME', 'vecsearch_simd_info' LANGUAGE C STABLE STRICT PARALLEL SAFE;

-- Structural check of an hnsw index: one row per problem found, none when the index is sound.
CREATE FUNCTION vecsearch_hnsw_check(index regclass) RETURNS SETOF text
	AS 'MODULE_PATHNAME', 'vecsearch_hnsw_check' LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
-- As amcheck's functions: superusers only unless granted; a grantee must also own the table.
REVOKE ALL ON FUNCTION vecsearch_hnsw_check(regclass) FROM PUBLIC;

-- Test hook for the C++/PostgreSQL error boundary (see src/pg/boundary_selftest.cpp); superusers only.
CREATE FUNCTION vecsearch_boundary_selftest(scenario text) RETURNS bigint
	AS 'MODULE_PATHNAME', 'vecsearch_boundary_selftest' LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
REVOKE ALL ON FUNCTION vecsearch_boundary_selftest(text) FROM PUBLIC;
