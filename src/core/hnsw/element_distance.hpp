// How a graph stores and measures its elements. An element is the encoded value of one indexed row: float32
// (vector), IEEE binary16 (halfvec), a bit string (bit) or a sparse vector (sparsevec). The graph templates see
// elements only as opaque pointers handed to an ElementDistance, so one graph implementation serves every kind,
// and a float32 graph runs exactly the kernel it ran before kinds existed (one predictable branch in front of it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "core/simd/kernels.hpp"
#include "core/vector/bit_distance.hpp"
#include "core/vector/sparsevec_ops.hpp"

namespace vecsearch::hnsw {

// The values are stored in index metapages: never renumber them.
enum class ElementKind : std::uint8_t {
	kFloat32 = 1, // 4 bytes a dimension
	kFloat16 = 2, // 2 bytes a dimension, IEEE binary16 bits
	kBits = 3,    // one bit a dimension, the last byte's unused bits zero
	kSparse = 4,  // int32 count n, then n ascending 0-based int32 indices, then their n float values
};

constexpr bool
IsFixedSize(ElementKind kind) noexcept
{
	return kind != ElementKind::kSparse;
}

// Bytes of every element of `dims` dimensions (bits for kBits); for kSparse, of the smallest (no non-zeros).
constexpr std::size_t
ElementBytes(ElementKind kind, std::size_t dims) noexcept
{
	switch (kind) {
	case ElementKind::kFloat16: return 2 * dims;
	case ElementKind::kBits: return (dims + 7) / 8;
	case ElementKind::kSparse: return sizeof(std::int32_t);
	case ElementKind::kFloat32: break;
	}
	return 4 * dims;
}

// A sparse element's count (its first four bytes).
inline std::size_t
SparseElementCount(const void *element) noexcept
{
	std::int32_t count;
	std::memcpy(&count, element, sizeof(count));
	return static_cast<std::size_t>(count);
}

// Bytes of a sparse element holding `count` non-zeros.
constexpr std::size_t
SparseElementBytes(std::size_t count) noexcept
{
	return sizeof(std::int32_t) + count * (sizeof(std::int32_t) + sizeof(float));
}

// Bytes of this element.
inline std::size_t
ElementSize(ElementKind kind, std::size_t dims, const void *element) noexcept
{
	return kind == ElementKind::kSparse ? SparseElementBytes(SparseElementCount(element)) : ElementBytes(kind, dims);
}

// A sparse element seen as the sparsevec functions take it.
inline SparseView
SparseElementView(const void *element, std::size_t dims) noexcept
{
	const auto *words = static_cast<const std::int32_t *>(element);
	const std::size_t count = SparseElementCount(element);
	return SparseView{static_cast<std::int32_t>(dims),
	                  {words + 1, count},
	                  {reinterpret_cast<const float *>(words + 1 + count), count}};
}

// A distance between two elements of one kind (smaller is closer), from one of the kernel table's kernels.
// Converts implicitly from a float32 kernel, so code that knows only float32 graphs reads as before.
class ElementDistance {
public:
	constexpr ElementDistance(simd::PairKernel floats) noexcept : kind_(ElementKind::kFloat32), floats_(floats) {}
	static constexpr ElementDistance Halves(simd::HalfPairKernel halves) noexcept
	{
		ElementDistance d(nullptr);
		d.kind_ = ElementKind::kFloat16;
		d.halves_ = halves;
		return d;
	}
	// Number of differing bits (bit_hamming_ops).
	static constexpr ElementDistance Hamming(simd::BitCountKernel hamming) noexcept
	{
		ElementDistance d(nullptr);
		d.kind_ = ElementKind::kBits;
		d.hamming_ = hamming;
		return d;
	}
	// 1 - |a and b| / |a or b| (bit_jaccard_ops), 1 when no bit is set in both, as the SQL function.
	static constexpr ElementDistance Jaccard(simd::BitJaccardKernel jaccard) noexcept
	{
		ElementDistance d(nullptr);
		d.kind_ = ElementKind::kBits;
		d.jaccard_ = jaccard;
		return d;
	}
	// Over sparse elements: one of the sparsevec merge distances (or a function over them).
	using SparseDistance = float (*)(const SparseView &a, const SparseView &b) noexcept;
	static constexpr ElementDistance Sparse(SparseDistance sparse) noexcept
	{
		ElementDistance d(nullptr);
		d.kind_ = ElementKind::kSparse;
		d.sparse_ = sparse;
		return d;
	}

	ElementKind Kind() const noexcept { return kind_; }
	// The float32 kernel, or nullptr for other kinds: a loop over many elements can call it without the dispatch.
	simd::PairKernel FloatKernel() const noexcept { return kind_ == ElementKind::kFloat32 ? floats_ : nullptr; }
	// Bytes of every element of a fixed-size kind (the smallest, for kSparse).
	std::size_t Bytes(std::size_t dims) const noexcept { return ElementBytes(kind_, dims); }

	float operator()(const void *a, const void *b, std::size_t dims) const noexcept
	{
		switch (kind_) {
		case ElementKind::kFloat32: return floats_(static_cast<const float *>(a), static_cast<const float *>(b), dims);
		case ElementKind::kFloat16:
			return halves_(static_cast<const std::uint16_t *>(a), static_cast<const std::uint16_t *>(b), dims);
		case ElementKind::kSparse: return sparse_(SparseElementView(a, dims), SparseElementView(b, dims));
		case ElementKind::kBits: break;
		}
		const auto *x = static_cast<const std::uint8_t *>(a);
		const auto *y = static_cast<const std::uint8_t *>(b);
		if (hamming_ != nullptr)
			return static_cast<float>(hamming_(x, y, (dims + 7) / 8));
		return static_cast<float>(JaccardOfParts(jaccard_(x, y, (dims + 7) / 8)));
	}

private:
	ElementKind kind_;
	simd::PairKernel floats_ = nullptr;
	simd::HalfPairKernel halves_ = nullptr;
	simd::BitCountKernel hamming_ = nullptr;
	simd::BitJaccardKernel jaccard_ = nullptr;
	SparseDistance sparse_ = nullptr;
};

} // namespace vecsearch::hnsw
