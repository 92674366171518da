// SQL functions and operators over `halfvec` values: distances (through the half kernels of the table chosen at
// load), element-wise arithmetic, concatenation, comparison, norms, subvector and binary quantization.
// PG regime: each function reads its datums, calls the core, and raises a failed Status with ereport.
#include "core/vector/halfvec_ops.hpp"
#include "core/vector/vector_distance.hpp"
#include "core/vector/vector_ops.hpp"
#include "pg/boundary.hpp"
#include "pg/btree_support.hpp"
#include "pg/error_map.hpp"
#include "pg/halfvec_type.hpp"
#include "pg/kernels.hpp"

namespace vecsearch::pg {
namespace {

struct HalfVectorPair {
	PgHalfVector *a;
	PgHalfVector *b;
};

HalfVectorPair
GetSameDimsPair(FunctionCallInfo fcinfo)
{
	HalfVectorPair pair{VECSEARCH_GETARG_HALFVEC(0), VECSEARCH_GETARG_HALFVEC(1)};
	if (unlikely(pair.a->dim != pair.b->dim))
		ReportStatus(CheckSameHalfDims(static_cast<std::size_t>(pair.a->dim), static_cast<std::size_t>(pair.b->dim)));
	return pair;
}

using HalfSpan = std::span<const HalfBits>;

template <double (*Distance)(const simd::KernelTable &, HalfSpan, HalfSpan)>
Datum
DistanceFunction(FunctionCallInfo fcinfo)
{
	const HalfVectorPair pair = GetSameDimsPair(fcinfo);
	PG_RETURN_FLOAT8(Distance(Kernels(), Elements(pair.a), Elements(pair.b)));
}

double
NegativeInnerProduct(const simd::KernelTable &k, HalfSpan a, HalfSpan b) noexcept
{
	return -InnerProduct(k, a, b);
}

template <Status (*Operation)(HalfSpan, HalfSpan, std::span<HalfBits>)>
Datum
ElementwiseFunction(FunctionCallInfo fcinfo)
{
	const HalfVectorPair pair = GetSameDimsPair(fcinfo);
	PgHalfVector *result = NewHalfVector(pair.a->dim);
	CheckStatus(Operation(Elements(pair.a), Elements(pair.b), Elements(result)));
	PG_RETURN_POINTER(result);
}

Datum
HalfVectorConcat(FunctionCallInfo fcinfo)
{
	const PgHalfVector *a = VECSEARCH_GETARG_HALFVEC(0);
	const PgHalfVector *b = VECSEARCH_GETARG_HALFVEC(1);
	const int dims = a->dim + b->dim;
	CheckStatus(CheckHalfVectorDims(dims));
	PgHalfVector *result = NewHalfVector(dims);
	std::memcpy(result->x, a->x, sizeof(HalfBits) * static_cast<Size>(a->dim));
	std::memcpy(result->x + a->dim, b->x, sizeof(HalfBits) * static_cast<Size>(b->dim));
	PG_RETURN_POINTER(result);
}

int
HalfVectorOrder(const PgHalfVector *a, const PgHalfVector *b)
{
	return CompareHalfVectors(Elements(a), Elements(b));
}
constexpr auto kCompareHalfVectorArguments = CompareArguments<PgHalfVector, DatumGetHalfVector, HalfVectorOrder>;

Datum
HalfVectorDims(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT32(VECSEARCH_GETARG_HALFVEC(0)->dim);
}

Datum
HalfVectorL2Norm(FunctionCallInfo fcinfo)
{
	PG_RETURN_FLOAT8(HalfVectorNorm(Elements(VECSEARCH_GETARG_HALFVEC(0))));
}

Datum
HalfVectorL2Normalize(FunctionCallInfo fcinfo)
{
	const PgHalfVector *vector = VECSEARCH_GETARG_HALFVEC(0);
	PgHalfVector *result = NewHalfVector(vector->dim);
	CheckStatus(NormalizeHalfVector(Elements(vector), Elements(result)));
	PG_RETURN_POINTER(result);
}

Datum
HalfVectorSubvector(FunctionCallInfo fcinfo)
{
	const PgHalfVector *vector = VECSEARCH_GETARG_HALFVEC(0);
	std::size_t first = 0;
	std::size_t length = 0;
	if (!SubvectorRange(static_cast<std::size_t>(vector->dim), PG_GETARG_INT32(1), PG_GETARG_INT32(2), &first, &length)
	         .ok())
		ReportStatus(CheckHalfVectorDims(0)); // an empty slice, in halfvec's words
	PgHalfVector *result = NewHalfVector(static_cast<int>(length));
	std::memcpy(result->x, vector->x + first, sizeof(HalfBits) * length);
	PG_RETURN_POINTER(result);
}

Datum
HalfVectorBinaryQuantize(FunctionCallInfo fcinfo)
{
	const PgHalfVector *vector = VECSEARCH_GETARG_HALFVEC(0);
	const int bits = vector->dim;
	VarBit *result = static_cast<VarBit *>(palloc0(VARBITTOTALLEN(bits)));
	SET_VARSIZE(result, VARBITTOTALLEN(bits));
	VARBITLEN(result) = bits;
	BinaryQuantizeHalf(Elements(vector), VARBITS(result));
	PG_RETURN_VARBIT_P(result);
}

} // namespace
} // namespace vecsearch::pg

namespace vs = vecsearch::pg;

VECSEARCH_PG_FUNCTION(vecsearch_halfvec_l2_distance, vs::DistanceFunction<vecsearch::L2Distance>)
VECSEARCH_PG_FUNCTION(vecsearch_halfvec_l2_squared_distance, vs::DistanceFunction<vecsearch::L2SquaredDistance>)
VECSEARCH_PG_FUNCTION(vecsearch_halfvec_inner_product, vs::DistanceFunction<vecsearch::InnerProduct>)
VECSEARCH_PG_FUNCTION(vecsearch_halfvec_negative_inner_product, vs::DistanceFunction<vs::NegativeInnerProduct>)
VECSEARCH_PG_FUNCTION(vecsearch_halfvec_cosine_distance, vs::DistanceFunction<vecsearch::CosineDistance>)
VECSEARCH_PG_FUNCTION(vecsearch_halfvec_spherical_distance, vs::DistanceFunction<vecsearch::SphericalDistance>)
VECSEARCH_PG_FUNCTION(vecsearch_halfvec_l1_distance, vs::DistanceFunction<vecsearch::L1Distance>)
VECSEARCH_PG_FUNCTION(vecsearch_halfvec_add, vs::ElementwiseFunction<vecsearch::AddHalfVectors>)
VECSEARCH_PG_FUNCTION(vecsearch_halfvec_sub, vs::ElementwiseFunction<vecsearch::SubtractHalfVectors>)
VECSEARCH_PG_FUNCTION(vecsearch_halfvec_mul, vs::ElementwiseFunction<vecsearch::MultiplyHalfVectors>)
VECSEARCH_PG_FUNCTION(vecsearch_halfvec_concat, vs::HalfVectorConcat)
VECSEARCH_PG_FUNCTION(vecsearch_halfvec_cmp, vs::CmpFunction<vs::kCompareHalfVectorArguments>)
VECSEARCH_PG_FUNCTION(vecsearch_halfvec_lt, (vs::ComparisonFunction<vs::kCompareHalfVectorArguments, vs::IsLess>))
VECSEARCH_PG_FUNCTION(vecsearch_halfvec_le,
                      (vs::ComparisonFunction<vs::kCompareHalfVectorArguments, vs::IsLessOrEqual>))
VECSEARCH_PG_FUNCTION(vecsearch_halfvec_eq, (vs::ComparisonFunction<vs::kCompareHalfVectorArguments, vs::IsEqual>))
VECSEARCH_PG_FUNCTION(vecsearch_halfvec_ne, (vs::ComparisonFunction<vs::kCompareHalfVectorArguments, vs::IsNotEqual>))
VECSEARCH_PG_FUNCTION(vecsearch_halfvec_ge,
                      (vs::ComparisonFunction<vs::kCompareHalfVectorArguments, vs::IsGreaterOrEqual>))
VECSEARCH_PG_FUNCTION(vecsearch_halfvec_gt, (vs::ComparisonFunction<vs::kCompareHalfVectorArguments, vs::IsGreater>))
VECSEARCH_PG_FUNCTION(vecsearch_halfvec_dims, vs::HalfVectorDims)
VECSEARCH_PG_FUNCTION(vecsearch_halfvec_l2_norm, vs::HalfVectorL2Norm)
VECSEARCH_PG_FUNCTION(vecsearch_halfvec_l2_normalize, vs::HalfVectorL2Normalize)
VECSEARCH_PG_FUNCTION(vecsearch_halfvec_subvector, vs::HalfVectorSubvector)
VECSEARCH_PG_FUNCTION(vecsearch_halfvec_binary_quantize, vs::HalfVectorBinaryQuantize)
