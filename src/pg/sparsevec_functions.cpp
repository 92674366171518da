// SQL functions and operators over `sparsevec` values: the four distances (one merge pass over the index lists),
// the index support forms, comparison, l2_norm and l2_normalize. PG regime.
#include "core/vector/sparsevec_ops.hpp"
#include "core/vector/vector_distance.hpp"
#include "pg/boundary.hpp"
#include "pg/btree_support.hpp"
#include "pg/error_map.hpp"
#include "pg/sparsevec_type.hpp"

namespace vecsearch::pg {
namespace {

struct SparsePair {
	SparseView a;
	SparseView b;
};

SparsePair
GetSameDimsPair(FunctionCallInfo fcinfo)
{
	const PgSparseVector *a = VECSEARCH_GETARG_SPARSEVEC(0);
	const PgSparseVector *b = VECSEARCH_GETARG_SPARSEVEC(1);
	if (unlikely(a->dim != b->dim))
		ReportStatus(CheckSameSparseDims(a->dim, b->dim));
	return SparsePair{View(a), View(b)};
}

double
L2Distance(const SparsePair &pair)
{
	return std::sqrt(static_cast<double>(SparseL2Squared(pair.a, pair.b)));
}
double
L2SquaredDistance(const SparsePair &pair)
{
	return static_cast<double>(SparseL2Squared(pair.a, pair.b));
}
double
InnerProduct(const SparsePair &pair)
{
	return static_cast<double>(SparseInnerProduct(pair.a, pair.b));
}
double
NegativeInnerProduct(const SparsePair &pair)
{
	return static_cast<double>(-SparseInnerProduct(pair.a, pair.b));
}
double
CosineDistance(const SparsePair &pair)
{
	return CosineDistanceOf(SparseCosineParts(pair.a, pair.b));
}
double
L1Distance(const SparsePair &pair)
{
	return static_cast<double>(SparseL1(pair.a, pair.b));
}

template <double (*Distance)(const SparsePair &)>
Datum
DistanceFunction(FunctionCallInfo fcinfo)
{
	PG_RETURN_FLOAT8(Distance(GetSameDimsPair(fcinfo)));
}

int
SparseVectorOrder(const PgSparseVector *a, const PgSparseVector *b)
{
	return CompareSparse(View(a), View(b));
}
constexpr auto kCompareSparseVectorArguments =
    CompareArguments<PgSparseVector, DatumGetSparseVector, SparseVectorOrder>;

Datum
SparseVectorL2Norm(FunctionCallInfo fcinfo)
{
	const PgSparseVector *vector = VECSEARCH_GETARG_SPARSEVEC(0);
	PG_RETURN_FLOAT8(SparseNorm(View(vector).values));
}

Datum
SparseVectorL2Normalize(FunctionCallInfo fcinfo)
{
	const PgSparseVector *vector = VECSEARCH_GETARG_SPARSEVEC(0);
	PgSparseVector *result = NewSparseVector(vector->dim, vector->nnz);
	const auto capacity = static_cast<std::size_t>(vector->nnz);
	auto *values = static_cast<float *>(palloc(sizeof(float) * (capacity + 1)));
	std::size_t count = 0;
	CheckStatus(NormalizeSparse(View(vector), {result->indices, capacity}, {values, capacity}, &count));
	// Values that underflowed to zero were dropped: the result may hold fewer elements (its values follow them).
	result->nnz = static_cast<int32>(count);
	SET_VARSIZE(result, SparseVectorSize(result->nnz));
	std::memcpy(SparseValues(result), values, sizeof(float) * count);
	pfree(values);
	PG_RETURN_POINTER(result);
}

} // namespace
} // namespace vecsearch::pg

namespace vs = vecsearch::pg;

VECSEARCH_PG_FUNCTION(vecsearch_sparsevec_l2_distance, vs::DistanceFunction<vs::L2Distance>)
VECSEARCH_PG_FUNCTION(vecsearch_sparsevec_l2_squared_distance, vs::DistanceFunction<vs::L2SquaredDistance>)
VECSEARCH_PG_FUNCTION(vecsearch_sparsevec_inner_product, vs::DistanceFunction<vs::InnerProduct>)
VECSEARCH_PG_FUNCTION(vecsearch_sparsevec_negative_inner_product, vs::DistanceFunction<vs::NegativeInnerProduct>)
VECSEARCH_PG_FUNCTION(vecsearch_sparsevec_cosine_distance, vs::DistanceFunction<vs::CosineDistance>)
VECSEARCH_PG_FUNCTION(vecsearch_sparsevec_l1_distance, vs::DistanceFunction<vs::L1Distance>)
VECSEARCH_PG_FUNCTION(vecsearch_sparsevec_cmp, vs::CmpFunction<vs::kCompareSparseVectorArguments>)
VECSEARCH_PG_FUNCTION(vecsearch_sparsevec_lt, (vs::ComparisonFunction<vs::kCompareSparseVectorArguments, vs::IsLess>))
VECSEARCH_PG_FUNCTION(vecsearch_sparsevec_le,
                      (vs::ComparisonFunction<vs::kCompareSparseVectorArguments, vs::IsLessOrEqual>))
VECSEARCH_PG_FUNCTION(vecsearch_sparsevec_eq, (vs::ComparisonFunction<vs::kCompareSparseVectorArguments, vs::IsEqual>))
VECSEARCH_PG_FUNCTION(vecsearch_sparsevec_ne,
                      (vs::ComparisonFunction<vs::kCompareSparseVectorArguments, vs::IsNotEqual>))
VECSEARCH_PG_FUNCTION(vecsearch_sparsevec_ge,
                      (vs::ComparisonFunction<vs::kCompareSparseVectorArguments, vs::IsGreaterOrEqual>))
VECSEARCH_PG_FUNCTION(vecsearch_sparsevec_gt,
                      (vs::ComparisonFunction<vs::kCompareSparseVectorArguments, vs::IsGreater>))
VECSEARCH_PG_FUNCTION(vecsearch_sparsevec_l2_norm, vs::SparseVectorL2Norm)
VECSEARCH_PG_FUNCTION(vecsearch_sparsevec_l2_normalize, vs::SparseVectorL2Normalize)
