// The HNSW search, written once over a graph concept so the same code walks the in-memory build graph and
// the index pages (DESIGN.md section 1). Malkov & Yashunin, Algorithm 2 (SEARCH-LAYER) and Algorithm 5
// (K-NN-SEARCH). Deviation: the unvisited neighbours of an expanded node are gathered first and their
// distances computed as a batch, so a storage can prefetch them (memory, or index pages) before it needs them.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory_resource>
#include <span>
#include <vector>

#include "core/hnsw/candidates.hpp"
#include "core/hnsw/graph_concepts.hpp"

namespace vecsearch::hnsw {

// What a graph must offer to be searched: SearchGraph (graph_concepts.hpp).
template <typename NodeId> struct SearchScratch {
	explicit SearchScratch(std::pmr::memory_resource *memory)
	    : candidates(memory), results(memory), batch(memory), batch_distances(memory), found(memory), routers(memory),
	      router_distances(memory), router_order(memory), pending_routers(memory)
	{
	}

	NearestFirstQueue<NodeId> candidates;
	BoundedResults<NodeId> results;
	std::pmr::vector<NodeId> batch;
	std::pmr::vector<float> batch_distances;
	std::pmr::vector<Candidate<NodeId>> found; // SearchLayer's output, nearest first
	// A two-hop filtered search (search.hpp): the neighbours of the node being expanded that cannot match, and
	// those whose lists were read but which were never measured (ways through when the search runs dry; kept
	// across the batches of an iterative search, emptied by its Start).
	std::pmr::vector<NodeId> routers;
	std::pmr::vector<float> router_distances;
	std::pmr::vector<Candidate<NodeId>> router_order;
	std::pmr::vector<NodeId> pending_routers;
	// What a two-hop search has seen so far, to estimate the filter's selectivity: layer-0 links looked at and
	// how many of them may match (by code), nodes measured in two-hop batches and how many of them match.
	std::size_t links_seen = 0;
	std::size_t links_may_match = 0;
	std::size_t two_hop_measured = 0;
	std::size_t two_hop_matching = 0;
	// About how many nodes layer 0 holds (0: unknown), to tell when matching nodes are few in number.
	std::size_t graph_size = 0;
	std::size_t distance_count = 0; // nodes measured, all searches together (the caller resets it)
	// SearchLayer expands no more nodes once distance_count reaches this (a filtered scan's bound on work).
	std::size_t distance_budget = SIZE_MAX;
};

// The two-hop expansion of `node` on layer 0 (see SearchLayer): into scratch.batch the unvisited neighbours that
// may match, then, while the batch holds fewer than the list's length, the unvisited ones that may match of
// each neighbour that cannot (in list order: as ACORN-1 does, so a common filter reads few lists and a rare one
// all of them). A neighbour whose list was read is visited, goes to scratch.pending_routers and counts against
// the budget; one whose list was not needed stays unvisited, for another expansion to reach.
// Below this many matching nodes in the whole graph (estimated), a two-hop walk among them alone misses some
// of the nearest (glove-100: recall@10 0.99 with 2,000 of 200,000 matching, 0.95 with 400, 0.78 with 200; 0.90
// with 1,000 of 100,000), so the nearest router of each expansion that leads nearer the query stays a candidate,
// a way through where matching nodes are far apart (recall 1.0, 0.998, 0.99 at 1.5-2 times the work).
inline constexpr double kSparseMatches = 1500;

// The estimated selectivity of the filter (TwoHopsPayOff), or 1 before enough links were seen.
template <typename NodeId>
double
EstimatedSelectivity(const SearchScratch<NodeId> &scratch)
{
	if (scratch.links_seen < 256 || scratch.two_hop_measured == 0)
		return 1.0;
	return static_cast<double>(scratch.links_may_match) / static_cast<double>(scratch.links_seen) *
	       static_cast<double>(scratch.two_hop_matching) / static_cast<double>(scratch.two_hop_measured);
}

// Whether matching nodes are few enough in number that routers should stay candidates (kSparseMatches).
template <typename NodeId>
bool
SparseMatches(const SearchScratch<NodeId> &scratch)
{
	return scratch.graph_size == 0 ||
	       EstimatedSelectivity(scratch) * static_cast<double>(scratch.graph_size) < kSparseMatches;
}

template <typename Graph, typename Visited>
void
ExpandTwoHops(Graph &graph, const void *query, Candidate<typename Graph::NodeId> expanded, Visited &visited,
              SearchScratch<typename Graph::NodeId> &scratch)
{
	using NodeId = typename Graph::NodeId;
	scratch.routers.clear();
	std::size_t list_length = 0;
	graph.ForEachNeighborMayMatch(expanded.id, 0, [&](NodeId neighbor, bool may_match) {
		list_length++;
		scratch.links_may_match += may_match ? 1 : 0;
		if (!visited.Insert(graph.VisitKey(neighbor)))
			return;
		if (may_match)
			scratch.batch.push_back(neighbor);
		else
			scratch.routers.push_back(neighbor);
	});
	scratch.links_seen += list_length;
	if (scratch.routers.empty())
		return;
	// The routers are measured (their pages are read for their lists anyway) and the nearest are read first.
	// When matching nodes are few, the nearest router that is nearer the query than the expanded node stays a
	// candidate, a way through the part of the graph the filter leaves out (kSparseMatches).
	scratch.router_distances.resize(scratch.routers.size());
	graph.Distances(query, std::span<const NodeId>(scratch.routers), scratch.router_distances.data());
	scratch.distance_count += scratch.routers.size();
	scratch.router_order.clear();
	for (std::size_t i = 0; i < scratch.routers.size(); i++)
		scratch.router_order.push_back(Candidate<NodeId>{scratch.router_distances[i], scratch.routers[i]});
	std::sort(scratch.router_order.begin(), scratch.router_order.end(),
	          [](const Candidate<NodeId> &a, const Candidate<NodeId> &b) { return a.distance < b.distance; });
	bool keep_one = SparseMatches(scratch);
	for (const Candidate<NodeId> &router : scratch.router_order) {
		if (keep_one && router.distance < expanded.distance && scratch.results.Accepts(router.distance)) {
			scratch.candidates.Push(router);
			keep_one = false;
		} else {
			scratch.pending_routers.push_back(router.id); // a way on if the walk runs dry
		}
		if (scratch.batch.size() >= list_length)
			continue;
		graph.ForEachNeighborMayMatch(router.id, 0, [&](NodeId neighbor, bool may_match) {
			if (may_match && visited.Insert(graph.VisitKey(neighbor)))
				scratch.batch.push_back(neighbor);
		});
	}
}

// Whether a two-hop walk should go on with two hops: until 256 links were seen, and then while the filter's
// selectivity, estimated as the share of links that may match times the share of those measured that do, is
// under 1 / kTwoHopMaxInverseShare. A two-hop walk costs about the same at any selectivity (glove-100, 200k
// rows: 6,000-6,500 elements measured from 10 % down to 0.5 %), a one-hop walk about 1 / selectivity (3,300 at
// 10 %, 7,500 at 5 %, over 20,000 at 1 %): they cross near 7 %.
inline constexpr std::size_t kTwoHopMaxInverseShare = 14;
template <typename NodeId>
bool
TwoHopsPayOff(const SearchScratch<NodeId> &scratch)
{
	if (scratch.links_seen < 256 || scratch.two_hop_measured == 0)
		return true;
	return EstimatedSelectivity(scratch) * kTwoHopMaxInverseShare < 1.0;
}

// Whether a node passes the graph's filter: always without one.
template <SearchGraph Graph>
bool
PassesFilter(Graph &graph, typename Graph::NodeId id, bool filtered)
{
	if constexpr (FilteringGraph<Graph>)
		return !filtered || graph.Matches(id);
	else
		return true;
}

// SEARCH-LAYER: the `ef` nearest nodes to `query` on `layer` reachable greedily from `entry`, into
// scratch.found (nearest first). Nodes already in `visited` are not expanded; entry points are marked here.
// With `discarded`, every node measured but not in the output goes there (iterative_search.hpp resumes from
// them), except nodes it expanded that do not pass the filter (they were only a way through).
//
// `filtered` (a FilteringGraph): only nodes that pass the graph's filter become results, and every node still
// routes, so the search goes on through nodes that do not match until it holds `ef` that do, or the graph
// (or scratch.distance_budget) runs out. The walk is the unfiltered one, with results of the filter.
//
// On layer 0 of a CodeFilteringGraph whose codes narrow the filter, the walk goes two hops instead (as ACORN,
// Patel et al., SIGMOD 2024): of an expanded node's neighbours, those that may match are measured, and those
// that cannot are not: their lists are read and the neighbours there that may match are measured. So the walk
// moves among matching nodes and pays for the others only a list read, however rare matches are. The nodes it
// went through that way are kept; if the candidates run out before `ef` results, they are measured and the walk
// goes on through them as an unfiltered walk would.
template <SearchGraph Graph, typename Visited>
void
SearchLayer(Graph &graph, const void *query, std::span<const Candidate<typename Graph::NodeId>> entry, int layer,
            std::size_t ef, Visited &visited, SearchScratch<typename Graph::NodeId> &scratch,
            NearestFirstQueue<typename Graph::NodeId> *discarded = nullptr, bool filtered = false)
{
	using NodeId = typename Graph::NodeId;
	scratch.candidates.Clear();
	scratch.results.Reset(ef);
	Candidate<NodeId> evicted{};
	for (const Candidate<NodeId> &point : entry) {
		visited.Insert(graph.VisitKey(point.id));
		scratch.candidates.Push(point);
		if (PassesFilter(graph, point.id, filtered) && scratch.results.Push(point, &evicted) && discarded != nullptr)
			discarded->Push(evicted);
	}

	bool two_hop = false;
	if constexpr (CodeFilteringGraph<Graph>)
		two_hop = filtered && layer == 0 && graph.CodesNarrow();
	while (scratch.distance_count < scratch.distance_budget) {
		scratch.batch.clear();
		if (scratch.candidates.Empty()) {
			// Run dry: the nodes gone through unmeasured become the ways on (a two-hop walk only).
			if (!two_hop || scratch.results.Full() || scratch.pending_routers.empty())
				break;
			scratch.batch.swap(scratch.pending_routers);
		} else {
			// Every remaining candidate is farther than the farthest result: nothing left can improve them.
			if (scratch.results.Full() && scratch.candidates.Top().distance > scratch.results.FarthestDistance())
				break;
			const Candidate<NodeId> nearest = scratch.candidates.Pop();
			if (two_hop && !TwoHopsPayOff(scratch)) {
				// From here on one hop: the nodes gone through unmeasured are measured with this batch.
				two_hop = false;
				scratch.batch.swap(scratch.pending_routers);
			}
			if constexpr (CodeFilteringGraph<Graph>) {
				if (two_hop) {
					ExpandTwoHops(graph, query, nearest, visited, scratch);
				}
			}
			if (!two_hop) {
				graph.ForEachNeighbor(nearest.id, layer, [&](NodeId neighbor) {
					if (visited.Insert(graph.VisitKey(neighbor)))
						scratch.batch.push_back(neighbor);
				});
			}
		}
		scratch.batch_distances.resize(scratch.batch.size());
		graph.Distances(query, std::span<const NodeId>(scratch.batch), scratch.batch_distances.data());
		scratch.distance_count += scratch.batch.size();
		const std::uint8_t *matches = nullptr;
		if constexpr (FilteringGraph<Graph>) {
			if (filtered)
				matches = graph.BatchMatches();
		}
		if (two_hop && matches != nullptr) {
			scratch.two_hop_measured += scratch.batch.size();
			for (std::size_t i = 0; i < scratch.batch.size(); i++)
				scratch.two_hop_matching += matches[i];
		}
		for (std::size_t i = 0; i < scratch.batch.size(); i++) {
			const Candidate<NodeId> measured{scratch.batch_distances[i], scratch.batch[i]};
			if (scratch.results.Accepts(measured.distance)) {
				scratch.candidates.Push(measured);
				if ((matches == nullptr || matches[i] != 0) && scratch.results.Push(measured, &evicted) &&
				    discarded != nullptr)
					discarded->Push(evicted);
			} else if (discarded != nullptr) {
				discarded->Push(measured);
			}
		}
	}
	// Candidates left unexpanded that do not match are in neither the results nor `discarded`: a later batch may
	// need them as ways through. (Matching ones are results, or were evicted into `discarded`.)
	if (filtered && discarded != nullptr) {
		while (!scratch.candidates.Empty()) {
			const Candidate<NodeId> left = scratch.candidates.Pop();
			if (!PassesFilter(graph, left.id, filtered))
				discarded->Push(left);
		}
	}
	scratch.results.TakeSorted(&scratch.found);
}

// Goes on with a SEARCH-LAYER that ended at a smaller ef: `found` its output, `measured` every other node it
// measured (its `discarded`), `visited` kept. The search goes on best first with ef from everything measured so
// far, the `ef` nearest coming out in scratch.found, and no node is measured twice: what the narrow search cost
// is not paid again (the nodes it expanded are expanded again, each a neighbour list read whose neighbours are
// all visited). `entry` is scratch space; `measured` is emptied.
template <SearchGraph Graph, typename Visited>
void
WidenSearchLayer(Graph &graph, const void *query, std::span<const Candidate<typename Graph::NodeId>> found,
                 NearestFirstQueue<typename Graph::NodeId> &measured, int layer, std::size_t ef, Visited &visited,
                 SearchScratch<typename Graph::NodeId> &scratch,
                 std::pmr::vector<Candidate<typename Graph::NodeId>> *entry)
{
	entry->assign(found.begin(), found.end());
	while (!measured.Empty())
		entry->push_back(measured.Pop());
	SearchLayer(graph, query, std::span<const Candidate<typename Graph::NodeId>>(*entry), layer, ef, visited, scratch);
}

// K-NN-SEARCH: from the entry point, greedy descent (ef = 1) through the upper layers, then an ef-wide
// search of layer 0. Leaves the max(ef, k) best in scratch.found, nearest first; the caller takes k. With
// `discarded`, the layer-0 pass keeps what it measured and did not return there (iterative_search.hpp). With
// `filtered`, layer 0 returns only nodes that pass the graph's filter (the descent is not filtered: it only
// finds where to start).
template <SearchGraph Graph, typename Visited>
void
SearchKnn(Graph &graph, const void *query, typename Graph::NodeId entry_point, int entry_level, std::size_t ef,
          Visited &visited, SearchScratch<typename Graph::NodeId> &scratch,
          NearestFirstQueue<typename Graph::NodeId> *discarded = nullptr, bool filtered = false)
{
	using NodeId = typename Graph::NodeId;
	Candidate<NodeId> best{graph.Distance(query, entry_point), entry_point};
	for (int layer = entry_level; layer > 0; layer--) {
		visited.Reset(graph.VisitCapacityHint());
		SearchLayer(graph, query, std::span<const Candidate<NodeId>>(&best, 1), layer, 1, visited, scratch);
		best = scratch.found.front();
	}
	visited.Reset(graph.VisitCapacityHint());
	SearchLayer(graph, query, std::span<const Candidate<NodeId>>(&best, 1), 0, ef, visited, scratch, discarded,
	            filtered);
}

} // namespace vecsearch::hnsw
