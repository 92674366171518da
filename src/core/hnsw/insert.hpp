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
//   float CoverDistance(NodeId a, NodeId b);  the order of DropIsCovered's rule: a metric where writers run
//                                             concurrently (squared L2 under raw inner product)
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
// A graph that several inserters change at once without a lock over whole lists (the index on disk) instead
// offers a compare-and-write,
//   bool ReplaceNeighbors(NodeId id, int layer, std::span<const NodeId> expected, std::span<const NodeId> next);
// which writes `next` only if the list still is `expected`; back-links then follow AddBackLinkGuarded.
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
	      entry_cache(memory), reselect(memory), fresh(memory), layers(memory), chosen(memory), ids(memory), neighbors(memory),
	      expected(memory), probe(memory), middle(memory), middles(memory), last_hops(memory), second_ring(memory)
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
	std::pmr::vector<NodeId> expected; // a list as read, for ReplaceNeighbors
	std::pmr::vector<NodeId> probe;    // another element's list, read to check a link
	std::pmr::vector<NodeId> middle;   // a kept element's list, DropIsCovered's second hop
	std::pmr::vector<Candidate<NodeId>> middles; // DropIsCovered's kept elements by distance to the dropped one
	std::pmr::vector<NodeId> last_hops; // DropIsCovered's candidates for the last hop
	std::pmr::vector<NodeId> second_ring; // a chosen neighbour's list, for a forced in-link
};

template <typename Graph>
inline constexpr bool kConcurrentWriters = requires(Graph &g, typename Graph::NodeId id,
                                                    std::span<const typename Graph::NodeId> list)
{
	g.ReplaceNeighbors(id, 0, list, list);
};

// A back-link (or a forced one) reads a list, computes the new one, and writes it only if nobody changed the
// list meanwhile; after this many lost races it gives up (the element keeps its other in-links).
inline constexpr int kMaxReplaceAttempts = 8;

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
// Read-only: on disk it runs while other inserters change the graph, and cannot see elements inserted
// meanwhile (AddBackLinkGuarded keeps those reachable). `self` is the node when it is already in the graph
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

// For the compare-and-write changes below: reads `owner`'s list into scratch.expected (what the write will
// expect) and scratch.neighbors (the list to change), appending `node` there when the list has room.
enum class ListForChange { kHoldsNode, kNodeAppended, kFull };

template <typename Graph>
ListForChange
ReadListForChange(Graph &graph, typename Graph::NodeId owner, typename Graph::NodeId node, int layer,
                  std::size_t max_neighbors, InsertScratch<typename Graph::NodeId> &scratch)
{
	graph.CopyNeighbors(owner, layer, &scratch.expected);
	if (std::find(scratch.expected.begin(), scratch.expected.end(), node) != scratch.expected.end())
		return ListForChange::kHoldsNode;
	scratch.neighbors.assign(scratch.expected.begin(), scratch.expected.end());
	if (scratch.neighbors.size() >= max_neighbors)
		return ListForChange::kFull;
	scratch.neighbors.push_back(node);
	return ListForChange::kNodeAppended;
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

// Whether `owner` may drop its link to `dropped` without cutting `dropped` off: a path owner -> K -> dropped
// or owner -> K -> C -> dropped remains, K an element of `kept` (the owner's links after the change) and the
// last hop's element nearer to `dropped` than the owner by CoverDistance. The path keeps everything reachable
// through the owner reachable (with one writer, exactly); the distance rule keeps concurrent writers from each
// dropping a link on the strength of the other's: a link is given up only for one nearer still, so following
// the last hops always ends at a link in place. That needs a metric: under raw inner product the elements an
// element links to are those with the largest inner products with it, nothing is "nearer" to it than they
// are, and their links could never be given up (CoverDistance is squared L2 there). Without this check an
// insert whose search ran before another element existed could re-select a list and cut that element's last
// in-link (6 % of the elements of tight clusters in the unit test). The one-hop paths are tried first; the
// two-hop ones read the dropped element's list and then the kept lists, only when the one-hop ones fail.
template <typename Graph>
bool
DropIsCovered(Graph &graph, int layer, typename Graph::NodeId owner, typename Graph::NodeId dropped,
              std::span<const typename Graph::NodeId> kept, InsertScratch<typename Graph::NodeId> &scratch)
{
	using NodeId = typename Graph::NodeId;
	const float owner_distance = graph.CoverDistance(owner, dropped);
	// (Paths through elements on their way out do not count: vacuum will unlink them. The owner's own list
	// still holds the link being dropped: it is never a hop.)
	auto links_to_dropped = [&](NodeId from) {
		if (from == owner || !graph.Linkable(from))
			return false;
		graph.CopyNeighbors(from, layer, &scratch.probe);
		return std::find(scratch.probe.begin(), scratch.probe.end(), dropped) != scratch.probe.end();
	};
	// One hop: a kept element nearer to `dropped` links to it.
	scratch.middles.clear();
	for (const auto cover : kept) {
		if (cover == dropped || !graph.Linkable(cover))
			continue;
		const float distance = graph.CoverDistance(dropped, cover);
		if (distance < owner_distance && links_to_dropped(cover))
			return true;
		scratch.middles.push_back({distance, cover});
	}
	// Two hops: elements of dropped's own list nearer to it than the owner (the likely in-linkers) ...
	graph.CopyNeighbors(dropped, layer, &scratch.probe);
	scratch.last_hops.clear();
	for (const auto candidate : scratch.probe) {
		if (std::find(kept.begin(), kept.end(), candidate) == kept.end() &&
		    graph.CoverDistance(dropped, candidate) < owner_distance)
			scratch.last_hops.push_back(candidate);
	}
	if (scratch.last_hops.empty())
		return false;
	// ... that a kept element links to (the ones nearest to `dropped` first), and that link to `dropped`.
	std::sort(scratch.middles.begin(), scratch.middles.end(),
	          [](const auto &a, const auto &b) { return a.distance < b.distance; });
	for (const auto &middle : scratch.middles) {
		graph.CopyNeighbors(middle.id, layer, &scratch.middle);
		for (auto last = scratch.last_hops.begin(); last != scratch.last_hops.end();) {
			if (std::find(scratch.middle.begin(), scratch.middle.end(), *last) == scratch.middle.end()) {
				++last;
				continue;
			}
			if (links_to_dropped(*last))
				return true;
			last = scratch.last_hops.erase(last); // reached, but no link to dropped: no need to look again
		}
		if (scratch.last_hops.empty())
			return false;
	}
	return false;
}

// Which link ForceBackLinkGuarded may give up: one whose drop DropIsCovered accepts, or, as the last resort
// (kFarthest), the farthest when there is none (`node` has no in-link at all, the dropped element may well
// have others).
enum class ForcedDrop { kCovered, kFarthest };

// ForceBackLink for graphs with concurrent writers: `from` gives up its farthest link whose drop is covered
// (DropIsCovered, `node` counting as a cover) or that leads to an element on its way out, as `drop` allows.
// Compare-and-written; returns whether `from` now links to `node`.
template <typename Graph>
bool
ForceBackLinkGuarded(Graph &graph, typename Graph::NodeId from, typename Graph::NodeId node, int layer,
                     std::size_t max_neighbors, ForcedDrop drop, InsertScratch<typename Graph::NodeId> &scratch)
{
	using NodeId = typename Graph::NodeId;
	for (int attempt = 0; attempt < kMaxReplaceAttempts; attempt++) {
		const ListForChange list = ReadListForChange(graph, from, node, layer, max_neighbors, scratch);
		if (list == ListForChange::kHoldsNode)
			return true;
		if (list == ListForChange::kFull) {
			scratch.pool.clear(); // (distance, position in the list), farthest first
			for (std::size_t i = 0; i < scratch.expected.size(); i++)
				scratch.pool.push_back({graph.DistanceBetween(from, scratch.expected[i]), static_cast<NodeId>(i)});
			std::sort(scratch.pool.begin(), scratch.pool.end(),
			          [](const auto &a, const auto &b) { return a.distance > b.distance; });
			bool replaced = false;
			for (const auto &slot : scratch.pool) {
				const std::size_t position = static_cast<std::size_t>(slot.id);
				const Candidate<NodeId> dropped{slot.distance, scratch.expected[position]};
				scratch.neighbors[position] = node;
				if (!graph.Linkable(dropped.id) ||
				    DropIsCovered(graph, layer, from, dropped.id, std::span<const NodeId>(scratch.neighbors), scratch)) {
					replaced = true;
					break;
				}
				scratch.neighbors[position] = dropped.id;
			}
			if (!replaced && drop != ForcedDrop::kFarthest)
				return false;
			if (!replaced)
				scratch.neighbors[static_cast<std::size_t>(scratch.pool.front().id)] = node;
		}
		if (graph.ReplaceNeighbors(from, layer, scratch.expected, scratch.neighbors))
			return true;
	}
	return false;
}

// AddBackLink for graphs with concurrent writers (kConcurrentWriters): the list is read, the new one computed
// without any lock, and compare-and-written, again from the top when another writer got there first. Over
// capacity the heuristic decides as in AddBackLink, except that the list stays as it is when the heuristic
// rejects `node`, or when it would drop a link no kept element covers (DropIsCovered).
template <typename Graph>
bool
AddBackLinkGuarded(Graph &graph, Candidate<typename Graph::NodeId> neighbor, typename Graph::NodeId node, int layer,
                   std::size_t max_neighbors, const Params &params, InsertScratch<typename Graph::NodeId> &scratch)
{
	using NodeId = typename Graph::NodeId;
	for (int attempt = 0; attempt < kMaxReplaceAttempts; attempt++) {
		const ListForChange list = ReadListForChange(graph, neighbor.id, node, layer, max_neighbors, scratch);
		if (list == ListForChange::kHoldsNode)
			return true;
		if (list == ListForChange::kFull) {
			PoolWithNewcomer(graph, neighbor.id, std::span<const NodeId>(scratch.expected), {neighbor.distance, node},
			                 &scratch.pool);
			SelectNeighbors(graph, std::span<const Candidate<NodeId>>(scratch.pool), max_neighbors, params.keep_pruned,
			                &scratch.pruned);
			scratch.neighbors.clear();
			for (const auto &kept : scratch.pruned)
				scratch.neighbors.push_back(kept.id);
			if (std::find(scratch.neighbors.begin(), scratch.neighbors.end(), node) == scratch.neighbors.end())
				return false;
			// (An element on its way out, not Linkable, may go freely: it only routes searches until vacuum
			// unlinks it.)
			for (const auto &entry : scratch.pool) {
				const bool dropped = entry.id != node && std::find(scratch.neighbors.begin(), scratch.neighbors.end(),
				                                                   entry.id) == scratch.neighbors.end();
				if (dropped && graph.Linkable(entry.id) &&
				    !DropIsCovered(graph, layer, neighbor.id, entry.id, std::span<const NodeId>(scratch.neighbors), scratch))
					return ForceBackLinkGuarded(graph, neighbor.id, node, layer, max_neighbors, ForcedDrop::kCovered,
					                            scratch);
			}
		}
		if (graph.ReplaceNeighbors(neighbor.id, layer, scratch.expected, scratch.neighbors))
			return true;
	}
	return false;
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
template <typename Graph>
void
LinkNode(Graph &graph, typename Graph::NodeId node, int top, const Params &params,
         InsertScratch<typename Graph::NodeId> &scratch,
         std::optional<typename Graph::NodeId> old_entry = std::nullopt)
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
			if (scratch.selected.size() < static_cast<std::size_t>(params.MaxNeighbors(layer)) ||
			    scratch.selected.empty()) {
				scratch.selected.push_back(entry);
			} else {
				scratch.selected.back() = entry; // the heuristic's last choice: the farthest filled-in one
				diverse = std::min(diverse, scratch.selected.size() - 1);
			}
		}
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
				const auto was_found = [&](NodeId id) {
					return id == node || std::any_of(found.begin(), found.end(), [&](const auto &c) { return c.id == id; });
				};
				bool forced = false;
				for (std::size_t i = 0; i < chosen.size() && !forced; i++)
					forced = force_from(chosen[i].id, ForcedDrop::kCovered);
				for (std::size_t i = 0; i < found.size() && !forced; i++) {
					if (std::none_of(chosen.begin(), chosen.end(), [&](const auto &c) { return c.id == found[i].id; }))
						forced = force_from(found[i].id, ForcedDrop::kCovered);
				}
				// Then what the chosen neighbours link to. Under raw inner product the candidates are the few
				// elements with the largest inner products, and their lists fill up with elements forced in
				// this way; those elements' own lists still have links to spare.
				for (std::size_t i = 0; i < found.size() && !forced; i++) {
					graph.CopyNeighbors(found[i].id, layer, &scratch.second_ring);
					for (std::size_t j = 0; j < scratch.second_ring.size() && !forced; j++) {
						if (!was_found(scratch.second_ring[j]))
							forced = force_from(scratch.second_ring[j], ForcedDrop::kCovered);
					}
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
	const bool new_entry = level > entry_level;
	LinkNode(graph, node, std::min(level, entry_level), params, scratch,
	         new_entry ? std::optional<typename Graph::NodeId>(entry_point) : std::nullopt);
	return new_entry;
}

} // namespace vecsearch::hnsw
