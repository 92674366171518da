// The avg(vector) and avg(halfvec) aggregates' support functions. Its state is a float8[] {count, sum_1, ..., sum_d},
// so the combine function can merge partial states from parallel workers. sum(vector) needs nothing here: it uses
// vector_add as both transition and combine function. PG regime.
#include "core/vector/halfvec_ops.hpp"
#include "core/vector/vector_ops.hpp"
#include "pg/boundary.hpp"
#include "pg/error_map.hpp"
#include "pg/halfvec_type.hpp"
#include "pg/vector_type.hpp"

namespace vecsearch::pg {
namespace {

// The state's float8 values after validating its shape (1-D, float8, no NULLs, at least the count). A state
// this extension did not make is an internal error naming `caller`, as pgvector reports it (XX000).
std::span<double>
StateValues(ArrayType *state, const char *caller)
{
	if (ARR_NDIM(state) != 1 || ARR_DIMS(state)[0] < 1 || ARR_HASNULL(state) || ARR_ELEMTYPE(state) != FLOAT8OID)
		ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR), errmsg_internal("%s: expected state array", caller)));
	return {reinterpret_cast<double *>(ARR_DATA_PTR(state)), static_cast<std::size_t>(ARR_DIMS(state)[0])};
}

// A fresh state array {count, sums...} with `dims` zero sums, in CurrentMemoryContext.
ArrayType *
NewState(int dims)
{
	Datum *zeros = static_cast<Datum *>(palloc(sizeof(Datum) * static_cast<Size>(dims + 1)));
	for (int i = 0; i <= dims; i++)
		zeros[i] = Float8GetDatum(0.0);
	ArrayType *state = construct_array(zeros, dims + 1, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE);
	pfree(zeros);
	return state;
}

Status
CheckStateDims(std::size_t state_dims, std::size_t dims)
{
	return CheckExpectedDims(static_cast<std::int32_t>(state_dims), static_cast<std::int64_t>(dims));
}

// An element of either type as float, and the sums of either type's elements (for AccumulateValue).
float
AsFloat(float value)
{
	return value;
}
float
AsFloat(HalfBits value)
{
	return HalfToFloat(value);
}
Status
Accumulate(std::span<double> sums, std::span<const float> values)
{
	return AccumulateVector(sums, values);
}
Status
Accumulate(std::span<double> sums, std::span<const HalfBits> values)
{
	return AccumulateHalfVector(sums, values);
}

// The transition function of avg over any vector type: adds one value of `dims` elements (the `elements`
// span, as float or half) to the state. Inside an aggregate it updates the state in place (as PostgreSQL's own
// float8_accum does), avoiding an array copy per row. A state without sums (the initial {0}, or any {n}) takes
// the value's elements as they are, so avg of a single -0 is -0, as pgvector's.
template <typename Element>
Datum
AccumulateValue(FunctionCallInfo fcinfo, const char *caller, std::span<const Element> elements)
{
	ArrayType *state = PG_GETARG_ARRAYTYPE_P(0);
	std::span<double> values = StateValues(state, caller);
	const double count = values[0];
	const int dims = static_cast<int>(elements.size());
	if (values.size() == 1) {
		state = NewState(dims);
		values = StateValues(state, caller);
		values[0] = count + 1.0;
		for (std::size_t i = 0; i < elements.size(); i++)
			values[i + 1] = static_cast<double>(AsFloat(elements[i]));
		PG_RETURN_ARRAYTYPE_P(state);
	}
	CheckStatus(CheckStateDims(values.size() - 1, elements.size()));
	if (!AggCheckCallContext(fcinfo, nullptr)) {
		// Called outside an aggregate: never change the argument.
		ArrayType *copy = NewState(dims);
		std::span<double> copy_values = StateValues(copy, caller);
		std::memcpy(copy_values.data(), values.data(), sizeof(double) * values.size());
		state = copy;
		values = copy_values;
	}
	values[0] = count + 1.0;
	CheckStatus(Accumulate(values.subspan(1), elements));
	PG_RETURN_ARRAYTYPE_P(state);
}

// vector_accum(state, vector).
Datum
VectorAccum(FunctionCallInfo fcinfo)
{
	const PgVector *vector = VECSEARCH_GETARG_VECTOR(1);
	return AccumulateValue(fcinfo, "vector_accum", Elements(vector));
}

// A partial state passed through by vector_combine: at most kVectorMaxDims sums. (pgvector also refuses one
// without sums, so that avg over an empty table fails under a parallel plan whose workers saw no rows: "vector
// must have at least 1 dimension". Here such a state combines into itself and avg gives NULL.)
ArrayType *
PassedThrough(ArrayType *state, std::span<const double> values)
{
	if (values.size() > 1)
		CheckStatus(CheckVectorDims(static_cast<std::int64_t>(values.size() - 1)));
	return state;
}

// vector_combine(state, state): merges two partial states (parallel aggregation). As pgvector: a state that
// counted no rows yields the other one.
Datum
VectorCombine(FunctionCallInfo fcinfo)
{
	ArrayType *a = PG_GETARG_ARRAYTYPE_P(0);
	ArrayType *b = PG_GETARG_ARRAYTYPE_P(1);
	const std::span<double> a_values = StateValues(a, "vector_combine");
	const std::span<double> b_values = StateValues(b, "vector_combine");
	if (a_values[0] == 0.0)
		PG_RETURN_ARRAYTYPE_P(PassedThrough(b, b_values));
	if (b_values[0] == 0.0)
		PG_RETURN_ARRAYTYPE_P(PassedThrough(a, a_values));
	CheckStatus(CheckVectorDims(static_cast<std::int64_t>(a_values.size() - 1)));
	CheckStatus(CheckStateDims(a_values.size() - 1, b_values.size() - 1));

	ArrayType *merged = NewState(static_cast<int>(a_values.size() - 1));
	std::span<double> merged_values = StateValues(merged, "vector_combine");
	merged_values[0] = a_values[0] + b_values[0];
	for (std::size_t i = 1; i < merged_values.size(); i++) {
		merged_values[i] = a_values[i] + b_values[i];
		if (std::isinf(merged_values[i]))
			ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE), errmsg("value out of range: overflow")));
	}
	PG_RETURN_ARRAYTYPE_P(merged);
}

// vector_avg(state): the mean vector, or NULL when no rows were aggregated.
Datum
VectorAvg(FunctionCallInfo fcinfo)
{
	ArrayType *state = PG_GETARG_ARRAYTYPE_P(0);
	const std::span<double> values = StateValues(state, "vector_avg");
	if (values[0] == 0.0)
		PG_RETURN_NULL();
	const int dims = static_cast<int>(values.size() - 1);
	CheckStatus(CheckVectorDims(dims));
	PgVector *result = NewVector(dims);
	CheckStatus(AverageVector(values.subspan(1), values[0], Elements(result)));
	PG_RETURN_POINTER(result);
}

// halfvec_accum(state, halfvec): vector_accum for halfvec (the same state; its values as float).
Datum
HalfVectorAccum(FunctionCallInfo fcinfo)
{
	const PgHalfVector *vector = VECSEARCH_GETARG_HALFVEC(1);
	return AccumulateValue(fcinfo, "halfvec_accum", Elements(vector));
}

// halfvec_avg(state): the mean as a halfvec, or NULL when no rows were aggregated.
Datum
HalfVectorAvg(FunctionCallInfo fcinfo)
{
	ArrayType *state = PG_GETARG_ARRAYTYPE_P(0);
	const std::span<double> values = StateValues(state, "halfvec_avg");
	if (values[0] == 0.0)
		PG_RETURN_NULL();
	const int dims = static_cast<int>(values.size() - 1);
	CheckStatus(CheckHalfVectorDims(dims));
	PgHalfVector *result = NewHalfVector(dims);
	CheckStatus(AverageHalfVector(values.subspan(1), values[0], Elements(result)));
	PG_RETURN_POINTER(result);
}

} // namespace
} // namespace vecsearch::pg

VECSEARCH_PG_FUNCTION(vecsearch_vector_accum, vecsearch::pg::VectorAccum)
VECSEARCH_PG_FUNCTION(vecsearch_vector_combine, vecsearch::pg::VectorCombine)
VECSEARCH_PG_FUNCTION(vecsearch_vector_avg, vecsearch::pg::VectorAvg)
VECSEARCH_PG_FUNCTION(vecsearch_halfvec_accum, vecsearch::pg::HalfVectorAccum)
VECSEARCH_PG_FUNCTION(vecsearch_halfvec_avg, vecsearch::pg::HalfVectorAvg)
