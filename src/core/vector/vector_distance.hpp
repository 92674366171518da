// The SQL-visible distances between two float (or half) vectors of equal length, finished in double precision from the
// SIMD kernels' float sums. The caller passes the kernel table chosen at load time; nothing here dispatches.
#pragma once

#include <cmath>
#include <span>

#include "core/simd/kernels.hpp"
#include "core/vector/half.hpp"

namespace vecsearch {

inline double
L2SquaredDistance(const simd::KernelTable &k, std::span<const float> a, std::span<const float> b) noexcept
{
	return static_cast<double>(k.l2_squared(a.data(), b.data(), a.size()));
}

inline double
L2Distance(const simd::KernelTable &k, std::span<const float> a, std::span<const float> b) noexcept
{
	return std::sqrt(L2SquaredDistance(k, a, b));
}

inline double
InnerProduct(const simd::KernelTable &k, std::span<const float> a, std::span<const float> b) noexcept
{
	return static_cast<double>(k.inner_product(a.data(), b.data(), a.size()));
}

inline double
L1Distance(const simd::KernelTable &k, std::span<const float> a, std::span<const float> b) noexcept
{
	return static_cast<double>(k.l1(a.data(), b.data(), a.size()));
}

// 1 - cos(a, b) from the kernel's sums. NaN when either vector is zero (the angle is undefined); the
// similarity is clamped to [-1, 1] so rounding never yields a distance outside [0, 2].
inline double
CosineDistanceOf(simd::CosineParts parts) noexcept
{
	// sqrt(na * nb) rather than sqrt(na) * sqrt(nb): one rounding fewer.
	double similarity = static_cast<double>(parts.dot) /
	                    std::sqrt(static_cast<double>(parts.norm_a) * static_cast<double>(parts.norm_b));
	if (std::isnan(similarity))
		return similarity;
	if (similarity > 1.0)
		similarity = 1.0;
	else if (similarity < -1.0)
		similarity = -1.0;
	return 1.0 - similarity;
}

inline double
CosineDistance(const simd::KernelTable &k, std::span<const float> a, std::span<const float> b) noexcept
{
	return CosineDistanceOf(k.cosine_parts(a.data(), b.data(), a.size()));
}

// Angle between two unit vectors as a fraction of pi, in [0, 1], from their inner product: a metric (unlike
// cosine distance), which the IVFFlat opclasses use on normalised vectors.
inline double
SphericalDistanceOf(double dot) noexcept
{
	if (dot > 1.0)
		dot = 1.0;
	else if (dot < -1.0)
		dot = -1.0;
	return std::acos(dot) / 3.14159265358979323846;
}

inline double
SphericalDistance(const simd::KernelTable &k, std::span<const float> a, std::span<const float> b) noexcept
{
	return SphericalDistanceOf(InnerProduct(k, a, b));
}

// The same distances between halfvecs (binary16 elements), through the half kernels.
inline double
L2SquaredDistance(const simd::KernelTable &k, std::span<const HalfBits> a, std::span<const HalfBits> b) noexcept
{
	return static_cast<double>(k.half_l2_squared(a.data(), b.data(), a.size()));
}

inline double
L2Distance(const simd::KernelTable &k, std::span<const HalfBits> a, std::span<const HalfBits> b) noexcept
{
	return std::sqrt(L2SquaredDistance(k, a, b));
}

inline double
InnerProduct(const simd::KernelTable &k, std::span<const HalfBits> a, std::span<const HalfBits> b) noexcept
{
	return static_cast<double>(k.half_inner_product(a.data(), b.data(), a.size()));
}

inline double
L1Distance(const simd::KernelTable &k, std::span<const HalfBits> a, std::span<const HalfBits> b) noexcept
{
	return static_cast<double>(k.half_l1(a.data(), b.data(), a.size()));
}

inline double
CosineDistance(const simd::KernelTable &k, std::span<const HalfBits> a, std::span<const HalfBits> b) noexcept
{
	return CosineDistanceOf(k.half_cosine_parts(a.data(), b.data(), a.size()));
}

inline double
SphericalDistance(const simd::KernelTable &k, std::span<const HalfBits> a, std::span<const HalfBits> b) noexcept
{
	return SphericalDistanceOf(InnerProduct(k, a, b));
}

} // namespace vecsearch
