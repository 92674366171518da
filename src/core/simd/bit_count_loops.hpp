// The loops of the bit kernels, written once and compiled into each ISA's file with that file's flags: baseline
// code in kernels_scalar.cpp (__builtin_popcountll becomes a portable bit-twiddling sequence), -mpopcnt in
// kernels_avx2.cpp (it becomes the POPCNT instruction). Internal linkage, and no STL: each file keeps its own copy,
// so the linker can never hand baseline callers the POPCNT one.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/simd/kernels.hpp"

namespace vecsearch::simd {
namespace {

// Calls f(x, y) on the words of a and b: eight bytes at a time (memcpy: no alignment assumed), then the tail byte
// by byte, each byte as a word of its own (the counts below add up the same either way).
template <typename F>
inline void
ForEachWordPair(const std::uint8_t *a, const std::uint8_t *b, std::size_t bytes, F f) noexcept
{
	std::size_t i = 0;
	for (; i + 8 <= bytes; i += 8) {
		unsigned long long x = 0;
		unsigned long long y = 0;
		__builtin_memcpy(&x, a + i, 8);
		__builtin_memcpy(&y, b + i, 8);
		f(x, y);
	}
	for (; i < bytes; i++)
		f(static_cast<unsigned long long>(a[i]), static_cast<unsigned long long>(b[i]));
}

inline std::uint64_t
CountDifferingBits(const std::uint8_t *a, const std::uint8_t *b, std::size_t bytes) noexcept
{
	std::uint64_t count = 0;
	ForEachWordPair(a, b, bytes, [&](unsigned long long x, unsigned long long y) {
		count += static_cast<std::uint64_t>(__builtin_popcountll(x ^ y));
	});
	return count;
}

inline BitJaccardParts
CountJaccardParts(const std::uint8_t *a, const std::uint8_t *b, std::size_t bytes) noexcept
{
	BitJaccardParts parts{0, 0, 0};
	ForEachWordPair(a, b, bytes, [&](unsigned long long x, unsigned long long y) {
		parts.both += static_cast<std::uint64_t>(__builtin_popcountll(x & y));
		parts.in_a += static_cast<std::uint64_t>(__builtin_popcountll(x));
		parts.in_b += static_cast<std::uint64_t>(__builtin_popcountll(y));
	});
	return parts;
}

} // namespace
} // namespace vecsearch::simd
