// The on-disk and in-memory layout of a `sparsevec` datum: pgvector's (16 + 8 * nnz bytes): the dimension
// count, the number of stored (non-zero) elements, a zero field, the 0-based ascending indices, then their float
// values.
#pragma once

#include "core/vector/sparsevec_ops.hpp"
#include "pg/prelude.hpp"

namespace vecsearch::pg {

struct PgSparseVector {
	int32 vl_len_; // varlena header; never touch directly
	int32 dim;     // dimensions
	int32 nnz;     // stored elements
	int32 unused;  // always 0, kept for layout compatibility
	int32 indices[FLEXIBLE_ARRAY_MEMBER];
	// followed by nnz float values
};
static_assert(offsetof(PgSparseVector, indices) == 16, "sparsevec header is 16 bytes");

constexpr Size
SparseVectorSize(int nnz)
{
	return offsetof(PgSparseVector, indices) + (sizeof(int32) + sizeof(float)) * static_cast<Size>(nnz);
}

inline float *
SparseValues(PgSparseVector *vector)
{
	return reinterpret_cast<float *>(vector->indices + vector->nnz);
}

inline const float *
SparseValues(const PgSparseVector *vector)
{
	return reinterpret_cast<const float *>(vector->indices + vector->nnz);
}

// PG regime: a zero-filled sparsevec with room for `nnz` elements; both counts must be checked already.
inline PgSparseVector *
NewSparseVector(int dim, int nnz)
{
	auto *vector = static_cast<PgSparseVector *>(palloc0(SparseVectorSize(nnz)));
	SET_VARSIZE(vector, SparseVectorSize(nnz));
	vector->dim = dim;
	vector->nnz = nnz;
	return vector;
}

inline SparseView
View(const PgSparseVector *vector)
{
	const auto count = static_cast<std::size_t>(vector->nnz);
	return SparseView{vector->dim, {vector->indices, count}, {SparseValues(vector), count}};
}

// PG regime (detoasting can raise).
inline PgSparseVector *
DatumGetSparseVector(Datum datum)
{
	return reinterpret_cast<PgSparseVector *>(PG_DETOAST_DATUM(datum));
}

#define VECSEARCH_GETARG_SPARSEVEC(n) (::vecsearch::pg::DatumGetSparseVector(PG_GETARG_DATUM(n)))

} // namespace vecsearch::pg
