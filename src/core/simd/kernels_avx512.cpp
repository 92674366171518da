// AVX-512 distance kernels (16 floats per vector), reached only through KernelsFor(Level::kAvx512).
// Compiled with the AVX2 flags plus -mavx512f/bw/dq/vl, so no STL here and every helper has internal linkage
// (an inline function emitted here could otherwise be chosen by the linker for baseline callers). Tails use
// __mmask16 masked loads rather than a scalar loop; no alignment assumptions, no special handling of NaN/Inf.
#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#include "core/simd/kernels_isa.hpp"

namespace vecsearch::simd::avx512 {

namespace {

constexpr std::size_t kLanes = 16;
// Four independent accumulators cover the FMA latency, so long vectors run at load throughput.
constexpr std::size_t kUnroll = 4;

// Not _mm512_reduce_add_ps or _mm512_castps512_ps256: in gcc 12 they go through _mm256_undefined_pd(), which
// trips a false -Wuninitialized (fatal under -Werror). extractf32x8 fills with zero instead; index 0 is free.
float
HorizontalSum(__m512 v) noexcept
{
	const __m256 half = _mm256_add_ps(_mm512_extractf32x8_ps(v, 0), _mm512_extractf32x8_ps(v, 1));
	__m128 sum = _mm_add_ps(_mm256_castps256_ps128(half), _mm256_extractf128_ps(half, 1));
	sum = _mm_add_ps(sum, _mm_movehl_ps(sum, sum));
	sum = _mm_add_ss(sum, _mm_movehdup_ps(sum));
	return _mm_cvtss_f32(sum);
}

// First `remaining` lanes (1..15) set. Masked-off lanes load as 0.0f without touching memory (no fault past
// the end of the array), and zero lanes add nothing to any of the sums below.
__mmask16
TailMask(std::size_t remaining) noexcept
{
	return static_cast<__mmask16>((1u << remaining) - 1u);
}

// How a kernel reads its elements: floats as they are; halves (halfvec) converted as they are loaded. Tails
// are masked loads of either width.
struct FloatLoad {
	using Element = float;
	static __m512 Full(const float *p) noexcept { return _mm512_loadu_ps(p); }
	static __m512 Tail(const float *p, __mmask16 mask) noexcept { return _mm512_maskz_loadu_ps(mask, p); }
};

// (The zero-masking form of the conversion: gcc 12's plain _mm512_cvtph_ps goes through _mm512_undefined_ps()
// and trips the same false -Wmaybe-uninitialized as the reductions above.)
struct HalfLoad {
	using Element = std::uint16_t;
	static constexpr __mmask16 kAllLanes = 0xFFFF;
	static __m512 Full(const std::uint16_t *p) noexcept
	{
		return _mm512_maskz_cvtph_ps(kAllLanes, _mm256_loadu_si256(reinterpret_cast<const __m256i *>(p)));
	}
	static __m512 Tail(const std::uint16_t *p, __mmask16 mask) noexcept
	{
		return _mm512_maskz_cvtph_ps(kAllLanes, _mm256_maskz_loadu_epi16(mask, p));
	}
};

struct L2Step {
	static __m512 Apply(__m512 acc, __m512 x, __m512 y) noexcept
	{
		const __m512 diff = _mm512_sub_ps(x, y);
		return _mm512_fmadd_ps(diff, diff, acc);
	}
};

struct DotStep {
	static __m512 Apply(__m512 acc, __m512 x, __m512 y) noexcept { return _mm512_fmadd_ps(x, y, acc); }
};

struct L1Step {
	static __m512 Apply(__m512 acc, __m512 x, __m512 y) noexcept
	{
		// abs clears the sign bit, which is |x| for every input, NaN included.
		return _mm512_add_ps(acc, _mm512_abs_ps(_mm512_sub_ps(x, y)));
	}
};

// The three running sums of CosineSums for one slice of lanes; the kernel keeps four of them, so twelve
// independent FMA chains hide the FMA latency (with fewer the cosine kernel was latency-bound when hot).
struct CosineAccumulator {
	__m512 dot = _mm512_setzero_ps();
	__m512 norm_a = _mm512_setzero_ps();
	__m512 norm_b = _mm512_setzero_ps();

	void Add(__m512 x, __m512 y) noexcept
	{
		dot = _mm512_fmadd_ps(x, y, dot);
		norm_a = _mm512_fmadd_ps(x, x, norm_a);
		norm_b = _mm512_fmadd_ps(y, y, norm_b);
	}

	void Merge(const CosineAccumulator &other) noexcept
	{
		dot = _mm512_add_ps(dot, other.dot);
		norm_a = _mm512_add_ps(norm_a, other.norm_a);
		norm_b = _mm512_add_ps(norm_b, other.norm_b);
	}
};

template <typename Step, typename Load>
float
ReducePairs(const typename Load::Element *a, const typename Load::Element *b, std::size_t n) noexcept
{
	__m512 acc0 = _mm512_setzero_ps();
	__m512 acc1 = _mm512_setzero_ps();
	__m512 acc2 = _mm512_setzero_ps();
	__m512 acc3 = _mm512_setzero_ps();
	std::size_t i = 0;
	for (; i + kUnroll * kLanes <= n; i += kUnroll * kLanes) {
		acc0 = Step::Apply(acc0, Load::Full(a + i), Load::Full(b + i));
		acc1 = Step::Apply(acc1, Load::Full(a + i + kLanes), Load::Full(b + i + kLanes));
		acc2 = Step::Apply(acc2, Load::Full(a + i + 2 * kLanes), Load::Full(b + i + 2 * kLanes));
		acc3 = Step::Apply(acc3, Load::Full(a + i + 3 * kLanes), Load::Full(b + i + 3 * kLanes));
	}
	for (; i + kLanes <= n; i += kLanes)
		acc0 = Step::Apply(acc0, Load::Full(a + i), Load::Full(b + i));
	if (i < n) {
		const __mmask16 mask = TailMask(n - i);
		acc1 = Step::Apply(acc1, Load::Tail(a + i, mask), Load::Tail(b + i, mask));
	}
	return HorizontalSum(_mm512_add_ps(_mm512_add_ps(acc0, acc1), _mm512_add_ps(acc2, acc3)));
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
	if (i < n) {
		const __mmask16 mask = TailMask(n - i);
		acc1.Add(Load::Tail(a + i, mask), Load::Tail(b + i, mask));
	}
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

} // namespace vecsearch::simd::avx512
