// The filtered walk (search.hpp, iterative_search.hpp with a FilteringGraph): only nodes that pass the filter
// come out, the walk routes through the others, recall among matching nodes stays high at 10 % and 1 %
// selectivity, batch after batch returns every matching node once, and the budget bounds the work. With codes
// beside the links (a CodeFilteringGraph) the walk goes two hops: the same answers for far fewer nodes met.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <memory_resource>
#include <set>
#include <vector>

#include "core/hnsw/in_memory_graph.hpp"
#include "core/hnsw/iterative_search.hpp"
#include "hnsw_test_support.hpp"

namespace vecsearch::hnsw {
namespace {

// An InMemoryGraph searched with a filter on node ids, as a scan with index conditions sees the pages.
class FilteredView {
public:
	using NodeId = InMemoryGraph::NodeId;
	FilteredView(InMemoryGraph &graph, std::function<bool(NodeId)> filter) : graph_(graph), filter_(std::move(filter))
	{
	}
	float Distance(const void *query, NodeId id)
	{
		float distance = 0;
		Distances(query, std::span<const NodeId>(&id, 1), &distance);
		return distance;
	}
	void Distances(const void *query, std::span<const NodeId> ids, float *out)
	{
		graph_.Distances(query, ids, out);
		batch_matches_.assign(ids.size(), 0);
		for (std::size_t i = 0; i < ids.size(); i++) {
			batch_matches_[i] = filter_(ids[i]) ? 1 : 0;
			measured_.insert(ids[i]);
		}
	}
	template <typename F> void ForEachNeighbor(NodeId id, int layer, F f) const
	{
		graph_.ForEachNeighbor(id, layer, f);
	}
	NodeId VisitKey(NodeId id) const { return id; }
	std::size_t VisitCapacityHint() const { return graph_.Size(); }
	bool Matches(NodeId id) const
	{
		EXPECT_TRUE(measured_.count(id) > 0) << "asked about a node never measured";
		return filter_(id);
	}
	const std::uint8_t *BatchMatches() const { return batch_matches_.data(); }

protected:
	InMemoryGraph &graph_;
	std::function<bool(NodeId)> filter_;
	std::vector<std::uint8_t> batch_matches_;
	std::set<NodeId> measured_;
};
static_assert(FilteringGraph<FilteredView>);

// The same with a code beside each link: id % 256, and a node may match when some matching node has its code
// (so codes rule out most of the others, never a matching one). Counts the lists it reads.
class CodedView : public FilteredView {
public:
	CodedView(InMemoryGraph &graph, std::function<bool(NodeId)> filter) : FilteredView(graph, filter), may_(256, false)
	{
		for (NodeId id = 0; id < graph.Size(); id++)
			if (filter_(id))
				may_[id % 256] = true;
	}
	bool CodesNarrow() const { return true; }
	template <typename F> void ForEachNeighborMayMatch(NodeId id, int layer, F f)
	{
		lists_read++;
		graph_.ForEachNeighbor(id, layer,
		                       [&](NodeId neighbor) { f(neighbor, static_cast<bool>(may_[neighbor % 256])); });
	}
	std::size_t lists_read = 0;

private:
	std::vector<char> may_;
};
static_assert(CodeFilteringGraph<CodedView>);

struct Fixture {
	static constexpr std::size_t kDims = 16;
	static constexpr std::size_t kRows = 5000;
	std::size_t rows;
	std::vector<float> base;
	simd::PairKernel distance = Kernels().l2_squared;
	InMemoryGraph graph{kDims, Params{}, distance, std::pmr::new_delete_resource()};

	explicit Fixture(std::size_t rows_in = kRows) : rows(rows_in), base(RandomVectors(rows_in, kDims, 81))
	{
		GraphBuilder builder(&graph, 7, std::pmr::new_delete_resource());
		for (std::size_t row = 0; row < rows; row++)
			builder.Insert({base.data() + row * kDims, kDims});
		builder.LinkUnreachableNodes();
	}

	// The exact k nearest rows among those that pass `filter`.
	std::vector<std::uint32_t> Exact(const float *query, std::size_t k,
	                                 const std::function<bool(std::uint32_t)> &filter)
	{
		std::vector<std::pair<float, std::uint32_t>> all;
		for (std::uint32_t row = 0; row < rows; row++) {
			if (filter(row))
				all.emplace_back(distance(query, base.data() + row * kDims, kDims), row);
		}
		std::sort(all.begin(), all.end());
		std::vector<std::uint32_t> ids;
		for (std::size_t i = 0; i < std::min(k, all.size()); i++)
			ids.push_back(all[i].second);
		return ids;
	}
};

// Mean recall@10 over 50 queries of the first filtered batch at ef = 40.
double
FilteredRecall(Fixture &f, const std::function<bool(std::uint32_t)> &filter, std::size_t *measured_total)
{
	const std::vector<float> queries = RandomVectors(50, Fixture::kDims, 82);
	double hits = 0;
	*measured_total = 0;
	for (std::size_t q = 0; q < 50; q++) {
		const float *query = queries.data() + q * Fixture::kDims;
		FilteredView view(f.graph, filter);
		DenseVisitedSet visited(std::pmr::new_delete_resource());
		IterativeSearch<InMemoryGraph::NodeId> search(std::pmr::new_delete_resource());
		const auto entry = *f.graph.EntryPoint();
		search.Start(view, query, entry, f.graph.Level(entry), 40, visited, true, true);
		EXPECT_EQ(search.Found().size(), 40u) << "a first batch holds ef matching nodes";
		for (const auto &found : search.Found())
			EXPECT_TRUE(filter(static_cast<std::uint32_t>(found.id))) << "a node that does not match came out";
		const std::vector<std::uint32_t> exact = f.Exact(query, 10, filter);
		std::set<std::uint32_t> returned;
		for (std::size_t i = 0; i < 10; i++)
			returned.insert(static_cast<std::uint32_t>(search.Found()[i].id));
		for (std::uint32_t id : exact)
			hits += returned.count(id);
		*measured_total += search.Measured();
	}
	return hits / (50.0 * 10.0);
}

TEST(HnswFilteredSearch, OnlyMatchingNodesComeOutWithHighRecall)
{
	Fixture f;
	std::size_t measured_tenth = 0;
	std::size_t measured_hundredth = 0;
	EXPECT_GE(FilteredRecall(
	              f, [](std::uint32_t id) { return id % 10 == 3; }, &measured_tenth),
	          0.95);
	EXPECT_GE(FilteredRecall(
	              f, [](std::uint32_t id) { return id % 100 == 42; }, &measured_hundredth),
	          0.95);
	// A rarer filter routes through more nodes: the walk goes on until it holds ef matching ones.
	EXPECT_GT(measured_hundredth, measured_tenth);
}

TEST(HnswFilteredSearch, BatchesReturnEveryMatchingNodeOnce)
{
	Fixture f;
	const auto filter = [](InMemoryGraph::NodeId id) { return id % 7 == 1; };
	FilteredView view(f.graph, filter);
	DenseVisitedSet visited(std::pmr::new_delete_resource());
	IterativeSearch<InMemoryGraph::NodeId> search(std::pmr::new_delete_resource());
	const std::vector<float> query = RandomVectors(1, Fixture::kDims, 83);
	const auto entry = *f.graph.EntryPoint();
	search.Start(view, query.data(), entry, f.graph.Level(entry), 20, visited, true, true);
	std::set<InMemoryGraph::NodeId> returned;
	for (std::size_t batches = 0;; batches++) {
		ASSERT_LT(batches, Fixture::kRows) << "the batches never end";
		for (const auto &found : search.Found()) {
			EXPECT_TRUE(filter(found.id));
			EXPECT_TRUE(returned.insert(found.id).second) << "node returned twice";
		}
		if (search.Exhausted())
			break;
		search.Resume(view, query.data(), 20, visited);
	}
	std::size_t matching = 0;
	for (InMemoryGraph::NodeId id = 0; id < Fixture::kRows; id++)
		matching += filter(id) ? 1 : 0;
	EXPECT_EQ(returned.size(), matching) << "every matching node of a connected graph comes out";
}

// Mean recall@10 and nodes met (measured or gone through) per query of a first batch at ef = 40 over `View`.
template <typename View>
std::pair<double, double>
RecallAndWork(Fixture &f, const std::function<bool(std::uint32_t)> &filter)
{
	const std::vector<float> queries = RandomVectors(50, Fixture::kDims, 85);
	double hits = 0;
	double work = 0;
	for (std::size_t q = 0; q < 50; q++) {
		const float *query = queries.data() + q * Fixture::kDims;
		View view(f.graph, [&](InMemoryGraph::NodeId id) { return filter(static_cast<std::uint32_t>(id)); });
		DenseVisitedSet visited(std::pmr::new_delete_resource());
		IterativeSearch<InMemoryGraph::NodeId> search(std::pmr::new_delete_resource());
		const auto entry = *f.graph.EntryPoint();
		search.Start(view, query, entry, f.graph.Level(entry), 40, visited, true, true);
		EXPECT_EQ(search.Found().size(), 40u);
		for (const auto &found : search.Found())
			EXPECT_TRUE(filter(static_cast<std::uint32_t>(found.id)));
		const std::vector<std::uint32_t> exact = f.Exact(query, 10, filter);
		std::set<std::uint32_t> returned;
		for (std::size_t i = 0; i < 10; i++)
			returned.insert(static_cast<std::uint32_t>(search.Found()[i].id));
		for (std::uint32_t id : exact)
			hits += static_cast<double>(returned.count(id));
		work += static_cast<double>(search.Measured());
	}
	return {hits / 500.0, work / 50.0};
}

TEST(HnswFilteredSearch, TwoHopsKeepRecallAndMeetFewerNodesWhenMatchesAreRare)
{
	Fixture f(40000); // large enough that a one-hop walk at 1 % does not meet every node anyway
	// 0.8 %, and the codes (id % 256) tell the matching nodes exactly: 2 codes of 256.
	const auto rare = [](std::uint32_t id) { return id % 128 == 42; };
	const auto [one_hop_recall, one_hop_work] = RecallAndWork<FilteredView>(f, rare);
	const auto [two_hop_recall, two_hop_work] = RecallAndWork<CodedView>(f, rare);
	EXPECT_GE(one_hop_recall, 0.95);
	EXPECT_GE(two_hop_recall, 0.9);
	EXPECT_LT(two_hop_work * 1.5, one_hop_work) << "two hops: " << two_hop_work << ", one: " << one_hop_work;
	// A common filter: the walk sees that most links may match and goes on in one hop, as cheaply.
	const auto half = [](std::uint32_t id) { return id % 2 == 0; };
	const auto [half_recall, half_work] = RecallAndWork<CodedView>(f, half);
	const auto [half_one_hop_recall, half_one_hop_work] = RecallAndWork<FilteredView>(f, half);
	EXPECT_GE(half_recall, 0.95);
	EXPECT_LE(half_work, half_one_hop_work * 1.2);
	(void)half_one_hop_recall;
}

TEST(HnswFilteredSearch, TwoHopWalkThatRunsDryGoesOnThroughWhatItPassed)
{
	Fixture f;
	// Three matching nodes in 5,000: two hops from anywhere rarely reach one, so the walk runs dry and must go
	// on through the nodes it went through unmeasured; every one of them is found.
	const std::set<InMemoryGraph::NodeId> wanted{17, 2500, 4999};
	CodedView view(f.graph, [&](InMemoryGraph::NodeId id) { return wanted.count(id) > 0; });
	DenseVisitedSet visited(std::pmr::new_delete_resource());
	IterativeSearch<InMemoryGraph::NodeId> search(std::pmr::new_delete_resource());
	const std::vector<float> query = RandomVectors(1, Fixture::kDims, 86);
	const auto entry = *f.graph.EntryPoint();
	search.Start(view, query.data(), entry, f.graph.Level(entry), 10, visited, true, true);
	std::set<InMemoryGraph::NodeId> found;
	for (std::size_t batches = 0; batches < 100; batches++) {
		for (const auto &result : search.Found())
			EXPECT_TRUE(found.insert(result.id).second);
		if (search.Exhausted() || found.size() == wanted.size())
			break;
		search.Resume(view, query.data(), 10, visited);
	}
	EXPECT_EQ(found, wanted);
}

TEST(HnswFilteredSearch, BudgetBoundsTheWalkAndDrainReturnsOnlyMatchingNodes)
{
	Fixture f;
	const auto filter = [](InMemoryGraph::NodeId id) { return id == 4321; }; // one node in 5,000
	FilteredView view(f.graph, filter);
	DenseVisitedSet visited(std::pmr::new_delete_resource());
	IterativeSearch<InMemoryGraph::NodeId> search(std::pmr::new_delete_resource());
	const std::vector<float> query = RandomVectors(1, Fixture::kDims, 84);
	const auto entry = *f.graph.EntryPoint();
	search.SetBudget(500);
	search.Start(view, query.data(), entry, f.graph.Level(entry), 40, visited, true, true);
	EXPECT_TRUE(search.OverBudget());
	// One expansion may pass the budget by a neighbour list (2 * m = 32).
	EXPECT_LE(search.Measured(), 500u + 32u);
	std::size_t drained = search.Found().size();
	while (!search.Exhausted()) {
		search.Drain(view, 10);
		for (const auto &found : search.Found())
			EXPECT_EQ(found.id, 4321u);
		drained += search.Found().size();
	}
	EXPECT_LE(drained, 1u);

	// Without a budget the walk finds it, however far it is.
	DenseVisitedSet visited_all(std::pmr::new_delete_resource());
	IterativeSearch<InMemoryGraph::NodeId> unbounded(std::pmr::new_delete_resource());
	unbounded.Start(view, query.data(), entry, f.graph.Level(entry), 40, visited_all, true, true);
	ASSERT_EQ(unbounded.Found().size(), 1u);
	EXPECT_EQ(unbounded.Found()[0].id, 4321u);
}

} // namespace
} // namespace vecsearch::hnsw
