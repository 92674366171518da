// The sparsevec type's value operations; see sparsevec_ops.hpp. The merges walk both index lists once in
// ascending order, which is also the order pgvector sums in, so float results agree exactly.
#include "core/vector/sparsevec_ops.hpp"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <string_view>

#include "core/vector/vector_ops.hpp"
#include "core/vector/vector_text.hpp"

namespace vecsearch {

namespace {

Status
SyntaxError(const char *text) noexcept
{
	return Status::Quoting(ErrorCode::kInvalidTextRepresentation, "invalid input syntax for type sparsevec: \"", text,
	                       "\"");
}

// Calls on_a(i) for an index only in a, on_b(j) for one only in b, on_both(i, j) for one in both, in ascending
// index order.
template <typename OnA, typename OnB, typename OnBoth>
void
Merge(const SparseView &a, const SparseView &b, OnA on_a, OnB on_b, OnBoth on_both) noexcept
{
	std::size_t i = 0;
	std::size_t j = 0;
	while (i < a.indices.size() && j < b.indices.size()) {
		if (a.indices[i] == b.indices[j])
			on_both(i++, j++);
		else if (a.indices[i] < b.indices[j])
			on_a(i++);
		else
			on_b(j++);
	}
	for (; i < a.indices.size(); i++)
		on_a(i);
	for (; j < b.indices.size(); j++)
		on_b(j);
}

} // namespace

Status
CheckSparseDims(std::int64_t dims) noexcept
{
	if (dims < 1)
		return Status::Error(ErrorCode::kDataException, "sparsevec must have at least 1 dimension");
	if (dims > kSparseMaxDims)
		return Status::Error(ErrorCode::kProgramLimitExceeded, "sparsevec cannot have more than %lld dimensions",
		                     static_cast<long long>(kSparseMaxDims));
	return Status::Ok();
}

Status
CheckSparseNonZeros(std::int64_t count, std::int64_t dims) noexcept
{
	if (count < 0)
		return Status::Error(ErrorCode::kDataException, "sparsevec cannot have negative number of elements");
	if (count > kSparseMaxNonZeros)
		return Status::Error(ErrorCode::kProgramLimitExceeded, "sparsevec cannot have more than %lld non-zero elements",
		                     static_cast<long long>(kSparseMaxNonZeros));
	if (count > dims)
		return Status::Error(ErrorCode::kProgramLimitExceeded, "sparsevec cannot have more elements than dimensions");
	return Status::Ok();
}

Status
CheckSparseTypmod(std::int64_t dims) noexcept
{
	if (dims < 1)
		return Status::Error(ErrorCode::kInvalidParameterValue, "dimensions for type sparsevec must be at least 1");
	if (dims > kSparseMaxDims)
		return Status::Error(ErrorCode::kInvalidParameterValue, "dimensions for type sparsevec cannot exceed %lld",
		                     static_cast<long long>(kSparseMaxDims));
	return Status::Ok();
}

Status
CheckSameSparseDims(std::int64_t a, std::int64_t b) noexcept
{
	if (a != b)
		return Status::Error(ErrorCode::kDataException, "different sparsevec dimensions %lld and %lld",
		                     static_cast<long long>(a), static_cast<long long>(b));
	return Status::Ok();
}

Status
CheckSparseElement(float value) noexcept
{
	if (std::isnan(value))
		return Status::Error(ErrorCode::kDataException, "NaN not allowed in sparsevec");
	if (std::isinf(value))
		return Status::Error(ErrorCode::kDataException, "infinite value not allowed in sparsevec");
	return Status::Ok();
}

Status
CheckSparseIndex(std::int32_t index, const std::int32_t *previous, std::int64_t dims) noexcept
{
	if (index < 0 || index >= dims)
		return Status::Error(ErrorCode::kDataException, "sparsevec index out of bounds");
	if (previous != nullptr && index < *previous)
		return Status::Error(ErrorCode::kDataException, "sparsevec indices must be in ascending order");
	if (previous != nullptr && index == *previous)
		return Status::Error(ErrorCode::kDataException, "sparsevec indices must not contain duplicates");
	return Status::Ok();
}

std::size_t
SparseTextElementBound(const char *text) noexcept
{
	std::size_t commas = 0;
	for (const char *p = text; *p != '\0'; p++)
		commas += *p == ',';
	return commas + 1;
}

Status
ParseSparseText(const char *text, std::int32_t typmod, std::span<SparseEntry> entries, std::size_t *count,
                std::int64_t *dims) noexcept
{
	// pgvector's order of checks throughout, so an input with several faults gets its error.
	*count = 0;
	if (SparseTextElementBound(text) > static_cast<std::size_t>(kSparseMaxNonZeros))
		return Status::Error(ErrorCode::kProgramLimitExceeded, "sparsevec cannot have more than %lld non-zero elements",
		                     static_cast<long long>(kSparseMaxNonZeros));
	const char *p = SkipVectorSpace(text);
	if (*p != '{')
		return SyntaxError(text).WithDetail("Vector contents must start with \"{\".");
	p = SkipVectorSpace(p + 1);
	std::size_t stored = 0;
	if (*p == '}') {
		p++;
	} else {
		for (;;) {
			p = SkipVectorSpace(p);
			if (*p == '\0')
				return SyntaxError(text);
			char *end = nullptr;
			long index = std::strtol(p, &end, 10);
			if (end == p)
				return SyntaxError(text);
			index = std::clamp<long>(index, INT_MIN + 1L, INT_MAX); // keeps index - 1 an int32 for the bounds check
			p = SkipVectorSpace(end);
			if (*p != ':')
				return SyntaxError(text);
			p = SkipVectorSpace(p + 1);
			errno = 0;
			const float value = std::strtof(p, &end);
			if (end == p)
				return SyntaxError(text);
			// Underflow to zero is an error here too (as for float4in), unlike vector's input.
			if (errno == ERANGE && (value == 0.0f || std::isinf(value)))
				return Status::Quoting(ErrorCode::kNumericOutOfRange, "\"", std::string_view(p, end - p),
				                       "\" is out of range for type sparsevec");
			if (Status element = CheckSparseElement(value); !element.ok())
				return element;
			if (value != 0.0f) { // zeros are not stored
				if (stored >= entries.size())
					return Status::Error(ErrorCode::kInternal, "sparsevec text buffer too small");
				entries[stored++] = SparseEntry{static_cast<std::int32_t>(index - 1), value}; // 1-based in SQL
			}
			p = SkipVectorSpace(end);
			if (*p == ',') {
				p++;
				continue;
			}
			if (*p == '}') {
				p++;
				break;
			}
			return SyntaxError(text);
		}
	}
	p = SkipVectorSpace(p);
	if (*p != '/')
		return SyntaxError(text).WithDetail("Unexpected end of input.");
	p = SkipVectorSpace(p + 1);
	char *end = nullptr;
	const long dimension = std::clamp<long>(std::strtol(p, &end, 10), INT_MIN, INT_MAX);
	if (end == p)
		return SyntaxError(text);
	p = SkipVectorSpace(end);
	if (*p != '\0')
		return SyntaxError(text).WithDetail("Junk after closing.");
	if (Status status = CheckSparseDims(dimension); !status.ok())
		return status;
	if (Status status = CheckExpectedDims(typmod, dimension); !status.ok())
		return status;
	// Sorted by index (duplicates end up side by side for the check below); in place, O(n log n) whatever the
	// input's order (an insertion sort took 88 ms for 16,000 elements written in descending order).
	const std::span<SparseEntry> parsed = entries.first(stored);
	std::sort(parsed.begin(), parsed.end(),
	          [](const SparseEntry &a, const SparseEntry &b) { return a.index < b.index; });
	for (std::size_t i = 0; i < stored; i++) {
		if (Status status = CheckSparseIndex(parsed[i].index, i > 0 ? &parsed[i - 1].index : nullptr, dimension);
		    !status.ok())
			return status;
	}
	*count = stored;
	*dims = dimension;
	return Status::Ok();
}

float
SparseL2Squared(const SparseView &a, const SparseView &b) noexcept
{
	float sum = 0.0f;
	Merge(
	    a, b, [&](std::size_t i) { sum += a.values[i] * a.values[i]; },
	    [&](std::size_t j) { sum += b.values[j] * b.values[j]; },
	    [&](std::size_t i, std::size_t j) {
		    const float diff = a.values[i] - b.values[j];
		    sum += diff * diff;
	    });
	return sum;
}

float
SparseInnerProduct(const SparseView &a, const SparseView &b) noexcept
{
	float sum = 0.0f;
	Merge(
	    a, b, [](std::size_t) {}, [](std::size_t) {},
	    [&](std::size_t i, std::size_t j) { sum += a.values[i] * b.values[j]; });
	return sum;
}

float
SparseL1(const SparseView &a, const SparseView &b) noexcept
{
	float sum = 0.0f;
	Merge(
	    a, b, [&](std::size_t i) { sum += std::fabs(a.values[i]); },
	    [&](std::size_t j) { sum += std::fabs(b.values[j]); },
	    [&](std::size_t i, std::size_t j) { sum += std::fabs(a.values[i] - b.values[j]); });
	return sum;
}

simd::CosineParts
SparseCosineParts(const SparseView &a, const SparseView &b) noexcept
{
	simd::CosineParts parts{SparseInnerProduct(a, b), 0.0f, 0.0f};
	for (const float value : a.values)
		parts.norm_a += value * value;
	for (const float value : b.values)
		parts.norm_b += value * value;
	return parts;
}

int
CompareSparse(const SparseView &a, const SparseView &b) noexcept
{
	// Walking both as dense vectors: at the first index where they differ, the one holding a non-zero value
	// there is larger if that value is positive.
	const std::size_t common = std::min(a.indices.size(), b.indices.size());
	for (std::size_t i = 0; i < common; i++) {
		if (a.indices[i] < b.indices[i])
			return a.values[i] < 0 ? -1 : 1;
		if (a.indices[i] > b.indices[i])
			return b.values[i] < 0 ? 1 : -1;
		if (a.values[i] < b.values[i])
			return -1;
		if (a.values[i] > b.values[i])
			return 1;
	}
	if (a.indices.size() < b.indices.size() && b.indices[common] < a.dims)
		return b.values[common] < 0 ? 1 : -1;
	if (a.indices.size() > b.indices.size() && a.indices[common] < b.dims)
		return a.values[common] < 0 ? -1 : 1;
	if (a.dims != b.dims)
		return a.dims < b.dims ? -1 : 1;
	return 0;
}

double
SparseNorm(std::span<const float> values) noexcept
{
	double sum = 0.0;
	for (const float value : values)
		sum += static_cast<double>(value) * static_cast<double>(value);
	return std::sqrt(sum);
}

Status
NormalizeSparse(const SparseView &a, std::span<std::int32_t> out_indices, std::span<float> out_values,
                std::size_t *count) noexcept
{
	const double norm = SparseNorm(a.values);
	std::size_t kept = 0;
	for (std::size_t i = 0; i < a.values.size(); i++) {
		if (norm <= 0.0) {
			out_indices[kept] = a.indices[i];
			out_values[kept++] = a.values[i];
			continue;
		}
		const auto value = static_cast<float>(a.values[i] / norm);
		if (std::isinf(value))
			return Status::Error(ErrorCode::kNumericOutOfRange, "value out of range: overflow");
		if (value != 0.0f) {
			out_indices[kept] = a.indices[i];
			out_values[kept++] = value;
		}
	}
	*count = kept;
	return Status::Ok();
}

} // namespace vecsearch
