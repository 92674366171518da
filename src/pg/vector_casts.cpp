// Casts into and out of `vector`: the typmod coercion vector(vector, int, bool), arrays of int4, float4,
// float8 and numeric to vector, and vector to real[]. PG regime throughout.
#include "core/vector/vector_ops.hpp"
#include "pg/array_elements.hpp"
#include "pg/boundary.hpp"
#include "pg/error_map.hpp"
#include "pg/vector_type.hpp"

namespace vecsearch::pg {
namespace {

// vector(vector, typmod, explicit): a vector(n) target accepts only n-dimensional values.
Datum
VectorCoerceTypmod(FunctionCallInfo fcinfo)
{
	PgVector *vector = VECSEARCH_GETARG_VECTOR(0);
	CheckStatus(CheckExpectedDims(PG_GETARG_INT32(1), vector->dim));
	PG_RETURN_POINTER(vector);
}

// One array element as float, unchecked.
float
ArrayElementToFloat(Datum element, Oid element_type)
{
	switch (element_type) {
	case INT4OID: return static_cast<float>(DatumGetInt32(element));
	case FLOAT8OID: return static_cast<float>(DatumGetFloat8(element));
	case FLOAT4OID: return DatumGetFloat4(element);
	case NUMERICOID:
		// numeric_float4 raises 22003 itself when the value does not fit a float4.
		return DatumGetFloat4(DirectFunctionCall1(numeric_float4, element));
	default:
		ereport(ERROR, (errcode(ERRCODE_DATA_EXCEPTION),
		                errmsg("unsupported array element type %s for vector", format_type_be(element_type))));
	}
	return 0.0f;
}

} // namespace

float *
ArrayToFloats(ArrayType *array, int32 typmod, Status (*check_dims)(std::int64_t), int *count)
{
	const Oid element_type = ARR_ELEMTYPE(array);
	if (ARR_NDIM(array) > 1)
		ereport(ERROR, (errcode(ERRCODE_DATA_EXCEPTION), errmsg("array must be 1-D")));
	if (array_contains_nulls(array))
		ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("array must not contain nulls")));

	// Check the count before deconstructing, so a huge array fails fast and cheaply.
	*count = ArrayGetNItems(ARR_NDIM(array), ARR_DIMS(array));
	CheckStatus(check_dims(*count));
	CheckStatus(CheckExpectedDims(typmod, *count));

	int16 type_length = 0;
	bool by_value = false;
	char alignment = 0;
	get_typlenbyvalalign(element_type, &type_length, &by_value, &alignment);
	Datum *elements = nullptr;
	int element_count = 0;
	deconstruct_array(array, element_type, type_length, by_value, alignment, &elements, nullptr, &element_count);
	// Every element is converted before any is checked, as pgvector does (which error comes first depends on it).
	auto *values = static_cast<float *>(palloc(sizeof(float) * static_cast<Size>(element_count)));
	for (int i = 0; i < element_count; i++)
		values[i] = ArrayElementToFloat(elements[i], element_type);
	pfree(elements);
	*count = element_count;
	return values;
}

namespace {

// array_to_vector(int4[] | float4[] | float8[] | numeric[], typmod, explicit).
Datum
ArrayToVector(FunctionCallInfo fcinfo)
{
	int count = 0;
	const float *values = ArrayToFloats(PG_GETARG_ARRAYTYPE_P(0), PG_GETARG_INT32(1), CheckVectorDims, &count);
	PgVector *vector = NewVector(count);
	for (int i = 0; i < count; i++) {
		CheckStatus(CheckVectorElement(values[i]));
		vector->x[i] = values[i];
	}
	PG_RETURN_POINTER(vector);
}

// vector_to_float4(vector, typmod, explicit) -> real[].
Datum
VectorToFloat4Array(FunctionCallInfo fcinfo)
{
	const PgVector *vector = VECSEARCH_GETARG_VECTOR(0);
	Datum *elements = static_cast<Datum *>(palloc(sizeof(Datum) * static_cast<Size>(vector->dim)));
	for (int i = 0; i < vector->dim; i++)
		elements[i] = Float4GetDatum(vector->x[i]);
	ArrayType *array = construct_array(elements, vector->dim, FLOAT4OID, sizeof(float4), true, TYPALIGN_INT);
	pfree(elements);
	PG_RETURN_POINTER(array);
}

} // namespace
} // namespace vecsearch::pg

VECSEARCH_PG_FUNCTION(vecsearch_vector_coerce_typmod, vecsearch::pg::VectorCoerceTypmod)
VECSEARCH_PG_FUNCTION(vecsearch_array_to_vector, vecsearch::pg::ArrayToVector)
VECSEARCH_PG_FUNCTION(vecsearch_vector_to_float4, vecsearch::pg::VectorToFloat4Array)
