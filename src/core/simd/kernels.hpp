// Distance kernels over float32 (and binary16) arrays, one implementation per SIMD level, picked once at load time.
// This header is the only thing the rest of the code sees of the SIMD layer: plain function pointers in a
// table. It deliberately knows nothing about PostgreSQL, vectors' on-disk layout or error handling.
#pragma once

#include <cstddef>
#include <cstdint>

namespace vecsearch::simd {

// Ordered from least to most capable; a level implies every level below it.
enum class Level : int { kScalar = 0, kAvx2 = 1, kAvx512 = 2 };

// Sum over i of f(a[i], b[i]) for a fixed f; n may be 0 (result 0). Pointers need no alignment.
using PairKernel = float (*)(const float *a, const float *b, std::size_t n);

// Dot product and both squared norms in one pass (what cosine distance needs).
struct CosineParts {
	float dot;
	float norm_a;
	float norm_b;
};
using CosineKernel = CosineParts (*)(const float *a, const float *b, std::size_t n);

// The same over IEEE binary16 values (halfvec's elements, as their 16 bits), converted to float as they are read
// and summed in float.
using HalfPairKernel = float (*)(const std::uint16_t *a, const std::uint16_t *b, std::size_t n);
using HalfCosineKernel = CosineParts (*)(const std::uint16_t *a, const std::uint16_t *b, std::size_t n);

// Over two bit strings of `bytes` bytes each (bit(n)'s data; the padding bits of the last byte are zero): the
// number of differing bits, and the counts a Jaccard distance needs.
using BitCountKernel = std::uint64_t (*)(const std::uint8_t *a, const std::uint8_t *b, std::size_t bytes);
struct BitJaccardParts {
	std::uint64_t both; // bits set in a and b
	std::uint64_t in_a; // bits set in a
	std::uint64_t in_b; // bits set in b
};
using BitJaccardKernel = BitJaccardParts (*)(const std::uint8_t *a, const std::uint8_t *b, std::size_t bytes);

struct KernelTable {
	Level level;
	PairKernel l2_squared;    // sum (a[i] - b[i])^2
	PairKernel inner_product; // sum a[i] * b[i]
	PairKernel l1;            // sum |a[i] - b[i]|
	CosineKernel cosine_parts;
	PairKernel negative_inner_product; // -(sum a[i] * b[i]): inner product as a distance (smaller is closer)
	HalfPairKernel half_l2_squared;
	HalfPairKernel half_inner_product;
	HalfPairKernel half_l1;
	HalfCosineKernel half_cosine_parts;
	HalfPairKernel half_negative_inner_product;
	BitCountKernel hamming;         // popcount(a ^ b)
	BitJaccardKernel jaccard_parts; // popcount(a & b), popcount(a), popcount(b)
};

// The most capable level this CPU and its operating system support (CPUID feature bits and XGETBV state).
Level DetectCpuLevel() noexcept;

// The kernel table for a level; the level must not exceed DetectCpuLevel().
const KernelTable &KernelsFor(Level level) noexcept;

// min(requested, DetectCpuLevel()).
Level ClampToCpu(Level requested) noexcept;

// "scalar", "avx2", "avx512".
const char *LevelName(Level level) noexcept;

} // namespace vecsearch::simd
