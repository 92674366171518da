// Casts into and out of `sparsevec`: its typmod coercion, to and from `vector` and `halfvec` (implicit into
// sparsevec, assignment back), and arrays of int4, float4, float8 and numeric to sparsevec. Zeros are not
// stored. PG regime throughout.
#include "core/vector/halfvec_ops.hpp"
#include "core/vector/sparsevec_ops.hpp"
#include "core/vector/vector_ops.hpp"
#include "pg/array_elements.hpp"
#include "pg/boundary.hpp"
#include "pg/error_map.hpp"
#include "pg/halfvec_type.hpp"
#include "pg/sparsevec_type.hpp"
#include "pg/vector_type.hpp"

namespace vecsearch::pg {
namespace {

// The non-zero elements of `count` dense values (read through `value_at`) as a new sparsevec of that many
// dimensions.
template <typename ValueAt>
PgSparseVector *
FromDense(int count, ValueAt value_at)
{
	int nnz = 0;
	for (int i = 0; i < count; i++)
		nnz += value_at(i) != 0.0f;
	CheckStatus(CheckSparseNonZeros(nnz, count));
	PgSparseVector *sparse = NewSparseVector(count, nnz);
	float *values = SparseValues(sparse);
	int stored = 0;
	for (int i = 0; i < count; i++) {
		const float value = value_at(i);
		if (value != 0.0f) {
			sparse->indices[stored] = i;
			values[stored++] = value;
		}
	}
	return sparse;
}

// sparsevec(sparsevec, typmod, explicit): a sparsevec(n) target accepts only n dimensions.
Datum
SparseVectorCoerceTypmod(FunctionCallInfo fcinfo)
{
	PgSparseVector *vector = VECSEARCH_GETARG_SPARSEVEC(0);
	CheckStatus(CheckExpectedDims(PG_GETARG_INT32(1), vector->dim));
	PG_RETURN_POINTER(vector);
}

Datum
VectorToSparseVector(FunctionCallInfo fcinfo)
{
	const PgVector *vector = VECSEARCH_GETARG_VECTOR(0);
	CheckStatus(CheckSparseDims(vector->dim));
	CheckStatus(CheckExpectedDims(PG_GETARG_INT32(1), vector->dim));
	PG_RETURN_POINTER(FromDense(vector->dim, [&](int i) { return vector->x[i]; }));
}

Datum
HalfVectorToSparseVector(FunctionCallInfo fcinfo)
{
	const PgHalfVector *half = VECSEARCH_GETARG_HALFVEC(0);
	CheckStatus(CheckSparseDims(half->dim));
	CheckStatus(CheckExpectedDims(PG_GETARG_INT32(1), half->dim));
	PG_RETURN_POINTER(FromDense(half->dim, [&](int i) { return HalfToFloat(half->x[i]); }));
}

// array_to_sparsevec(int4[] | float4[] | float8[] | numeric[], typmod, explicit): zeros dropped, then the stored
// values checked for NaN and infinity (pgvector's order).
Datum
ArrayToSparseVector(FunctionCallInfo fcinfo)
{
	int count = 0;
	const float *values = ArrayToFloats(PG_GETARG_ARRAYTYPE_P(0), PG_GETARG_INT32(1), CheckSparseDims, &count);
	PgSparseVector *sparse = FromDense(count, [&](int i) { return values[i]; });
	const float *stored = SparseValues(sparse);
	for (int i = 0; i < sparse->nnz; i++)
		CheckStatus(CheckSparseElement(stored[i]));
	PG_RETURN_POINTER(sparse);
}

Datum
SparseVectorToVector(FunctionCallInfo fcinfo)
{
	const PgSparseVector *sparse = VECSEARCH_GETARG_SPARSEVEC(0);
	CheckStatus(CheckVectorDims(sparse->dim));
	CheckStatus(CheckExpectedDims(PG_GETARG_INT32(1), sparse->dim));
	PgVector *vector = NewVector(sparse->dim);
	const float *values = SparseValues(sparse);
	for (int i = 0; i < sparse->nnz; i++)
		vector->x[sparse->indices[i]] = values[i];
	PG_RETURN_POINTER(vector);
}

Datum
SparseVectorToHalfVector(FunctionCallInfo fcinfo)
{
	const PgSparseVector *sparse = VECSEARCH_GETARG_SPARSEVEC(0);
	CheckStatus(CheckHalfVectorDims(sparse->dim));
	CheckStatus(CheckExpectedDims(PG_GETARG_INT32(1), sparse->dim));
	PgHalfVector *half = NewHalfVector(sparse->dim);
	const float *values = SparseValues(sparse);
	for (int i = 0; i < sparse->nnz; i++)
		CheckStatus(ToHalf(values[i], &half->x[sparse->indices[i]]));
	PG_RETURN_POINTER(half);
}

} // namespace
} // namespace vecsearch::pg

VECSEARCH_PG_FUNCTION(vecsearch_sparsevec_coerce_typmod, vecsearch::pg::SparseVectorCoerceTypmod)
VECSEARCH_PG_FUNCTION(vecsearch_vector_to_sparsevec, vecsearch::pg::VectorToSparseVector)
VECSEARCH_PG_FUNCTION(vecsearch_halfvec_to_sparsevec, vecsearch::pg::HalfVectorToSparseVector)
VECSEARCH_PG_FUNCTION(vecsearch_array_to_sparsevec, vecsearch::pg::ArrayToSparseVector)
VECSEARCH_PG_FUNCTION(vecsearch_sparsevec_to_vector, vecsearch::pg::SparseVectorToVector)
VECSEARCH_PG_FUNCTION(vecsearch_sparsevec_to_halfvec, vecsearch::pg::SparseVectorToHalfVector)
