// The neighbour selection every HNSW insert path shares: the paper's SELECT-NEIGHBORS-HEURISTIC (Algorithm 4),
// the build's selection cache that re-selects a full list plus one newcomer without all pairwise distances, the
// scratch space of an insert, and the per-list lock of graphs that several builders change at once. The graph
// concept is spelled out in insert.hpp.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory_resource>
#include <span>
#include <vector>

#include "core/hnsw/graph_concepts.hpp"
#include "core/hnsw/hnsw_params.hpp"
#include "core/hnsw/search.hpp"

namespace vecsearch::hnsw {

// A list's chosen count when its selection is not cached (lists hold at most 2 * kMaxM entries).
inline constexpr std::uint8_t kUnknownSelection = 255;
static_assert(2 * kMaxM < kUnknownSelection);

// A pool entry of ReselectWithNewcomer: a candidate and whether the heuristic chose it last time.
template <typename NodeId> struct ReselectEntry {
	Candidate<NodeId> candidate;
	bool was_chosen;
	bool is_newcomer;
};

template <typename NodeId> struct InsertScratch {
	explicit InsertScratch(std::pmr::memory_resource *memory)
	    : search(memory), entry(memory), next_entry(memory), selected(memory), pruned(memory), pool(memory),
	      entry_cache(memory), reselect(memory), fresh(memory), layers(memory), chosen(memory), ids(memory),
	      neighbors(memory), expected(memory), probe(memory), middle(memory), middles(memory), last_hops(memory),
	      second_ring(memory), ring_owners(memory), tried(memory), measured(memory), cover_distances(memory)
	{
	}

	SearchScratch<NodeId> search;
	std::pmr::vector<Candidate<NodeId>> entry;
	std::pmr::vector<Candidate<NodeId>> next_entry;
	std::pmr::vector<Candidate<NodeId>> selected;
	std::pmr::vector<Candidate<NodeId>> pruned;
	std::pmr::vector<Candidate<NodeId>> pool;
	std::pmr::vector<Candidate<NodeId>> entry_cache; // a list's cached selection (kCachesSelection graphs)
	std::pmr::vector<ReselectEntry<NodeId>> reselect;
	std::pmr::vector<Candidate<NodeId>> fresh;
	std::pmr::vector<std::pmr::vector<Candidate<NodeId>>> layers; // FindNeighborCandidates' output per layer
	std::pmr::vector<std::pmr::vector<Candidate<NodeId>>> chosen; // LinkNode's selection per layer
	std::pmr::vector<NodeId> ids;
	std::pmr::vector<NodeId> neighbors;
	std::pmr::vector<NodeId> expected;           // a list as read, for ReplaceNeighbors
	std::pmr::vector<NodeId> probe;              // another element's list, read to check a link
	std::pmr::vector<NodeId> middle;             // a kept element's list, DropIsCovered's second hop
	std::pmr::vector<Candidate<NodeId>> middles; // DropIsCovered's kept elements by distance to the dropped one
	std::pmr::vector<NodeId> last_hops;          // DropIsCovered's candidates for the last hop
	std::pmr::vector<NodeId> second_ring;        // a chosen neighbour's list, for a forced in-link
	std::pmr::vector<NodeId> ring_owners;        // the elements whose lists a forced in-link looks into next
	std::pmr::vector<NodeId> tried;              // elements a forced in-link has asked already
	NearestFirstQueue<NodeId> measured;          // a narrow search's other measured nodes (WidenToNeighborCandidates)
	std::pmr::vector<float> cover_distances;     // DropIsCovered's distances from the dropped element
};

// Holds a node's neighbour-list lock for a scope, when the graph has one. Scoped, so an exception (bad_alloc
// from a scratch vector) cannot leave a lock behind for the other builders to spin on.
template <typename Graph> class NeighborListLock {
public:
	NeighborListLock(Graph &graph, typename Graph::NodeId id) : graph_(graph), id_(id)
	{
		if constexpr (kLocks)
			graph_.LockNeighbors(id_);
	}
	~NeighborListLock()
	{
		if constexpr (kLocks)
			graph_.UnlockNeighbors(id_);
	}
	NeighborListLock(const NeighborListLock &) = delete;
	NeighborListLock &operator=(const NeighborListLock &) = delete;

private:
	static constexpr bool kLocks = LockedListsGraph<Graph>;
	Graph &graph_;
	typename Graph::NodeId id_;
};

// SELECT-NEIGHBORS-HEURISTIC: from `candidates` (sorted nearest first by distance to the base element), keep
// at most `limit`, skipping any candidate that is closer to an already kept one than to the base: such a
// candidate is reachable through that neighbour, and the slot is better spent on another direction.
template <typename Graph>
void
SelectNeighbors(Graph &graph, std::span<const Candidate<typename Graph::NodeId>> candidates, std::size_t limit,
                bool keep_pruned, std::pmr::vector<Candidate<typename Graph::NodeId>> *selected,
                std::size_t *diverse_count = nullptr)
{
	selected->clear();
	std::size_t considered = 0;
	std::uint64_t pruned_mask = 0; // pruned candidates among the first 64 considered
	for (; considered < candidates.size() && selected->size() < limit; considered++) {
		const auto &candidate = candidates[considered];
		if (!graph.Linkable(candidate.id))
			continue;
		bool diverse = true;
		for (const auto &kept : *selected) {
			if (graph.DistanceBetween(candidate.id, kept.id) < candidate.distance) {
				diverse = false;
				break;
			}
		}
		if (diverse)
			selected->push_back(candidate);
		else if (considered < 64)
			pruned_mask |= std::uint64_t{1} << considered;
	}
	if (diverse_count != nullptr)
		*diverse_count = selected->size();
	// keepPrunedConnections (the paper's option): free slots go to the nearest pruned candidates. Denser lists
	// cost a few distances per expanded node and buy recall at the same ef_search.
	for (std::size_t i = 0; keep_pruned && i < considered && i < 64 && selected->size() < limit; i++) {
		if ((pruned_mask >> i) & 1)
			selected->push_back(candidates[i]);
	}
}

template <typename Graph> inline constexpr bool kCachesSelection = SelectionCacheGraph<Graph>;

// The result of SelectNeighbors over a full list plus one newcomer, from the list's cached selection instead
// of all pairwise distances (O(list) distances instead of O(list^2)), and exactly equal to it:
//  - an entry the heuristic chose last time was not rejected by any earlier choice; those still chosen cannot
//    reject it now, so only fresh choices can (the newcomer, and entries chosen now but not last time);
//  - a filled-in entry was rejected by an earlier choice; while every earlier choice stands it still is, and
//    once the newcomer has displaced one, it is checked again in full.
// `entries` and `diverse` as LoadSelection gives them; `pool` is scratch.
template <typename Graph>
void
ReselectWithNewcomer(Graph &graph, std::span<const Candidate<typename Graph::NodeId>> entries, std::size_t diverse,
                     Candidate<typename Graph::NodeId> newcomer, std::size_t limit, bool keep_pruned,
                     std::pmr::vector<ReselectEntry<typename Graph::NodeId>> *pool,
                     std::pmr::vector<Candidate<typename Graph::NodeId>> *fresh,
                     std::pmr::vector<Candidate<typename Graph::NodeId>> *selected, std::size_t *diverse_count)
{
	using NodeId = typename Graph::NodeId;
	// The pool in the order SelectNeighbors would see it: the stored entries, then the newcomer, stably sorted.
	pool->clear();
	for (std::size_t i = 0; i < entries.size(); i++)
		pool->push_back({entries[i], i < diverse, false});
	pool->push_back({newcomer, false, true});
	std::stable_sort(pool->begin(), pool->end(),
	                 [](const auto &a, const auto &b) { return a.candidate.distance < b.candidate.distance; });
	auto rejected_by = [&](const Candidate<NodeId> &candidate, const std::pmr::vector<Candidate<NodeId>> &kept) {
		for (const auto &other : kept) {
			if (graph.DistanceBetween(candidate.id, other.id) < candidate.distance)
				return true;
		}
		return false;
	};
	selected->clear();
	fresh->clear();
	bool displaced = false; // an entry chosen last time is not chosen now
	std::size_t considered = 0;
	std::uint64_t pruned_mask = 0;
	for (; considered < pool->size() && selected->size() < limit; considered++) {
		const ReselectEntry<NodeId> &entry = (*pool)[considered];
		const Candidate<NodeId> &candidate = entry.candidate;
		if (!graph.Linkable(candidate.id)) {
			displaced = displaced || entry.was_chosen;
			continue;
		}
		bool chosen;
		if (entry.was_chosen)
			chosen = !rejected_by(candidate, *fresh);
		else if (entry.is_newcomer || displaced)
			chosen = !rejected_by(candidate, *selected);
		else
			chosen = false;
		if (chosen) {
			selected->push_back(candidate);
			if (!entry.was_chosen)
				fresh->push_back(candidate);
		} else {
			displaced = displaced || entry.was_chosen;
			if (considered < 64)
				pruned_mask |= std::uint64_t{1} << considered;
		}
	}
	*diverse_count = selected->size();
	for (std::size_t i = 0; keep_pruned && i < considered && i < 64 && selected->size() < limit; i++) {
		if ((pruned_mask >> i) & 1)
			selected->push_back((*pool)[i].candidate);
	}
}

// The candidates of a full list's re-selection into `pool`: the list's entries with their distances to its
// owner, then the newcomer, stably sorted nearest first (the order ReselectWithNewcomer reproduces).
template <typename Graph>
void
PoolWithNewcomer(Graph &graph, typename Graph::NodeId owner, std::span<const typename Graph::NodeId> list,
                 Candidate<typename Graph::NodeId> newcomer, std::pmr::vector<Candidate<typename Graph::NodeId>> *pool)
{
	pool->clear();
	for (const auto existing : list)
		pool->push_back({graph.DistanceBetween(owner, existing), existing});
	pool->push_back(newcomer);
	std::stable_sort(pool->begin(), pool->end(), [](const auto &a, const auto &b) { return a.distance < b.distance; });
}

} // namespace vecsearch::hnsw
