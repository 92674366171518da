// Value-level operations of the `halfvec` type; see halfvec_ops.hpp.
#include "core/vector/halfvec_ops.hpp"

#include <cmath>

#include "core/vector/float_text.hpp"
#include "core/vector/vector_limits.hpp"

namespace vecsearch {

namespace {

Status
OverflowError() noexcept
{
	return Status::Error(ErrorCode::kNumericOutOfRange, "value out of range: overflow");
}

// Element-wise `op` in float, rounded to half; any infinite result is an overflow.
template <typename Op>
Status
Elementwise(std::span<const HalfBits> a, std::span<const HalfBits> b, std::span<HalfBits> out, Op op) noexcept
{
	bool overflow = false;
	for (std::size_t i = 0; i < a.size(); i++) {
		out[i] = FloatToHalf(op(HalfToFloat(a[i]), HalfToFloat(b[i])));
		overflow |= HalfIsInf(out[i]);
	}
	return overflow ? OverflowError() : Status::Ok();
}

bool
IsZero(HalfBits value) noexcept
{
	return (value & 0x7FFFu) == 0;
}

} // namespace

Status
CheckHalfVectorDims(std::int64_t dims) noexcept
{
	if (dims < 1)
		return Status::Error(ErrorCode::kDataException, "halfvec must have at least 1 dimension");
	if (dims > kVectorMaxDims)
		return Status::Error(ErrorCode::kProgramLimitExceeded, "halfvec cannot have more than %d dimensions",
		                     kVectorMaxDims);
	return Status::Ok();
}

Status
CheckHalfVectorTypmod(std::int64_t dims) noexcept
{
	if (dims < 1)
		return Status::Error(ErrorCode::kInvalidParameterValue, "dimensions for type halfvec must be at least 1");
	if (dims > kVectorMaxDims)
		return Status::Error(ErrorCode::kInvalidParameterValue, "dimensions for type halfvec cannot exceed %d",
		                     kVectorMaxDims);
	return Status::Ok();
}

Status
CheckSameHalfDims(std::size_t a, std::size_t b) noexcept
{
	if (a != b)
		return Status::Error(ErrorCode::kDataException, "different halfvec dimensions %zu and %zu", a, b);
	return Status::Ok();
}

Status
ToHalf(float value, HalfBits *out) noexcept
{
	*out = FloatToHalf(value);
	if (HalfIsInf(*out) && !std::isinf(value)) {
		char digits[kShortestFloatTextLength];
		const std::size_t length = ShortestFloatText(value, digits);
		return Status::Error(ErrorCode::kNumericOutOfRange, "\"%.*s\" is out of range for type halfvec",
		                     static_cast<int>(length), digits);
	}
	return Status::Ok();
}

Status
CheckHalfElement(HalfBits value) noexcept
{
	if (HalfIsNan(value))
		return Status::Error(ErrorCode::kDataException, "NaN not allowed in halfvec");
	if (HalfIsInf(value))
		return Status::Error(ErrorCode::kDataException, "infinite value not allowed in halfvec");
	return Status::Ok();
}

Status
AddHalfVectors(std::span<const HalfBits> a, std::span<const HalfBits> b, std::span<HalfBits> out) noexcept
{
	return Elementwise(a, b, out, [](float x, float y) { return x + y; });
}

Status
SubtractHalfVectors(std::span<const HalfBits> a, std::span<const HalfBits> b, std::span<HalfBits> out) noexcept
{
	return Elementwise(a, b, out, [](float x, float y) { return x - y; });
}

Status
MultiplyHalfVectors(std::span<const HalfBits> a, std::span<const HalfBits> b, std::span<HalfBits> out) noexcept
{
	if (Status status = Elementwise(a, b, out, [](float x, float y) { return x * y; }); !status.ok())
		return status;
	for (std::size_t i = 0; i < a.size(); i++) {
		if (IsZero(out[i]) && !IsZero(a[i]) && !IsZero(b[i]))
			return Status::Error(ErrorCode::kNumericOutOfRange, "value out of range: underflow");
	}
	return Status::Ok();
}

int
CompareHalfVectors(std::span<const HalfBits> a, std::span<const HalfBits> b) noexcept
{
	const std::size_t common = a.size() < b.size() ? a.size() : b.size();
	for (std::size_t i = 0; i < common; i++) {
		const float x = HalfToFloat(a[i]);
		const float y = HalfToFloat(b[i]);
		if (x < y)
			return -1;
		if (x > y)
			return 1;
	}
	if (a.size() != b.size())
		return a.size() < b.size() ? -1 : 1;
	return 0;
}

double
HalfVectorNorm(std::span<const HalfBits> values) noexcept
{
	double sum = 0.0;
	for (const HalfBits value : values) {
		const double x = HalfToFloat(value);
		sum += x * x;
	}
	return std::sqrt(sum);
}

Status
NormalizeHalfVector(std::span<const HalfBits> a, std::span<HalfBits> out) noexcept
{
	const double norm = HalfVectorNorm(a);
	bool overflow = false;
	for (std::size_t i = 0; i < a.size(); i++) {
		out[i] = norm > 0.0 ? FloatToHalf(static_cast<float>(HalfToFloat(a[i]) / norm)) : HalfBits{0};
		overflow |= HalfIsInf(out[i]);
	}
	return overflow ? OverflowError() : Status::Ok();
}

void
BinaryQuantizeHalf(std::span<const HalfBits> a, std::uint8_t *out) noexcept
{
	const std::size_t bytes = (a.size() + 7) / 8;
	for (std::size_t i = 0; i < bytes; i++)
		out[i] = 0;
	for (std::size_t i = 0; i < a.size(); i++) {
		if (HalfToFloat(a[i]) > 0.0f)
			out[i / 8] = static_cast<std::uint8_t>(out[i / 8] | (0x80u >> (i % 8)));
	}
}

Status
AccumulateHalfVector(std::span<double> sums, std::span<const HalfBits> values) noexcept
{
	for (std::size_t i = 0; i < values.size(); i++) {
		sums[i] += static_cast<double>(HalfToFloat(values[i]));
		if (std::isinf(sums[i]))
			return OverflowError();
	}
	return Status::Ok();
}

Status
AverageHalfVector(std::span<const double> sums, double count, std::span<HalfBits> out) noexcept
{
	for (std::size_t i = 0; i < sums.size(); i++) {
		if (Status status = ToHalf(static_cast<float>(sums[i] / count), &out[i]); !status.ok())
			return status;
		if (Status status = CheckHalfElement(out[i]); !status.ok())
			return status;
	}
	return Status::Ok();
}

} // namespace vecsearch
