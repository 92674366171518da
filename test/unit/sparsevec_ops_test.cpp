// sparsevec in the core: the text parser (sorting, zeros, pgvector's order of errors), the merge distances
// against the same sums over dense copies, the order, and normalisation.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "core/vector/sparsevec_ops.hpp"

namespace vecsearch {
namespace {

struct Parsed {
	Status status;
	std::vector<std::int32_t> indices;
	std::vector<float> values;
	std::int64_t dims = 0;
};

Parsed
Parse(const std::string &text, std::int32_t typmod = -1)
{
	Parsed parsed;
	std::vector<SparseEntry> entries(SparseTextElementBound(text.c_str()));
	std::size_t count = 0;
	parsed.status = ParseSparseText(text.c_str(), typmod, entries, &count, &parsed.dims);
	for (std::size_t i = 0; i < count; i++) {
		parsed.indices.push_back(entries[i].index);
		parsed.values.push_back(entries[i].value);
	}
	return parsed;
}

TEST(SparsevecOps, ParsesSortsAndDropsZeros)
{
	const Parsed parsed = Parse(" { 5 : 2 , 1 : 1.5, 3:0 } / 6 ");
	ASSERT_TRUE(parsed.status.ok()) << parsed.status.message();
	EXPECT_EQ(parsed.indices, (std::vector<std::int32_t>{0, 4}));
	EXPECT_EQ(parsed.values, (std::vector<float>{1.5f, 2.0f}));
	EXPECT_EQ(parsed.dims, 6);
	EXPECT_TRUE(Parse("{}/3").status.ok());
}

TEST(SparsevecOps, ReportsErrorsInPgvectorsOrder)
{
	EXPECT_STREQ(Parse("[1,2]").status.detail(), "Vector contents must start with \"{\".");
	EXPECT_STREQ(Parse("{1:1}").status.detail(), "Unexpected end of input.");
	EXPECT_STREQ(Parse("{1:1}/3x").status.detail(), "Junk after closing.");
	EXPECT_STREQ(Parse("{1:1e-46}/3").status.message(), "\"1e-46\" is out of range for type sparsevec");
	EXPECT_STREQ(Parse("{1:nan}/3").status.message(), "NaN not allowed in sparsevec");
	EXPECT_STREQ(Parse("{1:1}/0").status.message(), "sparsevec must have at least 1 dimension");
	EXPECT_STREQ(Parse("{4:1}/3").status.message(), "sparsevec index out of bounds");
	EXPECT_TRUE(Parse("{4:0}/3").status.ok()); // a zero is dropped before its index is checked
	// Sorted first, so a duplicate can come before an out-of-bounds index; the typmod before both.
	EXPECT_STREQ(Parse("{9:1,2:1,2:2}/3").status.message(), "sparsevec indices must not contain duplicates");
	EXPECT_STREQ(Parse("{9:1}/3", 4).status.message(), "expected 4 dimensions, not 3");
	std::string many = "{";
	for (int i = 0; i < 16000; i++)
		many += ",";
	EXPECT_EQ(Parse(many + "}/3").status.code(), ErrorCode::kProgramLimitExceeded);
}

std::vector<float>
Dense(const std::vector<std::int32_t> &indices, const std::vector<float> &values, std::size_t dims)
{
	std::vector<float> dense(dims, 0.0f);
	for (std::size_t i = 0; i < indices.size(); i++)
		dense[static_cast<std::size_t>(indices[i])] = values[i];
	return dense;
}

TEST(SparsevecOps, MergeDistancesEqualTheDenseSumsInIndexOrder)
{
	std::mt19937 random(5);
	std::uniform_real_distribution<float> value(-2.0f, 2.0f);
	constexpr std::size_t kDims = 200;
	for (int round = 0; round < 200; round++) {
		std::vector<std::int32_t> ai;
		std::vector<float> av;
		std::vector<std::int32_t> bi;
		std::vector<float> bv;
		for (std::size_t i = 0; i < kDims; i++) {
			if (random() % 5 == 0) {
				ai.push_back(static_cast<std::int32_t>(i));
				av.push_back(value(random));
			}
			if (random() % 7 == 0) {
				bi.push_back(static_cast<std::int32_t>(i));
				bv.push_back(value(random));
			}
		}
		const SparseView a{kDims, ai, av};
		const SparseView b{kDims, bi, bv};
		const std::vector<float> x = Dense(ai, av, kDims);
		const std::vector<float> y = Dense(bi, bv, kDims);
		// Dense sums skipping the positions neither stores, in the same order: bit-identical floats.
		float l2 = 0.0f;
		float ip = 0.0f;
		float l1 = 0.0f;
		for (std::size_t i = 0; i < kDims; i++) {
			if (x[i] == 0.0f && y[i] == 0.0f)
				continue;
			l2 += (x[i] - y[i]) * (x[i] - y[i]);
			if (x[i] != 0.0f && y[i] != 0.0f)
				ip += x[i] * y[i];
			l1 += std::fabs(x[i] - y[i]);
		}
		EXPECT_EQ(SparseL2Squared(a, b), l2);
		EXPECT_EQ(SparseInnerProduct(a, b), ip);
		EXPECT_EQ(SparseL1(a, b), l1);
		// The order is the dense vectors' element-wise order.
		int dense_order = 0;
		for (std::size_t i = 0; i < kDims && dense_order == 0; i++)
			dense_order = x[i] < y[i] ? -1 : (x[i] > y[i] ? 1 : 0);
		EXPECT_EQ(CompareSparse(a, b), dense_order);
	}
}

TEST(SparsevecOps, NormalizesAndDropsUnderflow)
{
	const std::vector<std::int32_t> indices{0, 1};
	const std::vector<float> values{1e-38f, 1e38f};
	std::vector<std::int32_t> out_indices(2);
	std::vector<float> out_values(2);
	std::size_t count = 0;
	ASSERT_TRUE(NormalizeSparse(SparseView{2, indices, values}, out_indices, out_values, &count).ok());
	ASSERT_EQ(count, 1u);
	EXPECT_EQ(out_indices[0], 1);
	EXPECT_EQ(out_values[0], 1.0f);
	EXPECT_DOUBLE_EQ(SparseNorm(std::vector<float>{3, 4}), 5.0);
}

} // namespace
} // namespace vecsearch
