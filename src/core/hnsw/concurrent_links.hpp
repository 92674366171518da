// Back-links for a graph that several inserters change at once without a lock over whole lists (the index on
// disk, kConcurrentWriters): a list is read, the new one computed without any lock, and compare-and-written
// (ReplaceNeighbors), again from the top when another writer got there first. Every link such a change gives
// up must leave a path to the element it led to (DropIsCovered), so no element is ever cut off.
#pragma once

#include <algorithm>
#include <cstddef>
#include <limits>
#include <memory_resource>
#include <span>
#include <vector>

#include "core/hnsw/selection.hpp"

namespace vecsearch::hnsw {

template <typename Graph> inline constexpr bool kConcurrentWriters = ConcurrentWritersGraph<Graph>;

// A back-link (or a forced one) reads a list, computes the new one, and writes it only if nobody changed the
// list meanwhile; after this many lost races it gives up (the element keeps its other in-links).
inline constexpr int kMaxReplaceAttempts = 8;

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

// Whether `owner` may drop its link to `dropped` without cutting `dropped` off: a path owner -> K -> dropped
// or owner -> K -> C -> dropped remains, K an element of `kept` (the owner's links after the change) and the
// last hop's element nearer to `dropped` than the owner by CoverDistances. The path keeps everything reachable
// through the owner reachable (with one writer, exactly); the distance rule keeps concurrent writers from each
// dropping a link on the strength of the other's: a link is given up only for one nearer still, so following
// the last hops always ends at a link in place. That needs a metric: under raw inner product the elements an
// element links to are those with the largest inner products with it, nothing is "nearer" to it than they
// are, and their links could never be given up (CoverDistances is squared L2 there). Without this check an
// insert whose search ran before another element existed could re-select a list and cut that element's last
// in-link (6 % of the elements of tight clusters in the unit test). The one-hop paths are tried first; the
// two-hop ones read the dropped element's list and then the kept lists, only when the one-hop ones fail.
// Distances from `dropped` are measured a batch at a time (on pages, in place, their reads overlapping).
template <typename Graph>
bool
DropIsCovered(Graph &graph, int layer, typename Graph::NodeId owner, typename Graph::NodeId dropped,
              std::span<const typename Graph::NodeId> kept, InsertScratch<typename Graph::NodeId> &scratch)
{
	using NodeId = typename Graph::NodeId;
	float owner_distance = 0;
	graph.CoverDistances(dropped, std::span<const NodeId>(&owner, 1), &owner_distance);
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
	scratch.cover_distances.resize(kept.size());
	graph.CoverDistances(dropped, kept, scratch.cover_distances.data());
	for (std::size_t i = 0; i < kept.size(); i++) {
		const NodeId cover = kept[i];
		if (cover == dropped || !graph.Linkable(cover))
			continue;
		const float distance = scratch.cover_distances[i];
		if (distance < owner_distance && links_to_dropped(cover))
			return true;
		scratch.middles.push_back({distance, cover});
	}
	// Two hops: elements of dropped's own list nearer to it than the owner (the likely in-linkers) ...
	graph.CopyNeighbors(dropped, layer, &scratch.probe);
	scratch.cover_distances.resize(scratch.probe.size());
	graph.CoverDistances(dropped, std::span<const NodeId>(scratch.probe), scratch.cover_distances.data());
	scratch.last_hops.clear();
	for (std::size_t i = 0; i < scratch.probe.size(); i++) {
		const NodeId candidate = scratch.probe[i];
		if (std::find(kept.begin(), kept.end(), candidate) == kept.end() && scratch.cover_distances[i] < owner_distance)
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

// How many of a full list's farthest links ReplaceFarthestCovered asks DropIsCovered about. Each question can
// read a few dozen lists; asking about all 2m links of every chosen neighbour made an insert into 100,000
// random 768-d vectors (default m, where few drops have a path) take 20 ms, most of it here.
inline constexpr std::size_t kMaxCoverQuestions = 4;

// In the full list of `from` in scratch.neighbors, puts `node` in place of a link that leads to an element on
// its way out, else of the farthest link (among the `questions` farthest) whose drop DropIsCovered accepts;
// false (the list unchanged, scratch.pool holding the links farthest first, as (distance, position)) when
// there is none.
template <typename Graph>
bool
ReplaceFarthestCovered(Graph &graph, typename Graph::NodeId from, typename Graph::NodeId node, int layer,
                       InsertScratch<typename Graph::NodeId> &scratch, std::size_t questions = kMaxCoverQuestions)
{
	using NodeId = typename Graph::NodeId;
	scratch.pool.clear();
	for (std::size_t i = 0; i < scratch.neighbors.size(); i++)
		scratch.pool.push_back({graph.DistanceBetween(from, scratch.neighbors[i]), static_cast<NodeId>(i)});
	std::sort(scratch.pool.begin(), scratch.pool.end(),
	          [](const auto &a, const auto &b) { return a.distance > b.distance; });
	for (NodeId &link : scratch.neighbors) {
		if (!graph.Linkable(link)) {
			link = node;
			return true;
		}
	}
	for (std::size_t i = 0; i < scratch.pool.size() && i < questions; i++) {
		const auto position = static_cast<std::size_t>(scratch.pool[i].id);
		const NodeId dropped = scratch.neighbors[position];
		scratch.neighbors[position] = node;
		if (DropIsCovered(graph, layer, from, dropped, std::span<const NodeId>(scratch.neighbors), scratch))
			return true;
		scratch.neighbors[position] = dropped;
	}
	return false;
}

// Which link ForceBackLinkGuarded may give up: one whose drop DropIsCovered accepts, or, as the last resort
// (kFarthest), the farthest when there is none (`node` has no in-link at all, the dropped element may well
// have others).
enum class ForcedDrop { kCovered, kFarthest };

// ForceBackLink for graphs with concurrent writers: `from` gives up its farthest link whose drop is covered
// (DropIsCovered, `node` counting as a cover) or that leads to an element on its way out, as `drop` allows.
// Compare-and-written; returns whether `from` now links to `node`. `questions` bounds the links asked about
// (ReplaceFarthestCovered): a back-link may give up early, the rescue of an element with no in-link at all
// may not (under raw inner product, 4 questions left TAP 012 an orphan in 3 of 10 rounds).
template <typename Graph>
bool
ForceBackLinkGuarded(Graph &graph, typename Graph::NodeId from, typename Graph::NodeId node, int layer,
                     std::size_t max_neighbors, ForcedDrop drop, InsertScratch<typename Graph::NodeId> &scratch,
                     std::size_t questions = std::numeric_limits<std::size_t>::max())
{
	for (int attempt = 0; attempt < kMaxReplaceAttempts; attempt++) {
		const ListForChange list = ReadListForChange(graph, from, node, layer, max_neighbors, scratch);
		if (list == ListForChange::kHoldsNode)
			return true;
		if (list == ListForChange::kFull) {
			const bool replaced = ReplaceFarthestCovered(graph, from, node, layer, scratch, questions);
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

// Writes `node`'s own list on `layer` as `chosen` (its new selection, nearest first) for graphs with concurrent
// writers. A new element's list is empty and nobody can reach the element yet; an element being re-linked (by
// vacuum) is in the graph, and inserters may be giving it back-links meanwhile. So the list is
// compare-and-written, and a link the new selection leaves out stays, in place of the farthest new choice,
// unless its drop is covered (DropIsCovered) or it leads to an element on its way out. A plain overwrite cut
// off elements whose only in-link it was: under raw inner product, where everything links to the few elements
// of largest norm, 0.2-2 % of the rows of some rounds of TAP 012. After kMaxReplaceAttempts lost races the
// list stays as it was, minus its links to elements on their way out: vacuum frees those elements next, so
// that write is retried until it lands (every lost race is another writer's progress).
template <typename Graph>
void
WriteOwnListGuarded(Graph &graph, typename Graph::NodeId node, int layer, std::size_t max_neighbors,
                    std::span<const typename Graph::NodeId> chosen, InsertScratch<typename Graph::NodeId> &scratch)
{
	using NodeId = typename Graph::NodeId;
	const auto holds = [](const std::pmr::vector<NodeId> &list, NodeId id) {
		return std::find(list.begin(), list.end(), id) != list.end();
	};
	for (int attempt = 0; attempt < kMaxReplaceAttempts; attempt++) {
		graph.CopyNeighbors(node, layer, &scratch.expected);
		scratch.neighbors.assign(chosen.begin(), chosen.end());
		// Keeping one link can take the place of a choice that covered another's drop: check again until
		// nothing changes (each round keeps one more old link, so at most a list's length of rounds).
		for (bool changed = true; changed;) {
			changed = false;
			for (const NodeId old : scratch.expected) {
				if (!graph.Linkable(old) || holds(scratch.neighbors, old) ||
				    DropIsCovered(graph, layer, node, old, std::span<const NodeId>(scratch.neighbors), scratch))
					continue;
				if (scratch.neighbors.size() < max_neighbors) {
					scratch.neighbors.push_back(old);
				} else {
					// The farthest new choice gives way (never an old link: its drop was not checked).
					auto place = std::find_if(scratch.neighbors.rbegin(), scratch.neighbors.rend(),
					                          [&](NodeId id) { return !holds(scratch.expected, id); });
					if (place == scratch.neighbors.rend())
						continue; // only old links left: impossible, expected holds at most max_neighbors
					*place = old;
				}
				changed = true;
			}
		}
		if (graph.ReplaceNeighbors(node, layer, scratch.expected, scratch.neighbors))
			return;
	}
	for (;;) {
		graph.CopyNeighbors(node, layer, &scratch.expected);
		scratch.neighbors.assign(scratch.expected.begin(), scratch.expected.end());
		std::erase_if(scratch.neighbors, [&](NodeId id) { return !graph.Linkable(id); });
		if (scratch.neighbors.size() == scratch.expected.size() ||
		    graph.ReplaceNeighbors(node, layer, scratch.expected, scratch.neighbors))
			return;
	}
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
				    !DropIsCovered(graph, layer, neighbor.id, entry.id, std::span<const NodeId>(scratch.neighbors),
				                   scratch))
					return ForceBackLinkGuarded(graph, neighbor.id, node, layer, max_neighbors, ForcedDrop::kCovered,
					                            scratch, kMaxCoverQuestions);
			}
		}
		if (graph.ReplaceNeighbors(neighbor.id, layer, scratch.expected, scratch.neighbors))
			return true;
	}
	return false;
}

} // namespace vecsearch::hnsw
