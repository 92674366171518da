// Value-level operations of the `vector` type; see vector_ops.hpp. Scalar loops on purpose: these run once
// per SQL call over at most 16,000 floats and the compiler vectorises them well enough; the hot distance
// loops are the SIMD kernels.
#include "core/vector/vector_ops.hpp"

#include <cmath>
#include <limits>

namespace vecsearch {

namespace {

Status
OverflowError() noexcept
{
	return Status::Error(ErrorCode::kNumericOutOfRange, "value out of range: overflow");
}

} // namespace

Status
CheckVectorDims(std::int64_t dims) noexcept
{
	if (dims < 1)
		return Status::Error(ErrorCode::kDataException, "vector must have at least 1 dimension");
	if (dims > kVectorMaxDims)
		return Status::Error(ErrorCode::kProgramLimitExceeded, "vector cannot have more than %d dimensions",
		                     kVectorMaxDims);
	return Status::Ok();
}

Status
CheckExpectedDims(std::int32_t typmod, std::int64_t dims) noexcept
{
	if (typmod >= 0 && dims != typmod)
		return Status::Error(ErrorCode::kDataException, "expected %d dimensions, not %lld", typmod,
		                     static_cast<long long>(dims));
	return Status::Ok();
}

Status
CheckSameDims(std::size_t a, std::size_t b) noexcept
{
	if (a != b)
		return Status::Error(ErrorCode::kDataException, "different vector dimensions %zu and %zu", a, b);
	return Status::Ok();
}

Status
CheckVectorElement(float value) noexcept
{
	if (std::isnan(value))
		return Status::Error(ErrorCode::kDataException, "NaN not allowed in vector");
	if (std::isinf(value))
		return Status::Error(ErrorCode::kDataException, "infinite value not allowed in vector");
	return Status::Ok();
}

Status
CheckVectorElements(std::span<const float> values) noexcept
{
	for (float value : values) {
		if (!std::isfinite(value))
			return CheckVectorElement(value);
	}
	return Status::Ok();
}

Status
CheckVectorTypmod(std::int64_t dims) noexcept
{
	if (dims < 1)
		return Status::Error(ErrorCode::kInvalidParameterValue, "dimensions for type vector must be at least 1");
	if (dims > kVectorMaxDims)
		return Status::Error(ErrorCode::kInvalidParameterValue, "dimensions for type vector cannot exceed %d",
		                     kVectorMaxDims);
	return Status::Ok();
}

Status
AddVectors(std::span<const float> a, std::span<const float> b, std::span<float> out) noexcept
{
	bool overflow = false;
	for (std::size_t i = 0; i < a.size(); i++) {
		out[i] = a[i] + b[i];
		overflow |= std::isinf(out[i]);
	}
	return overflow ? OverflowError() : Status::Ok();
}

Status
SubtractVectors(std::span<const float> a, std::span<const float> b, std::span<float> out) noexcept
{
	bool overflow = false;
	for (std::size_t i = 0; i < a.size(); i++) {
		out[i] = a[i] - b[i];
		overflow |= std::isinf(out[i]);
	}
	return overflow ? OverflowError() : Status::Ok();
}

Status
MultiplyVectors(std::span<const float> a, std::span<const float> b, std::span<float> out) noexcept
{
	for (std::size_t i = 0; i < a.size(); i++) {
		out[i] = a[i] * b[i];
		if (std::isinf(out[i]))
			return OverflowError();
		if (out[i] == 0.0f && a[i] != 0.0f && b[i] != 0.0f)
			return Status::Error(ErrorCode::kNumericOutOfRange, "value out of range: underflow");
	}
	return Status::Ok();
}

int
CompareVectors(std::span<const float> a, std::span<const float> b) noexcept
{
	const std::size_t common = a.size() < b.size() ? a.size() : b.size();
	for (std::size_t i = 0; i < common; i++) {
		if (a[i] < b[i])
			return -1;
		if (a[i] > b[i])
			return 1;
	}
	if (a.size() != b.size())
		return a.size() < b.size() ? -1 : 1;
	return 0;
}

double
VectorNorm(std::span<const float> values) noexcept
{
	double sum = 0.0;
	for (float value : values)
		sum += static_cast<double>(value) * static_cast<double>(value);
	return std::sqrt(sum);
}

void
NormalizeVector(std::span<const float> a, std::span<float> out) noexcept
{
	const double norm = VectorNorm(a);
	for (std::size_t i = 0; i < a.size(); i++)
		out[i] = norm > 0.0 ? static_cast<float>(static_cast<double>(a[i]) / norm) : 0.0f;
}

Status
SubvectorRange(std::size_t dims, std::int32_t start, std::int32_t count, std::size_t *first,
               std::size_t *length) noexcept
{
	// Work in 64 bits so start + count cannot overflow; then clamp like substring().
	std::int64_t begin = start;
	std::int64_t end = static_cast<std::int64_t>(start) + count; // exclusive, 1-based
	if (begin < 1)
		begin = 1;
	if (end > static_cast<std::int64_t>(dims) + 1)
		end = static_cast<std::int64_t>(dims) + 1;
	if (end <= begin)
		return Status::Error(ErrorCode::kDataException, "vector must have at least 1 dimension");
	*first = static_cast<std::size_t>(begin - 1);
	*length = static_cast<std::size_t>(end - begin);
	return Status::Ok();
}

void
BinaryQuantize(std::span<const float> a, std::uint8_t *out) noexcept
{
	const std::size_t bytes = (a.size() + 7) / 8;
	for (std::size_t i = 0; i < bytes; i++)
		out[i] = 0;
	for (std::size_t i = 0; i < a.size(); i++) {
		if (a[i] > 0.0f)
			out[i / 8] = static_cast<std::uint8_t>(out[i / 8] | (0x80u >> (i % 8)));
	}
}

Status
AccumulateVector(std::span<double> sums, std::span<const float> values) noexcept
{
	for (std::size_t i = 0; i < values.size(); i++) {
		sums[i] += static_cast<double>(values[i]);
		if (std::isinf(sums[i]))
			return OverflowError();
	}
	return Status::Ok();
}

Status
AverageVector(std::span<const double> sums, double count, std::span<float> out) noexcept
{
	for (std::size_t i = 0; i < sums.size(); i++) {
		// As pgvector: the mean is checked as a stored element (a sum that divides to beyond float range, or a
		// hand-made state holding NaN, is "not allowed", 22000).
		out[i] = static_cast<float>(sums[i] / count);
		if (Status status = CheckVectorElement(out[i]); !status.ok())
			return status;
	}
	return Status::Ok();
}

} // namespace vecsearch
