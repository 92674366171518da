// InMemoryGraph storage and the GraphBuilder loop; the algorithms themselves are in search.hpp and insert.hpp.
#include "core/hnsw/in_memory_graph.hpp"

#include <algorithm>

namespace vecsearch::hnsw {

InMemoryGraph::InMemoryGraph(std::size_t dims, const Params &params, simd::PairKernel distance,
                             std::pmr::memory_resource *memory)
    : dims_(dims), params_(params), distance_(distance), vectors_(memory), levels_(memory), layer0_(memory),
      upper_offsets_(memory), upper_(memory)
{
}

InMemoryGraph::NodeId
InMemoryGraph::AddNode(std::span<const float> vector, int level)
{
	const NodeId id = static_cast<NodeId>(levels_.size());
	vectors_.insert(vectors_.end(), vector.begin(), vector.end());
	levels_.push_back(static_cast<std::uint8_t>(level));
	layer0_.resize(layer0_.size() + 1 + static_cast<std::size_t>(params_.MaxNeighbors(0)), 0);
	upper_offsets_.push_back(upper_.size());
	upper_.resize(upper_.size() + static_cast<std::size_t>(level) * (1 + static_cast<std::size_t>(params_.m)), 0);
	return id;
}

std::span<const InMemoryGraph::NodeId>
InMemoryGraph::Neighbors(NodeId id, int layer) const noexcept
{
	const NodeId *list = (layer == 0 ? layer0_.data() : upper_.data()) + ListOffset(id, layer);
	return {list + 1, static_cast<std::size_t>(list[0])};
}

void
InMemoryGraph::SetNeighbors(NodeId id, int layer, std::span<const NodeId> neighbors) noexcept
{
	NodeId *list = (layer == 0 ? layer0_.data() : upper_.data()) + ListOffset(id, layer);
	list[0] = static_cast<NodeId>(neighbors.size());
	std::copy(neighbors.begin(), neighbors.end(), list + 1);
}

std::size_t
InMemoryGraph::MemoryBytes() const noexcept
{
	return vectors_.capacity() * sizeof(float) + levels_.capacity() + layer0_.capacity() * sizeof(NodeId) +
	       upper_offsets_.capacity() * sizeof(std::size_t) + upper_.capacity() * sizeof(NodeId);
}

std::size_t
InMemoryGraph::EstimateMemoryBytes(std::size_t nodes, std::size_t dims, const Params &params) noexcept
{
	// Expected upper-layer lists per node: sum over l >= 1 of P(level >= l) = 1 / (m - 1).
	const double upper_lists = 1.0 / (static_cast<double>(params.m) - 1.0);
	const double per_node = static_cast<double>(dims * sizeof(float)) + 1.0 + sizeof(std::size_t) +
	                        static_cast<double>((1 + params.MaxNeighbors(0)) * sizeof(NodeId)) +
	                        upper_lists * static_cast<double>((1 + params.m) * sizeof(NodeId));
	return static_cast<std::size_t>(per_node * static_cast<double>(nodes));
}

GraphBuilder::GraphBuilder(InMemoryGraph *graph, std::uint64_t seed, std::pmr::memory_resource *memory)
    : graph_(graph), random_(seed), visited_(memory), scratch_(memory)
{
}

InMemoryGraph::NodeId
GraphBuilder::Insert(std::span<const float> vector)
{
	// A uniform sample in (0, 1] from the top 53 bits.
	const double uniform = static_cast<double>((random_() >> 11) + 1) * 0x1.0p-53;
	const int level =
	    std::min(SampleLevel(uniform, graph_->GraphParams().LevelMultiplier()), graph_->GraphParams().max_level);
	const InMemoryGraph::NodeId node = graph_->AddNode(vector, level);

	const std::optional<InMemoryGraph::NodeId> entry = graph_->EntryPoint();
	const int entry_level = entry ? graph_->Level(*entry) : -1;
	if (InsertNode(*graph_, node, entry.has_value(), entry.value_or(0), entry_level, graph_->GraphParams(), visited_,
	               scratch_))
		graph_->SetEntryPoint(node);
	return node;
}

std::size_t
GraphBuilder::LinkUnreachableNodes()
{
	const std::optional<InMemoryGraph::NodeId> entry = graph_->EntryPoint();
	if (!entry)
		return 0;
	std::pmr::vector<bool> reached(
	    graph_->Size(), false, std::pmr::polymorphic_allocator<bool>(scratch_.neighbors.get_allocator().resource()));
	std::pmr::vector<InMemoryGraph::NodeId> stack(scratch_.neighbors.get_allocator());
	auto mark_from = [&](InMemoryGraph::NodeId start) {
		reached[start] = true;
		stack.push_back(start);
		while (!stack.empty()) {
			const InMemoryGraph::NodeId id = stack.back();
			stack.pop_back();
			for (InMemoryGraph::NodeId next : graph_->Neighbors(id, 0)) {
				if (!reached[next]) {
					reached[next] = true;
					stack.push_back(next);
				}
			}
		}
	};
	std::size_t relinked = 0;
	const std::size_t capacity = static_cast<std::size_t>(graph_->GraphParams().MaxNeighbors(0));
	std::pmr::vector<std::uint32_t> in_degree(graph_->Size(), 0, stack.get_allocator().resource());
	// Links `from` -> `node`: into a free slot, else in place of the farthest link whose target has another
	// in-link (so no one else is cut off). False when `from` has neither.
	auto link = [&](InMemoryGraph::NodeId from, InMemoryGraph::NodeId node) {
		graph_->CopyNeighbors(from, 0, &scratch_.neighbors);
		if (scratch_.neighbors.size() < capacity) {
			scratch_.neighbors.push_back(node);
		} else {
			std::ptrdiff_t victim = -1;
			float victim_distance = -1.0f;
			for (std::size_t i = 0; i < scratch_.neighbors.size(); i++) {
				const float distance = graph_->DistanceBetween(from, scratch_.neighbors[i]);
				if (in_degree[scratch_.neighbors[i]] > 1 && distance > victim_distance) {
					victim_distance = distance;
					victim = static_cast<std::ptrdiff_t>(i);
				}
			}
			if (victim < 0)
				return false;
			in_degree[scratch_.neighbors[static_cast<std::size_t>(victim)]]--;
			scratch_.neighbors[static_cast<std::size_t>(victim)] = node;
		}
		in_degree[node]++;
		graph_->SetNeighbors(from, 0, scratch_.neighbors);
		return true;
	};
	for (int round = 0; round < 32; round++) {
		std::fill(in_degree.begin(), in_degree.end(), 0);
		for (InMemoryGraph::NodeId id = 0; id < graph_->Size(); id++) {
			for (InMemoryGraph::NodeId next : graph_->Neighbors(id, 0))
				in_degree[next]++;
		}
		std::fill(reached.begin(), reached.end(), false);
		mark_from(*entry);
		bool all_reached = true;
		for (InMemoryGraph::NodeId node = 0; node < graph_->Size(); node++) {
			if (reached[node])
				continue;
			all_reached = false;
			// The search only walks reachable nodes, so whatever it finds can lead to `node`.
			// A wide search finds reachable nodes with a free or replaceable link even when m is tiny.
			const std::size_t ef =
			    std::max<std::size_t>(static_cast<std::size_t>(graph_->GraphParams().ef_construction),
			                          std::max<std::size_t>(4 * capacity, 64));
			SearchKnn(*graph_, graph_->Vector(node), *entry, graph_->Level(*entry), ef, visited_, scratch_.search);
			bool linked = false;
			for (const auto &found : scratch_.search.found) {
				if (found.id != node && reached[found.id] && link(found.id, node)) {
					linked = true;
					break;
				}
			}
			if (!linked) {
				// Every candidate's links are someone's only way in: take one anyway; a later round mends it.
				for (const auto &found : scratch_.search.found) {
					if (found.id != node && reached[found.id]) {
						ForceBackLink(*graph_, found.id, node, 0, scratch_);
						linked = true;
						break;
					}
				}
			}
			if (linked) {
				relinked++;
				mark_from(node);
			}
		}
		if (all_reached)
			break;
	}
	return relinked;
}

void
SearchInMemory(const InMemoryGraph &graph, const float *query, std::size_t k, std::size_t ef, DenseVisitedSet &visited,
               SearchScratch<InMemoryGraph::NodeId> &scratch, std::pmr::vector<Candidate<InMemoryGraph::NodeId>> *out)
{
	out->clear();
	const std::optional<InMemoryGraph::NodeId> entry = graph.EntryPoint();
	if (!entry)
		return;
	SearchKnn(graph, query, *entry, graph.Level(*entry), std::max(ef, k), visited, scratch);
	const std::size_t count = std::min(k, scratch.found.size());
	out->assign(scratch.found.begin(), scratch.found.begin() + static_cast<std::ptrdiff_t>(count));
}

} // namespace vecsearch::hnsw
