// The on-disk and in-memory layout of a `vector` datum, and the few helpers every vector function needs to
// read and build one. The layout is pgvector's (4 * dims + 8 bytes), so sizes and dumps behave the same.
#pragma once

#include "core/vector/vector_limits.hpp"
#include "pg/prelude.hpp"

namespace vecsearch::pg {

struct PgVector {
	int32 vl_len_; // varlena header; never touch directly
	int16 dim;     // number of elements
	int16 unused;  // always 0, kept for layout compatibility
	float x[FLEXIBLE_ARRAY_MEMBER];
};
static_assert(offsetof(PgVector, x) == 8, "vector header is 8 bytes");

constexpr Size
VectorSize(int dims)
{
	return offsetof(PgVector, x) + sizeof(float) * static_cast<Size>(dims);
}

// PG regime: a zero-filled vector of `dims` elements in CurrentMemoryContext. dims must be checked already.
inline PgVector *
NewVector(int dims)
{
	auto *vector = static_cast<PgVector *>(palloc0(VectorSize(dims)));
	SET_VARSIZE(vector, VectorSize(dims));
	vector->dim = static_cast<int16>(dims);
	return vector;
}

inline std::span<const float>
Elements(const PgVector *vector)
{
	return {vector->x, static_cast<std::size_t>(vector->dim)};
}

inline std::span<float>
Elements(PgVector *vector)
{
	return {vector->x, static_cast<std::size_t>(vector->dim)};
}

// PG regime (detoasting can raise).
inline PgVector *
DatumGetVector(Datum datum)
{
	return reinterpret_cast<PgVector *>(PG_DETOAST_DATUM(datum));
}

#define VECSEARCH_GETARG_VECTOR(n) (::vecsearch::pg::DatumGetVector(PG_GETARG_DATUM(n)))

} // namespace vecsearch::pg
