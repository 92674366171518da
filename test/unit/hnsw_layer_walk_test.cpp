// LayerWalk: the walk the build's repair, vacuum's pass 3 and the checker share. With a stack too small for
// the graph it must report the walk incomplete, and refilling from the marks (as vacuum does) must reach
// exactly what an unbounded walk reaches.
#include <gtest/gtest.h>

#include <cstdint>
#include <memory_resource>
#include <random>
#include <vector>

#include "core/hnsw/layer_walk.hpp"

namespace vecsearch::hnsw {
namespace {

// 2,000 nodes, 4 random out-links each; nothing outside nodes 1,500..1,999 links to them.
std::vector<std::vector<std::uint32_t>>
RandomLinks()
{
	std::mt19937 random(7);
	std::vector<std::vector<std::uint32_t>> links(2000);
	for (std::uint32_t node = 0; node < 2000; node++) {
		for (int i = 0; i < 4; i++)
			links[node].push_back(node < 1500 ? random() % 1500 : 1500 + random() % 500);
	}
	return links;
}

struct Marks {
	std::vector<bool> reached = std::vector<bool>(2000);
	std::vector<bool> expanded = std::vector<bool>(2000);
};

// Walks from node 0 with a stack of `capacity`, refilling from the marks while the walk is incomplete;
// returns how many Drains reported an overflow.
int
WalkWithRefills(const std::vector<std::vector<std::uint32_t>> &links, std::size_t capacity, Marks *marks)
{
	LayerWalk<std::uint32_t> walk(capacity, std::pmr::new_delete_resource());
	const auto first_visit = [&](std::uint32_t id) {
		if (marks->reached[id])
			return false;
		marks->reached[id] = true;
		return true;
	};
	const auto expand = [&](std::uint32_t id, auto visit) {
		marks->expanded[id] = true;
		for (std::uint32_t next : links[id])
			visit(next);
	};
	int overflows = 0;
	walk.Visit(0, first_visit);
	while (!walk.Drain(first_visit, expand)) {
		overflows++;
		for (std::uint32_t id = 0; id < 2000; id++) {
			if (marks->reached[id] && !marks->expanded[id])
				walk.Push(id);
		}
	}
	return overflows;
}

TEST(HnswLayerWalk, ABoundedStackRefilledReachesWhatAnUnboundedOneDoes)
{
	const auto links = RandomLinks();
	Marks unbounded;
	EXPECT_EQ(WalkWithRefills(links, 2000, &unbounded), 0);
	Marks bounded;
	const int overflows = WalkWithRefills(links, 8, &bounded);
	EXPECT_GT(overflows, 0) << "a stack of 8 never overflowed: this test would not see a refill that loses ids";
	EXPECT_EQ(bounded.reached, unbounded.reached);
	EXPECT_EQ(bounded.reached, bounded.expanded); // everything reached was expanded
	// An independent breadth-first answer; the part nothing links to (1,500 on) stays unreached.
	std::vector<bool> reference(2000);
	std::vector<std::uint32_t> queue{0};
	reference[0] = true;
	for (std::size_t head = 0; head < queue.size(); head++) {
		for (std::uint32_t next : links[queue[head]]) {
			if (!reference[next]) {
				reference[next] = true;
				queue.push_back(next);
			}
		}
	}
	EXPECT_EQ(unbounded.reached, reference);
	EXPECT_LE(queue.size(), 1500u);
	EXPECT_GT(queue.size(), 1000u);
}

} // namespace
} // namespace vecsearch::hnsw
