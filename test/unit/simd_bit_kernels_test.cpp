// The popcount kernels behind hamming_distance and jaccard_distance: every level against a bit-by-bit
// reference at every length a word loop or a tail can end on, misaligned, and never past the arrays.
#include <gtest/gtest.h>

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "core/simd/kernels.hpp"

namespace vecsearch::simd {
namespace {

struct Counts {
	std::uint64_t differ = 0;
	std::uint64_t both = 0;
	std::uint64_t in_a = 0;
	std::uint64_t in_b = 0;
};

Counts
Reference(const std::uint8_t *a, const std::uint8_t *b, std::size_t bytes)
{
	Counts counts;
	for (std::size_t i = 0; i < bytes * 8; i++) {
		const bool x = ((a[i / 8] >> (i % 8)) & 1u) != 0;
		const bool y = ((b[i / 8] >> (i % 8)) & 1u) != 0;
		counts.differ += x != y;
		counts.both += x && y;
		counts.in_a += x;
		counts.in_b += y;
	}
	return counts;
}

class BitKernels : public ::testing::TestWithParam<Level> {
protected:
	void SetUp() override
	{
		if (GetParam() > DetectCpuLevel())
			GTEST_SKIP() << "this CPU cannot run " << LevelName(GetParam());
		table_ = &KernelsFor(GetParam());
	}

	void ExpectReference(const std::uint8_t *a, const std::uint8_t *b, std::size_t bytes) const
	{
		const Counts want = Reference(a, b, bytes);
		EXPECT_EQ(table_->hamming(a, b, bytes), want.differ) << bytes;
		const BitJaccardParts parts = table_->jaccard_parts(a, b, bytes);
		EXPECT_EQ(parts.both, want.both) << bytes;
		EXPECT_EQ(parts.in_a, want.in_a) << bytes;
		EXPECT_EQ(parts.in_b, want.in_b) << bytes;
	}

	const KernelTable *table_ = nullptr;
};

TEST_P(BitKernels, CountLikeTheReference)
{
	std::mt19937 random(3);
	for (std::size_t bytes = 0; bytes <= 80; bytes++) {
		std::vector<std::uint8_t> a(bytes + 1);
		std::vector<std::uint8_t> b(bytes + 1);
		for (std::size_t i = 0; i <= bytes; i++) {
			a[i] = static_cast<std::uint8_t>(random());
			b[i] = static_cast<std::uint8_t>(random());
		}
		ExpectReference(a.data() + 1, b.data() + 1, bytes); // misaligned
		ExpectReference(a.data(), b.data(), bytes);
	}
	std::vector<std::uint8_t> ones(8000, 0xFF);
	std::vector<std::uint8_t> zeros(8000, 0);
	ExpectReference(ones.data(), zeros.data(), ones.size()); // 64,000 bits: pgvector's index limit for bit
}

TEST_P(BitKernels, NeverReadPastTheEndOfTheArrays)
{
	const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
	void *memory = mmap(nullptr, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(memory, MAP_FAILED);
	ASSERT_EQ(mprotect(static_cast<char *>(memory) + page, page, PROT_NONE), 0);
	auto *end = static_cast<std::uint8_t *>(memory) + page;
	for (std::size_t bytes = 0; bytes <= 40; bytes++) {
		std::uint8_t *a = end - bytes;
		for (std::size_t i = 0; i < bytes; i++)
			a[i] = static_cast<std::uint8_t>(i * 37);
		ExpectReference(a, a, bytes);
	}
	munmap(memory, 2 * page);
}

constexpr Level kLevels[] = {Level::kScalar, Level::kAvx2, Level::kAvx512};

std::string
Name(const ::testing::TestParamInfo<Level> &info)
{
	return LevelName(info.param);
}

INSTANTIATE_TEST_SUITE_P(SimdKernels, BitKernels, ::testing::ValuesIn(kLevels), Name);

} // namespace
} // namespace vecsearch::simd
