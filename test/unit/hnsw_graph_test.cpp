// The HNSW core over the in-memory graph: parameters, level sampling, the queues and visited sets, graph
// invariants after a build, and recall against brute force on random and real data.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory_resource>
#include <random>
#include <set>
#include <vector>

#include "core/common/vecs_file.hpp"
#include "core/hnsw/in_memory_graph.hpp"
#include "core/simd/kernels.hpp"
#include "hnsw_test_support.hpp"

namespace vecsearch::hnsw {
namespace {

InMemoryGraph
Build(const std::vector<float> &base, std::size_t dims, const Params &params, simd::PairKernel distance)
{
	InMemoryGraph graph(dims, params, distance, std::pmr::new_delete_resource());
	GraphBuilder builder(&graph, 42, std::pmr::new_delete_resource());
	for (std::size_t row = 0; row * dims < base.size(); row++)
		builder.Insert({base.data() + row * dims, dims});
	builder.LinkUnreachableNodes();
	return graph;
}

// Mean recall@k of graph searches at `ef` over `queries`, against exact answers.
double
Recall(const InMemoryGraph &graph, const std::vector<float> &base, const std::vector<float> &queries, std::size_t dims,
       std::size_t k, std::size_t ef, simd::PairKernel distance)
{
	DenseVisitedSet visited(std::pmr::new_delete_resource());
	SearchScratch<InMemoryGraph::NodeId> scratch(std::pmr::new_delete_resource());
	std::pmr::vector<Candidate<InMemoryGraph::NodeId>> found;
	std::size_t hits = 0;
	const std::size_t query_count = queries.size() / dims;
	for (std::size_t q = 0; q < query_count; q++) {
		const float *query = queries.data() + q * dims;
		SearchInMemory(graph, query, k, ef, visited, scratch, &found);
		const std::vector<std::uint32_t> exact = BruteForce(base, dims, query, k, distance);
		for (const auto &result : found)
			hits += static_cast<std::size_t>(std::count(exact.begin(), exact.end(), result.id));
	}
	return static_cast<double>(hits) / static_cast<double>(query_count * k);
}

TEST(HnswParams, ValidatesPgvectorRanges)
{
	EXPECT_TRUE(ValidateParams(Params{}).ok());
	EXPECT_FALSE(ValidateParams(Params{1, 64}).ok());
	EXPECT_FALSE(ValidateParams(Params{101, 1000}).ok());
	EXPECT_FALSE(ValidateParams(Params{16, 3}).ok());
	EXPECT_FALSE(ValidateParams(Params{16, 1001}).ok());
	EXPECT_STREQ(ValidateParams(Params{16, 31}).message(), "ef_construction must be greater than or equal to 2 * m");
	EXPECT_TRUE(ValidateParams(Params{16, 32}).ok());
	EXPECT_EQ(Params{}.MaxNeighbors(0), 32);
	EXPECT_EQ(Params{}.MaxNeighbors(3), 16);
}

TEST(HnswParams, LevelsFollowTheGeometricDistribution)
{
	const Params params;
	std::mt19937_64 random(7);
	std::vector<int> counts(kMaxLevel + 1);
	const int samples = 200000;
	for (int i = 0; i < samples; i++) {
		const double uniform = static_cast<double>((random() >> 11) + 1) * 0x1.0p-53;
		counts[static_cast<std::size_t>(SampleLevel(uniform, params.LevelMultiplier()))]++;
	}
	// P(level >= 1) = 1/m, P(level >= 2) = 1/m^2.
	const double at_least_one = 1.0 - static_cast<double>(counts[0]) / samples;
	EXPECT_NEAR(at_least_one, 1.0 / params.m, 0.005);
	EXPECT_EQ(SampleLevel(1.0, params.LevelMultiplier()), 0);
	EXPECT_EQ(SampleLevel(0.0, params.LevelMultiplier()), kMaxLevel);
	EXPECT_EQ(SampleLevel(1e-300, params.LevelMultiplier()), kMaxLevel);
}

TEST(HnswQueues, NearestFirstAndBoundedFarthestFirst)
{
	NearestFirstQueue<int> queue(std::pmr::new_delete_resource());
	BoundedResults<int> results(std::pmr::new_delete_resource());
	results.Reset(3);
	for (int i : {5, 1, 4, 2, 3}) {
		queue.Push({static_cast<float>(i), i});
		results.Push({static_cast<float>(i), i});
	}
	EXPECT_EQ(queue.Pop().id, 1);
	EXPECT_EQ(queue.Pop().id, 2);
	EXPECT_EQ(results.Size(), 3u);
	EXPECT_FLOAT_EQ(results.FarthestDistance(), 3.0f);
	EXPECT_FALSE(results.Accepts(3.5f));
	EXPECT_TRUE(results.Accepts(0.5f));
	std::pmr::vector<Candidate<int>> sorted;
	results.TakeSorted(&sorted);
	ASSERT_EQ(sorted.size(), 3u);
	EXPECT_EQ(sorted[0].id, 1);
	EXPECT_EQ(sorted[2].id, 3);
}

TEST(HnswVisitedSets, RememberUntilReset)
{
	DenseVisitedSet dense(std::pmr::new_delete_resource());
	dense.Reset(10);
	EXPECT_TRUE(dense.Insert(3));
	EXPECT_FALSE(dense.Insert(3));
	dense.Reset(10);
	EXPECT_TRUE(dense.Insert(3));

	HashVisitedSet hashed(std::pmr::new_delete_resource());
	hashed.Reset(4);
	std::set<std::uint64_t> reference;
	std::mt19937_64 random(3);
	for (int i = 0; i < 20000; i++) {
		const std::uint64_t key = random() % 5000;
		EXPECT_EQ(hashed.Insert(key), reference.insert(key).second);
	}
	hashed.Reset(4);
	EXPECT_TRUE(hashed.Insert(17));
}

TEST(HnswGraph, BuildKeepsStructuralInvariants)
{
	const std::size_t dims = 16;
	const std::vector<float> base = RandomVectors(3000, dims, 1);
	const Params params{8, 32};
	const InMemoryGraph graph = Build(base, dims, params, Kernels().l2_squared);
	ASSERT_EQ(graph.Size(), 3000u);
	ASSERT_TRUE(graph.EntryPoint().has_value());
	const int top = graph.Level(*graph.EntryPoint());
	for (InMemoryGraph::NodeId id = 0; id < graph.Size(); id++) {
		EXPECT_LE(graph.Level(id), top);
		for (int layer = 0; layer <= graph.Level(id); layer++) {
			const auto neighbors = graph.Neighbors(id, layer);
			EXPECT_LE(neighbors.size(), static_cast<std::size_t>(params.MaxNeighbors(layer)));
			std::set<InMemoryGraph::NodeId> unique(neighbors.begin(), neighbors.end());
			EXPECT_EQ(unique.size(), neighbors.size()) << "duplicate neighbour of " << id;
			for (InMemoryGraph::NodeId neighbor : neighbors) {
				EXPECT_NE(neighbor, id);
				EXPECT_GE(graph.Level(neighbor), layer) << "link to a node absent from layer " << layer;
			}
		}
	}
	// Every node is reachable from the entry point on layer 0.
	EXPECT_EQ(CountReachable(graph), graph.Size());
}

TEST(HnswGraph, FinalRepairLeavesNoNodeUnreachable)
{
	// A tiny m prunes many back-links, which is where unreachable nodes come from.
	const std::size_t dims = 8;
	const std::vector<float> base = RandomVectors(4000, dims, 5);
	InMemoryGraph graph(dims, Params{2, 4}, Kernels().l2_squared, std::pmr::new_delete_resource());
	GraphBuilder builder(&graph, 9, std::pmr::new_delete_resource());
	for (std::size_t row = 0; row * dims < base.size(); row++)
		builder.Insert({base.data() + row * dims, dims});
	const std::size_t before = CountReachable(graph);
	ASSERT_LT(before, graph.Size()) << "no node was cut off: this test would not see a repair that does nothing";
	const std::size_t relinked = builder.LinkUnreachableNodes();
	EXPECT_GT(relinked, 0u);
	EXPECT_EQ(CountReachable(graph), graph.Size());
	std::printf("unreachable before repair: %zu of %zu, relinked %zu\n", graph.Size() - before, graph.Size(), relinked);
}

// Raw inner product over vectors of unequal norms: a short vector is nobody's near neighbour, so pruning cuts
// off many nodes (795 of these 6,000), and a repair that gave up any link whose target had another in-link cut
// off groups that only link each other (436 still unreachable after it, measured 2026-12-06).
TEST(HnswGraph, FinalRepairLinksEveryNodeUnderRawInnerProduct)
{
	const std::size_t dims = 8;
	std::vector<float> base = RandomVectors(6000, dims, 31);
	InMemoryGraph graph(dims, Params{8, 32, kMaxLevel, false}, Kernels().negative_inner_product,
	                    std::pmr::new_delete_resource());
	GraphBuilder builder(&graph, 9, std::pmr::new_delete_resource());
	for (std::size_t row = 0; row * dims < base.size(); row++)
		builder.Insert({base.data() + row * dims, dims});
	const std::size_t before = CountReachable(graph);
	ASSERT_LT(before, graph.Size()) << "no node was cut off: this test would not see a repair that does nothing";
	builder.LinkUnreachableNodes();
	EXPECT_EQ(CountReachable(graph), graph.Size());
	std::printf("unreachable before repair: %zu of %zu, after: %zu\n", graph.Size() - before, graph.Size(),
	            graph.Size() - CountReachable(graph));
}

TEST(HnswGraph, RecallOnTenThousandRandomVectorsL2)
{
	const std::size_t dims = 32;
	const std::vector<float> base = RandomVectors(10000, dims, 11);
	const std::vector<float> queries = RandomVectors(200, dims, 12);
	const InMemoryGraph graph = Build(base, dims, Params{}, Kernels().l2_squared);
	const double recall = Recall(graph, base, queries, dims, 10, 100, Kernels().l2_squared);
	RecordProperty("recall_at_10_ef_100", std::to_string(recall));
	std::printf("recall@10 ef=100: %.4f  ef=10: %.4f\n", recall,
	            Recall(graph, base, queries, dims, 10, 10, Kernels().l2_squared));
	EXPECT_GE(recall, 0.99) << "recall@10 at ef 100";
}

TEST(HnswGraph, RecallWithInnerProductAndL1)
{
	const std::size_t dims = 24;
	std::vector<float> base = RandomVectors(5000, dims, 21);
	std::vector<float> queries = RandomVectors(100, dims, 22);
	// Cosine is inner product over unit vectors.
	for (std::vector<float> *set : {&base, &queries}) {
		for (std::size_t row = 0; row * dims < set->size(); row++) {
			float *v = set->data() + row * dims;
			float norm = 0;
			for (std::size_t i = 0; i < dims; i++)
				norm += v[i] * v[i];
			for (std::size_t i = 0; i < dims; i++)
				v[i] /= std::sqrt(norm);
		}
	}
	const InMemoryGraph ip = Build(base, dims, Params{}, Kernels().negative_inner_product);
	EXPECT_GE(Recall(ip, base, queries, dims, 10, 100, Kernels().negative_inner_product), 0.99);
	const InMemoryGraph l1 = Build(base, dims, Params{}, Kernels().l1);
	EXPECT_GE(Recall(l1, base, queries, dims, 10, 100, Kernels().l1), 0.99);
}

TEST(HnswGraph, RecallOnSift10k)
{
	const std::string dir = std::string(VECSEARCH_DATASETS_DIR) + "/sift-128-l2-10k";
	if (!std::filesystem::exists(dir + "/base.fvecs"))
		GTEST_SKIP() << "no data set at " << dir;
	VecsFile<float> base;
	VecsFile<float> queries;
	ASSERT_TRUE(ReadFvecs(dir + "/base.fvecs", 0, &base).ok());
	ASSERT_TRUE(ReadFvecs(dir + "/query.fvecs", 0, &queries).ok());
	const InMemoryGraph graph = Build(base.values, base.dims, Params{}, Kernels().l2_squared);
	EXPECT_GE(Recall(graph, base.values, queries.values, base.dims, 10, 100, Kernels().l2_squared), 0.99);
	EXPECT_GE(Recall(graph, base.values, queries.values, base.dims, 10, 40, Kernels().l2_squared), 0.95);
}

// InMemoryGraph seen without its selection cache: every full back-link list is re-selected from all pairwise
// distances, as the on-disk graph does.
class UncachedGraph : public InMemoryGraphView {
public:
	using InMemoryGraphView::InMemoryGraphView;
	template <typename F> void ForEachNeighbor(NodeId id, int layer, F f) const
	{
		graph_.ForEachNeighbor(id, layer, f);
	}
	void CopyNeighbors(NodeId id, int layer, std::pmr::vector<NodeId> *out) const
	{
		graph_.CopyNeighbors(id, layer, out);
	}
	void SetNeighbors(NodeId id, int layer, std::span<const NodeId> neighbors)
	{
		graph_.SetNeighbors(id, layer, neighbors);
	}
};
static_assert(InsertGraph<UncachedGraph> && !SelectionCacheGraph<UncachedGraph>);

std::size_t distance_calls = 0;
float
CountedL2(const float *a, const float *b, std::size_t n)
{
	distance_calls++;
	return Kernels().l2_squared(a, b, n);
}

// Inserts every row of `base` with levels from `seed`, linking through `view` (the graph or an adapter).
template <typename View>
void
InsertAll(InMemoryGraph &graph, View &view, const std::vector<float> &base, std::size_t dims, std::uint64_t seed)
{
	std::mt19937_64 random(seed);
	DenseVisitedSet visited(std::pmr::new_delete_resource());
	InsertScratch<InMemoryGraph::NodeId> scratch(std::pmr::new_delete_resource());
	for (std::size_t row = 0; row * dims < base.size(); row++) {
		const double uniform = static_cast<double>((random() >> 11) + 1) * 0x1.0p-53;
		const int level = std::min(SampleLevel(uniform, graph.GraphParams().LevelMultiplier()), kMaxLevel);
		const InMemoryGraph::NodeId node = graph.AddNode({base.data() + row * dims, dims}, level);
		const auto entry = graph.EntryPoint();
		if (InsertNode(view, node, entry.has_value(), entry.value_or(0), entry ? graph.Level(*entry) : -1,
		               graph.GraphParams(), visited, scratch))
			graph.SetEntryPoint(node);
	}
}

TEST(HnswGraph, CachedSelectionBuildsTheSameGraphWithFewerDistances)
{
	const std::size_t dims = 16;
	const std::vector<float> base = RandomVectors(4000, dims, 61);
	InMemoryGraph cached(dims, Params{8, 32}, CountedL2, std::pmr::new_delete_resource());
	InMemoryGraph uncached(dims, Params{8, 32}, CountedL2, std::pmr::new_delete_resource());
	distance_calls = 0;
	InsertAll(cached, cached, base, dims, 5);
	const std::size_t cached_calls = distance_calls;
	distance_calls = 0;
	UncachedGraph view(uncached);
	InsertAll(uncached, view, base, dims, 5);
	const std::size_t uncached_calls = distance_calls;
	std::printf("distances computed while building 4000 nodes: %zu with the selection cache, %zu without\n",
	            cached_calls, uncached_calls);
	EXPECT_LT(cached_calls, uncached_calls);
	ASSERT_EQ(cached.Size(), uncached.Size());
	EXPECT_EQ(*cached.EntryPoint(), *uncached.EntryPoint());
	std::size_t differing = 0;
	for (InMemoryGraph::NodeId id = 0; id < cached.Size(); id++) {
		for (int layer = 0; layer <= cached.Level(id); layer++) {
			const auto a = cached.Neighbors(id, layer);
			const auto b = uncached.Neighbors(id, layer);
			differing += std::equal(a.begin(), a.end(), b.begin(), b.end()) ? 0 : 1;
		}
	}
	EXPECT_EQ(differing, 0u) << "neighbour lists that differ between the cached and the uncached build";
}

TEST(HnswGraph, EmptyAndSingleNodeGraphs)
{
	InMemoryGraph graph(4, Params{}, Kernels().l2_squared, std::pmr::new_delete_resource());
	DenseVisitedSet visited(std::pmr::new_delete_resource());
	SearchScratch<InMemoryGraph::NodeId> scratch(std::pmr::new_delete_resource());
	std::pmr::vector<Candidate<InMemoryGraph::NodeId>> found;
	const float query[4] = {0, 0, 0, 0};
	SearchInMemory(graph, query, 5, 40, visited, scratch, &found);
	EXPECT_TRUE(found.empty());
	GraphBuilder builder(&graph, 1, std::pmr::new_delete_resource());
	const float one[4] = {1, 1, 1, 1};
	builder.Insert(one);
	SearchInMemory(graph, query, 5, 40, visited, scratch, &found);
	ASSERT_EQ(found.size(), 1u);
	EXPECT_FLOAT_EQ(found[0].distance, 4.0f);
}

} // namespace
} // namespace vecsearch::hnsw
