// The iterative search behind iterative index scans: batch after batch returns every node once and never
// measures a node twice, its first batch is the plain search's answer, later batches stay near the true order,
// and draining returns what was measured, nearest first.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory_resource>
#include <set>
#include <vector>

#include "core/hnsw/in_memory_graph.hpp"
#include "core/hnsw/iterative_search.hpp"
#include "hnsw_test_support.hpp"

namespace vecsearch::hnsw {
namespace {

struct Fixture {
	static constexpr std::size_t kDims = 16;
	static constexpr std::size_t kRows = 3000;
	std::vector<float> base = RandomVectors(kRows, kDims, 71);
	std::vector<float> query = RandomVectors(1, kDims, 72);
	simd::PairKernel distance = Kernels().l2_squared;
	InMemoryGraph graph{kDims, Params{}, distance, std::pmr::new_delete_resource()};

	DenseVisitedSet visited{std::pmr::new_delete_resource()};
	IterativeSearch<InMemoryGraph::NodeId> search{std::pmr::new_delete_resource()};

	Fixture()
	{
		GraphBuilder builder(&graph, 5, std::pmr::new_delete_resource());
		for (std::size_t row = 0; row < kRows; row++)
			builder.Insert({base.data() + row * kDims, kDims});
		builder.LinkUnreachableNodes();
	}

	InMemoryGraph::NodeId Entry() const { return *graph.EntryPoint(); }
	void Start(std::size_t ef) { search.Start(graph, query.data(), Entry(), graph.Level(Entry()), ef, visited); }
};

TEST(HnswIterativeSearch, BatchesReturnEveryNodeOnceAndMeasureEachOnce)
{
	Fixture f;
	auto &search = f.search;
	const auto entry = f.Entry();
	f.Start(40);

	// The first batch is exactly the plain search's answer.
	SearchScratch<InMemoryGraph::NodeId> plain(std::pmr::new_delete_resource());
	DenseVisitedSet plain_visited(std::pmr::new_delete_resource());
	SearchKnn(f.graph, f.query.data(), entry, f.graph.Level(entry), 40, plain_visited, plain);
	ASSERT_EQ(search.Found().size(), plain.found.size());
	for (std::size_t i = 0; i < plain.found.size(); i++)
		EXPECT_EQ(search.Found()[i].id, plain.found[i].id);

	std::vector<InMemoryGraph::NodeId> order;
	std::set<InMemoryGraph::NodeId> returned;
	for (std::size_t batches = 0;; batches++) {
		ASSERT_LT(batches, Fixture::kRows) << "the batches never end";
		for (std::size_t i = 0; i < search.Found().size(); i++) {
			EXPECT_TRUE(returned.insert(search.Found()[i].id).second) << "node returned twice";
			order.push_back(search.Found()[i].id);
			if (i > 0) { // nearest first within a batch
				EXPECT_LE(search.Found()[i - 1].distance, search.Found()[i].distance);
			}
		}
		if (search.Exhausted())
			break;
		search.Resume(f.graph, f.query.data(), 40, f.visited);
	}
	EXPECT_EQ(returned.size(), Fixture::kRows) << "every node of a connected graph comes out";
	// Every node measured once (the upper layers' greedy descent measures a few more).
	EXPECT_GE(search.Measured(), Fixture::kRows);
	EXPECT_LE(search.Measured(), Fixture::kRows + 400);

	// The order across batches is approximate but close: the first 200 returned hold most of the true 200.
	const std::vector<std::uint32_t> exact = BruteForce(f.base, Fixture::kDims, f.query.data(), 200, f.distance);
	const std::set<std::uint32_t> exact_set(exact.begin(), exact.end());
	const auto hits =
	    std::count_if(order.begin(), order.begin() + 200, [&](auto id) { return exact_set.count(id) > 0; });
	EXPECT_GE(hits, 190);
}

TEST(HnswIterativeSearch, DrainReturnsWhatWasMeasuredNearestFirstWithoutSearching)
{
	Fixture f;
	auto &search = f.search;
	f.Start(10);
	const std::size_t measured = search.Measured();
	std::size_t drained = search.Found().size();
	float previous = -1.0f;
	while (!search.Exhausted()) {
		search.Drain(f.graph, 7);
		ASSERT_FALSE(search.Found().empty());
		for (const auto &found : search.Found()) {
			EXPECT_GE(found.distance, previous);
			previous = found.distance;
		}
		drained += search.Found().size();
	}
	EXPECT_EQ(search.Measured(), measured) << "draining measures nothing";
	// Everything measured on layer 0 comes out once; the upper layers' descent measured a few more.
	EXPECT_LE(drained, measured);
	EXPECT_GE(drained + 400, measured);
	EXPECT_GT(drained, 10u);
}

} // namespace
} // namespace vecsearch::hnsw
