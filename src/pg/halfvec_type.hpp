// The on-disk and in-memory layout of a `halfvec` datum, and the helpers every halfvec function needs. The
// layout is pgvector's (2 * dims + 8 bytes; elements as IEEE binary16 bits), so sizes and dumps behave the same.
#pragma once

#include "core/vector/half.hpp"
#include "core/vector/vector_limits.hpp"
#include "pg/prelude.hpp"

namespace vecsearch::pg {

struct PgHalfVector {
	int32 vl_len_; // varlena header; never touch directly
	int16 dim;     // number of elements
	int16 unused;  // always 0, kept for layout compatibility
	HalfBits x[FLEXIBLE_ARRAY_MEMBER];
};
static_assert(offsetof(PgHalfVector, x) == 8, "halfvec header is 8 bytes");

constexpr Size
HalfVectorSize(int dims)
{
	return offsetof(PgHalfVector, x) + sizeof(HalfBits) * static_cast<Size>(dims);
}

// PG regime: a zero-filled halfvec of `dims` elements in CurrentMemoryContext. dims must be checked already.
inline PgHalfVector *
NewHalfVector(int dims)
{
	auto *vector = static_cast<PgHalfVector *>(palloc0(HalfVectorSize(dims)));
	SET_VARSIZE(vector, HalfVectorSize(dims));
	vector->dim = static_cast<int16>(dims);
	return vector;
}

inline std::span<const HalfBits>
Elements(const PgHalfVector *vector)
{
	return {vector->x, static_cast<std::size_t>(vector->dim)};
}

inline std::span<HalfBits>
Elements(PgHalfVector *vector)
{
	return {vector->x, static_cast<std::size_t>(vector->dim)};
}

// PG regime (detoasting can raise).
inline PgHalfVector *
DatumGetHalfVector(Datum datum)
{
	return reinterpret_cast<PgHalfVector *>(PG_DETOAST_DATUM(datum));
}

#define VECSEARCH_GETARG_HALFVEC(n) (::vecsearch::pg::DatumGetHalfVector(PG_GETARG_DATUM(n)))

} // namespace vecsearch::pg
