// Declarations of the per-ISA kernel entry points that kernel_table.cpp puts into its tables.
// Internal to the SIMD layer: everything else reaches these only through KernelsFor(). Calling one of them
// directly on a CPU below its level dies with SIGILL, which is why nothing outside src/core/simd includes this.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/simd/kernels.hpp"

namespace vecsearch::simd {

namespace scalar {
float L2Squared(const float *a, const float *b, std::size_t n) noexcept;
float InnerProduct(const float *a, const float *b, std::size_t n) noexcept;
float L1(const float *a, const float *b, std::size_t n) noexcept;
float NegativeInnerProduct(const float *a, const float *b, std::size_t n) noexcept;
CosineParts CosineSums(const float *a, const float *b, std::size_t n) noexcept;
float HalfL2Squared(const std::uint16_t *a, const std::uint16_t *b, std::size_t n) noexcept;
float HalfInnerProduct(const std::uint16_t *a, const std::uint16_t *b, std::size_t n) noexcept;
float HalfL1(const std::uint16_t *a, const std::uint16_t *b, std::size_t n) noexcept;
float HalfNegativeInnerProduct(const std::uint16_t *a, const std::uint16_t *b, std::size_t n) noexcept;
CosineParts HalfCosineSums(const std::uint16_t *a, const std::uint16_t *b, std::size_t n) noexcept;
std::uint64_t Hamming(const std::uint8_t *a, const std::uint8_t *b, std::size_t bytes) noexcept;
BitJaccardParts JaccardParts(const std::uint8_t *a, const std::uint8_t *b, std::size_t bytes) noexcept;
} // namespace scalar

// Defined in kernels_avx2.cpp, compiled with -mavx2 -mfma -mf16c -mpopcnt.
namespace avx2 {
float L2Squared(const float *a, const float *b, std::size_t n) noexcept;
float InnerProduct(const float *a, const float *b, std::size_t n) noexcept;
float L1(const float *a, const float *b, std::size_t n) noexcept;
float NegativeInnerProduct(const float *a, const float *b, std::size_t n) noexcept;
CosineParts CosineSums(const float *a, const float *b, std::size_t n) noexcept;
float HalfL2Squared(const std::uint16_t *a, const std::uint16_t *b, std::size_t n) noexcept;
float HalfInnerProduct(const std::uint16_t *a, const std::uint16_t *b, std::size_t n) noexcept;
float HalfL1(const std::uint16_t *a, const std::uint16_t *b, std::size_t n) noexcept;
float HalfNegativeInnerProduct(const std::uint16_t *a, const std::uint16_t *b, std::size_t n) noexcept;
CosineParts HalfCosineSums(const std::uint16_t *a, const std::uint16_t *b, std::size_t n) noexcept;
// Bit kernels with the POPCNT instruction (-mpopcnt); the AVX-512 table uses them too.
std::uint64_t Hamming(const std::uint8_t *a, const std::uint8_t *b, std::size_t bytes) noexcept;
BitJaccardParts JaccardParts(const std::uint8_t *a, const std::uint8_t *b, std::size_t bytes) noexcept;
} // namespace avx2

// Defined in kernels_avx512.cpp, compiled with the AVX2 flags plus -mavx512f -mavx512bw -mavx512dq -mavx512vl.
namespace avx512 {
float L2Squared(const float *a, const float *b, std::size_t n) noexcept;
float InnerProduct(const float *a, const float *b, std::size_t n) noexcept;
float L1(const float *a, const float *b, std::size_t n) noexcept;
float NegativeInnerProduct(const float *a, const float *b, std::size_t n) noexcept;
CosineParts CosineSums(const float *a, const float *b, std::size_t n) noexcept;
float HalfL2Squared(const std::uint16_t *a, const std::uint16_t *b, std::size_t n) noexcept;
float HalfInnerProduct(const std::uint16_t *a, const std::uint16_t *b, std::size_t n) noexcept;
float HalfL1(const std::uint16_t *a, const std::uint16_t *b, std::size_t n) noexcept;
float HalfNegativeInnerProduct(const std::uint16_t *a, const std::uint16_t *b, std::size_t n) noexcept;
CosineParts HalfCosineSums(const std::uint16_t *a, const std::uint16_t *b, std::size_t n) noexcept;
} // namespace avx512

} // namespace vecsearch::simd
