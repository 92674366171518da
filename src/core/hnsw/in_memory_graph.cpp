// InMemoryGraph storage and the GraphBuilder loop; the algorithms themselves are in search.hpp and insert.hpp.
#include "core/hnsw/in_memory_graph.hpp"
#include "core/hnsw/reachability.hpp"

#include <algorithm>

namespace vecsearch::hnsw {

InMemoryGraph::InMemoryGraph(std::size_t dims, const Params &params, simd::PairKernel distance,
                             std::pmr::memory_resource *memory)
    : dims_(dims), params_(params), distance_(distance), vectors_(memory), levels_(memory), layer0_(memory),
      upper_offsets_(memory), upper_(memory), layer0_distances_(memory), upper_distances_(memory),
      layer0_chosen_(memory), upper_chosen_(memory)
{
}

InMemoryGraph::NodeId
InMemoryGraph::AddNode(std::span<const float> vector, int level)
{
	const NodeId id = static_cast<NodeId>(levels_.size());
	vectors_.insert(vectors_.end(), vector.begin(), vector.end());
	levels_.push_back(static_cast<std::uint8_t>(level));
	layer0_.resize(layer0_.size() + 1 + static_cast<std::size_t>(params_.MaxNeighbors(0)), 0);
	layer0_distances_.resize(layer0_.size(), 0.0f);
	layer0_chosen_.push_back(kUnknownSelection);
	upper_offsets_.push_back(upper_.size());
	upper_.resize(upper_.size() + static_cast<std::size_t>(level) * (1 + static_cast<std::size_t>(params_.m)), 0);
	upper_distances_.resize(upper_.size(), 0.0f);
	upper_chosen_.resize(upper_.size() / (1 + static_cast<std::size_t>(params_.m)), kUnknownSelection);
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
	(layer == 0 ? layer0_chosen_ : upper_chosen_)[SelectionIndex(id, layer)] = kUnknownSelection;
}

bool
InMemoryGraph::LoadSelection(NodeId id, int layer, std::pmr::vector<Candidate<NodeId>> *entries,
                             std::size_t *diverse) const
{
	const std::uint8_t chosen = (layer == 0 ? layer0_chosen_ : upper_chosen_)[SelectionIndex(id, layer)];
	if (chosen == kUnknownSelection)
		return false;
	const std::size_t offset = ListOffset(id, layer);
	const NodeId *list = (layer == 0 ? layer0_.data() : upper_.data()) + offset;
	const float *distances = (layer == 0 ? layer0_distances_.data() : upper_distances_.data()) + offset;
	entries->clear();
	for (std::size_t i = 1; i <= list[0]; i++)
		entries->push_back({distances[i], list[i]});
	*diverse = chosen;
	return true;
}

void
InMemoryGraph::StoreSelection(NodeId id, int layer, std::span<const Candidate<NodeId>> entries,
                              std::size_t diverse) noexcept
{
	const std::size_t offset = ListOffset(id, layer);
	NodeId *list = (layer == 0 ? layer0_.data() : upper_.data()) + offset;
	float *distances = (layer == 0 ? layer0_distances_.data() : upper_distances_.data()) + offset;
	list[0] = static_cast<NodeId>(entries.size());
	for (std::size_t i = 0; i < entries.size(); i++) {
		list[1 + i] = entries[i].id;
		distances[1 + i] = entries[i].distance;
	}
	(layer == 0 ? layer0_chosen_ : upper_chosen_)[SelectionIndex(id, layer)] = static_cast<std::uint8_t>(diverse);
}

std::size_t
InMemoryGraph::MemoryBytes() const noexcept
{
	return vectors_.capacity() * sizeof(float) + levels_.capacity() + layer0_.capacity() * sizeof(NodeId) +
	       upper_offsets_.capacity() * sizeof(std::size_t) + upper_.capacity() * sizeof(NodeId) +
	       layer0_distances_.capacity() * sizeof(float) + upper_distances_.capacity() * sizeof(float) +
	       layer0_chosen_.capacity() + upper_chosen_.capacity();
}

std::size_t
InMemoryGraph::EstimateMemoryBytes(std::size_t nodes, std::size_t dims, const Params &params) noexcept
{
	// Expected upper-layer lists per node: sum over l >= 1 of P(level >= l) = 1 / (m - 1).
	const double upper_lists = 1.0 / (static_cast<double>(params.m) - 1.0);
	// Each list slot holds a node id and its cached distance; each list one cached chosen count.
	const double slot_bytes = sizeof(NodeId) + sizeof(float);
	const double per_node = static_cast<double>(dims * sizeof(float)) + 2.0 + sizeof(std::size_t) +
	                        static_cast<double>(1 + params.MaxNeighbors(0)) * slot_bytes +
	                        upper_lists * (static_cast<double>(1 + params.m) * slot_bytes + 1.0);
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
	return LinkUnreachable(*graph_, visited_, scratch_);
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
