// Tests of the SIMD distance kernels: every level against a double-precision reference, plus CPU detection.
// A level this CPU lacks is skipped with GTEST_SKIP(), never passed silently. Timing is not tested here
// (see test/bench/simd_kernels_bench.cpp); neither is how the extension chooses a level.
#include <gtest/gtest.h>

#include <sys/mman.h>
#include <unistd.h>

#include <cfloat>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <iomanip>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/simd/kernels.hpp"

namespace vecsearch::simd {

// gtest finds this by argument-dependent lookup, so it lives in Level's namespace, not the anonymous one;
// without it ctest's test names show the parameter as raw bytes.
void
PrintTo(Level level, std::ostream *out)
{
	*out << LevelName(level);
}

namespace {

constexpr std::uint32_t kSeed = 20240611;
constexpr std::size_t kMaxShortLength = 130;
constexpr std::size_t kLongLengths[] = {1000, 1536, 3072, 16000};
constexpr Level kAllLevels[] = {Level::kScalar, Level::kAvx2, Level::kAvx512};
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

// Every length a tail or unrolled loop can end on, then a few realistic embedding sizes.
std::vector<std::size_t>
TestLengths()
{
	std::vector<std::size_t> lengths;
	for (std::size_t n = 0; n <= kMaxShortLength; ++n)
		lengths.push_back(n);
	for (std::size_t n : kLongLengths)
		lengths.push_back(n);
	return lengths;
}

// The sums a kernel table produces; cosine_parts counts as three.
enum class Sum { kL2, kInnerProduct, kL1, kCosineDot, kCosineNormA, kCosineNormB };
constexpr Sum kAllSums[] = {Sum::kL2,        Sum::kInnerProduct, Sum::kL1,
                            Sum::kCosineDot, Sum::kCosineNormA,  Sum::kCosineNormB};

const char *
SumName(Sum sum)
{
	switch (sum) {
	case Sum::kL2: return "l2_squared";
	case Sum::kInnerProduct: return "inner_product";
	case Sum::kL1: return "l1";
	case Sum::kCosineDot: return "cosine_parts.dot";
	case Sum::kCosineNormA: return "cosine_parts.norm_a";
	case Sum::kCosineNormB: return "cosine_parts.norm_b";
	}
	return "?";
}

float
Evaluate(const KernelTable &table, Sum sum, const float *a, const float *b, std::size_t n)
{
	switch (sum) {
	case Sum::kL2: return table.l2_squared(a, b, n);
	case Sum::kInnerProduct: return table.inner_product(a, b, n);
	case Sum::kL1: return table.l1(a, b, n);
	case Sum::kCosineDot: return table.cosine_parts(a, b, n).dot;
	case Sum::kCosineNormA: return table.cosine_parts(a, b, n).norm_a;
	case Sum::kCosineNormB: return table.cosine_parts(a, b, n).norm_b;
	}
	return kNaN;
}

// The exact-as-double sum and the sum of the terms' magnitudes, which scales the float rounding error.
struct Reference {
	double value = 0.0;
	double magnitude = 0.0;
};

Reference
ComputeReference(Sum sum, const float *a, const float *b, std::size_t n)
{
	Reference ref;
	for (std::size_t i = 0; i < n; ++i) {
		const double x = a[i];
		const double y = b[i];
		double term = 0.0;
		switch (sum) {
		case Sum::kL2: term = (x - y) * (x - y); break;
		case Sum::kInnerProduct:
		case Sum::kCosineDot: term = x * y; break;
		case Sum::kL1: term = std::fabs(x - y); break;
		case Sum::kCosineNormA: term = x * x; break;
		case Sum::kCosineNormB: term = y * y; break;
		}
		ref.value += term;
		ref.magnitude += std::fabs(term);
	}
	return ref;
}

// How far float summation may stray from the double reference, as a multiple of the terms' magnitude.
// kRandom: for random-sign rounding errors the total grows like sqrt(n) unit roundoffs (about 2.6 at most was
// seen over many seeds), tight enough that a dropped element fails even at n = 16000. kWorstCase: n unit
// roundoffs, the classical bound, for structured inputs (many equal terms) whose rounding errors all point the
// same way in a sequential sum. Either way the absolute part covers products that underflow below the smallest
// subnormal, each off by at most half of it, and is small enough that flushing subnormals to zero still fails.
enum class Bound { kRandom, kWorstCase };

double
Tolerance(const Reference &ref, std::size_t n, Bound bound)
{
	const double unit_roundoff = FLT_EPSILON / 2.0;
	const double count = static_cast<double>(n);
	const double relative = unit_roundoff * (bound == Bound::kRandom ? 4.0 * std::sqrt(count) + 4.0 : count + 4.0);
	const double absolute = 4.0 * (count + 1.0) * std::numeric_limits<float>::denorm_min();
	return relative * ref.magnitude + absolute;
}

// NaN where IEEE arithmetic gives NaN, the same infinity where it overflows to one, otherwise within Tolerance().
::testing::AssertionResult
MatchesReference(float got, const Reference &ref, std::size_t n, Bound bound)
{
	std::ostringstream message;
	message << std::setprecision(9) << "got " << got << ", reference " << ref.value;
	if (std::isnan(ref.value)) {
		if (std::isnan(got))
			return ::testing::AssertionSuccess();
		return ::testing::AssertionFailure() << message.str() << " (expected NaN)";
	}
	if (std::isinf(ref.value)) {
		if (static_cast<double>(got) == ref.value)
			return ::testing::AssertionSuccess();
		return ::testing::AssertionFailure() << message.str() << " (expected that infinity)";
	}
	const double error = std::fabs(static_cast<double>(got) - ref.value);
	const double tolerance = Tolerance(ref, n, bound);
	if (std::isfinite(got) && error <= tolerance)
		return ::testing::AssertionSuccess();
	message << ", error " << error << " > tolerance " << tolerance;
	return ::testing::AssertionFailure() << message.str();
}

// Two arrays at chosen float offsets from an allocation's start, so kernels see misaligned pointers.
class VectorPair {
public:
	VectorPair(std::size_t n, std::size_t offset_a, std::size_t offset_b)
	    : storage_a_(n + offset_a), storage_b_(n + offset_b), offset_a_(offset_a), offset_b_(offset_b), n_(n)
	{
	}

	float *A() { return storage_a_.data() + offset_a_; }
	float *B() { return storage_b_.data() + offset_b_; }
	std::size_t Size() const { return n_; }

	void FillRandom(std::mt19937 &rng)
	{
		std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
		for (std::size_t i = 0; i < n_; ++i) {
			A()[i] = dist(rng);
			B()[i] = dist(rng);
		}
	}

private:
	std::vector<float> storage_a_;
	std::vector<float> storage_b_;
	std::size_t offset_a_;
	std::size_t offset_b_;
	std::size_t n_;
};

// n floats placed flush against an inaccessible page, so any read past the end (or before the start) faults.
class GuardedArray {
public:
	enum class Placement { kEndAtGuard, kStartAfterGuard };

	GuardedArray(std::size_t n, Placement placement)
	{
		const auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
		const std::size_t data_pages = (n * sizeof(float) + page - 1) / page + 1;
		bytes_ = (data_pages + 2) * page;
		void *base = mmap(nullptr, bytes_, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (base == MAP_FAILED) {
			base_ = nullptr;
			return;
		}
		base_ = static_cast<char *>(base);
		char *data_start = base_ + page;
		if (mprotect(data_start, data_pages * page, PROT_READ | PROT_WRITE) != 0) {
			munmap(base_, bytes_);
			base_ = nullptr;
			return;
		}
		char *data_end = data_start + data_pages * page;
		if (placement == Placement::kEndAtGuard)
			data_ = reinterpret_cast<float *>(data_end) - n;
		else
			data_ = reinterpret_cast<float *>(data_start);
	}
	~GuardedArray()
	{
		if (base_ != nullptr)
			munmap(base_, bytes_);
	}
	GuardedArray(const GuardedArray &) = delete;
	GuardedArray &operator=(const GuardedArray &) = delete;

	bool Ok() const { return base_ != nullptr; }
	float *Data() { return data_; }

private:
	char *base_ = nullptr;
	std::size_t bytes_ = 0;
	float *data_ = nullptr;
};

std::string
Describe(Sum sum, std::size_t n, const std::string &detail = "")
{
	std::ostringstream out;
	out << SumName(sum) << ", n=" << n;
	if (!detail.empty())
		out << ", " << detail;
	return out.str();
}

class Levels : public ::testing::TestWithParam<Level> {
protected:
	void SetUp() override
	{
		if (GetParam() > DetectCpuLevel())
			GTEST_SKIP() << "this CPU supports only " << LevelName(DetectCpuLevel()) << ", not "
			             << LevelName(GetParam()) << "; its kernels cannot run here";
		table_ = &KernelsFor(GetParam());
	}

	const KernelTable &Table() const { return *table_; }

	// Random data at every test length, both aligned and misaligned (odd offsets, different for a and b).
	void CheckRandomData(std::initializer_list<Sum> sums)
	{
		std::mt19937 rng(kSeed);
		for (std::size_t n : TestLengths()) {
			for (const auto &[offset_a, offset_b] : {std::pair<std::size_t, std::size_t>{0, 0}, {1, 3}, {1, 0}}) {
				VectorPair pair(n, offset_a, offset_b);
				pair.FillRandom(rng);
				for (Sum sum : sums) {
					const Reference ref = ComputeReference(sum, pair.A(), pair.B(), n);
					EXPECT_TRUE(MatchesReference(Evaluate(Table(), sum, pair.A(), pair.B(), n), ref, n, Bound::kRandom))
					    << Describe(sum, n, "offsets " + std::to_string(offset_a) + "/" + std::to_string(offset_b));
				}
			}
		}
	}

	// Every sum on one input pair, judged against the double reference (which handles NaN/Inf the IEEE way)
	// with the worst-case bound: these inputs are structured, and their accuracy is not what is under test.
	void CheckAllSums(VectorPair &pair, const std::string &detail)
	{
		for (Sum sum : kAllSums) {
			const Reference ref = ComputeReference(sum, pair.A(), pair.B(), pair.Size());
			EXPECT_TRUE(MatchesReference(Evaluate(Table(), sum, pair.A(), pair.B(), pair.Size()), ref, pair.Size(),
			                             Bound::kWorstCase))
			    << Describe(sum, pair.Size(), detail);
		}
	}

private:
	const KernelTable *table_ = nullptr;
};

// Positions where a special value is interesting: first element, inside the unrolled body, the last (tail).
std::vector<std::size_t>
InterestingPositions(std::size_t n)
{
	if (n == 0)
		return {};
	return {0, n / 2, n - 1};
}

TEST_P(Levels, TableReportsItsLevel)
{
	EXPECT_EQ(Table().level, GetParam());
	EXPECT_NE(Table().l2_squared, nullptr);
	EXPECT_NE(Table().inner_product, nullptr);
	EXPECT_NE(Table().l1, nullptr);
	EXPECT_NE(Table().cosine_parts, nullptr);
}

TEST_P(Levels, L2MatchesReference)
{
	CheckRandomData({Sum::kL2});
}

TEST_P(Levels, InnerProductMatchesReference)
{
	CheckRandomData({Sum::kInnerProduct});
}

TEST_P(Levels, L1MatchesReference)
{
	CheckRandomData({Sum::kL1});
}

TEST_P(Levels, CosinePartsMatchReference)
{
	CheckRandomData({Sum::kCosineDot, Sum::kCosineNormA, Sum::kCosineNormB});
}

TEST_P(Levels, EmptyInputGivesZero)
{
	const float a[1] = {kNaN};
	const float b[1] = {kNaN};
	// The NaN behind the pointers shows that n = 0 reads nothing.
	EXPECT_EQ(Table().l2_squared(a, b, 0), 0.0f);
	EXPECT_EQ(Table().inner_product(a, b, 0), 0.0f);
	EXPECT_EQ(Table().l1(a, b, 0), 0.0f);
	const CosineParts parts = Table().cosine_parts(a, b, 0);
	EXPECT_EQ(parts.dot, 0.0f);
	EXPECT_EQ(parts.norm_a, 0.0f);
	EXPECT_EQ(parts.norm_b, 0.0f);
}

TEST_P(Levels, ZerosAndEqualInputsGiveExactZero)
{
	std::mt19937 rng(kSeed);
	for (std::size_t n : TestLengths()) {
		VectorPair zeros(n, 1, 0);
		for (Sum sum : kAllSums)
			EXPECT_EQ(Evaluate(Table(), sum, zeros.A(), zeros.B(), n), 0.0f) << Describe(sum, n, "all zeros");

		VectorPair same(n, 1, 2);
		same.FillRandom(rng);
		std::copy(same.A(), same.A() + n, same.B());
		EXPECT_EQ(Table().l2_squared(same.A(), same.B(), n), 0.0f) << Describe(Sum::kL2, n, "a == b");
		EXPECT_EQ(Table().l1(same.A(), same.B(), n), 0.0f) << Describe(Sum::kL1, n, "a == b");
		CheckAllSums(same, "a == b");
	}
}

TEST_P(Levels, NaNPropagates)
{
	std::mt19937 rng(kSeed);
	for (std::size_t n : TestLengths()) {
		for (std::size_t pos : InterestingPositions(n)) {
			VectorPair in_a(n, 1, 0);
			in_a.FillRandom(rng);
			in_a.A()[pos] = kNaN;
			// Everything that reads a must be NaN; norm_b must not be contaminated by a's lanes.
			EXPECT_TRUE(std::isnan(Table().l2_squared(in_a.A(), in_a.B(), n))) << "n=" << n << " pos=" << pos;
			EXPECT_TRUE(std::isnan(Table().inner_product(in_a.A(), in_a.B(), n))) << "n=" << n << " pos=" << pos;
			EXPECT_TRUE(std::isnan(Table().l1(in_a.A(), in_a.B(), n))) << "n=" << n << " pos=" << pos;
			CheckAllSums(in_a, "NaN in a at " + std::to_string(pos));

			VectorPair in_b(n, 0, 1);
			in_b.FillRandom(rng);
			in_b.B()[pos] = kNaN;
			CheckAllSums(in_b, "NaN in b at " + std::to_string(pos));
		}
	}
}

TEST_P(Levels, InfinityFollowsIeee)
{
	std::mt19937 rng(kSeed);
	for (std::size_t n : TestLengths()) {
		for (std::size_t pos : InterestingPositions(n)) {
			// +Inf against a finite value: l2, l1 and norm_a become +Inf, dot takes b's sign.
			VectorPair one_inf(n, 1, 0);
			one_inf.FillRandom(rng);
			one_inf.A()[pos] = kInf;
			EXPECT_EQ(Table().l2_squared(one_inf.A(), one_inf.B(), n), kInf) << "n=" << n << " pos=" << pos;
			CheckAllSums(one_inf, "+Inf in a at " + std::to_string(pos));

			// +Inf against +Inf: the difference is NaN, the product +Inf.
			VectorPair both_inf(n, 0, 1);
			both_inf.FillRandom(rng);
			both_inf.A()[pos] = kInf;
			both_inf.B()[pos] = kInf;
			EXPECT_TRUE(std::isnan(Table().l2_squared(both_inf.A(), both_inf.B(), n))) << "n=" << n;
			CheckAllSums(both_inf, "+Inf in a and b at " + std::to_string(pos));

			// Inf times zero is NaN.
			VectorPair inf_zero(n, 1, 1);
			inf_zero.FillRandom(rng);
			inf_zero.A()[pos] = kInf;
			inf_zero.B()[pos] = 0.0f;
			CheckAllSums(inf_zero, "+Inf times 0 at " + std::to_string(pos));

			// +Inf and -Inf in different lanes or accumulators: the sum is NaN wherever both reach it.
			if (n >= 2) {
				VectorPair opposite(n, 1, 3);
				opposite.FillRandom(rng);
				opposite.A()[0] = kInf;
				opposite.A()[n - 1] = -kInf;
				CheckAllSums(opposite, "+Inf first, -Inf last");
			}
		}
	}
}

TEST_P(Levels, SubnormalsAreNotFlushed)
{
	std::mt19937 rng(kSeed);
	std::uniform_int_distribution<int> coin(0, 1);
	for (std::size_t n : TestLengths()) {
		// Subnormal inputs: differences and |differences| stay representable, so flush-to-zero would show.
		VectorPair tiny(n, 1, 0);
		for (std::size_t i = 0; i < n; ++i) {
			tiny.A()[i] = coin(rng) != 0 ? 1e-40f : -1e-40f;
			tiny.B()[i] = coin(rng) != 0 ? 3e-41f : 0.0f;
		}
		CheckAllSums(tiny, "subnormal inputs");
		if (n > 0) {
			EXPECT_GT(Table().l1(tiny.A(), tiny.B(), n), 0.0f) << "n=" << n;
		}

		// Normal inputs whose products are subnormal.
		VectorPair small(n, 0, 1);
		for (std::size_t i = 0; i < n; ++i) {
			small.A()[i] = 1e-20f;
			small.B()[i] = coin(rng) != 0 ? 2e-20f : 1e-21f;
		}
		CheckAllSums(small, "subnormal products");
		if (n > 0) {
			EXPECT_GT(Table().inner_product(small.A(), small.B(), n), 0.0f) << "n=" << n;
		}
	}
}

TEST_P(Levels, NeverReadsOutsideTheArrays)
{
	std::mt19937 rng(kSeed);
	std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
	for (const auto placement : {GuardedArray::Placement::kEndAtGuard, GuardedArray::Placement::kStartAfterGuard}) {
		for (std::size_t n : TestLengths()) {
			GuardedArray a(n, placement);
			GuardedArray b(n, placement);
			ASSERT_TRUE(a.Ok() && b.Ok()) << "mmap/mprotect failed";
			for (std::size_t i = 0; i < n; ++i) {
				a.Data()[i] = dist(rng);
				b.Data()[i] = dist(rng);
			}
			// A read of the guard page kills the test binary with SIGSEGV; getting here means none happened.
			for (Sum sum : kAllSums) {
				const Reference ref = ComputeReference(sum, a.Data(), b.Data(), n);
				EXPECT_TRUE(MatchesReference(Evaluate(Table(), sum, a.Data(), b.Data(), n), ref, n, Bound::kRandom))
				    << Describe(sum, n, "guarded");
			}
		}
	}
}

TEST_P(Levels, AgreesWithScalarOnShortIntegerVectors)
{
	// Small integers sum exactly in float, so every level must give bit-identical results (the SQL tests
	// rely on this to print the same output at every level).
	std::mt19937 rng(kSeed);
	std::uniform_int_distribution<int> dist(-8, 8);
	const KernelTable &scalar = KernelsFor(Level::kScalar);
	for (std::size_t n = 0; n <= kMaxShortLength; ++n) {
		VectorPair pair(n, 1, 0);
		for (std::size_t i = 0; i < n; ++i) {
			pair.A()[i] = static_cast<float>(dist(rng));
			pair.B()[i] = static_cast<float>(dist(rng));
		}
		for (Sum sum : kAllSums)
			EXPECT_EQ(Evaluate(Table(), sum, pair.A(), pair.B(), n), Evaluate(scalar, sum, pair.A(), pair.B(), n))
			    << Describe(sum, n, "integers");
	}
}

std::string
LevelTestName(const ::testing::TestParamInfo<Level> &info)
{
	return LevelName(info.param);
}

TEST_P(Levels, NegativeInnerProductIsTheNegatedInnerProduct)
{
	std::vector<float> a(77);
	std::vector<float> b(77);
	for (std::size_t i = 0; i < a.size(); i++) {
		a[i] = static_cast<float>(i % 9) - 4.0f;
		b[i] = static_cast<float>(i % 5) * 0.5f;
	}
	for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{16}, std::size_t{77}})
		EXPECT_EQ(Table().negative_inner_product(a.data(), b.data(), n), -Table().inner_product(a.data(), b.data(), n));
}

INSTANTIATE_TEST_SUITE_P(SimdKernels, Levels, ::testing::ValuesIn(kAllLevels), LevelTestName);

TEST(CpuDetect, IsStableAcrossCalls)
{
	const Level first = DetectCpuLevel();
	for (int i = 0; i < 100; ++i)
		EXPECT_EQ(DetectCpuLevel(), first);
	std::cout << "[          ] detected SIMD level: " << LevelName(first) << "\n";
}

TEST(CpuDetect, ClampNeverExceedsCpu)
{
	const Level cpu = DetectCpuLevel();
	for (Level requested : kAllLevels) {
		const Level clamped = ClampToCpu(requested);
		EXPECT_LE(static_cast<int>(clamped), static_cast<int>(cpu)) << LevelName(requested);
		EXPECT_EQ(clamped, requested > cpu ? cpu : requested) << LevelName(requested);
	}
}

TEST(CpuDetect, KernelsForNeverHandsOutAnUnsupportedLevel)
{
	for (Level requested : kAllLevels)
		EXPECT_EQ(KernelsFor(requested).level, ClampToCpu(requested)) << LevelName(requested);
}

TEST(CpuDetect, LevelNames)
{
	EXPECT_STREQ(LevelName(Level::kScalar), "scalar");
	EXPECT_STREQ(LevelName(Level::kAvx2), "avx2");
	EXPECT_STREQ(LevelName(Level::kAvx512), "avx512");
	EXPECT_STREQ(LevelName(static_cast<Level>(42)), "unknown");
}

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
// gcc 12's builtin also checks CPUID and XGETBV, so it is an independent second opinion (clang 14 lacks "f16c").
TEST(CpuDetect, AgreesWithGccBuiltin)
{
	__builtin_cpu_init();
	Level expected = Level::kScalar;
	if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c"))
		expected = Level::kAvx2;
	if (expected == Level::kAvx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
	    __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl"))
		expected = Level::kAvx512;
	EXPECT_EQ(DetectCpuLevel(), expected) << "ours " << LevelName(DetectCpuLevel()) << ", gcc " << LevelName(expected);
}
#endif

} // namespace
} // namespace vecsearch::simd
