// The `sparsevec` type's values as the core sees them (ascending 0-based indices and their non-zero float values,
// plus the dimension count): text parsing, checks, distances by one merge pass over the two index lists, order,
// norm and normalisation, all with pgvector's semantics and messages.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "core/common/status.hpp"
#include "core/simd/kernels.hpp"

namespace vecsearch {

inline constexpr std::int64_t kSparseMaxDims = 1000000000;
inline constexpr std::int64_t kSparseMaxNonZeros = 16000;

// A sparse vector viewed in place: `indices` ascending, 0-based, `values` non-zero, the same length.
struct SparseView {
	std::int32_t dims;
	std::span<const std::int32_t> indices;
	std::span<const float> values;
};

Status CheckSparseDims(std::int64_t dims) noexcept;
// At most kSparseMaxNonZeros, never negative, never more than the dimensions.
Status CheckSparseNonZeros(std::int64_t count, std::int64_t dims) noexcept;
Status CheckSparseTypmod(std::int64_t dims) noexcept;
Status CheckSameSparseDims(std::int64_t a, std::int64_t b) noexcept;
Status CheckSparseElement(float value) noexcept;
// `index` within [0, dims), and above `previous` (the index before it, when there is one).
Status CheckSparseIndex(std::int32_t index, const std::int32_t *previous, std::int64_t dims) noexcept;

// One stored element as the text parser collects it.
struct SparseEntry {
	std::int32_t index; // 0-based
	float value;        // non-zero
};

// An upper bound on the elements ParseSparseText can produce for `text` (commas + 1); above kSparseMaxNonZeros
// the input is refused before it is read, as pgvector does.
std::size_t SparseTextElementBound(const char *text) noexcept;

// Parses "{i:v,...}/dims" (1-based indices, any order, white space around tokens) into `entries` (0-based indices,
// sorted, zeros dropped), which holds SparseTextElementBound(text) of them; *count and *dims are set on success.
// `typmod` (-1 for none) is checked where pgvector checks it, before the indices. Errors and their order are
// pgvector's, messages quoting `text` (Status::Quoting: views into it).
Status ParseSparseText(const char *text, std::int32_t typmod, std::span<SparseEntry> entries, std::size_t *count,
                       std::int64_t *dims) noexcept;

// Merge passes in ascending index order, summing in float as pgvector does (results compare digit for digit).
float SparseL2Squared(const SparseView &a, const SparseView &b) noexcept;
float SparseInnerProduct(const SparseView &a, const SparseView &b) noexcept;
float SparseL1(const SparseView &a, const SparseView &b) noexcept;
// The dot product and both squared norms (each norm summed in float over its own values).
simd::CosineParts SparseCosineParts(const SparseView &a, const SparseView &b) noexcept;

// pgvector's order: as if both were dense, compared element by element, then by dimensions (-1, 0, 1).
int CompareSparse(const SparseView &a, const SparseView &b) noexcept;

// Euclidean norm accumulated in double.
double SparseNorm(std::span<const float> values) noexcept;

// a / |a| into out_indices/out_values (as long as a), dropping values that underflow to zero; *count set.
// A zero vector stays as it is.
Status NormalizeSparse(const SparseView &a, std::span<std::int32_t> out_indices, std::span<float> out_values,
                       std::size_t *count) noexcept;

} // namespace vecsearch
