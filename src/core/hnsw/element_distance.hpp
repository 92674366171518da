// How a graph stores and measures its elements. An element is the encoded value of one indexed row: float32
// (vector), IEEE binary16 (halfvec) or a bit string (bit). The graph templates see elements only as opaque
// pointers handed to an ElementDistance, so one graph implementation serves every kind, and a float32 graph
// runs exactly the kernel it ran before kinds existed (one predictable branch in front of it).
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/simd/kernels.hpp"
#include "core/vector/bit_distance.hpp"

namespace vecsearch::hnsw {

// The values are stored in index metapages: never renumber them.
enum class ElementKind : std::uint8_t {
	kFloat32 = 1, // 4 bytes a dimension
	kFloat16 = 2, // 2 bytes a dimension, IEEE binary16 bits
	kBits = 3,    // one bit a dimension, the last byte's unused bits zero
};

// Bytes of one element of `dims` dimensions (bits for kBits).
constexpr std::size_t
ElementBytes(ElementKind kind, std::size_t dims) noexcept
{
	switch (kind) {
	case ElementKind::kFloat16: return 2 * dims;
	case ElementKind::kBits: return (dims + 7) / 8;
	case ElementKind::kFloat32: break;
	}
	return 4 * dims;
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

	ElementKind Kind() const noexcept { return kind_; }
	std::size_t Bytes(std::size_t dims) const noexcept { return ElementBytes(kind_, dims); }

	float operator()(const void *a, const void *b, std::size_t dims) const noexcept
	{
		switch (kind_) {
		case ElementKind::kFloat32: return floats_(static_cast<const float *>(a), static_cast<const float *>(b), dims);
		case ElementKind::kFloat16:
			return halves_(static_cast<const std::uint16_t *>(a), static_cast<const std::uint16_t *>(b), dims);
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
};

} // namespace vecsearch::hnsw
