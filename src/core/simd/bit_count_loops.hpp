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

// Eight bytes at a time (memcpy: no alignment assumed), then the tail byte by byte.
inline std::uint64_t
CountDifferingBits(const std::uint8_t *a, const std::uint8_t *b, std::size_t bytes) noexcept
{
	std::uint64_t count = 0;
	std::size_t i = 0;
	for (; i + 8 <= bytes; i += 8) {
		unsigned long long x = 0;
		unsigned long long y = 0;
		__builtin_memcpy(&x, a + i, 8);
		__builtin_memcpy(&y, b + i, 8);
		count += static_cast<std::uint64_t>(__builtin_popcountll(x ^ y));
	}
	for (; i < bytes; i++)
		count += static_cast<std::uint64_t>(__builtin_popcount(static_cast<unsigned>(a[i] ^ b[i])));
	return count;
}

inline BitJaccardParts
CountJaccardParts(const std::uint8_t *a, const std::uint8_t *b, std::size_t bytes) noexcept
{
	BitJaccardParts parts{0, 0, 0};
	std::size_t i = 0;
	for (; i + 8 <= bytes; i += 8) {
		unsigned long long x = 0;
		unsigned long long y = 0;
		__builtin_memcpy(&x, a + i, 8);
		__builtin_memcpy(&y, b + i, 8);
		parts.both += static_cast<std::uint64_t>(__builtin_popcountll(x & y));
		parts.in_a += static_cast<std::uint64_t>(__builtin_popcountll(x));
		parts.in_b += static_cast<std::uint64_t>(__builtin_popcountll(y));
	}
	for (; i < bytes; i++) {
		parts.both += static_cast<std::uint64_t>(__builtin_popcount(static_cast<unsigned>(a[i] & b[i])));
		parts.in_a += static_cast<std::uint64_t>(__builtin_popcount(static_cast<unsigned>(a[i])));
		parts.in_b += static_cast<std::uint64_t>(__builtin_popcount(static_cast<unsigned>(b[i])));
	}
	return parts;
}

} // namespace
} // namespace vecsearch::simd
