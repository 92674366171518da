// InMemoryGraph storage and the GraphBuilder loop; the algorithms themselves are in search.hpp and insert.hpp.
#include "core/hnsw/in_memory_graph.hpp"
#include "core/hnsw/reachability.hpp"

#include <algorithm>

namespace vecsearch::hnsw {

InMemoryGraph::InMemoryGraph(std::size_t dims, const Params &params, ElementDistance distance,
                             std::pmr::memory_resource *memory)
    : dims_(dims), params_(params), distance_(distance), element_bytes_(distance.Bytes(dims)),
      fixed_size_(IsFixedSize(distance.Kind())), vectors_(memory), chunks_(memory), element_at_(memory),
      levels_(memory), layer0_(memory), upper_offsets_(memory), upper_(memory), layer0_distances_(memory),
      upper_distances_(memory), layer0_chosen_(memory), upper_chosen_(memory)
{
}

InMemoryGraph::NodeId
InMemoryGraph::AddElement(const void *element, int level)
{
	const NodeId id = static_cast<NodeId>(levels_.size());
	const auto *bytes = static_cast<const std::byte *>(element);
	if (fixed_size_) {
		vectors_.insert(vectors_.end(), bytes, bytes + element_bytes_);
	} else {
		// Chunks of 1 MB (or one element's size) are reserved once and never grow: pointers into them stay valid.
		constexpr std::size_t kChunkBytes = std::size_t{1} << 20;
		const std::size_t size = ElementSize(distance_.Kind(), dims_, element);
		if (chunks_.empty() || chunks_.back().capacity() - chunks_.back().size() < size) {
			chunks_.emplace_back();
			chunks_.back().reserve(std::max(kChunkBytes, size));
		}
		std::pmr::vector<std::byte> &chunk = chunks_.back();
		chunk.insert(chunk.end(), bytes, bytes + size);
		element_at_.push_back(chunk.data() + chunk.size() - size);
	}
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

void
InMemoryGraph::Reserve(std::size_t nodes)
{
	const std::size_t layer0_slots = nodes * (1 + static_cast<std::size_t>(params_.MaxNeighbors(0)));
	// Expected upper-layer lists: nodes / (m - 1) (see EstimateMemoryBytes), with a little slack.
	const std::size_t upper_lists = nodes / static_cast<std::size_t>(params_.m - 1) * 9 / 8 + 16;
	const std::size_t upper_slots = upper_lists * (1 + static_cast<std::size_t>(params_.m));
	if (fixed_size_)
		vectors_.reserve(nodes * element_bytes_);
	else
		element_at_.reserve(nodes);
	levels_.reserve(nodes);
	layer0_.reserve(layer0_slots);
	layer0_distances_.reserve(layer0_slots);
	layer0_chosen_.reserve(nodes);
	upper_offsets_.reserve(nodes);
	upper_.reserve(upper_slots);
	upper_distances_.reserve(upper_slots);
	upper_chosen_.reserve(upper_lists);
}

std::size_t
InMemoryGraph::MemoryBytes() const noexcept
{
	std::size_t chunk_bytes = 0;
	for (const auto &chunk : chunks_)
		chunk_bytes += chunk.capacity();
	return vectors_.capacity() + chunk_bytes + chunks_.capacity() * sizeof(chunks_[0]) +
	       element_at_.capacity() * sizeof(const std::byte *) + levels_.capacity() +
	       layer0_.capacity() * sizeof(NodeId) + upper_offsets_.capacity() * sizeof(std::size_t) +
	       upper_.capacity() * sizeof(NodeId) + layer0_distances_.capacity() * sizeof(float) +
	       upper_distances_.capacity() * sizeof(float) + layer0_chosen_.capacity() + upper_chosen_.capacity();
}

std::size_t
InMemoryGraph::EstimateMemoryBytes(std::size_t nodes, std::size_t element_bytes, const Params &params) noexcept
{
	// Expected upper-layer lists per node: sum over l >= 1 of P(level >= l) = 1 / (m - 1).
	const double upper_lists = 1.0 / (static_cast<double>(params.m) - 1.0);
	// Each list slot holds a node id and its cached distance; each list one cached chosen count.
	const double slot_bytes = sizeof(NodeId) + sizeof(float);
	const double per_node = static_cast<double>(element_bytes) + 2.0 + sizeof(std::size_t) +
	                        static_cast<double>(1 + params.MaxNeighbors(0)) * slot_bytes +
	                        upper_lists * (static_cast<double>(1 + params.m) * slot_bytes + 1.0);
	return static_cast<std::size_t>(per_node * static_cast<double>(nodes));
}

GraphBuilder::GraphBuilder(InMemoryGraph *graph, std::uint64_t seed, std::pmr::memory_resource *memory)
    : graph_(graph), random_(seed), visited_(memory), scratch_(memory)
{
}

InMemoryGraph::NodeId
GraphBuilder::InsertElement(const void *element)
{
	const int level = DrawLevel(random_, graph_->GraphParams());
	const InMemoryGraph::NodeId node = graph_->AddElement(element, level);

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
SearchInMemory(const InMemoryGraph &graph, const void *query, std::size_t k, std::size_t ef, DenseVisitedSet &visited,
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
