// ShortestFloatText: std::to_chars gives the shortest round-trip digits (in scientific form), laid out here
// the way float4out lays them out.
#include "core/vector/float_text.hpp"

#include <charconv>

namespace vecsearch {

std::size_t
ShortestFloatText(float value, char *out) noexcept
{
	char scientific[kShortestFloatTextLength];
	const auto [end, error] =
	    std::to_chars(scientific, scientific + sizeof(scientific), value, std::chars_format::scientific);
	if (error != std::errc())
		return 0;
	// "-d.ddde+XX": split into sign, digits and the decimal exponent of the first digit.
	const char *p = scientific;
	std::size_t length = 0;
	if (*p == '-')
		out[length++] = *p++;
	char digits[kShortestFloatTextLength];
	std::size_t digit_count = 0;
	for (; p < end && *p != 'e'; p++) {
		if (*p != '.')
			digits[digit_count++] = *p;
	}
	// p is at 'e', followed by a sign and the exponent's digits (to_chars does not NUL-terminate).
	int exponent = 0;
	const bool negative_exponent = p + 1 < end && p[1] == '-';
	for (const char *q = p + 2; q < end; q++)
		exponent = exponent * 10 + (*q - '0');
	if (negative_exponent)
		exponent = -exponent;
	if (exponent < -4 || exponent >= 6) {
		// Scientific, as to_chars wrote it (at least two exponent digits, as printf).
		for (const char *q = scientific + (scientific[0] == '-' ? 1 : 0); q < end; q++)
			out[length++] = *q;
		return length;
	}
	if (exponent < 0) {
		out[length++] = '0';
		out[length++] = '.';
		for (int i = -1; i > exponent; i--)
			out[length++] = '0';
		for (std::size_t i = 0; i < digit_count; i++)
			out[length++] = digits[i];
		return length;
	}
	// 0 <= exponent < 6: the integer part, padded with zeros, then any remaining digits after a point.
	const auto integer_digits = static_cast<std::size_t>(exponent) + 1;
	for (std::size_t i = 0; i < integer_digits; i++)
		out[length++] = i < digit_count ? digits[i] : '0';
	if (digit_count > integer_digits) {
		out[length++] = '.';
		for (std::size_t i = integer_digits; i < digit_count; i++)
			out[length++] = digits[i];
	}
	return length;
}

} // namespace vecsearch
