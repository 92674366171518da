// Inserts from several threads into one graph through the compare-and-write path of insert.hpp
// (kConcurrentWriters), the way backends insert into the index on disk: each thread searches and links
// without any lock over the graph, and a list changes only if it still is what the writer read.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <memory_resource>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "core/hnsw/in_memory_graph.hpp"
#include "core/hnsw/insert.hpp"
#include "core/hnsw/visited_set.hpp"
#include "hnsw_test_support.hpp"

namespace vecsearch::hnsw {
namespace {

// An InMemoryGraph seen as the disk sees it: every list read or written whole under its node's mutex (a
// page's content lock), no selection cache, and ReplaceNeighbors as the only safe read-modify-write.
class ConcurrentView : public InMemoryGraphView {
public:
	explicit ConcurrentView(InMemoryGraph &graph, simd::PairKernel cover = nullptr)
	    : InMemoryGraphView(graph, cover), locks_(graph.Size())
	{
	}

	template <typename F> void ForEachNeighbor(NodeId id, int layer, F f)
	{
		std::pmr::vector<NodeId> copy(std::pmr::new_delete_resource());
		CopyNeighbors(id, layer, &copy);
		for (NodeId neighbor : copy)
			f(neighbor);
	}
	void CopyNeighbors(NodeId id, int layer, std::pmr::vector<NodeId> *out)
	{
		std::lock_guard<std::mutex> lock(locks_[id]);
		graph_.CopyNeighbors(id, layer, out);
	}
	void SetNeighbors(NodeId id, int layer, std::span<const NodeId> neighbors)
	{
		std::lock_guard<std::mutex> lock(locks_[id]);
		graph_.SetNeighbors(id, layer, neighbors);
	}
	bool ReplaceNeighbors(NodeId id, int layer, std::span<const NodeId> expected, std::span<const NodeId> next)
	{
		std::lock_guard<std::mutex> lock(locks_[id]);
		const std::span<const NodeId> current = graph_.Neighbors(id, layer);
		if (!std::equal(current.begin(), current.end(), expected.begin(), expected.end())) {
			lost_races_++;
			return false;
		}
		graph_.SetNeighbors(id, layer, next);
		return true;
	}

	std::size_t LostRaces() const { return lost_races_.load(); }

private:
	std::vector<std::mutex> locks_;
	std::atomic<std::size_t> lost_races_{0};
};

static_assert(ConcurrentWritersGraph<ConcurrentView> && !SelectionCacheGraph<ConcurrentView>);

// Clustered 8-d data: dense neighbourhoods make lists overflow and re-select all the time, where an element
// inserted by one thread is easily cut off by another thread's re-selection.
std::vector<float>
ClusteredVectors(std::size_t rows, std::size_t dims, float spread_sigma, std::uint64_t seed)
{
	std::mt19937_64 random(seed);
	std::normal_distribution<float> spread(0.0f, spread_sigma);
	const std::vector<float> centres = RandomVectors(64, dims, seed + 1);
	std::vector<float> values(rows * dims);
	for (std::size_t row = 0; row < rows; row++) {
		const std::size_t centre = random() % 64;
		for (std::size_t i = 0; i < dims; i++)
			values[row * dims + i] = centres[centre * dims + i] + spread(random);
	}
	return values;
}

struct Outcome {
	std::size_t reachable;
	double recall;
	std::size_t lost_races;
};

struct Workload {
	std::vector<float> base;
	std::vector<float> queries;
	std::size_t dims;
	Params params;
	simd::PairKernel distance;
	std::size_t ef_search;
	simd::PairKernel cover = nullptr; // the cover rule's metric when `distance` is not one (raw inner product)
};

// Recall@10 of `graph` at the workload's ef_search against brute force.
double
RecallAt10(const InMemoryGraph &graph, const Workload &work)
{
	DenseVisitedSet visited(std::pmr::new_delete_resource());
	SearchScratch<InMemoryGraph::NodeId> scratch(std::pmr::new_delete_resource());
	std::pmr::vector<Candidate<InMemoryGraph::NodeId>> found(std::pmr::new_delete_resource());
	const std::size_t queries = work.queries.size() / work.dims;
	std::size_t hits = 0;
	for (std::size_t q = 0; q < queries; q++) {
		const float *query = work.queries.data() + q * work.dims;
		SearchInMemory(graph, query, 10, work.ef_search, visited, scratch, &found);
		const std::vector<std::uint32_t> truth = BruteForce(work.base, work.dims, query, 10, work.distance);
		for (const auto &candidate : found)
			hits += static_cast<std::size_t>(std::count(truth.begin(), truth.end(), candidate.id));
	}
	return static_cast<double>(hits) / static_cast<double>(10 * queries);
}

// Links every row of the workload from `threads` threads at once, then measures reachability and recall.
Outcome
InsertFromThreads(const Workload &work, unsigned threads)
{
	const std::size_t rows = work.base.size() / work.dims;
	InMemoryGraph graph(work.dims, work.params, work.distance, std::pmr::new_delete_resource());

	// Every node exists before the threads start (adding nodes is not what is under test); the highest-level
	// node is the entry point, alone in the graph until the threads link the others to it.
	std::mt19937_64 random(9);
	std::vector<int> levels(rows);
	for (int &level : levels)
		level = SampleLevel(static_cast<double>((random() >> 11) + 1) * 0x1.0p-53, work.params.LevelMultiplier());
	for (std::size_t row = 0; row < rows; row++)
		graph.AddNode({work.base.data() + row * work.dims, work.dims}, levels[row]);
	const auto entry =
	    static_cast<InMemoryGraph::NodeId>(std::max_element(levels.begin(), levels.end()) - levels.begin());
	graph.SetEntryPoint(entry);
	const int entry_level = levels[entry];

	ConcurrentView view(graph, work.cover);
	std::vector<std::thread> workers;
	for (unsigned t = 0; t < threads; t++) {
		workers.emplace_back([&, t] {
			DenseVisitedSet visited(std::pmr::new_delete_resource());
			InsertScratch<InMemoryGraph::NodeId> scratch(std::pmr::new_delete_resource());
			for (std::size_t node = t; node < rows; node += threads) {
				if (node != entry)
					InsertNode(view, static_cast<InMemoryGraph::NodeId>(node), true, entry, entry_level, work.params,
					           visited, scratch);
			}
		});
	}
	for (auto &worker : workers)
		worker.join();
	const Outcome outcome{CountReachable(graph), RecallAt10(graph, work), view.LostRaces()};
	std::printf("%u thread(s): %zu of %zu nodes reachable, recall@10 %.3f, %zu list writes lost a race\n", threads,
	            outcome.reachable, rows, outcome.recall, outcome.lost_races);
	return outcome;
}

// 12000 clustered 8-d vectors (cluster spread `spread`), m 8, recall at ef 64 on held-out queries from the
// same clusters.
Workload
ClusteredWorkload(float spread, simd::PairKernel distance)
{
	return {
	    ClusteredVectors(12000, 8, spread, 71), ClusteredVectors(200, 8, spread, 72), 8, Params{8, 32}, distance, 64};
}

// Tight clusters: dropping links without the cover check leaves about 6 % of the nodes unreachable with one
// thread and 3 % with four (measured while writing this test): re-selections cut elements' last in-links.
// With raw inner product (no forced in-link of last resort) the covered forced in-links alone must do it.
TEST(HnswConcurrentInsert, ThreadsLinkingAtOnceLeaveEveryNodeReachable)
{
	const Workload l2 = ClusteredWorkload(0.05f, Kernels().l2_squared);
	EXPECT_EQ(InsertFromThreads(l2, 1).reachable, 12000u);
	EXPECT_EQ(InsertFromThreads(l2, 4).reachable, 12000u);
	Workload ip = ClusteredWorkload(0.05f, Kernels().negative_inner_product);
	ip.params.force_in_links = false;
	ip.cover = Kernels().l2_squared;
	EXPECT_EQ(InsertFromThreads(ip, 1).reachable, 12000u);
	EXPECT_EQ(InsertFromThreads(ip, 4).reachable, 12000u);
}

// Rows around 12 centres on a few directions (1 % spread), as TAP 012 inserts them: `built` of them built in
// memory first, the rest inserted one at a time into the growing graph, the entry point moving up whenever a
// row draws a higher level (as aminsert does). Returns how many of the rows are reachable at the end.
std::size_t
BuildThenInsertOneByOne(std::uint64_t seed, bool normalise, simd::PairKernel distance, bool force_in_links,
                        std::size_t *entry_changes)
{
	std::mt19937_64 random(seed);
	std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
	const std::size_t dims = 8, rows = 2000, built = 500;
	std::vector<float> base(rows * dims);
	for (std::size_t row = 0; row < rows; row++) {
		const std::size_t centre = random() % 12;
		float norm = 0;
		for (std::size_t i = 0; i < dims; i++) {
			float &value = base[row * dims + i];
			value = static_cast<float>(static_cast<int>((centre * 5 + i + 1) % 12) - 4) / 4.0f +
			        (uniform(random) - 0.5f) * 0.02f;
			norm += value * value;
		}
		for (std::size_t i = 0; normalise && i < dims; i++)
			base[row * dims + i] /= std::sqrt(norm);
	}
	Params params{4, 8};
	params.force_in_links = force_in_links;
	InMemoryGraph graph(dims, params, distance, std::pmr::new_delete_resource());
	GraphBuilder builder(&graph, seed, std::pmr::new_delete_resource());
	for (std::size_t row = 0; row < built; row++)
		builder.Insert({base.data() + row * dims, dims});
	builder.LinkUnreachableNodes();
	EXPECT_EQ(CountReachable(graph), built) << "the build left nodes unreachable, seed " << seed;
	for (std::size_t row = built; row < rows; row++)
		graph.AddNode({base.data() + row * dims, dims},
		              SampleLevel(static_cast<double>((random() >> 11) + 1) * 0x1.0p-53, params.LevelMultiplier()));
	// (One lock per node: after the nodes exist. Raw inner product covers by squared L2, as the index does.)
	ConcurrentView view(graph, normalise ? nullptr : Kernels().l2_squared);
	DenseVisitedSet visited(std::pmr::new_delete_resource());
	InsertScratch<InMemoryGraph::NodeId> scratch(std::pmr::new_delete_resource());
	*entry_changes = 0;
	for (auto node = static_cast<InMemoryGraph::NodeId>(built); node < rows; node++) {
		const InMemoryGraph::NodeId entry = *graph.EntryPoint();
		if (InsertNode(view, node, true, entry, graph.Level(entry), params, visited, scratch)) {
			graph.SetEntryPoint(node);
			(*entry_changes)++;
		}
	}
	return CountReachable(graph);
}

// Reachability is from the current entry point, so a new entry point must reach everything the old one did:
// on tight clusters, one that led only into its own cluster left most of the graph unreachable (up to 1,661
// of these 2,000 under cosine; through SQL 939 of 1,000 rows after a new entry point at m 4).
TEST(HnswConcurrentInsert, ANewEntryPointReachesEverythingTheOldOneDid)
{
	for (std::uint64_t seed : {81, 82, 83, 84, 85, 86}) {
		std::size_t entry_changes = 0;
		const std::size_t reachable =
		    BuildThenInsertOneByOne(seed, true, Kernels().negative_inner_product, true, &entry_changes);
		std::printf("cosine, seed %llu: %zu entry point change(s), %zu of 2000 reachable\n",
		            static_cast<unsigned long long>(seed), entry_changes, reachable);
		EXPECT_EQ(reachable, 2000u) << "seed " << seed;
	}
}

// The same rows under raw inner product (no uncovered forced in-link of last resort), at m 4 and
// ef_construction 8, the hardest case we know. An element's candidates are the few with the largest inner
// products, whose lists soon hold nothing that can be given up: before the cover rule ordered by squared L2 and
// forced in-links looked further (two rings of the candidates' lists), 1,171 to 1,388 of these 2,000 stayed
// reachable; with one ring, 1,995 with one seed of six.
TEST(HnswConcurrentInsert, RawInnerProductInsertsStayReachable)
{
	for (std::uint64_t seed : {81, 82, 83, 84, 85, 86}) {
		std::size_t entry_changes = 0;
		const std::size_t reachable =
		    BuildThenInsertOneByOne(seed, false, Kernels().negative_inner_product, false, &entry_changes);
		std::printf("inner product, seed %llu: %zu of 2000 reachable\n", static_cast<unsigned long long>(seed),
		            reachable);
		EXPECT_EQ(reachable, 2000u) << "seed " << seed;
	}
}

// A ConcurrentView in which, just before the first write to `target`'s layer-0 list, another writer gives
// `target` a link to `newcomer` (as a concurrent insert's back-link does): the re-link under test read the list
// before that link existed.
class BackLinkMeanwhileView : public ConcurrentView {
public:
	BackLinkMeanwhileView(InMemoryGraph &graph, NodeId target, NodeId newcomer)
	    : ConcurrentView(graph), graph_(graph), target_(target), newcomer_(newcomer)
	{
	}
	void SetNeighbors(NodeId id, int layer, std::span<const NodeId> neighbors)
	{
		BackLinkFirst(id, layer);
		ConcurrentView::SetNeighbors(id, layer, neighbors);
	}
	bool ReplaceNeighbors(NodeId id, int layer, std::span<const NodeId> expected, std::span<const NodeId> next)
	{
		BackLinkFirst(id, layer);
		return ConcurrentView::ReplaceNeighbors(id, layer, expected, next);
	}
	bool Fired() const { return fired_; }

private:
	void BackLinkFirst(NodeId id, int layer)
	{
		if (fired_ || id != target_ || layer != 0)
			return;
		fired_ = true;
		std::pmr::vector<NodeId> list(std::pmr::new_delete_resource());
		graph_.CopyNeighbors(target_, 0, &list);
		list.push_back(newcomer_);
		ConcurrentView::SetNeighbors(target_, 0, list);
	}
	InMemoryGraph &graph_;
	NodeId target_;
	NodeId newcomer_;
	bool fired_ = false;
};

static_assert(ConcurrentWritersGraph<BackLinkMeanwhileView>);

// Vacuum re-links an element by recomputing its lists while inserts go on. An insert that gives the element
// a back-link meanwhile, to a newcomer nothing else links to, must not see it overwritten: the newcomer would
// be cut off for good (0.2-2 % of the rows of some of TAP 012's rounds under raw inner product, before the
// re-link's own list was compare-and-written and kept uncovered links).
TEST(HnswConcurrentInsert, AReLinkKeepsABackLinkGivenMeanwhile)
{
	const std::size_t dims = 8;
	const std::vector<float> base = RandomVectors(500, dims, 91);
	Params params{8, 32};
	params.keep_pruned = false; // lists with room to spare, for the link given meanwhile
	InMemoryGraph graph(dims, params, Kernels().l2_squared, std::pmr::new_delete_resource());
	for (std::size_t row = 0; row < 500; row++)
		graph.AddNode({base.data() + row * dims, dims}, row == 0 ? 2 : 0);
	graph.SetEntryPoint(0);
	const std::vector<float> far(dims, 100.0f); // the newcomer: far from everything, so nobody selects it
	const auto newcomer = graph.AddNode({far.data(), dims}, 0);
	DenseVisitedSet visited(std::pmr::new_delete_resource());
	InsertScratch<InMemoryGraph::NodeId> scratch(std::pmr::new_delete_resource());
	{
		ConcurrentView view(graph);
		for (InMemoryGraph::NodeId node = 1; node < 500; node++)
			InsertNode(view, node, true, 0, 2, params, visited, scratch);
	}
	ASSERT_EQ(CountReachable(graph), 500u); // everything but the newcomer, which is not linked yet
	// An element whose layer-0 list has room for one more link.
	InMemoryGraph::NodeId target = 1;
	while (graph.Neighbors(target, 0).size() >= static_cast<std::size_t>(params.MaxNeighbors(0)))
		target++;
	ASSERT_LT(target, newcomer);
	BackLinkMeanwhileView view(graph, target, newcomer);
	InsertNode(view, target, true, 0, 2, params, visited, scratch); // the re-link
	ASSERT_TRUE(view.Fired());
	const auto list = graph.Neighbors(target, 0);
	EXPECT_NE(std::find(list.begin(), list.end(), newcomer), list.end());
	EXPECT_EQ(CountReachable(graph), 501u);
}

// Looser clusters, where recall does not swing with the insertion order: linking from four threads at once
// builds as good a graph as linking from one.
TEST(HnswConcurrentInsert, ThreadsLinkingAtOnceKeepRecall)
{
	const Workload work = ClusteredWorkload(0.2f, Kernels().l2_squared);
	const Outcome alone = InsertFromThreads(work, 1);
	const Outcome together = InsertFromThreads(work, 4);
	EXPECT_EQ(together.reachable, 12000u);
	EXPECT_GE(alone.recall, 0.9);
	EXPECT_GE(together.recall, alone.recall - 0.03);
}

// Rows inserted one by one (as aminsert does) find neighbours as well as rows built in memory: the guard that
// keeps every element reachable must not refuse back-links wholesale (a cover from the owner's list only
// refused about half of them: recall@10 0.74 against the build's 0.90 here, measured 2026-12-06).
TEST(HnswConcurrentInsert, InsertedRowsFindNeighboursAsWellAsBuiltOnes)
{
	const Workload work{
	    RandomVectors(20000, 32, 5), RandomVectors(200, 32, 6), 32, Params{16, 64}, Kernels().l2_squared, 40};
	InMemoryGraph built(work.dims, work.params, work.distance, std::pmr::new_delete_resource());
	GraphBuilder builder(&built, 1, std::pmr::new_delete_resource());
	for (std::size_t row = 0; row * work.dims < work.base.size(); row++)
		builder.Insert({work.base.data() + row * work.dims, work.dims});
	builder.LinkUnreachableNodes();
	const double built_recall = RecallAt10(built, work);
	std::printf("built in memory: recall@10 %.3f\n", built_recall);
	const Outcome inserted = InsertFromThreads(work, 2);
	EXPECT_EQ(inserted.reachable, 20000u);
	EXPECT_GE(inserted.recall, built_recall - 0.02);
}

} // namespace
} // namespace vecsearch::hnsw
