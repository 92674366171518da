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
