// IEEE 754 binary16 ("half") values as `halfvec` stores them: their 16 bits, converted to and from float in
// software, bit for bit as the F16C instructions do (round to nearest, ties to even; subnormals kept; NaN stays
// NaN). The SIMD kernels convert with F16C themselves; this is the scalar level's conversion, the reference the
// kernels are tested against, and what the SQL functions use one value at a time.
#pragma once

#include <bit>
#include <cstdint>

namespace vecsearch {

using HalfBits = std::uint16_t;

// The largest finite half, and the smallest float that rounds to infinity when converted (65504 + half an ulp).
inline constexpr float kHalfMax = 65504.0f;

constexpr float
HalfToFloat(HalfBits half) noexcept
{
	const std::uint32_t sign = static_cast<std::uint32_t>(half & 0x8000u) << 16;
	const std::uint32_t magnitude = half & 0x7FFFu;
	if (magnitude >= 0x7C00u) // infinity, or NaN with its payload
		return std::bit_cast<float>(sign | 0x7F800000u | ((magnitude & 0x3FFu) << 13));
	// Exponent and mantissa moved into float position read as a float 2^112 times too small (a subnormal half
	// becomes a subnormal float): one exact multiplication rescales both cases, with no loop over the leading
	// zeros. Exact as long as subnormals are not flushed, which nothing here enables (no fast-math, no DAZ).
	const float scaled = std::bit_cast<float>(magnitude << 13) * 0x1p112f;
	return std::bit_cast<float>(sign | std::bit_cast<std::uint32_t>(scaled));
}

constexpr HalfBits
FloatToHalf(float value) noexcept
{
	const std::uint32_t bits = std::bit_cast<std::uint32_t>(value);
	const auto sign = static_cast<HalfBits>((bits >> 16) & 0x8000u);
	const std::uint32_t exponent = (bits >> 23) & 0xFFu;
	const std::uint32_t mantissa = bits & 0x7FFFFFu;
	if (exponent == 0xFFu) {
		if (mantissa == 0)
			return static_cast<HalfBits>(sign | 0x7C00u);
		// NaN: keep the top payload bits and stay quiet (a payload that would shift out becomes the quiet bit).
		return static_cast<HalfBits>(sign | 0x7C00u | 0x200u | (mantissa >> 13));
	}
	const int unbiased = static_cast<int>(exponent) - 127;
	if (unbiased > 15)
		return static_cast<HalfBits>(sign | 0x7C00u); // beyond any rounding: infinity
	if (unbiased >= -14) {
		// Normal half: 10 mantissa bits kept, 13 rounded away (ties to even); a carry may reach the exponent,
		// and from the largest exponent into infinity, which the addition produces by itself.
		std::uint32_t half = (static_cast<std::uint32_t>(unbiased + 15) << 10) | (mantissa >> 13);
		const std::uint32_t rest = mantissa & 0x1FFFu;
		if (rest > 0x1000u || (rest == 0x1000u && (half & 1u) != 0))
			half++;
		return static_cast<HalfBits>(sign | half);
	}
	if (unbiased < -25)
		return sign; // below half the smallest subnormal: zero
	// Subnormal half: the full significand (implicit 1 included) shifted to units of 2^-24, rounded to even.
	const std::uint32_t significand = mantissa | 0x800000u;
	const int shift = -unbiased - 1; // 14..24: 2^unbiased = 2^-24 * 2^(unbiased + 24), significand has 23 bits
	std::uint32_t half = significand >> shift;
	const std::uint32_t rest = significand & ((1u << shift) - 1u);
	const std::uint32_t halfway = 1u << (shift - 1);
	if (rest > halfway || (rest == halfway && (half & 1u) != 0))
		half++;
	return static_cast<HalfBits>(sign | half);
}

constexpr bool
HalfIsNan(HalfBits half) noexcept
{
	return (half & 0x7C00u) == 0x7C00u && (half & 0x3FFu) != 0;
}

constexpr bool
HalfIsInf(HalfBits half) noexcept
{
	return (half & 0x7FFFu) == 0x7C00u;
}

} // namespace vecsearch
