// Casts into and out of `halfvec`: its typmod coercion, to and from `vector`, arrays of int4, float4, float8
// and numeric to halfvec, and halfvec to real[]. Values are rounded to binary16 as pgvector rounds them; a
// finite value beyond its range is an error. PG regime throughout.
#include "core/vector/halfvec_ops.hpp"
#include "core/vector/vector_ops.hpp"
#include "pg/array_elements.hpp"
#include "pg/boundary.hpp"
#include "pg/error_map.hpp"
#include "pg/halfvec_type.hpp"
#include "pg/vector_type.hpp"

namespace vecsearch::pg {
namespace {

// halfvec(halfvec, typmod, explicit): a halfvec(n) target accepts only n-dimensional values.
Datum
HalfVectorCoerceTypmod(FunctionCallInfo fcinfo)
{
	PgHalfVector *vector = VECSEARCH_GETARG_HALFVEC(0);
	CheckStatus(CheckExpectedDims(PG_GETARG_INT32(1), vector->dim));
	PG_RETURN_POINTER(vector);
}

// halfvec_to_vector(halfvec, typmod, explicit): exact (every half is a float).
Datum
HalfVectorToVector(FunctionCallInfo fcinfo)
{
	const PgHalfVector *half = VECSEARCH_GETARG_HALFVEC(0);
	CheckStatus(CheckVectorDims(half->dim));
	CheckStatus(CheckExpectedDims(PG_GETARG_INT32(1), half->dim));
	PgVector *vector = NewVector(half->dim);
	for (int i = 0; i < half->dim; i++)
		vector->x[i] = HalfToFloat(half->x[i]);
	PG_RETURN_POINTER(vector);
}

// vector_to_halfvec(vector, typmod, explicit): each element rounded; beyond 65504 (after rounding) an error.
Datum
VectorToHalfVector(FunctionCallInfo fcinfo)
{
	const PgVector *vector = VECSEARCH_GETARG_VECTOR(0);
	CheckStatus(CheckHalfVectorDims(vector->dim));
	CheckStatus(CheckExpectedDims(PG_GETARG_INT32(1), vector->dim));
	PgHalfVector *half = NewHalfVector(vector->dim);
	for (int i = 0; i < vector->dim; i++)
		CheckStatus(ToHalf(vector->x[i], &half->x[i]));
	PG_RETURN_POINTER(half);
}

// array_to_halfvec(int4[] | float4[] | float8[] | numeric[], typmod, explicit): every element rounded (a range
// error as soon as one is too large), then every element checked for NaN and infinity, in pgvector's order.
Datum
ArrayToHalfVector(FunctionCallInfo fcinfo)
{
	int count = 0;
	const float *values = ArrayToFloats(PG_GETARG_ARRAYTYPE_P(0), PG_GETARG_INT32(1), CheckHalfVectorDims, &count);
	PgHalfVector *half = NewHalfVector(count);
	for (int i = 0; i < count; i++)
		CheckStatus(ToHalf(values[i], &half->x[i]));
	for (int i = 0; i < count; i++)
		CheckStatus(CheckHalfElement(half->x[i]));
	PG_RETURN_POINTER(half);
}

// halfvec_to_float4(halfvec, typmod, explicit) -> real[].
Datum
HalfVectorToFloat4Array(FunctionCallInfo fcinfo)
{
	const PgHalfVector *half = VECSEARCH_GETARG_HALFVEC(0);
	Datum *elements = static_cast<Datum *>(palloc(sizeof(Datum) * static_cast<Size>(half->dim)));
	for (int i = 0; i < half->dim; i++)
		elements[i] = Float4GetDatum(HalfToFloat(half->x[i]));
	ArrayType *array = construct_array(elements, half->dim, FLOAT4OID, sizeof(float4), true, TYPALIGN_INT);
	pfree(elements);
	PG_RETURN_POINTER(array);
}

} // namespace
} // namespace vecsearch::pg

VECSEARCH_PG_FUNCTION(vecsearch_halfvec_coerce_typmod, vecsearch::pg::HalfVectorCoerceTypmod)
VECSEARCH_PG_FUNCTION(vecsearch_halfvec_to_vector, vecsearch::pg::HalfVectorToVector)
VECSEARCH_PG_FUNCTION(vecsearch_vector_to_halfvec, vecsearch::pg::VectorToHalfVector)
VECSEARCH_PG_FUNCTION(vecsearch_array_to_halfvec, vecsearch::pg::ArrayToHalfVector)
VECSEARCH_PG_FUNCTION(vecsearch_halfvec_to_float4, vecsearch::pg::HalfVectorToFloat4Array)
