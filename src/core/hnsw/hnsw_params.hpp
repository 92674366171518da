// Parameters of an HNSW graph (Malkov & Yashunin, "Efficient and robust approximate nearest neighbor search
// using Hierarchical Navigable Small World graphs", 2016/2018) with pgvector's names, defaults and ranges.
// Pure values: validation messages live here so SQL errors and unit tests agree.
#pragma once

#include <cmath>
#include <cstdint>

#include "core/common/status.hpp"

namespace vecsearch::hnsw {

inline constexpr int kDefaultM = 16;
inline constexpr int kMinM = 2;
inline constexpr int kMaxM = 100;
inline constexpr int kDefaultEfConstruction = 64;
inline constexpr int kMinEfConstruction = 4;
inline constexpr int kMaxEfConstruction = 1000;
inline constexpr int kDefaultEfSearch = 40;
inline constexpr int kMinEfSearch = 1;
inline constexpr int kMaxEfSearch = 1000;
// Levels above this are clamped: with m >= 2 the chance of reaching it is below 2^-16 per element, and a
// bound keeps per-element storage bounded.
inline constexpr int kMaxLevel = 16;

struct Params {
	int m = kDefaultM;                            // neighbours per element on layers above 0
	int ef_construction = kDefaultEfConstruction; // candidate list size while inserting
	int max_level = kMaxLevel;                    // storage may cap levels lower (a neighbour tuple must fit a page)
	bool force_in_links = true;                   // see InsertNode; off for raw inner product
	bool keep_pruned = true; // fill free neighbour slots with pruned candidates (see SelectNeighbors)

	// Layer 0 holds twice as many neighbours, as the paper recommends (M_max0 = 2 * M).
	int MaxNeighbors(int layer) const noexcept { return layer == 0 ? 2 * m : m; }

	// m_L = 1 / ln(M): the level distribution that makes the expected layer overlap 1/M.
	double LevelMultiplier() const noexcept { return 1.0 / std::log(static_cast<double>(m)); }
};

// The same checks CREATE INDEX ... WITH (m, ef_construction) applies.
inline Status
ValidateParams(const Params &params) noexcept
{
	if (params.m < kMinM || params.m > kMaxM)
		return Status::Error(ErrorCode::kInvalidParameterValue, "m must be between %d and %d", kMinM, kMaxM);
	if (params.ef_construction < kMinEfConstruction || params.ef_construction > kMaxEfConstruction)
		return Status::Error(ErrorCode::kInvalidParameterValue, "ef_construction must be between %d and %d",
		                     kMinEfConstruction, kMaxEfConstruction);
	if (params.ef_construction < 2 * params.m)
		return Status::Error(ErrorCode::kInvalidParameterValue,
		                     "ef_construction must be greater than or equal to 2 * m");
	return Status::Ok();
}

// Level of a new element from a uniform sample u in (0, 1]: floor(-ln(u) * m_L), clamped to kMaxLevel.
inline int
SampleLevel(double uniform, double level_multiplier) noexcept
{
	if (!(uniform > 0.0))
		return kMaxLevel;
	const double level = std::floor(-std::log(uniform) * level_multiplier);
	return level >= kMaxLevel ? kMaxLevel : static_cast<int>(level);
}

} // namespace vecsearch::hnsw
