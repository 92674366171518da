// Repairs a built graph so that every node has a layer-0 path from the entry point. Heuristic pruning can
// drop every in-link of a node (its neighbours each found closer company later); such a node is still stored
// but no search can ever return it. Written over the insert concept (insert.hpp) plus
//   std::size_t Size();  std::span<const NodeId> Neighbors(NodeId id, int layer);  const Params &GraphParams();
//   std::optional<NodeId> EntryPoint();
// for any single-threaded graph: the serial build's, and the shared graph once its builders have finished.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory_resource>
#include <optional>
#include <vector>

#include "core/hnsw/insert.hpp"
#include "core/hnsw/layer_walk.hpp"
#include "core/hnsw/search.hpp"

namespace vecsearch::hnsw {

// A search's view of a graph that walks only the nodes `allowed(id)` accepts (the search concept of
// search.hpp): a search from an allowed node then finds allowed nodes only.
template <typename Graph, typename Allowed> struct RestrictedView {
	using NodeId = typename Graph::NodeId;
	Graph &graph;
	Allowed allowed;

	float Distance(const void *query, NodeId id) { return graph.Distance(query, id); }
	void Distances(const void *query, std::span<const NodeId> ids, float *out) { graph.Distances(query, ids, out); }
	template <typename F> void ForEachNeighbor(NodeId id, int layer, F f)
	{
		graph.ForEachNeighbor(id, layer, [&](NodeId neighbor) {
			if (allowed(neighbor))
				f(neighbor);
		});
	}
	auto VisitKey(NodeId id) { return graph.VisitKey(id); }
	std::size_t VisitCapacityHint() { return graph.VisitCapacityHint(); }
};

// Gives every unreachable node an in-link from the nearest reachable node that can spare one. Returns how many
// nodes needed it. The usual search finds the candidates; when none of them is reachable on layer 0 (the
// upper layers led it into the cut-off part: seen with collinear vectors at m = 4 built by two workers, where
// 19,490 of 20,000 nodes were cut off and no candidate was ever reachable), a layer-0 search that walks only
// reachable nodes finds them instead.
template <typename Graph, typename Visited>
std::size_t
LinkUnreachable(Graph &graph, Visited &visited, InsertScratch<typename Graph::NodeId> &scratch)
{
	using NodeId = typename Graph::NodeId;
	const std::optional<NodeId> entry = graph.EntryPoint();
	if (!entry)
		return 0;
	std::pmr::memory_resource *memory = scratch.neighbors.get_allocator().resource();
	std::pmr::vector<bool> reached(graph.Size(), false, std::pmr::polymorphic_allocator<bool>(memory));
	LayerWalk<NodeId> walk(graph.Size(), memory); // room for every node: never incomplete
	const auto first_visit = [&](NodeId id) {
		if (reached[id])
			return false;
		reached[id] = true;
		return true;
	};
	const auto expand = [&](NodeId id, auto visit) {
		for (NodeId next : graph.Neighbors(id, 0))
			visit(next);
	};
	auto mark_from = [&](NodeId start) {
		walk.Visit(start, first_visit);
		walk.Drain(first_visit, expand);
	};
	std::size_t relinked = 0;
	const std::size_t capacity = static_cast<std::size_t>(graph.GraphParams().MaxNeighbors(0));
	// Links `from` -> `node`: into a free slot, else in place of the farthest link whose loss cuts no one off
	// (DropIsCovered: a path from `from` still leads there). False when `from` has neither.
	auto link = [&](NodeId from, NodeId node) {
		graph.CopyNeighbors(from, 0, &scratch.neighbors);
		if (scratch.neighbors.size() < capacity) {
			scratch.neighbors.push_back(node);
			graph.SetNeighbors(from, 0, scratch.neighbors);
			return true;
		}
		if (!ReplaceFarthestCovered(graph, from, node, 0, scratch, scratch.neighbors.size()))
			return false;
		graph.SetNeighbors(from, 0, scratch.neighbors);
		return true;
	};
	for (int round = 0; round < 32; round++) {
		std::fill(reached.begin(), reached.end(), false);
		mark_from(*entry);
		bool all_reached = true;
		for (NodeId node = 0; node < graph.Size(); node++) {
			if (reached[node])
				continue;
			all_reached = false;
			// The search only walks reachable nodes, so whatever it finds can lead to `node`.
			// A wide search finds reachable nodes with a free or replaceable link even when m is tiny.
			const std::size_t ef = std::max<std::size_t>(static_cast<std::size_t>(graph.GraphParams().ef_construction),
			                                             std::max<std::size_t>(4 * capacity, 64));
			SearchKnn(graph, graph.Vector(node), *entry, graph.Level(*entry), ef, visited, scratch.search);
			if (std::none_of(scratch.search.found.begin(), scratch.search.found.end(),
			                 [&](const auto &found) { return found.id != node && reached[found.id]; })) {
				const auto is_reached = [&](NodeId id) { return static_cast<bool>(reached[id]); };
				RestrictedView<Graph, decltype(is_reached)> view{graph, is_reached};
				const Candidate<NodeId> start{graph.Distance(graph.Vector(node), *entry), *entry};
				visited.Reset(graph.VisitCapacityHint());
				SearchLayer(view, graph.Vector(node), std::span<const Candidate<NodeId>>(&start, 1), 0, ef, visited,
				            scratch.search);
			}
			bool linked = false;
			for (const auto &found : scratch.search.found) {
				if (found.id != node && reached[found.id] && link(found.id, node)) {
					linked = true;
					break;
				}
			}
			if (!linked) {
				// Every candidate's links are someone's only way in: take one anyway; a later round mends it.
				for (const auto &found : scratch.search.found) {
					if (found.id != node && reached[found.id]) {
						ForceBackLink(graph, found.id, node, 0, scratch);
						linked = true;
						break;
					}
				}
			}
			if (linked) {
				relinked++;
				mark_from(node);
			}
		}
		if (all_reached)
			break;
	}
	return relinked;
}

} // namespace vecsearch::hnsw
