// The SQL-visible distances between two bit strings of equal length (PostgreSQL's `bit(n)`, as pgvector
// defines them), from the kernel table's popcount kernels.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/simd/kernels.hpp"

namespace vecsearch {

// The number of positions where the strings differ.
inline double
HammingDistance(const simd::KernelTable &k, const std::uint8_t *a, const std::uint8_t *b, std::size_t bytes) noexcept
{
	return static_cast<double>(k.hamming(a, b, bytes));
}

// 1 - |a and b| / |a or b|; 1 when no bit is set in both (also when neither has any bit set), as pgvector.
inline double
JaccardOfParts(const simd::BitJaccardParts &parts) noexcept
{
	if (parts.both == 0)
		return 1.0;
	return 1.0 - static_cast<double>(parts.both) / static_cast<double>(parts.in_a + parts.in_b - parts.both);
}

inline double
JaccardDistance(const simd::KernelTable &k, const std::uint8_t *a, const std::uint8_t *b, std::size_t bytes) noexcept
{
	return JaccardOfParts(k.jaccard_parts(a, b, bytes));
}

} // namespace vecsearch
