// The halfvec value operations: rounding and range errors as pgvector reports them, arithmetic in float rounded
// to half with overflow and underflow errors, the total order, norms, quantization and the average.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <vector>

#include "core/vector/halfvec_ops.hpp"

namespace vecsearch {
namespace {

std::vector<HalfBits>
Halves(std::initializer_list<float> values)
{
	std::vector<HalfBits> out;
	for (const float value : values)
		out.push_back(FloatToHalf(value));
	return out;
}

TEST(HalfvecOps, ConversionChecksRangeAsPgvectorReportsIt)
{
	HalfBits half = 0;
	EXPECT_TRUE(ToHalf(65504.0f, &half).ok());
	EXPECT_TRUE(ToHalf(65519.0f, &half).ok()); // rounds down to 65504
	EXPECT_STREQ(ToHalf(65520.0f, &half).message(), "\"65520\" is out of range for type halfvec");
	EXPECT_STREQ(ToHalf(1234567.0f, &half).message(), "\"1.234567e+06\" is out of range for type halfvec");
	EXPECT_EQ(ToHalf(-1e10f, &half).code(), ErrorCode::kNumericOutOfRange);
	// Infinity and NaN pass the conversion; the element check names them.
	EXPECT_TRUE(ToHalf(std::numeric_limits<float>::infinity(), &half).ok());
	EXPECT_STREQ(CheckHalfElement(half).message(), "infinite value not allowed in halfvec");
	EXPECT_STREQ(CheckHalfElement(0x7E00u).message(), "NaN not allowed in halfvec");
	EXPECT_TRUE(CheckHalfElement(FloatToHalf(1.5f)).ok());
	EXPECT_STREQ(CheckHalfVectorDims(0).message(), "halfvec must have at least 1 dimension");
	EXPECT_EQ(CheckHalfVectorDims(16001).code(), ErrorCode::kProgramLimitExceeded);
	EXPECT_STREQ(CheckSameHalfDims(2, 3).message(), "different halfvec dimensions 2 and 3");
}

TEST(HalfvecOps, ArithmeticRoundsToHalfAndReportsOverflowAndUnderflow)
{
	std::vector<HalfBits> out(2);
	ASSERT_TRUE(AddHalfVectors(Halves({1, 2}), Halves({0.5f, 2048}), out).ok());
	EXPECT_EQ(HalfToFloat(out[0]), 1.5f);
	EXPECT_EQ(HalfToFloat(out[1]), 2050.0f);
	EXPECT_EQ(AddHalfVectors(Halves({60000, 0}), Halves({60000, 0}), out).code(), ErrorCode::kNumericOutOfRange);
	EXPECT_EQ(SubtractHalfVectors(Halves({-60000, 0}), Halves({60000, 0}), out).code(), ErrorCode::kNumericOutOfRange);
	EXPECT_STREQ(MultiplyHalfVectors(Halves({300, 1}), Halves({300, 1}), out).message(),
	             "value out of range: overflow");
	EXPECT_STREQ(MultiplyHalfVectors(Halves({1e-4f, 1}), Halves({1e-4f, 1}), out).message(),
	             "value out of range: underflow");
	EXPECT_TRUE(MultiplyHalfVectors(Halves({0, 1}), Halves({1e-4f, 1}), out).ok());
}

TEST(HalfvecOps, OrdersNormsQuantizesAndAverages)
{
	EXPECT_EQ(CompareHalfVectors(Halves({1, 2}), Halves({1, 2, 3})), -1);
	EXPECT_EQ(CompareHalfVectors(Halves({1, 3}), Halves({1, 2, 3})), 1);
	EXPECT_EQ(CompareHalfVectors(Halves({-0.0f}), Halves({0})), 0);
	EXPECT_DOUBLE_EQ(HalfVectorNorm(Halves({3, 4})), 5.0);
	std::vector<HalfBits> normalized(2);
	ASSERT_TRUE(NormalizeHalfVector(Halves({3, 4}), normalized).ok());
	EXPECT_EQ(HalfToFloat(normalized[0]), HalfToFloat(FloatToHalf(0.6f)));
	ASSERT_TRUE(NormalizeHalfVector(Halves({0, 0}), normalized).ok());
	EXPECT_EQ(normalized[0], 0u);
	std::uint8_t bits[2] = {0xFF, 0xFF};
	BinaryQuantizeHalf(Halves({1, -1, 0, 0.5f, 6e-8f, -2, 3, 0, 7}), bits);
	EXPECT_EQ(bits[0], 0b10011010);
	EXPECT_EQ(bits[1], 0b10000000);
	std::vector<double> sums{0, 0};
	ASSERT_TRUE(AccumulateHalfVector(sums, Halves({1, 2})).ok());
	ASSERT_TRUE(AccumulateHalfVector(sums, Halves({3, 5})).ok());
	std::vector<HalfBits> mean(2);
	ASSERT_TRUE(AverageHalfVector(sums, 2.0, mean).ok());
	EXPECT_EQ(HalfToFloat(mean[1]), 3.5f);
	std::vector<double> big{1e5, 1};
	EXPECT_STREQ(AverageHalfVector(big, 1.0, mean).message(), "\"100000\" is out of range for type halfvec");
}

} // namespace
} // namespace vecsearch
