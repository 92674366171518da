// WidenToNeighborCandidates: an insert's narrow search for an identical vector, widened to ef_construction,
// measures no node twice and finds neighbour candidates as near as a search that was wide from the start.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory_resource>
#include <set>
#include <span>
#include <vector>

#include "core/hnsw/in_memory_graph.hpp"
#include "core/hnsw/insert.hpp"
#include "hnsw_test_support.hpp"

namespace vecsearch::hnsw {
namespace {

// The search concept over an InMemoryGraph, remembering every node it measures.
class MeasuringGraph {
public:
	using NodeId = InMemoryGraph::NodeId;
	explicit MeasuringGraph(const InMemoryGraph &graph) : graph_(graph) {}

	float Distance(const void *query, NodeId id)
	{
		measured.push_back(id);
		return graph_.Distance(query, id);
	}
	void Distances(const void *query, std::span<const NodeId> ids, float *out)
	{
		measured.insert(measured.end(), ids.begin(), ids.end());
		graph_.Distances(query, ids, out);
	}
	template <typename F> void ForEachNeighbor(NodeId id, int layer, F f) const
	{
		for (NodeId neighbor : graph_.Neighbors(id, layer))
			f(neighbor);
	}
	NodeId VisitKey(NodeId id) const { return id; }
	std::size_t VisitCapacityHint() const { return graph_.Size(); }

	std::vector<NodeId> measured;

private:
	const InMemoryGraph &graph_;
};
static_assert(SearchGraph<MeasuringGraph>);

struct Fixture {
	static constexpr std::size_t kDims = 24;
	static constexpr std::size_t kRows = 4000;
	std::vector<float> base = RandomVectors(kRows, kDims, 91);
	simd::PairKernel distance = Kernels().l2_squared;
	InMemoryGraph graph{kDims, Params{}, distance, std::pmr::new_delete_resource()};

	Fixture()
	{
		GraphBuilder builder(&graph, 7, std::pmr::new_delete_resource());
		for (std::size_t row = 0; row < kRows; row++)
			builder.Insert({base.data() + row * kDims, kDims});
	}
};

std::size_t
Hits(std::span<const Candidate<InMemoryGraph::NodeId>> found, const std::vector<std::uint32_t> &exact)
{
	const std::set<std::uint32_t> wanted(exact.begin(), exact.end());
	return static_cast<std::size_t>(std::count_if(
	    found.begin(), found.end(), [&](const auto &candidate) { return wanted.count(candidate.id) > 0; }));
}

TEST(HnswWidenSearch, MeasuresNoNodeTwiceAndFindsWhatAWideSearchFinds)
{
	Fixture f;
	const std::vector<float> queries = RandomVectors(100, Fixture::kDims, 92);
	Params params;
	params.ef_construction = 64;
	std::size_t widened_hits = 0;
	std::size_t wide_hits = 0;
	std::size_t widened_measured = 0;
	std::size_t wide_measured = 0;
	for (std::size_t q = 0; q < 100; q++) {
		const float *query = queries.data() + q * Fixture::kDims;
		const auto entry = *f.graph.EntryPoint();
		const auto exact = BruteForce(f.base, Fixture::kDims, query, 32, f.distance);

		MeasuringGraph narrow_then_widened(f.graph);
		DenseVisitedSet visited(std::pmr::new_delete_resource());
		InsertScratch<InMemoryGraph::NodeId> scratch(std::pmr::new_delete_resource());
		SearchKnn(narrow_then_widened, query, entry, f.graph.Level(entry), 16, visited, scratch.search,
		          &scratch.measured);
		ASSERT_EQ(scratch.search.found.size(), 16u);
		WidenToNeighborCandidates(narrow_then_widened, query, params, visited, scratch);
		const auto &widened = scratch.layers.front();
		ASSERT_EQ(widened.size(), 64u);
		EXPECT_TRUE(std::is_sorted(widened.begin(), widened.end(),
		                           [](const auto &a, const auto &b) { return a.distance < b.distance; }));
		// Layer 0 measures each node once; the greedy descent above it measured a few of them already.
		std::vector<InMemoryGraph::NodeId> measured = narrow_then_widened.measured;
		const std::size_t upper =
		    measured.size() - std::set<InMemoryGraph::NodeId>(measured.begin(), measured.end()).size();
		EXPECT_LE(upper, static_cast<std::size_t>(f.graph.Level(entry)) * 2 * 16 + 1) << "query " << q;

		MeasuringGraph wide(f.graph);
		DenseVisitedSet wide_visited(std::pmr::new_delete_resource());
		SearchScratch<InMemoryGraph::NodeId> wide_scratch(std::pmr::new_delete_resource());
		SearchKnn(wide, query, entry, f.graph.Level(entry), 64, wide_visited, wide_scratch);

		widened_hits += Hits(widened, exact);
		wide_hits += Hits(wide_scratch.found, exact);
		widened_measured += narrow_then_widened.measured.size();
		wide_measured += wide.measured.size();
	}
	// As near as the wide search (the same best-first search, from more starting points) ...
	EXPECT_GE(widened_hits + widened_hits / 100, wide_hits);
	EXPECT_GT(widened_hits, 100u * 30u);
	// ... for about what it costs: what the narrow search measured is not measured again.
	EXPECT_LE(widened_measured, wide_measured + wide_measured / 10);
}

TEST(HnswWidenSearch, ANarrowSearchAsWideAsNeededIsKept)
{
	Fixture f;
	const std::vector<float> query = RandomVectors(1, Fixture::kDims, 93);
	Params params;
	params.ef_construction = 40;
	const auto entry = *f.graph.EntryPoint();
	DenseVisitedSet visited(std::pmr::new_delete_resource());
	InsertScratch<InMemoryGraph::NodeId> scratch(std::pmr::new_delete_resource());
	SearchKnn(f.graph, query.data(), entry, f.graph.Level(entry), 50, visited, scratch.search, &scratch.measured);
	const auto narrow = scratch.search.found;
	WidenToNeighborCandidates(f.graph, query.data(), params, visited, scratch);
	ASSERT_EQ(scratch.layers.front().size(), 40u);
	for (std::size_t i = 0; i < 40; i++)
		EXPECT_EQ(scratch.layers.front()[i].id, narrow[i].id);
}

} // namespace
} // namespace vecsearch::hnsw
