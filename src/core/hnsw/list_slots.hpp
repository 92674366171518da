// What the two build graphs (InMemoryGraph, SharedGraph) store the same way: a neighbour list as slots
// [count, id_0, ...], the selection cache beside it (a distance per slot, a chosen count per list), the
// prefetching batch of distances, and the level draw. Each graph only says where its arrays are.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory_resource>
#include <random>
#include <span>
#include <vector>

#include "core/hnsw/candidates.hpp"
#include "core/hnsw/element_distance.hpp"
#include "core/hnsw/hnsw_params.hpp"
#include "core/hnsw/insert.hpp"
#include "core/simd/kernels.hpp"

namespace vecsearch::hnsw {

// One list's storage: its slots, the parallel distance slots, and its chosen count.
struct ListSlots {
	std::uint32_t *ids;
	float *distances;
	std::uint8_t *chosen;

	std::span<const std::uint32_t> Ids() const noexcept { return {ids + 1, static_cast<std::size_t>(ids[0])}; }

	// A plain write: the selection cache no longer describes the list.
	void Write(std::span<const std::uint32_t> neighbors) const noexcept
	{
		ids[0] = static_cast<std::uint32_t>(neighbors.size());
		std::copy(neighbors.begin(), neighbors.end(), ids + 1);
		*chosen = kUnknownSelection;
	}

	bool LoadSelection(std::pmr::vector<Candidate<std::uint32_t>> *entries, std::size_t *diverse) const
	{
		if (*chosen == kUnknownSelection)
			return false;
		entries->clear();
		for (std::size_t i = 1; i <= ids[0]; i++)
			entries->push_back({distances[i], ids[i]});
		*diverse = *chosen;
		return true;
	}

	void StoreSelection(std::span<const Candidate<std::uint32_t>> entries, std::size_t diverse) const noexcept
	{
		ids[0] = static_cast<std::uint32_t>(entries.size());
		for (std::size_t i = 0; i < entries.size(); i++) {
			ids[1 + i] = entries[i].id;
			distances[1 + i] = entries[i].distance;
		}
		*chosen = static_cast<std::uint8_t>(diverse);
	}
};

// Distances from `query` to the elements of `ids` (`locate(id)` gives an element's bytes), the first
// `prefetch_bytes` of every element prefetched first so the memory loads overlap the arithmetic.
template <typename Locate>
inline void
PrefetchedDistances(const ElementDistance &distance, Locate locate, std::size_t prefetch_bytes, std::size_t dims,
                    const void *query, std::span<const std::uint32_t> ids, float *out) noexcept
{
	for (std::uint32_t id : ids) {
		const auto *bytes = static_cast<const std::byte *>(locate(id));
		for (std::size_t offset = 0; offset < prefetch_bytes && offset < 512; offset += 64)
			__builtin_prefetch(bytes + offset);
	}
	for (std::size_t i = 0; i < ids.size(); i++)
		out[i] = distance(query, locate(ids[i]), dims);
}

// A new node's level from a builder's generator: a uniform sample in (0, 1] from the top 53 bits.
inline int
DrawLevel(std::mt19937_64 &random, const Params &params) noexcept
{
	const double uniform = static_cast<double>((random() >> 11) + 1) * 0x1.0p-53;
	return std::min(SampleLevel(uniform, params.LevelMultiplier()), params.max_level);
}

} // namespace vecsearch::hnsw
