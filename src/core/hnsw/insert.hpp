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

#include "core/hnsw/concurrent_links.hpp"
#include "core/hnsw/hnsw_params.hpp"
#include "core/hnsw/search.hpp"
#include "core/hnsw/selection.hpp"

namespace vecsearch::hnsw {

// The graph concepts (InsertGraph and its optional capabilities) are in graph_concepts.hpp; the selection
// heuristic and its cache in selection.hpp; back-links of concurrent writers in concurrent_links.hpp.
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
// Read-only: on disk it runs while other inserters change the graph, and cannot see elements inserted
// meanwhile (AddBackLinkGuarded keeps those reachable). `self` is the node when it is already in the graph
// (re-linking): never its own candidate.
template <typename Graph, typename Visited>
void
FindNeighborCandidates(Graph &graph, const void *query, std::optional<typename Graph::NodeId> self, int level,
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

// FindNeighborCandidates for a new element of level 0, after a narrower search of layer 0 from the graph's
// entry point: SearchKnn with scratch.measured as its `discarded` (cleared before), its output in
// scratch.search.found, `visited` kept since. Widened to ef_construction without measuring a node twice, into
// scratch.layers[0]. An insert first looks for an identical vector with such a search (a non-HOT update finds
// its old element there and stops); the insert proper then pays for that search only once.
template <typename Graph, typename Visited>
void
WidenToNeighborCandidates(Graph &graph, const void *query, const Params &params, Visited &visited,
                          InsertScratch<typename Graph::NodeId> &scratch)
{
	using NodeId = typename Graph::NodeId;
	const auto ef = static_cast<std::size_t>(params.ef_construction);
	scratch.layers.resize(1);
	auto &found = scratch.layers.front();
	if (scratch.search.found.size() >= ef || scratch.measured.Empty()) {
		// Already as wide (or nothing else was measured: the graph holds no more).
		found.assign(scratch.search.found.begin(),
		             scratch.search.found.begin() +
		                 static_cast<std::ptrdiff_t>(std::min(ef, scratch.search.found.size())));
		return;
	}
	found.assign(scratch.search.found.begin(), scratch.search.found.end()); // WidenSearchLayer overwrites it
	WidenSearchLayer(graph, query, std::span<const Candidate<NodeId>>(found), scratch.measured, 0, ef, visited,
	                 scratch.search, &scratch.entry);
	found.assign(scratch.search.found.begin(), scratch.search.found.end());
}

// A back-link from `neighbor` (which `node` chose, at neighbor.distance) to `node`, for graphs with one writer
// per list at a time; over capacity the list keeps what the heuristic keeps. Returns whether `neighbor` links
// to `node` afterwards.
template <typename Graph>
bool
AddBackLink(Graph &graph, Candidate<typename Graph::NodeId> neighbor, typename Graph::NodeId node, int layer,
            std::size_t max_neighbors, const Params &params, InsertScratch<typename Graph::NodeId> &scratch)
{
	using NodeId = typename Graph::NodeId;
	NeighborListLock<Graph> lock(graph, neighbor.id);
	const Candidate<NodeId> newcomer{neighbor.distance, node};
	if constexpr (kCachesSelection<Graph>) {
		std::size_t cached_diverse = 0;
		if (graph.LoadSelection(neighbor.id, layer, &scratch.entry_cache, &cached_diverse) &&
		    scratch.entry_cache.size() >= max_neighbors) {
			if (std::any_of(scratch.entry_cache.begin(), scratch.entry_cache.end(),
			                [node](const auto &entry) { return entry.id == node; }))
				return true;
			std::size_t diverse_now = 0;
			ReselectWithNewcomer(graph, std::span<const Candidate<NodeId>>(scratch.entry_cache), cached_diverse,
			                     newcomer, max_neighbors, params.keep_pruned, &scratch.reselect, &scratch.fresh,
			                     &scratch.pruned, &diverse_now);
			graph.StoreSelection(neighbor.id, layer, std::span<const Candidate<NodeId>>(scratch.pruned), diverse_now);
			return std::any_of(scratch.pruned.begin(), scratch.pruned.end(),
			                   [node](const auto &kept) { return kept.id == node; });
		}
	}
	graph.CopyNeighbors(neighbor.id, layer, &scratch.neighbors);
	if (std::find(scratch.neighbors.begin(), scratch.neighbors.end(), node) != scratch.neighbors.end())
		return true; // already linked (re-linking an existing node)
	if (scratch.neighbors.size() < max_neighbors) {
		scratch.neighbors.push_back(node);
		graph.SetNeighbors(neighbor.id, layer, scratch.neighbors);
		return true;
	}
	PoolWithNewcomer(graph, neighbor.id, std::span<const NodeId>(scratch.neighbors), newcomer, &scratch.pool);
	std::size_t diverse_now = 0;
	SelectNeighbors(graph, std::span<const Candidate<NodeId>>(scratch.pool), max_neighbors, params.keep_pruned,
	                &scratch.pruned, &diverse_now);
	if constexpr (kCachesSelection<Graph>) {
		graph.StoreSelection(neighbor.id, layer, std::span<const Candidate<NodeId>>(scratch.pruned), diverse_now);
	} else {
		scratch.neighbors.clear();
		for (const auto &kept : scratch.pruned)
			scratch.neighbors.push_back(kept.id);
		graph.SetNeighbors(neighbor.id, layer, scratch.neighbors);
	}
	return std::any_of(scratch.pruned.begin(), scratch.pruned.end(),
	                   [node](const auto &kept) { return kept.id == node; });
}

// The second half of INSERT: links `node` on layers top..0 to neighbours chosen from scratch.layers (as
// FindNeighborCandidates left them, distances to `node`), and gives them back-links. The node's own lists
// come first on every layer, then the back-links: nothing leads to the node before all its lists are written,
// so a concurrent inserter never finds it half-linked (the order changes no result: a selection depends on
// distances only).
// `old_entry`, when set, is the entry point `node` replaces: it joins `node`'s list on every layer (in place
// of the farthest choice when the list is full), so that everything reachable from the old entry point stays
// reachable from the new one. Without it a new entry point whose neighbours lie in a cluster with no link out
// left the rest of the graph unreachable (up to 1,661 of 2,000 elements in the unit test; 939 of 1,000 rows
// through SQL).
template <InsertGraph Graph>
void
LinkNode(Graph &graph, typename Graph::NodeId node, int top, const Params &params,
         InsertScratch<typename Graph::NodeId> &scratch, std::optional<typename Graph::NodeId> old_entry = std::nullopt)
{
	using NodeId = typename Graph::NodeId;
	scratch.chosen.resize(static_cast<std::size_t>(top) + 1);
	for (int layer = top; layer >= 0; layer--) {
		const auto &candidates = scratch.layers[static_cast<std::size_t>(layer)];
		std::size_t diverse = 0;
		SelectNeighbors(graph, std::span<const Candidate<NodeId>>(candidates),
		                static_cast<std::size_t>(params.MaxNeighbors(layer)), params.keep_pruned, &scratch.selected,
		                &diverse);
		if (old_entry && *old_entry != node &&
		    std::none_of(scratch.selected.begin(), scratch.selected.end(),
		                 [&](const auto &neighbor) { return neighbor.id == *old_entry; })) {
			const Candidate<NodeId> entry{graph.DistanceBetween(node, *old_entry), *old_entry};
			if (scratch.selected.size() < static_cast<std::size_t>(params.MaxNeighbors(layer))) {
				scratch.selected.push_back(entry);
			} else {
				scratch.selected.back() = entry; // the heuristic's last choice: the farthest filled-in one
				diverse = std::min(diverse, scratch.selected.size() - 1);
			}
		}
		scratch.ids.clear();
		for (const auto &neighbor : scratch.selected)
			scratch.ids.push_back(neighbor.id);
		if constexpr (kConcurrentWriters<Graph>) {
			WriteOwnListGuarded(graph, node, layer, static_cast<std::size_t>(params.MaxNeighbors(layer)),
			                    std::span<const NodeId>(scratch.ids), scratch);
		} else {
			NeighborListLock<Graph> lock(graph, node);
			if constexpr (kCachesSelection<Graph>)
				graph.StoreSelection(node, layer, std::span<const Candidate<NodeId>>(scratch.selected), diverse);
			else
				graph.SetNeighbors(node, layer, scratch.ids);
		}
		scratch.chosen[static_cast<std::size_t>(layer)].assign(scratch.selected.begin(), scratch.selected.end());
	}

	for (int layer = top; layer >= 0; layer--) {
		const auto &chosen = scratch.chosen[static_cast<std::size_t>(layer)];
		const std::size_t max_neighbors = static_cast<std::size_t>(params.MaxNeighbors(layer));
		// Back-links: each chosen neighbour gains `node`, pruned with the same heuristic when over capacity.
		bool linked_back = false;
		for (const auto &neighbor : chosen) {
			bool linked = false;
			if constexpr (kConcurrentWriters<Graph>)
				linked = AddBackLinkGuarded(graph, neighbor, node, layer, max_neighbors, params, scratch);
			else
				linked = AddBackLink(graph, neighbor, node, layer, max_neighbors, params, scratch);
			linked_back = linked_back || linked;
		}
		// Deviation: when every neighbour pruned the back-link, nothing would lead to `node` and searches could
		// never find it. Its nearest neighbour then gives up its farthest link for it. Not for raw inner product
		// in the build, where "farthest" is just "smallest norm" and the trade measurably hurts the graph (the
		// build links what is left unreachable at its end instead).
		if constexpr (kConcurrentWriters<Graph>) {
			// On disk nothing links the unreachable later, so every element gets an in-link: a covered slot
			// (one whose loss cuts no one off) of a chosen neighbour, else of any candidate the search found; an
			// uncovered one of the nearest neighbour only as the last resort, and never for raw inner product.
			if (!linked_back && !chosen.empty()) {
				const auto &found = scratch.layers[static_cast<std::size_t>(layer)];
				const auto force_from = [&](NodeId from, ForcedDrop drop) {
					return ForceBackLinkGuarded(graph, from, node, layer, max_neighbors, drop, scratch);
				};
				// Each element is asked once: the rings below meet the same elements again and again.
				bool forced = false;
				scratch.tried.assign(1, node);
				const auto try_from = [&](NodeId from) {
					if (forced || std::find(scratch.tried.begin(), scratch.tried.end(), from) != scratch.tried.end())
						return;
					scratch.tried.push_back(from);
					forced = force_from(from, ForcedDrop::kCovered);
				};
				for (const auto &neighbor : chosen)
					try_from(neighbor.id);
				for (const auto &candidate : found)
					try_from(candidate.id);
				// Then what those elements link to, and what that links to in turn. Under raw inner product the
				// candidates are the few elements with the largest inner products, and their lists fill up with
				// elements forced in this way; those elements' own lists still have links to spare (one ring
				// left 5 of 2,000 elements of a unit test without an in-link, two rings none).
				const auto try_list_of = [&](NodeId owner) {
					graph.CopyNeighbors(owner, layer, &scratch.second_ring);
					for (std::size_t j = 0; j < scratch.second_ring.size() && !forced; j++)
						try_from(scratch.second_ring[j]);
				};
				for (std::size_t i = 0; i < found.size() && !forced; i++)
					try_list_of(found[i].id);
				for (std::size_t i = 0; i < found.size() && !forced; i++) {
					graph.CopyNeighbors(found[i].id, layer, &scratch.ring_owners);
					for (std::size_t j = 0; j < scratch.ring_owners.size() && !forced; j++)
						try_list_of(scratch.ring_owners[j]);
				}
				if (!forced && params.force_in_links)
					force_from(chosen.front().id, ForcedDrop::kFarthest);
			}
		} else if (params.force_in_links && !linked_back && !chosen.empty()) {
			ForceBackLink(graph, chosen.front().id, node, layer, scratch);
		}
	}
}

// Links `node` (already added to the graph with its vector and level) into the graph; for a node that is
// already linked, its own lists are recomputed and it gains fresh back-links (how vacuum repairs the graph).
// `entry_point`/`entry_level` describe the graph's current entry; returns true when `node` should become the
// new entry point (its level is above the old top, or the graph was empty: has_entry == false).
template <InsertGraph Graph, typename Visited>
bool
InsertNode(Graph &graph, typename Graph::NodeId node, bool has_entry, typename Graph::NodeId entry_point,
           int entry_level, const Params &params, Visited &visited, InsertScratch<typename Graph::NodeId> &scratch)
{
	const int level = graph.Level(node);
	if (!has_entry)
		return true;
	FindNeighborCandidates(graph, graph.Vector(node), std::optional<typename Graph::NodeId>(node), level, entry_point,
	                       entry_level, params, visited, scratch);
	const bool new_entry = level > entry_level;
	LinkNode(graph, node, std::min(level, entry_level), params, scratch,
	         new_entry ? std::optional<typename Graph::NodeId>(entry_point) : std::nullopt);
	return new_entry;
}

} // namespace vecsearch::hnsw
