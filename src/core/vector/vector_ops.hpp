// Element-wise arithmetic, comparison, norms and the other value-level operations of the `vector` type, over
// plain float spans. Every check a SQL function needs (dimension agreement, overflow, ranges) is here, so
// the glue only moves bytes. Distances live in vector_distance.hpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "core/common/status.hpp"
#include "core/vector/vector_limits.hpp"

namespace vecsearch {

// 1 <= dims <= kVectorMaxDims, else "at least 1 dimension" / "more than 16000 dimensions".
Status CheckVectorDims(std::int64_t dims) noexcept;

// A vector(n) column accepts only n-dimensional values; typmod < 0 means "any".
Status CheckExpectedDims(std::int32_t typmod, std::int64_t dims) noexcept;

// Distances and element-wise operations need equal dimensions.
Status CheckSameDims(std::size_t a, std::size_t b) noexcept;

// NaN and infinities are not allowed in stored vectors. (A double is converted to float first, as pgvector
// does: a value that rounds to FLT_MAX is FLT_MAX, one beyond it infinite.)
Status CheckVectorElement(float value) noexcept;

// The same for every element.
Status CheckVectorElements(std::span<const float> values) noexcept;

// Validates a vector(n) type modifier: 1 <= n <= kVectorMaxDims.
Status CheckVectorTypmod(std::int64_t dims) noexcept;

// out = a + b, a - b, a * b (element-wise); an overflow to infinity, or a product of non-zero factors that
// underflows to zero, is an error. All three spans must have the same size (checked by the caller).
Status AddVectors(std::span<const float> a, std::span<const float> b, std::span<float> out) noexcept;
Status SubtractVectors(std::span<const float> a, std::span<const float> b, std::span<float> out) noexcept;
Status MultiplyVectors(std::span<const float> a, std::span<const float> b, std::span<float> out) noexcept;

// Lexicographic order on elements, then shorter first: a total order usable by btree (-1, 0, 1).
int CompareVectors(std::span<const float> a, std::span<const float> b) noexcept;

// Euclidean norm accumulated in double precision.
double VectorNorm(std::span<const float> values) noexcept;

// out = a / |a|; a zero vector stays zero.
void NormalizeVector(std::span<const float> a, std::span<float> out) noexcept;

// The slice subvector(v, start, count) selects, like substring(): 1-based start, clamped to the vector;
// `*first` is 0-based. An empty slice is an error; start + count may overflow int32 without harm.
Status SubvectorRange(std::size_t dims, std::int32_t start, std::int32_t count, std::size_t *first,
                      std::size_t *length) noexcept;

// One bit per element, set where the element is > 0, most significant bit first (the layout of `bit(n)`).
// `out` must hold (a.size() + 7) / 8 bytes.
void BinaryQuantize(std::span<const float> a, std::uint8_t *out) noexcept;

// Aggregate state for avg(vector)/sum: sums[i] += values[i] in double; the sizes must match.
Status AccumulateVector(std::span<double> sums, std::span<const float> values) noexcept;

// out[i] = sums[i] / count as float, erroring on overflow.
Status AverageVector(std::span<const double> sums, double count, std::span<float> out) noexcept;

} // namespace vecsearch
