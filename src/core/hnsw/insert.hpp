// HNSW insertion over a mutable graph concept: Malkov & Yashunin, Algorithm 1 (INSERT) with Algorithm 4
// (SELECT-NEIGHBORS-HEURISTIC, without the candidate extension and without keeping pruned connections, as
// the paper suggests for most data). Deviation: on layer 0 the new element keeps up to 2 * M neighbours (the
// layer's M_max0) rather than M, which costs little at insert and measurably helps recall.
#pragma once

#include <algorithm>
#include <cstddef>
#include <memory_resource>
#include <optional>
#include <span>
#include <vector>

#include "core/hnsw/hnsw_params.hpp"
#include "core/hnsw/search.hpp"

namespace vecsearch::hnsw {

// What insertion needs beyond the search concept (search.hpp):
//   const float *Vector(NodeId id);   valid for the whole insert, whatever else the graph loads meanwhile
//   float DistanceBetween(NodeId a, NodeId b);
//   int Level(NodeId id);
//   void CopyNeighbors(NodeId id, int layer, std::pmr::vector<NodeId> *out);
//   void SetNeighbors(NodeId id, int layer, std::span<const NodeId> neighbors);
//   bool Linkable(NodeId id);     false for elements on their way out (deleted rows): traversed, never linked
// and, for a graph that several builders insert into at once (shared_graph.hpp), optionally
//   void LockNeighbors(NodeId id); void UnlockNeighbors(NodeId id);
// which then guard every read-modify-write of a node's lists here (CopyNeighbors/SetNeighbors do not lock);
// and, for the build graphs, optionally a selection cache (see ReselectWithNewcomer):
//   bool LoadSelection(NodeId id, int layer, std::pmr::vector<Candidate<NodeId>> *entries, std::size_t *diverse);
//   void StoreSelection(NodeId id, int layer, std::span<const Candidate<NodeId>> entries, std::size_t diverse);
// LoadSelection gives a list with each entry's distance to its owner, in stored order, the first `diverse` of
// them chosen by the heuristic (the rest filled in); false when unknown (SetNeighbors forgets it).
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
	      entry_cache(memory), reselect(memory), fresh(memory), layers(memory), ids(memory), neighbors(memory)
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
	std::pmr::vector<NodeId> ids;
	std::pmr::vector<NodeId> neighbors;
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
	static constexpr bool kLocks = requires(Graph & g, typename Graph::NodeId id) { g.LockNeighbors(id); };
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

template <typename Graph>
inline constexpr bool kCachesSelection = requires(Graph &g, typename Graph::NodeId id,
                                                  std::pmr::vector<Candidate<typename Graph::NodeId>> *entries,
                                                  std::size_t *diverse)
{
	g.LoadSelection(id, 0, entries, diverse);
};

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

// Makes `from` link to `node` on `layer`, replacing the link of `from` to its farthest neighbour.
template <typename Graph>
void
ForceBackLink(Graph &graph, typename Graph::NodeId from, typename Graph::NodeId node, int layer,
              InsertScratch<typename Graph::NodeId> &scratch)
{
	NeighborListLock<Graph> lock(graph, from);
	graph.CopyNeighbors(from, layer, &scratch.neighbors);
	if (scratch.neighbors.empty()) {
		scratch.neighbors.push_back(node);
	} else {
		std::size_t farthest = 0;
		float farthest_distance = -1.0f;
		for (std::size_t i = 0; i < scratch.neighbors.size(); i++) {
			const float distance = graph.DistanceBetween(from, scratch.neighbors[i]);
			if (distance > farthest_distance) {
				farthest_distance = distance;
				farthest = i;
			}
		}
		scratch.neighbors[farthest] = node;
	}
	graph.SetNeighbors(from, layer, scratch.neighbors);
}

// The first half of INSERT: the neighbour candidates of a vector on each layer it will join, into
// scratch.layers[0..top] (nearest first), where top = min(level, entry_level); LinkNode is the second half.
// Read-only. (Running it outside the writers' lock was tried on disk and reverted: elements inserted between
// the halves could lose all their in-links.) `self` is the node when it is already in the graph
// (re-linking): never its own candidate.
template <typename Graph, typename Visited>
void
FindNeighborCandidates(Graph &graph, const float *query, std::optional<typename Graph::NodeId> self, int level,
                       typename Graph::NodeId entry_point, int entry_level, const Params &params, Visited &visited,
                       InsertScratch<typename Graph::NodeId> &scratch)
{
	using NodeId = typename Graph::NodeId;
	// Greedy descent through the layers above the new element's level.
	scratch.entry.assign(1, Candidate<NodeId>{graph.Distance(query, entry_point), entry_point});
	for (int layer = entry_level; layer > level; layer--) {
		visited.Reset(graph.VisitCapacityHint());
		SearchLayer(graph, query, std::span<const Candidate<NodeId>>(scratch.entry), layer, 1, visited, scratch.search);
		scratch.entry.assign(1, scratch.search.found.front());
	}
	const int top = std::min(level, entry_level);
	scratch.layers.resize(static_cast<std::size_t>(top) + 1);
	for (int layer = top; layer >= 0; layer--) {
		visited.Reset(graph.VisitCapacityHint());
		if (self)
			visited.Insert(graph.VisitKey(*self)); // never link an element to itself
		SearchLayer(graph, query, std::span<const Candidate<NodeId>>(scratch.entry), layer,
		            static_cast<std::size_t>(params.ef_construction), visited, scratch.search);
		// The next layer starts from everything found; the node itself (found when re-linking an existing node
		// that was the entry point) is a fine place to start from but never its own neighbour.
		scratch.entry.assign(scratch.search.found.begin(), scratch.search.found.end());
		auto &found = scratch.layers[static_cast<std::size_t>(layer)];
		found.assign(scratch.search.found.begin(), scratch.search.found.end());
		if (self)
			std::erase_if(found, [id = *self](const Candidate<NodeId> &candidate) { return candidate.id == id; });
	}
}

// The second half of INSERT: links `node` on layers top..0 to neighbours chosen from scratch.layers (as
// FindNeighborCandidates left them, distances to `node`), and gives them back-links.
template <typename Graph>
void
LinkNode(Graph &graph, typename Graph::NodeId node, int top, const Params &params,
         InsertScratch<typename Graph::NodeId> &scratch)
{
	using NodeId = typename Graph::NodeId;
	for (int layer = top; layer >= 0; layer--) {
		const auto &candidates = scratch.layers[static_cast<std::size_t>(layer)];
		const std::size_t max_neighbors = static_cast<std::size_t>(params.MaxNeighbors(layer));
		std::size_t diverse = 0;
		SelectNeighbors(graph, std::span<const Candidate<NodeId>>(candidates), max_neighbors, params.keep_pruned,
		                &scratch.selected, &diverse);

		scratch.ids.clear();
		for (const auto &neighbor : scratch.selected)
			scratch.ids.push_back(neighbor.id);
		{
			NeighborListLock<Graph> lock(graph, node);
			if constexpr (kCachesSelection<Graph>)
				graph.StoreSelection(node, layer, std::span<const Candidate<NodeId>>(scratch.selected), diverse);
			else
				graph.SetNeighbors(node, layer, scratch.ids);
		}

		// Back-links: each chosen neighbour gains `node`, pruned with the same heuristic when over capacity.
		bool linked_back = false;
		for (const auto &neighbor : scratch.selected) {
			NeighborListLock<Graph> lock(graph, neighbor.id);
			const Candidate<NodeId> newcomer{neighbor.distance, node};
			if constexpr (kCachesSelection<Graph>) {
				std::size_t cached_diverse = 0;
				if (graph.LoadSelection(neighbor.id, layer, &scratch.entry_cache, &cached_diverse) &&
				    scratch.entry_cache.size() >= max_neighbors) {
					if (std::any_of(scratch.entry_cache.begin(), scratch.entry_cache.end(),
					                [node](const auto &entry) { return entry.id == node; })) {
						linked_back = true;
						continue;
					}
					std::size_t diverse_now = 0;
					ReselectWithNewcomer(graph, std::span<const Candidate<NodeId>>(scratch.entry_cache), cached_diverse,
					                     newcomer, max_neighbors, params.keep_pruned, &scratch.reselect, &scratch.fresh,
					                     &scratch.pruned, &diverse_now);
					linked_back = linked_back || std::any_of(scratch.pruned.begin(), scratch.pruned.end(),
					                                         [node](const auto &kept) { return kept.id == node; });
					graph.StoreSelection(neighbor.id, layer, std::span<const Candidate<NodeId>>(scratch.pruned),
					                     diverse_now);
					continue;
				}
			}
			graph.CopyNeighbors(neighbor.id, layer, &scratch.neighbors);
			if (std::find(scratch.neighbors.begin(), scratch.neighbors.end(), node) != scratch.neighbors.end()) {
				linked_back = true; // already linked (re-linking an existing node)
				continue;
			}
			if (scratch.neighbors.size() < max_neighbors) {
				scratch.neighbors.push_back(node);
				graph.SetNeighbors(neighbor.id, layer, scratch.neighbors);
				linked_back = true;
				continue;
			}
			// The stored entries, then the newcomer, stably sorted: the order ReselectWithNewcomer reproduces.
			scratch.pool.clear();
			for (NodeId existing : scratch.neighbors)
				scratch.pool.push_back({graph.DistanceBetween(neighbor.id, existing), existing});
			scratch.pool.push_back(newcomer);
			std::stable_sort(scratch.pool.begin(), scratch.pool.end(),
			                 [](const auto &a, const auto &b) { return a.distance < b.distance; });
			std::size_t diverse_now = 0;
			SelectNeighbors(graph, std::span<const Candidate<NodeId>>(scratch.pool), max_neighbors, params.keep_pruned,
			                &scratch.pruned, &diverse_now);
			linked_back = linked_back || std::any_of(scratch.pruned.begin(), scratch.pruned.end(),
			                                         [node](const auto &kept) { return kept.id == node; });
			if constexpr (kCachesSelection<Graph>) {
				graph.StoreSelection(neighbor.id, layer, std::span<const Candidate<NodeId>>(scratch.pruned),
				                     diverse_now);
			} else {
				scratch.neighbors.clear();
				for (const auto &kept : scratch.pruned)
					scratch.neighbors.push_back(kept.id);
				graph.SetNeighbors(neighbor.id, layer, scratch.neighbors);
			}
		}
		// Deviation: when every neighbour pruned the back-link, nothing would lead to `node` and searches could
		// never find it. Its nearest neighbour then gives up its farthest link for it. Not for raw inner product,
		// where "farthest" is just "smallest norm" and the trade measurably hurts the graph.
		if (params.force_in_links && !linked_back && !scratch.selected.empty())
			ForceBackLink(graph, scratch.selected.front().id, node, layer, scratch);
	}
}

// Links `node` (already added to the graph with its vector and level) into the graph; for a node that is
// already linked, its own lists are recomputed and it gains fresh back-links (how vacuum repairs the graph).
// `entry_point`/`entry_level` describe the graph's current entry; returns true when `node` should become the
// new entry point (its level is above the old top, or the graph was empty: has_entry == false).
template <typename Graph, typename Visited>
bool
InsertNode(Graph &graph, typename Graph::NodeId node, bool has_entry, typename Graph::NodeId entry_point,
           int entry_level, const Params &params, Visited &visited, InsertScratch<typename Graph::NodeId> &scratch)
{
	const int level = graph.Level(node);
	if (!has_entry)
		return true;
	FindNeighborCandidates(graph, graph.Vector(node), std::optional<typename Graph::NodeId>(node), level, entry_point,
	                       entry_level, params, visited, scratch);
	LinkNode(graph, node, std::min(level, entry_level), params, scratch);
	return level > entry_level;
}

} // namespace vecsearch::hnsw
