// Portable distance kernels: the reference every SIMD level is tested against and the fallback on any CPU.
// Plain loops accumulating in float; at the baseline the compiler may use SSE2 but must keep the sequential
// summation order (no fast-math reassociation), so results are reproducible. No intrinsics and no special cases for
// NaN/Inf.
#include "core/simd/kernels_isa.hpp"

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

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

// Bit strings eight bytes at a time (memcpy: no alignment assumed), then the tail byte by byte. std::popcount
// is the compiler's portable sequence here (this file is baseline code); the AVX2 level has POPCNT.
std::uint64_t
Hamming(const std::uint8_t *a, const std::uint8_t *b, std::size_t bytes) noexcept
{
	std::uint64_t count = 0;
	std::size_t i = 0;
	for (; i + 8 <= bytes; i += 8) {
		std::uint64_t x = 0;
		std::uint64_t y = 0;
		std::memcpy(&x, a + i, 8);
		std::memcpy(&y, b + i, 8);
		count += static_cast<std::uint64_t>(std::popcount(x ^ y));
	}
	for (; i < bytes; i++)
		count += static_cast<std::uint64_t>(std::popcount(static_cast<unsigned>(a[i] ^ b[i])));
	return count;
}

BitJaccardParts
JaccardParts(const std::uint8_t *a, const std::uint8_t *b, std::size_t bytes) noexcept
{
	BitJaccardParts parts{0, 0, 0};
	std::size_t i = 0;
	for (; i + 8 <= bytes; i += 8) {
		std::uint64_t x = 0;
		std::uint64_t y = 0;
		std::memcpy(&x, a + i, 8);
		std::memcpy(&y, b + i, 8);
		parts.both += static_cast<std::uint64_t>(std::popcount(x & y));
		parts.in_a += static_cast<std::uint64_t>(std::popcount(x));
		parts.in_b += static_cast<std::uint64_t>(std::popcount(y));
	}
	for (; i < bytes; i++) {
		parts.both += static_cast<std::uint64_t>(std::popcount(static_cast<unsigned>(a[i] & b[i])));
		parts.in_a += static_cast<std::uint64_t>(std::popcount(static_cast<unsigned>(a[i])));
		parts.in_b += static_cast<std::uint64_t>(std::popcount(static_cast<unsigned>(b[i])));
	}
	return parts;
}

} // namespace vecsearch::simd::scalar
