// AVX2+FMA distance kernels (8 floats per vector), reached only through KernelsFor(Level::kAvx2).
// Compiled with -mavx2 -mfma -mf16c -mpopcnt, so nothing here may be callable from baseline code: no STL, and every
// helper has internal linkage (an inline function emitted here could otherwise be chosen by the linker for
// baseline callers). No alignment assumptions and no special handling of NaN/Inf.
#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#include "core/simd/bit_count_loops.hpp"
#include "core/simd/kernels_isa.hpp"

namespace vecsearch::simd::avx2 {

namespace {

constexpr std::size_t kLanes = 8;
// Four independent accumulators cover the FMA latency, so long vectors run at load throughput.
constexpr std::size_t kUnroll = 4;

float
HorizontalSum(__m256 v) noexcept
{
	__m128 sum = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
	sum = _mm_add_ps(sum, _mm_movehl_ps(sum, sum));
	sum = _mm_add_ss(sum, _mm_movehdup_ps(sum));
	return _mm_cvtss_f32(sum);
}

// All-ones in the first `remaining` lanes (1..7). Masked-off lanes load as 0.0f without touching memory, so
// the tail never reads past the caller's array, and zero lanes add nothing to any of the sums below.
__m256i
TailMask(std::size_t remaining) noexcept
{
	const __m256i lane_index = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
	return _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(remaining)), lane_index);
}

// How a kernel reads its elements: floats as they are; halves (halfvec) converted by F16C as they are loaded.
struct FloatLoad {
	using Element = float;
	static __m256 Full(const float *p) noexcept { return _mm256_loadu_ps(p); }
	static __m256 Tail(const float *p, std::size_t remaining) noexcept
	{
		return _mm256_maskload_ps(p, TailMask(remaining));
	}
};

struct HalfLoad {
	using Element = std::uint16_t;
	static __m256 Full(const std::uint16_t *p) noexcept
	{
		return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i *>(p)));
	}
	// AVX2 has no 16-bit masked load: the tail is copied into zeroed lanes (a zero half is 0.0f).
	static __m256 Tail(const std::uint16_t *p, std::size_t remaining) noexcept
	{
		alignas(16) std::uint16_t lanes[kLanes] = {};
		for (std::size_t i = 0; i < remaining; i++)
			lanes[i] = p[i];
		return _mm256_cvtph_ps(_mm_load_si128(reinterpret_cast<const __m128i *>(lanes)));
	}
};

struct L2Step {
	static __m256 Apply(__m256 acc, __m256 x, __m256 y) noexcept
	{
		const __m256 diff = _mm256_sub_ps(x, y);
		return _mm256_fmadd_ps(diff, diff, acc);
	}
};

struct DotStep {
	static __m256 Apply(__m256 acc, __m256 x, __m256 y) noexcept { return _mm256_fmadd_ps(x, y, acc); }
};

struct L1Step {
	static __m256 Apply(__m256 acc, __m256 x, __m256 y) noexcept
	{
		// Clearing the sign bit is |x| for every input, NaN included, with no compare or branch.
		const __m256 sign_bit = _mm256_set1_ps(-0.0f);
		return _mm256_add_ps(acc, _mm256_andnot_ps(sign_bit, _mm256_sub_ps(x, y)));
	}
};

// The three running sums of CosineSums for one slice of lanes; the kernel keeps four of them, so twelve
// independent FMA chains hide the FMA latency (with fewer the cosine kernel was latency-bound when hot).
struct CosineAccumulator {
	__m256 dot = _mm256_setzero_ps();
	__m256 norm_a = _mm256_setzero_ps();
	__m256 norm_b = _mm256_setzero_ps();

	void Add(__m256 x, __m256 y) noexcept
	{
		dot = _mm256_fmadd_ps(x, y, dot);
		norm_a = _mm256_fmadd_ps(x, x, norm_a);
		norm_b = _mm256_fmadd_ps(y, y, norm_b);
	}

	void Merge(const CosineAccumulator &other) noexcept
	{
		dot = _mm256_add_ps(dot, other.dot);
		norm_a = _mm256_add_ps(norm_a, other.norm_a);
		norm_b = _mm256_add_ps(norm_b, other.norm_b);
	}
};

template <typename Step, typename Load>
float
ReducePairs(const typename Load::Element *a, const typename Load::Element *b, std::size_t n) noexcept
{
	__m256 acc0 = _mm256_setzero_ps();
	__m256 acc1 = _mm256_setzero_ps();
	__m256 acc2 = _mm256_setzero_ps();
	__m256 acc3 = _mm256_setzero_ps();
	std::size_t i = 0;
	for (; i + kUnroll * kLanes <= n; i += kUnroll * kLanes) {
		acc0 = Step::Apply(acc0, Load::Full(a + i), Load::Full(b + i));
		acc1 = Step::Apply(acc1, Load::Full(a + i + kLanes), Load::Full(b + i + kLanes));
		acc2 = Step::Apply(acc2, Load::Full(a + i + 2 * kLanes), Load::Full(b + i + 2 * kLanes));
		acc3 = Step::Apply(acc3, Load::Full(a + i + 3 * kLanes), Load::Full(b + i + 3 * kLanes));
	}
	for (; i + kLanes <= n; i += kLanes)
		acc0 = Step::Apply(acc0, Load::Full(a + i), Load::Full(b + i));
	if (i < n)
		acc1 = Step::Apply(acc1, Load::Tail(a + i, n - i), Load::Tail(b + i, n - i));
	return HorizontalSum(_mm256_add_ps(_mm256_add_ps(acc0, acc1), _mm256_add_ps(acc2, acc3)));
}

template <typename Load>
CosineParts
CosineOf(const typename Load::Element *a, const typename Load::Element *b, std::size_t n) noexcept
{
	CosineAccumulator acc0;
	CosineAccumulator acc1;
	CosineAccumulator acc2;
	CosineAccumulator acc3;
	std::size_t i = 0;
	for (; i + kUnroll * kLanes <= n; i += kUnroll * kLanes) {
		acc0.Add(Load::Full(a + i), Load::Full(b + i));
		acc1.Add(Load::Full(a + i + kLanes), Load::Full(b + i + kLanes));
		acc2.Add(Load::Full(a + i + 2 * kLanes), Load::Full(b + i + 2 * kLanes));
		acc3.Add(Load::Full(a + i + 3 * kLanes), Load::Full(b + i + 3 * kLanes));
	}
	for (; i + kLanes <= n; i += kLanes)
		acc0.Add(Load::Full(a + i), Load::Full(b + i));
	if (i < n)
		acc1.Add(Load::Tail(a + i, n - i), Load::Tail(b + i, n - i));
	acc0.Merge(acc1);
	acc2.Merge(acc3);
	acc0.Merge(acc2);
	return CosineParts{HorizontalSum(acc0.dot), HorizontalSum(acc0.norm_a), HorizontalSum(acc0.norm_b)};
}

} // namespace

float
L2Squared(const float *a, const float *b, std::size_t n) noexcept
{
	return ReducePairs<L2Step, FloatLoad>(a, b, n);
}

float
InnerProduct(const float *a, const float *b, std::size_t n) noexcept
{
	return ReducePairs<DotStep, FloatLoad>(a, b, n);
}

float
L1(const float *a, const float *b, std::size_t n) noexcept
{
	return ReducePairs<L1Step, FloatLoad>(a, b, n);
}

CosineParts
CosineSums(const float *a, const float *b, std::size_t n) noexcept
{
	return CosineOf<FloatLoad>(a, b, n);
}

// The index's ordering for inner product (smaller is closer), negated here so the call stays direct.
float
NegativeInnerProduct(const float *a, const float *b, std::size_t n) noexcept
{
	return -InnerProduct(a, b, n);
}

float
HalfL2Squared(const std::uint16_t *a, const std::uint16_t *b, std::size_t n) noexcept
{
	return ReducePairs<L2Step, HalfLoad>(a, b, n);
}

float
HalfInnerProduct(const std::uint16_t *a, const std::uint16_t *b, std::size_t n) noexcept
{
	return ReducePairs<DotStep, HalfLoad>(a, b, n);
}

float
HalfL1(const std::uint16_t *a, const std::uint16_t *b, std::size_t n) noexcept
{
	return ReducePairs<L1Step, HalfLoad>(a, b, n);
}

CosineParts
HalfCosineSums(const std::uint16_t *a, const std::uint16_t *b, std::size_t n) noexcept
{
	return CosineOf<HalfLoad>(a, b, n);
}

float
HalfNegativeInnerProduct(const std::uint16_t *a, const std::uint16_t *b, std::size_t n) noexcept
{
	return -HalfInnerProduct(a, b, n);
}

// Bit strings: the loops of bit_count_loops.hpp, compiled here with this file's flags.
std::uint64_t
Hamming(const std::uint8_t *a, const std::uint8_t *b, std::size_t bytes) noexcept
{
	return CountDifferingBits(a, b, bytes);
}

BitJaccardParts
JaccardParts(const std::uint8_t *a, const std::uint8_t *b, std::size_t bytes) noexcept
{
	return CountJaccardParts(a, b, bytes);
}

} // namespace vecsearch::simd::avx2
