// PageGraph: the core's graph concepts over index pages (see hnsw_page_graph.hpp).
#include "pg/hnsw/hnsw_page_graph.hpp"

#include "pg/boundary.hpp"

namespace vecsearch::pg::hnsw {

PageGraph::PageGraph(Relation index, int dims, int m, simd::PairKernel kernel, std::pmr::memory_resource *memory)
    : index_(index), dims_(dims), m_(m), kernel_(kernel), known_(memory), vectors_(memory), neighbor_buffer_(memory)
{
}

float
PageGraph::Distance(const float *query, NodeId id)
{
	float distance = 0;
	ElementInfo info{};
	PgCall([&] { distance = ReadDistance(index_, id, query, dims_, kernel_, &info); });
	auto [entry, inserted] = known_.try_emplace(id, Known{info, -1});
	if (!inserted)
		entry->second.info = info;
	return distance;
}

PageGraph::Known &
PageGraph::Lookup(NodeId id)
{
	auto found = known_.find(id);
	if (found != known_.end())
		return found->second;
	const std::size_t offset = vectors_.size();
	vectors_.resize(offset + static_cast<std::size_t>(dims_));
	ElementInfo info{};
	float *target = vectors_.data() + offset;
	PgCall([&] { ReadVector(index_, id, dims_, target, &info); });
	return known_.emplace(id, Known{info, static_cast<std::ptrdiff_t>(offset)}).first->second;
}

const float *
PageGraph::Vector(NodeId id)
{
	Known &known = Lookup(id);
	if (known.vector_offset < 0) {
		const std::size_t offset = vectors_.size();
		vectors_.resize(offset + static_cast<std::size_t>(dims_));
		float *target = vectors_.data() + offset;
		ElementInfo info{};
		PgCall([&] { ReadVector(index_, id, dims_, target, &info); });
		known.info = info;
		known.vector_offset = static_cast<std::ptrdiff_t>(offset);
	}
	return vectors_.data() + known.vector_offset;
}

float
PageGraph::DistanceBetween(NodeId a, NodeId b)
{
	const float *first = Vector(a);
	const std::size_t first_offset = static_cast<std::size_t>(first - vectors_.data());
	const float *second = Vector(b); // may grow vectors_, so re-derive the first pointer
	return kernel_(vectors_.data() + first_offset, second, static_cast<std::size_t>(dims_));
}

int
PageGraph::Level(NodeId id)
{
	return Lookup(id).info.level;
}

bool
PageGraph::IsLive(NodeId id)
{
	const ElementInfo &info = Lookup(id).info;
	return !info.deleted && info.heap_tid_count > 0;
}

void
PageGraph::LoadNeighbors(NodeId id, int layer)
{
	const ElementInfo info = Lookup(id).info;
	neighbor_buffer_.resize(static_cast<std::size_t>(2 * m_));
	if (layer > info.level) {
		neighbor_buffer_.clear();
		return;
	}
	int count = 0;
	NodeId *out = neighbor_buffer_.data();
	const int m = m_;
	PgCall([&] { count = ReadNeighbors(index_, info.neighbors, m, layer, out); });
	neighbor_buffer_.resize(static_cast<std::size_t>(count));
}

void
PageGraph::CopyNeighbors(NodeId id, int layer, std::pmr::vector<NodeId> *out)
{
	LoadNeighbors(id, layer);
	out->assign(neighbor_buffer_.begin(), neighbor_buffer_.end());
}

void
PageGraph::SetNeighbors(NodeId id, int layer, std::span<const NodeId> neighbors)
{
	const ElementInfo info = Lookup(id).info;
	const int m = m_;
	const int count = static_cast<int>(neighbors.size());
	const NodeId *ids = neighbors.data();
	PgCall([&] { WriteNeighbors(index_, info.neighbors, m, layer, ids, count); });
}

void
PageGraph::Remember(NodeId id, const float *vector, const ElementInfo &info)
{
	const std::size_t offset = vectors_.size();
	vectors_.insert(vectors_.end(), vector, vector + dims_);
	known_.insert_or_assign(id, Known{info, static_cast<std::ptrdiff_t>(offset)});
}

void
PageGraph::Clear()
{
	known_.clear();
	vectors_.clear();
}

} // namespace vecsearch::pg::hnsw
