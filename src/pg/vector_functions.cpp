// SQL functions and operators over `vector` values: distances (through the SIMD kernel table chosen at
// load), element-wise arithmetic, concatenation, comparison, norms, subvector and binary quantization.
// PG regime: each function reads its datums, calls the core, and raises a failed Status with ereport.
#include "core/vector/vector_distance.hpp"
#include "core/vector/vector_ops.hpp"
#include "pg/boundary.hpp"
#include "pg/btree_support.hpp"
#include "pg/error_map.hpp"
#include "pg/kernels.hpp"
#include "pg/vector_type.hpp"

namespace vecsearch::pg {
namespace {

// Reads both vector arguments of a binary function and checks that their dimensions agree.
struct VectorPair {
	PgVector *a;
	PgVector *b;
};

VectorPair
GetSameDimsPair(FunctionCallInfo fcinfo)
{
	VectorPair pair{VECSEARCH_GETARG_VECTOR(0), VECSEARCH_GETARG_VECTOR(1)};
	if (unlikely(pair.a->dim != pair.b->dim)) // the Status is built only on the error path
		ReportStatus(CheckSameDims(static_cast<std::size_t>(pair.a->dim), static_cast<std::size_t>(pair.b->dim)));
	return pair;
}

template <double (*Distance)(const simd::KernelTable &, std::span<const float>, std::span<const float>)>
Datum
DistanceFunction(FunctionCallInfo fcinfo)
{
	const VectorPair pair = GetSameDimsPair(fcinfo);
	PG_RETURN_FLOAT8(Distance(Kernels(), Elements(pair.a), Elements(pair.b)));
}

double
NegativeInnerProduct(const simd::KernelTable &k, std::span<const float> a, std::span<const float> b) noexcept
{
	return -InnerProduct(k, a, b);
}

template <Status (*Operation)(std::span<const float>, std::span<const float>, std::span<float>)>
Datum
ElementwiseFunction(FunctionCallInfo fcinfo)
{
	const VectorPair pair = GetSameDimsPair(fcinfo);
	PgVector *result = NewVector(pair.a->dim);
	CheckStatus(Operation(Elements(pair.a), Elements(pair.b), Elements(result)));
	PG_RETURN_POINTER(result);
}

Datum
VectorConcat(FunctionCallInfo fcinfo)
{
	const PgVector *a = VECSEARCH_GETARG_VECTOR(0);
	const PgVector *b = VECSEARCH_GETARG_VECTOR(1);
	const int dims = a->dim + b->dim;
	CheckStatus(CheckVectorDims(dims));
	PgVector *result = NewVector(dims);
	std::memcpy(result->x, a->x, sizeof(float) * static_cast<Size>(a->dim));
	std::memcpy(result->x + a->dim, b->x, sizeof(float) * static_cast<Size>(b->dim));
	PG_RETURN_POINTER(result);
}

int
VectorOrder(const PgVector *a, const PgVector *b)
{
	return CompareVectors(Elements(a), Elements(b));
}
constexpr auto kCompareVectorArguments = CompareArguments<PgVector, DatumGetVector, VectorOrder>;

Datum
VectorDims(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT32(VECSEARCH_GETARG_VECTOR(0)->dim);
}

Datum
VectorNormFunction(FunctionCallInfo fcinfo)
{
	PG_RETURN_FLOAT8(VectorNorm(Elements(VECSEARCH_GETARG_VECTOR(0))));
}

Datum
L2Normalize(FunctionCallInfo fcinfo)
{
	const PgVector *vector = VECSEARCH_GETARG_VECTOR(0);
	PgVector *result = NewVector(vector->dim);
	NormalizeVector(Elements(vector), Elements(result));
	PG_RETURN_POINTER(result);
}

Datum
Subvector(FunctionCallInfo fcinfo)
{
	const PgVector *vector = VECSEARCH_GETARG_VECTOR(0);
	std::size_t first = 0;
	std::size_t length = 0;
	CheckStatus(
	    SubvectorRange(static_cast<std::size_t>(vector->dim), PG_GETARG_INT32(1), PG_GETARG_INT32(2), &first, &length));
	PgVector *result = NewVector(static_cast<int>(length));
	std::memcpy(result->x, vector->x + first, sizeof(float) * length);
	PG_RETURN_POINTER(result);
}

Datum
BinaryQuantizeFunction(FunctionCallInfo fcinfo)
{
	const PgVector *vector = VECSEARCH_GETARG_VECTOR(0);
	const int bits = vector->dim;
	VarBit *result = static_cast<VarBit *>(palloc0(VARBITTOTALLEN(bits)));
	SET_VARSIZE(result, VARBITTOTALLEN(bits));
	VARBITLEN(result) = bits;
	BinaryQuantize(Elements(vector), VARBITS(result));
	PG_RETURN_VARBIT_P(result);
}

} // namespace
} // namespace vecsearch::pg

namespace vs = vecsearch::pg;

VECSEARCH_PG_FUNCTION(vecsearch_l2_distance, vs::DistanceFunction<vecsearch::L2Distance>)
VECSEARCH_PG_FUNCTION(vecsearch_l2_squared_distance, vs::DistanceFunction<vecsearch::L2SquaredDistance>)
VECSEARCH_PG_FUNCTION(vecsearch_inner_product, vs::DistanceFunction<vecsearch::InnerProduct>)
VECSEARCH_PG_FUNCTION(vecsearch_negative_inner_product, vs::DistanceFunction<vs::NegativeInnerProduct>)
VECSEARCH_PG_FUNCTION(vecsearch_cosine_distance, vs::DistanceFunction<vecsearch::CosineDistance>)
VECSEARCH_PG_FUNCTION(vecsearch_spherical_distance, vs::DistanceFunction<vecsearch::SphericalDistance>)
VECSEARCH_PG_FUNCTION(vecsearch_l1_distance, vs::DistanceFunction<vecsearch::L1Distance>)
VECSEARCH_PG_FUNCTION(vecsearch_vector_add, vs::ElementwiseFunction<vecsearch::AddVectors>)
VECSEARCH_PG_FUNCTION(vecsearch_vector_sub, vs::ElementwiseFunction<vecsearch::SubtractVectors>)
VECSEARCH_PG_FUNCTION(vecsearch_vector_mul, vs::ElementwiseFunction<vecsearch::MultiplyVectors>)
VECSEARCH_PG_FUNCTION(vecsearch_vector_concat, vs::VectorConcat)
VECSEARCH_PG_FUNCTION(vecsearch_vector_cmp, vs::CmpFunction<vs::kCompareVectorArguments>)
VECSEARCH_PG_FUNCTION(vecsearch_vector_lt, (vs::ComparisonFunction<vs::kCompareVectorArguments, vs::IsLess>))
VECSEARCH_PG_FUNCTION(vecsearch_vector_le, (vs::ComparisonFunction<vs::kCompareVectorArguments, vs::IsLessOrEqual>))
VECSEARCH_PG_FUNCTION(vecsearch_vector_eq, (vs::ComparisonFunction<vs::kCompareVectorArguments, vs::IsEqual>))
VECSEARCH_PG_FUNCTION(vecsearch_vector_ne, (vs::ComparisonFunction<vs::kCompareVectorArguments, vs::IsNotEqual>))
VECSEARCH_PG_FUNCTION(vecsearch_vector_ge, (vs::ComparisonFunction<vs::kCompareVectorArguments, vs::IsGreaterOrEqual>))
VECSEARCH_PG_FUNCTION(vecsearch_vector_gt, (vs::ComparisonFunction<vs::kCompareVectorArguments, vs::IsGreater>))
VECSEARCH_PG_FUNCTION(vecsearch_vector_dims, vs::VectorDims)
VECSEARCH_PG_FUNCTION(vecsearch_vector_norm, vs::VectorNormFunction)
VECSEARCH_PG_FUNCTION(vecsearch_l2_normalize, vs::L2Normalize)
VECSEARCH_PG_FUNCTION(vecsearch_subvector, vs::Subvector)
VECSEARCH_PG_FUNCTION(vecsearch_binary_quantize, vs::BinaryQuantizeFunction)
