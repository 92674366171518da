// Value-level vector operations: dimension and typmod checks, overflow and underflow in arithmetic, the
// total order, normalisation, subvector's clamping, binary quantization and the avg aggregate's arithmetic.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "core/vector/vector_ops.hpp"

namespace vecsearch {
namespace {

using Floats = std::vector<float>;

TEST(VectorOps, ChecksDimensionsAndTypmods)
{
	EXPECT_EQ(CheckVectorDims(0).code(), ErrorCode::kDataException);
	EXPECT_TRUE(CheckVectorDims(1).ok());
	EXPECT_TRUE(CheckVectorDims(kVectorMaxDims).ok());
	EXPECT_EQ(CheckVectorDims(kVectorMaxDims + 1).code(), ErrorCode::kProgramLimitExceeded);
	EXPECT_TRUE(CheckExpectedDims(-1, 7).ok());
	EXPECT_EQ(CheckExpectedDims(3, 2).code(), ErrorCode::kDataException);
	EXPECT_STREQ(CheckExpectedDims(3, 2).message(), "expected 3 dimensions, not 2");
	EXPECT_STREQ(CheckSameDims(2, 3).message(), "different vector dimensions 2 and 3");
	EXPECT_EQ(CheckVectorTypmod(0).code(), ErrorCode::kInvalidParameterValue);
	EXPECT_EQ(CheckVectorTypmod(kVectorMaxDims + 1).code(), ErrorCode::kInvalidParameterValue);
}

TEST(VectorOps, ElementChecksRejectNonFinite)
{
	EXPECT_EQ(CheckVectorElement(std::numeric_limits<float>::quiet_NaN()).code(), ErrorCode::kDataException);
	EXPECT_EQ(CheckVectorElement(-std::numeric_limits<float>::infinity()).code(), ErrorCode::kDataException);
	// A double beyond float range is infinite once converted (pgvector's message); FLT_MAX as printed rounds back.
	EXPECT_STREQ(CheckVectorElement(static_cast<float>(1e39)).message(), "infinite value not allowed in vector");
	EXPECT_TRUE(CheckVectorElement(static_cast<float>(3.4028235e38)).ok());
	EXPECT_TRUE(CheckVectorElement(static_cast<float>(1e-50)).ok());
	EXPECT_TRUE(CheckVectorElements(Floats{1, 2, 3}).ok());
	EXPECT_FALSE(CheckVectorElements(Floats{1, std::numeric_limits<float>::infinity()}).ok());
}

TEST(VectorOps, ArithmeticReportsOverflowAndUnderflow)
{
	Floats out(2);
	ASSERT_TRUE(AddVectors(Floats{1, 2}, Floats{3, 4}, out).ok());
	EXPECT_EQ(out, (Floats{4, 6}));
	ASSERT_TRUE(SubtractVectors(Floats{1, 2}, Floats{3, 4}, out).ok());
	EXPECT_EQ(out, (Floats{-2, -2}));
	ASSERT_TRUE(MultiplyVectors(Floats{1, 0}, Floats{3, 1e-30f}, out).ok());
	EXPECT_EQ(out, (Floats{3, 0}));
	EXPECT_EQ(AddVectors(Floats{3e38f, 0}, Floats{3e38f, 0}, out).code(), ErrorCode::kNumericOutOfRange);
	EXPECT_EQ(SubtractVectors(Floats{-3e38f, 0}, Floats{3e38f, 0}, out).code(), ErrorCode::kNumericOutOfRange);
	EXPECT_STREQ(MultiplyVectors(Floats{1e-30f, 1}, Floats{1e-30f, 1}, out).message(), "value out of range: underflow");
	EXPECT_STREQ(MultiplyVectors(Floats{1e30f, 1}, Floats{1e30f, 1}, out).message(), "value out of range: overflow");
}

TEST(VectorOps, ComparesElementsFirstThenLength)
{
	EXPECT_EQ(CompareVectors(Floats{1, 2}, Floats{1, 2, 3}), -1);
	EXPECT_EQ(CompareVectors(Floats{1, 3}, Floats{1, 2, 3}), 1);
	EXPECT_EQ(CompareVectors(Floats{5}, Floats{5}), 0);
	EXPECT_EQ(CompareVectors(Floats{-1}, Floats{0}), -1);
}

TEST(VectorOps, NormAndNormalize)
{
	EXPECT_DOUBLE_EQ(VectorNorm(Floats{3, 4}), 5.0);
	Floats out(2);
	NormalizeVector(Floats{3, 4}, out);
	EXPECT_FLOAT_EQ(out[0], 0.6f);
	EXPECT_FLOAT_EQ(out[1], 0.8f);
	NormalizeVector(Floats{0, 0}, out);
	EXPECT_EQ(out, (Floats{0, 0}));
}

TEST(VectorOps, SubvectorClampsLikeSubstringAndNeverOverflows)
{
	std::size_t first = 0;
	std::size_t length = 0;
	ASSERT_TRUE(SubvectorRange(5, 0, 3, &first, &length).ok());
	EXPECT_EQ(first, 0u);
	EXPECT_EQ(length, 2u);
	ASSERT_TRUE(SubvectorRange(5, 4, 10, &first, &length).ok());
	EXPECT_EQ(first, 3u);
	EXPECT_EQ(length, 2u);
	ASSERT_TRUE(SubvectorRange(5, 2, std::numeric_limits<std::int32_t>::max(), &first, &length).ok());
	EXPECT_EQ(first, 1u);
	EXPECT_EQ(length, 4u);
	EXPECT_FALSE(SubvectorRange(3, std::numeric_limits<std::int32_t>::max(), 10, &first, &length).ok());
	EXPECT_FALSE(SubvectorRange(3, std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::int32_t>::min(),
	                            &first, &length)
	                 .ok());
	EXPECT_FALSE(SubvectorRange(3, 1, 0, &first, &length).ok());
	EXPECT_FALSE(SubvectorRange(3, 4, 1, &first, &length).ok());
}

TEST(VectorOps, BinaryQuantizeSetsBitsForPositiveElementsMostSignificantFirst)
{
	std::uint8_t bits[2] = {0xff, 0xff};
	BinaryQuantize(Floats{1, -1, 0, 2, 3, 4, 5, 6, 7, -1}, bits);
	EXPECT_EQ(bits[0], 0x9f); // 1001 1111
	EXPECT_EQ(bits[1], 0x80); // 10 (padding zero)
}

TEST(VectorOps, AccumulatesAndAverages)
{
	std::vector<double> sums(2, 0.0);
	ASSERT_TRUE(AccumulateVector(sums, Floats{1, 2}).ok());
	ASSERT_TRUE(AccumulateVector(sums, Floats{3, 5}).ok());
	Floats mean(2);
	ASSERT_TRUE(AverageVector(sums, 2.0, mean).ok());
	EXPECT_EQ(mean, (Floats{2, 3.5f}));
	// A mean beyond float range, or NaN in a hand-made state, is reported as pgvector does (22000).
	std::vector<double> huge{1e300, 0};
	EXPECT_STREQ(AverageVector(huge, 1.0, mean).message(), "infinite value not allowed in vector");
	std::vector<double> nan{std::numeric_limits<double>::quiet_NaN(), 0};
	EXPECT_STREQ(AverageVector(nan, 1.0, mean).message(), "NaN not allowed in vector");
}

} // namespace
} // namespace vecsearch
