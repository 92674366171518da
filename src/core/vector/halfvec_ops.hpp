// Value-level operations of the `halfvec` type over binary16 spans, with pgvector's semantics: every
// computation is done in float (or double) and rounded to half at the end, and a result beyond half's range is
// an error. Distances are in vector_distance.hpp, text in vector_text.hpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "core/common/status.hpp"
#include "core/vector/half.hpp"

namespace vecsearch {

// 1 <= dims <= kVectorMaxDims, with halfvec's messages.
Status CheckHalfVectorDims(std::int64_t dims) noexcept;

// A halfvec(n) type modifier: 1 <= n <= kVectorMaxDims ("dimensions for type halfvec ...").
Status CheckHalfVectorTypmod(std::int64_t dims) noexcept;

// Distances and element-wise operations need equal dimensions ("different halfvec dimensions A and B").
Status CheckSameHalfDims(std::size_t a, std::size_t b) noexcept;

// `value` rounded to half into *out; a finite value beyond half's range is out of range (22003, quoted as
// float4out prints it). Infinity and NaN convert as they are: CheckHalfElement rejects them.
Status ToHalf(float value, HalfBits *out) noexcept;

// NaN and infinities are not allowed in stored halfvecs.
Status CheckHalfElement(HalfBits value) noexcept;

// out = a + b, a - b, a * b element-wise, rounded to half; a result that overflows half (or a product of
// non-zero factors that underflows to zero) is an error. Spans of equal size (checked by the caller).
Status AddHalfVectors(std::span<const HalfBits> a, std::span<const HalfBits> b, std::span<HalfBits> out) noexcept;
Status SubtractHalfVectors(std::span<const HalfBits> a, std::span<const HalfBits> b, std::span<HalfBits> out) noexcept;
Status MultiplyHalfVectors(std::span<const HalfBits> a, std::span<const HalfBits> b, std::span<HalfBits> out) noexcept;

// Lexicographic order on the values, then shorter first (-1, 0, 1).
int CompareHalfVectors(std::span<const HalfBits> a, std::span<const HalfBits> b) noexcept;

// Euclidean norm accumulated in double precision.
double HalfVectorNorm(std::span<const HalfBits> values) noexcept;

// out = a / |a| rounded to half; a zero vector stays zero.
Status NormalizeHalfVector(std::span<const HalfBits> a, std::span<HalfBits> out) noexcept;

// One bit per element, set where the element is > 0, most significant bit first; (a.size() + 7) / 8 bytes.
void BinaryQuantizeHalf(std::span<const HalfBits> a, std::uint8_t *out) noexcept;

// Aggregate state for avg(halfvec): sums[i] += values[i] in double.
Status AccumulateHalfVector(std::span<double> sums, std::span<const HalfBits> values) noexcept;

// out[i] = sums[i] / count rounded to half (through float), checked as ToHalf and CheckHalfElement do.
Status AverageHalfVector(std::span<const double> sums, double count, std::span<HalfBits> out) noexcept;

} // namespace vecsearch
