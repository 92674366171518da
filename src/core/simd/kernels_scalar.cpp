// Portable distance kernels: the reference every SIMD level is tested against and the fallback on any CPU.
// Plain loops accumulating in float; at the baseline the compiler may use SSE2 but must keep the sequential
// summation order (no fast-math reassociation), so results are reproducible. No intrinsics and no special cases for
// NaN/Inf.
#include "core/simd/bit_count_loops.hpp"
#include "core/simd/kernels_isa.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>

#include "core/vector/half.hpp"

namespace vecsearch::simd::scalar {

float
L2Squared(const float *a, const float *b, std::size_t n) noexcept
{
	float sum = 0.0f;
	for (std::size_t i = 0; i < n; ++i) {
		const float diff = a[i] - b[i];
		sum += diff * diff;
	}
	return sum;
}

float
InnerProduct(const float *a, const float *b, std::size_t n) noexcept
{
	float sum = 0.0f;
	for (std::size_t i = 0; i < n; ++i)
		sum += a[i] * b[i];
	return sum;
}

float
L1(const float *a, const float *b, std::size_t n) noexcept
{
	float sum = 0.0f;
	for (std::size_t i = 0; i < n; ++i)
		sum += std::fabs(a[i] - b[i]);
	return sum;
}

CosineParts
CosineSums(const float *a, const float *b, std::size_t n) noexcept
{
	float dot = 0.0f;
	float norm_a = 0.0f;
	float norm_b = 0.0f;
	for (std::size_t i = 0; i < n; ++i) {
		dot += a[i] * b[i];
		norm_a += a[i] * a[i];
		norm_b += b[i] * b[i];
	}
	return CosineParts{dot, norm_a, norm_b};
}

// The index's ordering for inner product (smaller is closer), negated here so the call stays direct.
float
NegativeInnerProduct(const float *a, const float *b, std::size_t n) noexcept
{
	return -InnerProduct(a, b, n);
}

// Halves (halfvec) are converted one at a time in software (half.hpp, bit for bit as F16C), then summed as above.
float
HalfL2Squared(const std::uint16_t *a, const std::uint16_t *b, std::size_t n) noexcept
{
	float sum = 0.0f;
	for (std::size_t i = 0; i < n; ++i) {
		const float diff = HalfToFloat(a[i]) - HalfToFloat(b[i]);
		sum += diff * diff;
	}
	return sum;
}

float
HalfInnerProduct(const std::uint16_t *a, const std::uint16_t *b, std::size_t n) noexcept
{
	float sum = 0.0f;
	for (std::size_t i = 0; i < n; ++i)
		sum += HalfToFloat(a[i]) * HalfToFloat(b[i]);
	return sum;
}

float
HalfL1(const std::uint16_t *a, const std::uint16_t *b, std::size_t n) noexcept
{
	float sum = 0.0f;
	for (std::size_t i = 0; i < n; ++i)
		sum += std::fabs(HalfToFloat(a[i]) - HalfToFloat(b[i]));
	return sum;
}

CosineParts
HalfCosineSums(const std::uint16_t *a, const std::uint16_t *b, std::size_t n) noexcept
{
	float dot = 0.0f;
	float norm_a = 0.0f;
	float norm_b = 0.0f;
	for (std::size_t i = 0; i < n; ++i) {
		const float x = HalfToFloat(a[i]);
		const float y = HalfToFloat(b[i]);
		dot += x * y;
		norm_a += x * x;
		norm_b += y * y;
	}
	return CosineParts{dot, norm_a, norm_b};
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

} // namespace vecsearch::simd::scalar
