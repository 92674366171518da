// ElementValue: Datums of vector, halfvec and bit made into the index's elements (see hnsw_element_value.hpp).
#include "pg/hnsw/hnsw_element_value.hpp"

#include <cstring>

#include "core/vector/halfvec_ops.hpp"
#include "core/vector/vector_ops.hpp"
#include "pg/boundary.hpp"
#include "pg/halfvec_type.hpp"
#include "pg/vector_type.hpp"

namespace vecsearch::pg::hnsw {

using vecsearch::hnsw::ElementKind;

ElementValue::ElementValue(ElementShape shape, Metric metric, std::pmr::memory_resource *memory)
    : shape_(shape), metric_(metric), buffer_((shape.Bytes() + sizeof(float) - 1) / sizeof(float), 0.0f, memory)
{
}

const void *
ElementValue::Detoast(Datum value, bool query)
{
	void *detoasted = nullptr;
	PgCall([&] { detoasted = PG_DETOAST_DATUM(value); });
	if (detoasted != DatumGetPointer(value))
		detoasted_ = detoasted;
	std::int64_t dims = 0;
	const void *element = nullptr;
	switch (shape_.kind) {
	case ElementKind::kFloat32: {
		const auto *vector = static_cast<const PgVector *>(detoasted);
		dims = vector->dim;
		element = vector->x;
		break;
	}
	case ElementKind::kFloat16: {
		const auto *vector = static_cast<const PgHalfVector *>(detoasted);
		dims = vector->dim;
		element = vector->x;
		break;
	}
	case ElementKind::kBits: {
		const auto *bits = static_cast<const VarBit *>(detoasted);
		dims = VARBITLEN(bits);
		element = VARBITS(bits);
		break;
	}
	}
	if (dims == shape_.dims)
		return element;
	Status mismatch = Status::Ok();
	if (!query)
		mismatch = CheckExpectedDims(shape_.dims, dims);
	else if (shape_.kind == ElementKind::kFloat32)
		mismatch = CheckSameDims(static_cast<std::size_t>(dims), static_cast<std::size_t>(shape_.dims));
	else if (shape_.kind == ElementKind::kFloat16)
		mismatch = CheckSameHalfDims(static_cast<std::size_t>(dims), static_cast<std::size_t>(shape_.dims));
	else
		mismatch = Status::Error(ErrorCode::kDataException, "different bit lengths %u and %u",
		                         static_cast<unsigned>(dims), static_cast<unsigned>(shape_.dims));
	Release();
	ThrowIfError(mismatch);
	return nullptr; // not reached: a mismatch is an error
}

bool
ElementValue::Normalize(const void *element)
{
	const std::size_t dims = static_cast<std::size_t>(shape_.dims);
	if (shape_.kind == ElementKind::kFloat16) {
		const std::span<const HalfBits> halves(static_cast<const HalfBits *>(element), dims);
		if (HalfVectorNorm(halves) == 0.0)
			return false;
		ThrowIfError(
		    NormalizeHalfVector(halves, std::span<HalfBits>(reinterpret_cast<HalfBits *>(buffer_.data()), dims)));
		return true;
	}
	const std::span<const float> floats(static_cast<const float *>(element), dims);
	const double norm = VectorNorm(floats);
	if (norm == 0.0)
		return false;
	for (std::size_t i = 0; i < dims; i++)
		buffer_[i] = static_cast<float>(static_cast<double>(floats[i]) / norm);
	return true;
}

const void *
ElementValue::PrepareRow(Datum value)
{
	Release();
	const void *element = Detoast(value, false);
	if (metric_ != Metric::kCosine)
		return element;
	return Normalize(element) ? buffer_.data() : nullptr;
}

const void *
ElementValue::PrepareQuery(Datum value, bool isnull)
{
	Release();
	std::fill(buffer_.begin(), buffer_.end(), 0.0f);
	if (isnull)
		return buffer_.data();
	const void *element = Detoast(value, true);
	if (metric_ != Metric::kCosine || !Normalize(element))
		std::memcpy(buffer_.data(), element, shape_.Bytes()); // a zero query under cosine is copied as it is: zero
	Release();
	return buffer_.data();
}

void
ElementValue::Release() noexcept
{
	if (detoasted_ != nullptr)
		pfree(detoasted_); // cannot raise
	detoasted_ = nullptr;
}

} // namespace vecsearch::pg::hnsw
