// PageGraph: the core's graph concepts over index pages (see hnsw_page_graph.hpp).
#include "pg/hnsw/hnsw_page_graph.hpp"

#include <cstring>

#include "pg/boundary.hpp"
#include "pg/hnsw/hnsw_filter.hpp"

namespace vecsearch::pg::hnsw {

PageGraph::PageGraph(Relation index, ElementShape shape, int m, vecsearch::hnsw::ElementDistance distance,
                     vecsearch::hnsw::ElementDistance cover_distance, std::pmr::memory_resource *memory)
    : index_(index), shape_(shape), m_(m), distance_(distance), cover_distance_(cover_distance), known_(memory),
      vector_arena_(memory), sparse_scratch_(memory), neighbor_buffer_(memory), order_(memory), group_ids_(memory),
      group_distances_(memory), group_infos_(memory), batch_matches_(memory), neighbor_codes_(memory),
      write_codes_(memory)
{
	InitPinCache(&pins_); // plain stores
}

void
PageGraph::Distances(const void *query, std::span<const NodeId> ids, float *out)
{
	Measure(query, ids, out, distance_);
}

void
PageGraph::CoverDistances(NodeId from, std::span<const NodeId> ids, float *out)
{
	Measure(Vector(from), ids, out, cover_distance_);
}

void
PageGraph::Measure(const void *query, std::span<const NodeId> ids, float *out,
                   const vecsearch::hnsw::ElementDistance &distance)
{
	// Once per expanded element: a wide search (an iterative scan, a vacuum's re-link) stops within a
	// moment of a cancel; PollInterrupts reads a flag and raises (as a C++ exception) only when it is set.
	PollInterrupts();
	// Sorted by block, so a page's elements are measured under one lock; a batch is a neighbour list, which
	// never exceeds kMaxBatch, but split anyway rather than trust that.
	order_.resize(ids.size());
	for (std::uint32_t i = 0; i < ids.size(); i++)
		order_[i] = i;
	std::sort(order_.begin(), order_.end(), [&](std::uint32_t a, std::uint32_t b) { return ids[a] < ids[b]; });
	group_ids_.resize(ids.size());
	for (std::size_t i = 0; i < ids.size(); i++)
		group_ids_[i] = ids[order_[i]];
	group_distances_.resize(ids.size());
	group_infos_.resize(ids.size());
	for (std::size_t start = 0; start < ids.size(); start += kMaxBatch) {
		const int count = static_cast<int>(std::min<std::size_t>(kMaxBatch, ids.size() - start));
		const uint64 *batch = group_ids_.data() + start;
		float *distances = group_distances_.data() + start;
		ElementInfo *infos = group_infos_.data() + start;
		const ScanFilter *filter = filter_;
		TupleDesc descriptor = code_descriptor_;
		PgCall([&] {
			ReadDistancesBatch(index_, &pins_, batch, count, query, shape_, distance, distances, infos, filter,
			                   descriptor);
		});
	}
	// Matches only mean something under a filter: an unfiltered walk (every scan and insert without one) skips them.
	const bool filtered = filter_ != nullptr;
	batch_matches_.resize(filtered ? ids.size() : 0);
	for (std::size_t i = 0; i < ids.size(); i++) {
		out[order_[i]] = group_distances_[i];
		if (filtered)
			batch_matches_[order_[i]] = group_infos_[i].matches ? 1 : 0;
		auto [known, inserted] = known_.TryEmplace(group_ids_[i], Known{group_infos_[i], nullptr});
		if (!inserted)
			known->info = group_infos_[i];
	}
}

void
PageGraph::ExpectVisits(std::size_t count)
{
	expected_visits_ = count;
	known_.Reserve(count);
}

void
PageGraph::ReleasePins()
{
	PgCall([&] { hnsw::ReleasePins(&pins_); });
}

float
PageGraph::Distance(const void *query, NodeId id)
{
	float distance = 0;
	Distances(query, std::span<const NodeId>(&id, 1), &distance); // the batch path, with a batch of one
	return distance;
}

PageGraph::Known &
PageGraph::Lookup(NodeId id)
{
	if (Known *found = known_.Find(id))
		return *found;
	ElementInfo info{};
	PgCall([&] { ReadVectorCached(index_, &pins_, id, shape_, nullptr, &info, nullptr, filter_, code_descriptor_); });
	return *known_.TryEmplace(id, Known{info, nullptr}).first;
}

const void *
PageGraph::LoadVector(NodeId id, ElementInfo *info)
{
	Size size = 0;
	if (shape_.FixedSize()) {
		void *target = vector_arena_.allocate(shape_.Bytes(), alignof(float));
		PgCall([&] { ReadVectorCached(index_, &pins_, id, shape_, target, info, &size, filter_, code_descriptor_); });
		loaded_bytes_ += size;
		return target;
	}
	// A sparse element's size is known only under the page lock: read into the largest size, keep what it took.
	sparse_scratch_.resize(shape_.MaxBytes());
	PgCall([&] {
		ReadVectorCached(index_, &pins_, id, shape_, sparse_scratch_.data(), info, &size, filter_, code_descriptor_);
	});
	void *target = vector_arena_.allocate(size, alignof(float));
	std::memcpy(target, sparse_scratch_.data(), size);
	loaded_bytes_ += size;
	return target;
}

const void *
PageGraph::Vector(NodeId id)
{
	if (Known *found = known_.Find(id); found != nullptr && found->vector != nullptr)
		return found->vector;
	ElementInfo info{};
	const void *vector = LoadVector(id, &info);
	*known_.TryEmplace(id, Known{}).first = Known{info, vector};
	return vector;
}

float
PageGraph::DistanceBetween(NodeId a, NodeId b)
{
	const void *first = Vector(a);
	const void *second = Vector(b); // loading b never moves a's buffer
	return distance_(first, second, static_cast<std::size_t>(shape_.dims));
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
PageGraph::LoadNeighbors(NodeId id, int layer, bool codes)
{
	const ElementInfo info = Lookup(id).info;
	neighbor_buffer_.resize(static_cast<std::size_t>(2 * m_));
	neighbor_codes_.resize(codes ? static_cast<std::size_t>(2 * m_) : 0);
	if (layer > info.level) {
		neighbor_buffer_.clear();
		neighbor_codes_.clear();
		return;
	}
	int count = 0;
	NodeId *out = neighbor_buffer_.data();
	std::uint8_t *codes_out = codes ? neighbor_codes_.data() : nullptr;
	const int m = m_;
	PgCall([&] { count = ReadNeighborsCached(index_, &pins_, info.neighbors, m, layer, out, codes_out); });
	neighbor_buffer_.resize(static_cast<std::size_t>(count));
	if (codes)
		neighbor_codes_.resize(static_cast<std::size_t>(count));
}

bool
PageGraph::CodesNarrow() const noexcept
{
	return filter_ != nullptr && filter_->codes_narrow;
}

bool
PageGraph::MayMatchCode(std::uint8_t code) const noexcept
{
	return CodeMayMatch(filter_, code);
}

const std::uint8_t *
PageGraph::CodesOf(std::span<const NodeId> neighbors, int layer)
{
	if (code_descriptor_ == nullptr || layer != 0)
		return nullptr;
	write_codes_.resize(neighbors.size());
	for (std::size_t i = 0; i < neighbors.size(); i++)
		write_codes_[i] = Lookup(neighbors[i]).info.code;
	return write_codes_.data();
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
	const std::uint8_t *codes = CodesOf(neighbors, layer);
	PgCall([&] { WriteNeighbors(index_, info.neighbors, m, layer, ids, count, codes); });
}

bool
PageGraph::ReplaceNeighbors(NodeId id, int layer, std::span<const NodeId> expected, std::span<const NodeId> next)
{
	const ElementInfo info = Lookup(id).info;
	const int m = m_;
	bool written = false;
	const std::uint8_t *codes = CodesOf(next, layer);
	PgCall([&] {
		written = WriteNeighborsIfUnchanged(index_, info.neighbors, m, layer, expected.data(),
		                                    static_cast<int>(expected.size()), next.data(),
		                                    static_cast<int>(next.size()), codes);
	});
	return written;
}

void
PageGraph::Remember(NodeId id, const void *value, const ElementInfo &info)
{
	const Size size = shape_.BytesOf(value);
	void *copy = vector_arena_.allocate(size, alignof(float));
	std::memcpy(copy, value, size);
	loaded_bytes_ += size;
	*known_.TryEmplace(id, Known{}).first = Known{info, copy};
}

std::size_t
PageGraph::CachedBytes() const noexcept
{
	// An id map slot (key and value) per entry at a load of at most one half; the vectors (the arena's chunks
	// grow geometrically: up to twice what they hold).
	return known_.Size() * 2 * (sizeof(NodeId) + sizeof(Known)) + 2 * loaded_bytes_;
}

void
PageGraph::Clear()
{
	known_.Clear();
	vector_arena_.release();
	loaded_bytes_ = 0;
}

} // namespace vecsearch::pg::hnsw
