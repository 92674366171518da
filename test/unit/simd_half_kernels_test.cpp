// binary16 (halfvec) support: the software conversion against the compiler's own _Float16 conversion, bit for
// bit, and the half kernels of every SIMD level against that level's float kernels on the converted values
// (the conversion to float is exact and the lanes are summed in the same order, so they must agree exactly).
#include <gtest/gtest.h>

#include <sys/mman.h>
#include <unistd.h>

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "core/simd/kernels.hpp"
#include "core/vector/half.hpp"

namespace vecsearch {
namespace {

HalfBits
CompilerHalf(float value)
{
	return std::bit_cast<HalfBits>(static_cast<_Float16>(value));
}

float
CompilerFloat(HalfBits half)
{
	return static_cast<float>(std::bit_cast<_Float16>(half));
}

TEST(Half, EveryHalfConvertsToTheSameFloatAndBack)
{
	for (std::uint32_t bits = 0; bits <= 0xFFFFu; bits++) {
		const auto half = static_cast<HalfBits>(bits);
		const float value = HalfToFloat(half);
		if (HalfIsNan(half)) {
			EXPECT_TRUE(std::isnan(value)) << std::hex << bits;
			EXPECT_TRUE(HalfIsNan(FloatToHalf(value))) << std::hex << bits;
			continue;
		}
		EXPECT_EQ(std::bit_cast<std::uint32_t>(value), std::bit_cast<std::uint32_t>(CompilerFloat(half)))
		    << std::hex << bits;
		EXPECT_EQ(FloatToHalf(value), half) << std::hex << bits;
	}
}

TEST(Half, FloatsRoundToNearestEvenAsTheCompilerDoes)
{
	std::vector<float> values{0.0f,
	                          -0.0f,
	                          65504.0f,
	                          65519.99f,
	                          65520.0f,
	                          -65520.0f,
	                          1e10f,
	                          6.1035156e-05f,
	                          6.0975552e-05f,
	                          5.9604645e-08f,
	                          2.9802322e-08f,
	                          2.9802326e-08f,
	                          1e-30f,
	                          std::numeric_limits<float>::infinity(),
	                          -std::numeric_limits<float>::infinity(),
	                          std::numeric_limits<float>::max(),
	                          std::numeric_limits<float>::denorm_min()};
	// Every midpoint between neighbouring finite halves (the ties), and a step either side of it.
	for (std::uint32_t bits = 0; bits < 0x7BFFu; bits++) {
		const float low = HalfToFloat(static_cast<HalfBits>(bits));
		const float high = HalfToFloat(static_cast<HalfBits>(bits + 1));
		const float middle = low + (high - low) / 2;
		values.push_back(middle);
		values.push_back(std::nextafter(middle, 0.0f));
		values.push_back(std::nextafter(middle, 1e30f));
		values.push_back(-middle);
	}
	std::mt19937 random(7);
	std::uniform_int_distribution<std::uint32_t> any_bits;
	for (int i = 0; i < 1000000; i++) {
		const float value = std::bit_cast<float>(any_bits(random));
		if (!std::isnan(value))
			values.push_back(value);
	}
	for (const float value : values)
		EXPECT_EQ(FloatToHalf(value), CompilerHalf(value)) << value;
}

TEST(Half, RecognisesNaNAndInfinity)
{
	EXPECT_TRUE(HalfIsInf(0x7C00u));
	EXPECT_TRUE(HalfIsInf(0xFC00u));
	EXPECT_FALSE(HalfIsInf(0x7BFFu));
	EXPECT_TRUE(HalfIsNan(0x7E00u));
	EXPECT_TRUE(HalfIsNan(0xFC01u));
	EXPECT_FALSE(HalfIsNan(0x7C00u));
	EXPECT_EQ(HalfToFloat(0x7BFFu), kHalfMax);
}

class HalfKernels : public ::testing::TestWithParam<simd::Level> {
protected:
	void SetUp() override
	{
		if (GetParam() > simd::DetectCpuLevel())
			GTEST_SKIP() << "this CPU cannot run " << simd::LevelName(GetParam());
		table_ = &simd::KernelsFor(GetParam());
	}

	// Each half kernel against the float kernel of the same level on the exactly converted values.
	void ExpectSameAsFloat(const HalfBits *a, const HalfBits *b, std::size_t n) const
	{
		std::vector<float> x(n);
		std::vector<float> y(n);
		for (std::size_t i = 0; i < n; i++) {
			x[i] = HalfToFloat(a[i]);
			y[i] = HalfToFloat(b[i]);
		}
		const simd::KernelTable &t = *table_;
		EXPECT_EQ(t.half_l2_squared(a, b, n), t.l2_squared(x.data(), y.data(), n)) << n;
		EXPECT_EQ(t.half_inner_product(a, b, n), t.inner_product(x.data(), y.data(), n)) << n;
		EXPECT_EQ(t.half_l1(a, b, n), t.l1(x.data(), y.data(), n)) << n;
		EXPECT_EQ(t.half_negative_inner_product(a, b, n), t.negative_inner_product(x.data(), y.data(), n)) << n;
		const simd::CosineParts half = t.half_cosine_parts(a, b, n);
		const simd::CosineParts full = t.cosine_parts(x.data(), y.data(), n);
		EXPECT_EQ(half.dot, full.dot) << n;
		EXPECT_EQ(half.norm_a, full.norm_a) << n;
		EXPECT_EQ(half.norm_b, full.norm_b) << n;
	}

	const simd::KernelTable *table_ = nullptr;
};

TEST_P(HalfKernels, MatchTheFloatKernelsOnConvertedValues)
{
	std::mt19937 random(11);
	std::uniform_real_distribution<float> uniform(-4.0f, 4.0f);
	std::vector<std::size_t> lengths;
	for (std::size_t n = 0; n <= 130; n++)
		lengths.push_back(n);
	for (std::size_t n : {1000, 1536, 3072, 4000, 16000})
		lengths.push_back(n);
	for (const std::size_t n : lengths) {
		// One element of offset: misaligned for every vector width.
		std::vector<HalfBits> a(n + 1);
		std::vector<HalfBits> b(n + 1);
		for (std::size_t i = 0; i <= n; i++) {
			a[i] = FloatToHalf(uniform(random));
			b[i] = FloatToHalf(uniform(random));
		}
		ExpectSameAsFloat(a.data() + 1, b.data() + 1, n);
		ExpectSameAsFloat(a.data(), b.data() + 1, n);
	}
}

TEST_P(HalfKernels, NeverReadPastTheEndOfTheArrays)
{
	// Two pages, the second unreadable; the arrays end where it begins, so any read past them faults.
	const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
	void *memory = mmap(nullptr, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(memory, MAP_FAILED);
	ASSERT_EQ(mprotect(static_cast<char *>(memory) + page, page, PROT_NONE), 0);
	auto *end = reinterpret_cast<HalfBits *>(static_cast<char *>(memory) + page);
	for (std::size_t n = 0; n <= 70; n++) {
		HalfBits *a = end - n;
		for (std::size_t i = 0; i < n; i++)
			a[i] = FloatToHalf(static_cast<float>(i % 7) - 3.0f);
		ExpectSameAsFloat(a, a, n);
	}
	munmap(memory, 2 * page);
}

constexpr simd::Level kLevels[] = {simd::Level::kScalar, simd::Level::kAvx2, simd::Level::kAvx512};

std::string
LevelName(const ::testing::TestParamInfo<simd::Level> &info)
{
	return simd::LevelName(info.param);
}

INSTANTIATE_TEST_SUITE_P(SimdKernels, HalfKernels, ::testing::ValuesIn(kLevels), LevelName);

} // namespace
} // namespace vecsearch
