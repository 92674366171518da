// The shared graph that parallel index builds fill: several threads inserting at once must give a graph with
// the serial build's invariants and recall, and a full graph must say so instead of writing past its end.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <memory_resource>
#include <set>
#include <thread>
#include <vector>

#include "core/hnsw/in_memory_graph.hpp"
#include "core/hnsw/shared_graph.hpp"
#include "hnsw_test_support.hpp"

namespace vecsearch::hnsw {
namespace {

// A 64-byte aligned region, as shared memory would be.
struct Region {
	explicit Region(std::size_t bytes) : storage(new std::max_align_t[bytes / sizeof(std::max_align_t) + 8]) {}
	void *Aligned() const
	{
		auto address = reinterpret_cast<std::uintptr_t>(storage.get());
		return reinterpret_cast<void *>((address + 63) & ~std::uintptr_t{63});
	}
	std::unique_ptr<std::max_align_t[]> storage;
};

// Inserts `base`'s rows from `threads` threads (row i by thread i % threads); returns the failed inserts.
std::size_t
InsertConcurrently(void *region, const std::vector<float> &base, std::size_t dims, std::size_t threads,
                   simd::PairKernel distance)
{
	std::atomic<std::size_t> failed{0};
	std::vector<std::thread> workers;
	for (std::size_t t = 0; t < threads; t++) {
		workers.emplace_back([&, t] {
			SharedGraph graph(region, distance);
			SharedGraphBuilder builder(&graph, 1000 + t, std::pmr::new_delete_resource());
			for (std::size_t row = t; row * dims < base.size(); row += threads) {
				if (!builder.Insert({base.data() + row * dims, dims}))
					failed++;
			}
		});
	}
	for (std::thread &worker : workers)
		worker.join();
	return failed.load();
}

double
SharedRecall(SharedGraph &graph, const std::vector<float> &base, const std::vector<float> &queries, std::size_t dims,
             std::size_t k, std::size_t ef, simd::PairKernel distance)
{
	DenseVisitedSet visited(std::pmr::new_delete_resource());
	SearchScratch<SharedGraph::NodeId> scratch(std::pmr::new_delete_resource());
	std::size_t hits = 0;
	const std::size_t query_count = queries.size() / dims;
	const SharedGraph::Entry entry = *graph.LoadEntry();
	for (std::size_t q = 0; q < query_count; q++) {
		const float *query = queries.data() + q * dims;
		SearchKnn(graph, query, entry.id, entry.level, ef, visited, scratch);
		const std::vector<std::uint32_t> exact = BruteForce(base, dims, query, k, distance);
		for (std::size_t i = 0; i < k && i < scratch.found.size(); i++) {
			// Node ids follow insertion order across threads, not row order: compare by vector.
			const auto *found = static_cast<const float *>(graph.Vector(scratch.found[i].id));
			for (std::uint32_t row : exact)
				hits += std::equal(found, found + dims, base.data() + row * dims) ? 1 : 0;
		}
	}
	return static_cast<double>(hits) / static_cast<double>(query_count * k);
}

TEST(HnswSharedGraph, FourThreadsBuildAGraphAsGoodAsOne)
{
	const std::size_t dims = 32;
	const std::size_t rows = 10000;
	const std::vector<float> base = RandomVectors(rows, dims, 31);
	const std::vector<float> queries = RandomVectors(200, dims, 32);
	const Params params{};
	const simd::PairKernel distance = Kernels().l2_squared;
	Region region(SharedGraph::RegionBytes(rows, dims, params));
	SharedGraph::Initialize(region.Aligned(), rows, dims, params);
	ASSERT_EQ(InsertConcurrently(region.Aligned(), base, dims, 4, distance), 0u);

	SharedGraph graph(region.Aligned(), distance);
	ASSERT_EQ(graph.Size(), rows);
	EXPECT_FALSE(graph.Overflowed());
	SharedGraphBuilder repair(&graph, 7, std::pmr::new_delete_resource());
	const std::size_t relinked = repair.LinkUnreachableNodes();
	EXPECT_EQ(CountReachable(graph), rows);

	// The serial build's invariants: bounded, duplicate-free lists of nodes present on the layer, the entry
	// point on the top layer, and every vector stored once.
	const int top = graph.Level(*graph.EntryPoint());
	std::set<std::vector<float>> vectors;
	for (SharedGraph::NodeId id = 0; id < graph.Size(); id++) {
		EXPECT_LE(graph.Level(id), top);
		vectors.emplace(static_cast<const float *>(graph.Vector(id)),
		                static_cast<const float *>(graph.Vector(id)) + dims);
		for (int layer = 0; layer <= graph.Level(id); layer++) {
			const auto neighbors = graph.Neighbors(id, layer);
			EXPECT_LE(neighbors.size(), static_cast<std::size_t>(params.MaxNeighbors(layer)));
			EXPECT_EQ(std::set<SharedGraph::NodeId>(neighbors.begin(), neighbors.end()).size(), neighbors.size());
			for (SharedGraph::NodeId neighbor : neighbors) {
				EXPECT_NE(neighbor, id);
				EXPECT_GE(graph.Level(neighbor), layer);
			}
		}
	}
	EXPECT_EQ(vectors.size(), rows);

	const double shared = SharedRecall(graph, base, queries, dims, 10, 100, distance);
	InMemoryGraph serial(dims, params, distance, std::pmr::new_delete_resource());
	GraphBuilder builder(&serial, 42, std::pmr::new_delete_resource());
	for (std::size_t row = 0; row < rows; row++)
		builder.Insert({base.data() + row * dims, dims});
	builder.LinkUnreachableNodes();
	DenseVisitedSet visited(std::pmr::new_delete_resource());
	SearchScratch<InMemoryGraph::NodeId> scratch(std::pmr::new_delete_resource());
	std::pmr::vector<Candidate<InMemoryGraph::NodeId>> found;
	std::size_t hits = 0;
	for (std::size_t q = 0; q * dims < queries.size(); q++) {
		SearchInMemory(serial, queries.data() + q * dims, 10, 100, visited, scratch, &found);
		const std::vector<std::uint32_t> exact = BruteForce(base, dims, queries.data() + q * dims, 10, distance);
		for (const auto &result : found)
			hits += static_cast<std::size_t>(std::count(exact.begin(), exact.end(), result.id));
	}
	const double serial_recall = static_cast<double>(hits) / static_cast<double>(queries.size() / dims * 10);
	std::printf("recall@10 ef=100: 4 threads %.4f, serial %.4f; relinked after the threads: %zu\n", shared,
	            serial_recall, relinked);
	EXPECT_GE(shared, 0.99);
	EXPECT_GE(shared, serial_recall - 0.005);
}

// Collinear vectors at a small m, inserted in contiguous runs by two builders (as a parallel heap scan hands out
// blocks): the repair must leave every node reachable on layer 0.
TEST(HnswSharedGraph, TwoBuildersOnALineLeaveEveryNodeReachable)
{
	const std::size_t dims = 8;
	const std::size_t rows = 20000;
	std::vector<float> base(rows * dims);
	for (std::size_t row = 0; row < rows; row++)
		std::fill(base.begin() + static_cast<std::ptrdiff_t>(row * dims),
		          base.begin() + static_cast<std::ptrdiff_t>((row + 1) * dims), static_cast<float>(row + 1));
	Params params{};
	params.m = 4;
	params.ef_construction = 8;
	const simd::PairKernel distance = Kernels().l2_squared;
	Region region(SharedGraph::RegionBytes(rows, dims, params));
	SharedGraph::Initialize(region.Aligned(), rows, dims, params);
	std::vector<std::thread> workers;
	for (std::size_t t = 0; t < 2; t++) {
		workers.emplace_back([&, t] {
			SharedGraph graph(region.Aligned(), distance);
			SharedGraphBuilder builder(&graph, 1000 + t, std::pmr::new_delete_resource());
			for (std::size_t chunk = t; chunk * 256 < rows; chunk += 2) {
				for (std::size_t row = chunk * 256; row < std::min(rows, (chunk + 1) * 256); row++)
					ASSERT_TRUE(builder.Insert({base.data() + row * dims, dims}));
			}
		});
	}
	for (std::thread &worker : workers)
		worker.join();
	SharedGraph graph(region.Aligned(), distance);
	SharedGraphBuilder repair(&graph, 7, std::pmr::new_delete_resource());
	const std::size_t before = CountReachable(graph);
	const std::size_t relinked = repair.LinkUnreachableNodes();
	// Before the repair learnt to search through reachable nodes only: 510 of 20,000 reachable after it.
	std::printf("reachable before the repair: %zu of %zu; relinked %zu\n", before, rows, relinked);
	EXPECT_EQ(CountReachable(graph), rows);
}

TEST(HnswSharedGraph, AFullGraphRefusesInsteadOfOverrunning)
{
	const std::size_t dims = 8;
	const std::vector<float> base = RandomVectors(150, dims, 41);
	const Params params{4, 16};
	const std::size_t capacity = 100;
	const std::size_t bytes = SharedGraph::RegionBytes(capacity, dims, params);
	// A guard zone after the region: nothing may be written there.
	Region region(bytes + 4096);
	auto *guard = static_cast<unsigned char *>(region.Aligned()) + bytes;
	std::fill(guard, guard + 4096, 0xA5);
	SharedGraph::Initialize(region.Aligned(), capacity, dims, params);
	EXPECT_EQ(InsertConcurrently(region.Aligned(), base, dims, 2, Kernels().l2_squared), 50u);
	SharedGraph graph(region.Aligned(), Kernels().l2_squared);
	EXPECT_TRUE(graph.Overflowed());
	EXPECT_EQ(graph.Size(), capacity);
	EXPECT_TRUE(std::all_of(guard, guard + 4096, [](unsigned char byte) { return byte == 0xA5; }));
}

TEST(HnswSharedGraph, FirstInsertsRaceForTheEntryPoint)
{
	// Many threads, few rows each: the empty-graph race happens on every run.
	const std::size_t dims = 4;
	for (int round = 0; round < 20; round++) {
		const std::vector<float> base = RandomVectors(64, dims, 50 + static_cast<std::uint64_t>(round));
		const Params params{4, 16};
		Region region(SharedGraph::RegionBytes(64, dims, params));
		SharedGraph::Initialize(region.Aligned(), 64, dims, params);
		ASSERT_EQ(InsertConcurrently(region.Aligned(), base, dims, 8, Kernels().l2_squared), 0u);
		SharedGraph graph(region.Aligned(), Kernels().l2_squared);
		// Before any repair: a lost race for the first entry point (two inserts each taking themselves for the
		// first) would leave a node linked to nobody, not even by its own list; the repair would hide it. (A
		// node whose in-links pruning took, which happens now and then at m 4, still has its own list.)
		for (SharedGraph::NodeId id = 0; id < 64; id++)
			ASSERT_FALSE(graph.Neighbors(id, 0).empty()) << "round " << round << ", node " << id;
		SharedGraphBuilder repair(&graph, 7, std::pmr::new_delete_resource());
		repair.LinkUnreachableNodes();
		EXPECT_EQ(CountReachable(graph), 64u) << "round " << round;
	}
}

} // namespace
} // namespace vecsearch::hnsw
