// ElementValue: Datums of vector, halfvec, bit and sparsevec made into the index's elements (see
// hnsw_element_value.hpp).
#include "pg/hnsw/hnsw_element_value.hpp"

#include <cstring>

#include "core/vector/halfvec_ops.hpp"
#include "core/vector/sparsevec_ops.hpp"
#include "core/vector/vector_ops.hpp"
#include "pg/boundary.hpp"
#include "pg/halfvec_type.hpp"
#include "pg/sparsevec_type.hpp"
#include "pg/vector_type.hpp"

namespace vecsearch::pg::hnsw {

using vecsearch::hnsw::ElementKind;

namespace {

// Floats that hold `bytes`, so any kind's element in them is aligned for the kernels.
std::size_t
WordsFor(Size bytes)
{
	return (bytes + sizeof(float) - 1) / sizeof(float);
}

// Writes a sparse element (count, indices, values) into `out`, resized to hold it.
void
EncodeSparse(std::span<const std::int32_t> indices, std::span<const float> values, std::pmr::vector<float> *out)
{
	const std::size_t count = indices.size();
	out->resize(WordsFor(vecsearch::hnsw::SparseElementBytes(count)));
	auto *bytes = reinterpret_cast<std::byte *>(out->data());
	const auto n = static_cast<std::int32_t>(count);
	std::memcpy(bytes, &n, sizeof(n));
	std::memcpy(bytes + sizeof(n), indices.data(), indices.size_bytes());
	std::memcpy(bytes + sizeof(n) + indices.size_bytes(), values.data(), values.size_bytes());
}

} // namespace

ElementValue::ElementValue(ElementShape shape, Metric metric, std::pmr::memory_resource *memory)
    : shape_(shape), metric_(metric), buffer_(WordsFor(shape.Bytes()), 0.0f, memory), normalized_(memory),
      sparse_indices_(memory), sparse_values_(memory)
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
	case ElementKind::kSparse: {
		const auto *vector = static_cast<const PgSparseVector *>(detoasted);
		dims = vector->dim;
		if (dims != shape_.dims)
			break;
		if (!query && static_cast<std::size_t>(vector->nnz) > kMaxSparseNonZeros) {
			Release();
			ThrowIfError(Status::Error(ErrorCode::kProgramLimitExceeded,
			                           "sparsevec cannot have more than %zu non-zero elements for hnsw index",
			                           kMaxSparseNonZeros));
		}
		const SparseView view = View(vector);
		EncodeSparse(view.indices, view.values, &buffer_);
		return buffer_.data();
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
	else if (shape_.kind == ElementKind::kSparse)
		mismatch = CheckSameSparseDims(dims, shape_.dims);
	else
		mismatch = Status::Error(ErrorCode::kDataException, "different bit lengths %u and %u",
		                         static_cast<unsigned>(dims), static_cast<unsigned>(shape_.dims));
	Release();
	ThrowIfError(mismatch);
	return nullptr; // not reached: a mismatch is an error
}

const void *
ElementValue::Normalize(const void *element)
{
	const std::size_t dims = static_cast<std::size_t>(shape_.dims);
	switch (shape_.kind) {
	case ElementKind::kFloat16: {
		const std::span<const HalfBits> halves(static_cast<const HalfBits *>(element), dims);
		if (HalfVectorNorm(halves) == 0.0)
			return nullptr;
		normalized_.resize(buffer_.size());
		ThrowIfError(
		    NormalizeHalfVector(halves, std::span<HalfBits>(reinterpret_cast<HalfBits *>(normalized_.data()), dims)));
		return normalized_.data();
	}
	case ElementKind::kSparse: {
		const SparseView view = vecsearch::hnsw::SparseElementView(element, dims);
		if (SparseNorm(view.values) == 0.0)
			return nullptr;
		// Normalised into scratch arrays kept across rows (values that underflow to zero are dropped), then encoded.
		sparse_indices_.resize(view.indices.size());
		sparse_values_.resize(view.values.size());
		std::size_t count = 0;
		ThrowIfError(NormalizeSparse(view, sparse_indices_, sparse_values_, &count));
		EncodeSparse(std::span<const std::int32_t>(sparse_indices_.data(), count),
		             std::span<const float>(sparse_values_.data(), count), &normalized_);
		return normalized_.data();
	}
	case ElementKind::kFloat32:
	case ElementKind::kBits: break;
	}
	const std::span<const float> floats(static_cast<const float *>(element), dims);
	const double norm = VectorNorm(floats);
	if (norm == 0.0)
		return nullptr;
	normalized_.resize(dims);
	for (std::size_t i = 0; i < dims; i++)
		normalized_[i] = static_cast<float>(static_cast<double>(floats[i]) / norm);
	return normalized_.data();
}

const void *
ElementValue::PrepareRow(Datum value)
{
	Release();
	const void *element = Detoast(value, false);
	return metric_ == Metric::kCosine ? Normalize(element) : element;
}

const void *
ElementValue::PrepareQuery(Datum value, bool isnull)
{
	Release();
	if (isnull) { // the zero element: zero bytes are a zero vector, and a sparse one with no non-zeros
		buffer_.assign(WordsFor(shape_.Bytes()), 0.0f);
		return buffer_.data();
	}
	const void *element = Detoast(value, true);
	if (metric_ == Metric::kCosine) {
		if (const void *normalized = Normalize(element)) {
			Release();
			return normalized;
		}
		// A zero query under cosine stays as it is: zero.
	}
	const Size bytes = shape_.BytesOf(element);
	if (element != buffer_.data()) {
		buffer_.resize(WordsFor(bytes));
		std::memcpy(buffer_.data(), element, bytes);
	}
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
