// The graph storage contract, as concepts. The search and insert templates are written once over these; each
// storage states which it implements with a static_assert beside its class, so a method it misspells fails to
// compile there instead of quietly sending the templates down another path (the optional capabilities below
// choose code paths with `if constexpr`).
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <memory_resource>
#include <span>
#include <vector>

#include "core/hnsw/candidates.hpp"

namespace vecsearch::hnsw {

// What a graph must offer to be searched (search.hpp).
template <typename G>
concept SearchGraph = requires(G &g, typename G::NodeId id, const void *query, std::span<const typename G::NodeId> ids,
                               float *out)
{
	{
		g.Distance(query, id)
		} -> std::convertible_to<float>;                 // from a query vector to a node
	g.Distances(query, ids, out);                        // the same for a batch (pages may be grouped)
	g.ForEachNeighbor(id, 0, [](typename G::NodeId) {}); // each neighbour on a layer
	g.VisitKey(id);                                      // key for the visited set
	{
		g.VisitCapacityHint()
		} -> std::convertible_to<std::size_t>; // rough node count, to size the visited set
};

// Optional: a filter on results (a scan with conditions on the index's filter columns). Whether a node passes
// it is learnt when the node is measured: BatchMatches() answers for the last Distances batch, in its order,
// and Matches(id) for any node measured since the search began. A filtered search routes through every node
// and returns only those that match (search.hpp).
template <typename G>
concept FilteringGraph = SearchGraph<G> && requires(G &g, typename G::NodeId id)
{
	{
		g.Matches(id)
		} -> std::convertible_to<bool>;
	{
		g.BatchMatches()
		} -> std::convertible_to<const std::uint8_t *>; // 1 where the node matches
};

// Optional, with FilteringGraph: a code beside each link says whether its node may pass the filter, so that a
// node that cannot is known without measuring it (filter codes beside an index's lists). CodesNarrow() says
// whether the codes rule anything out for the current filter; ForEachNeighborMayMatch gives each neighbour
// with that answer (true when unknown).
template <typename G>
concept CodeFilteringGraph = FilteringGraph<G> && requires(G &g, typename G::NodeId id)
{
	{
		g.CodesNarrow()
		} -> std::convertible_to<bool>;
	g.ForEachNeighborMayMatch(id, 0, [](typename G::NodeId, bool) {});
};

// What insertion needs beyond search (insert.hpp).
template <typename G>
concept InsertGraph = SearchGraph<G> && requires(G &g, typename G::NodeId id, std::span<const typename G::NodeId> list,
                                                 std::pmr::vector<typename G::NodeId> *out, float *distances)
{
	{
		g.Vector(id)
		} -> std::convertible_to<const void *>; // the element (its encoded value), valid for the whole insert
	{
		g.DistanceBetween(id, id)
		} -> std::convertible_to<float>;
	g.CoverDistances(id, list, distances); // from a node to a batch in DropIsCovered's order: a
	                                       // metric where writers run concurrently
	{
		g.Level(id)
		} -> std::convertible_to<int>;
	g.CopyNeighbors(id, 0, out);
	g.SetNeighbors(id, 0, list);
	{
		g.Linkable(id)
		} -> std::convertible_to<bool>; // false for elements on their way out: traversed, never linked
};

// Optional: a lock per neighbour list, for a graph several builders insert into at once (shared_graph.hpp);
// it then guards every read-modify-write of a list (CopyNeighbors/SetNeighbors do not lock).
template <typename G>
concept LockedListsGraph = InsertGraph<G> && requires(G &g, typename G::NodeId id)
{
	g.LockNeighbors(id);
	g.UnlockNeighbors(id);
};

// Optional: the build graphs' selection cache (selection.hpp, ReselectWithNewcomer). LoadSelection gives a list
// with each entry's distance to its owner, in stored order, the first `diverse` of them chosen by the heuristic
// (the rest filled in); false when unknown (SetNeighbors forgets it).
template <typename G>
concept SelectionCacheGraph = InsertGraph<G> &&
    requires(G &g, typename G::NodeId id, std::pmr::vector<Candidate<typename G::NodeId>> *entries,
             std::span<const Candidate<typename G::NodeId>> stored, std::size_t *diverse)
{
	{
		g.LoadSelection(id, 0, entries, diverse)
		} -> std::convertible_to<bool>;
	g.StoreSelection(id, 0, stored, std::size_t{0});
};

// Optional: a compare-and-write of whole lists, for a graph several inserters change at once without a lock
// over lists (the index on disk): writes `next` only if the list still is `expected` (concurrent_links.hpp).
template <typename G>
concept ConcurrentWritersGraph = InsertGraph<G> &&
    requires(G &g, typename G::NodeId id, std::span<const typename G::NodeId> list)
{
	{
		g.ReplaceNeighbors(id, 0, list, list)
		} -> std::convertible_to<bool>;
};

} // namespace vecsearch::hnsw
