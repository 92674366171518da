// A search that goes on past its first ef results, for iterative index scans (pgvector's
// hnsw.iterative_scan): the first batch is K-NN-SEARCH (Malkov & Yashunin, Algorithm 5) whose layer-0 pass keeps
// every node it measured but did not return; each later batch starts SEARCH-LAYER again from the nearest of
// those, with the visited set kept, so no node is measured or returned twice. When the caller's budget (nodes
// measured, memory) is spent, the rest comes out of what was already measured, nearest first, without another
// graph step. Results of one batch come nearest first; across batches the order is only approximate.
//
// Filtered (a FilteringGraph whose filter is set, a scan with conditions on filter columns): every batch
// returns only nodes that pass the filter, routing through the others (search.hpp), and the work of every
// batch, the first included, is bounded by SetBudget.
#pragma once

#include <algorithm>
#include <cstddef>
#include <memory_resource>
#include <span>
#include <vector>

#include "core/hnsw/candidates.hpp"
#include "core/hnsw/search.hpp"

namespace vecsearch::hnsw {

template <typename NodeId> class IterativeSearch {
public:
	explicit IterativeSearch(std::pmr::memory_resource *memory) : scratch_(memory), discarded_(memory), entry_(memory)
	{
	}

	// The first batch: the ef nearest nodes found from the entry point, into Found(). Without `resumable` it
	// is a plain search that keeps nothing for later batches (and costs nothing more than one).
	template <typename Graph, typename Visited>
	void Start(Graph &graph, const void *query, NodeId entry_point, int entry_level, std::size_t ef, Visited &visited,
	           bool resumable = true, bool filtered = false)
	{
		discarded_.Clear();
		scratch_.pending_routers.clear();
		scratch_.links_seen = scratch_.links_may_match = 0;
		scratch_.two_hop_measured = scratch_.two_hop_matching = 0;
		filtered_ = filtered;
		scratch_.distance_count = 1; // the entry point
		// Layer 0's visited set is kept from here on: later batches must not measure a node again.
		SearchKnn(graph, query, entry_point, entry_level, ef, visited, scratch_, resumable ? &discarded_ : nullptr,
		          filtered);
	}

	// No batch expands another node once this many were measured (the rest then comes from Drain).
	void SetBudget(std::size_t max_measured) noexcept { scratch_.distance_budget = max_measured; }
	// About how many nodes the graph holds (a filtered walk tells from it when matching nodes are few).
	void SetGraphSize(std::size_t nodes) noexcept { scratch_.graph_size = nodes; }

	// The next batch: up to ef nodes, from a layer-0 search seeded with the ef nearest nodes measured so far and
	// not yet returned. Empty when there are none left.
	template <typename Graph, typename Visited>
	void Resume(Graph &graph, const void *query, std::size_t ef, Visited &visited)
	{
		entry_.clear();
		while (entry_.size() < ef && !discarded_.Empty())
			entry_.push_back(discarded_.Pop());
		scratch_.found.clear();
		if (entry_.empty())
			return;
		SearchLayer(graph, query, std::span<const Candidate<NodeId>>(entry_), 0, ef, visited, scratch_, &discarded_,
		            filtered_);
	}

	// The next batch without a graph step: up to `count` of the nodes measured and not yet returned (that pass
	// the filter), nearest first.
	template <typename Graph> void Drain(Graph &graph, std::size_t count)
	{
		scratch_.found.clear();
		while (scratch_.found.size() < count && !discarded_.Empty()) {
			const Candidate<NodeId> next = discarded_.Pop();
			if (PassesFilter(graph, next.id, filtered_))
				scratch_.found.push_back(next);
		}
	}

	const std::pmr::vector<Candidate<NodeId>> &Found() const noexcept { return scratch_.found; }
	// Nodes measured so far (pgvector counts these against hnsw.max_scan_tuples).
	std::size_t Measured() const noexcept { return scratch_.distance_count; }
	// Whether nothing measured is left to return or route through: no later batch can find anything.
	bool Exhausted() const noexcept { return discarded_.Empty(); }
	// Whether the budget (SetBudget) is spent: only Drain can give more.
	bool OverBudget() const noexcept { return scratch_.distance_count >= scratch_.distance_budget; }

private:
	SearchScratch<NodeId> scratch_;
	NearestFirstQueue<NodeId> discarded_;
	bool filtered_ = false;
	std::pmr::vector<Candidate<NodeId>> entry_;
};

} // namespace vecsearch::hnsw
