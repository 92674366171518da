// The HNSW graph as stored in index pages, presented to the core's search and insert templates
// (core/hnsw/search.hpp, insert.hpp). C++ regime: every page access goes through PgCall, one page operation at
// a time, so a PostgreSQL error unwinds this object cleanly. Caches what it learns about elements (level,
// neighbour tuple, vector when asked for) for the life of one search or insert.
#pragma once

#include <memory_resource>
#include <span>
#include <vector>

#include "core/hnsw/graph_concepts.hpp"
#include "core/hnsw/id_map.hpp"
#include "core/simd/kernels.hpp"
#include "pg/hnsw/hnsw_pages.hpp"

namespace vecsearch::pg::hnsw {

class PageGraph {
public:
	using NodeId = uint64;

	// `distance` orders elements; `cover_distance` is the metric of the cover rule (CoverDistanceFor).
	PageGraph(Relation index, ElementShape shape, int m, vecsearch::hnsw::ElementDistance distance,
	          vecsearch::hnsw::ElementDistance cover_distance, std::pmr::memory_resource *memory);

	// --- search concept ---
	float Distance(const void *query, NodeId id);
	void Distances(const void *query, std::span<const NodeId> ids, float *out);
	template <typename F> void ForEachNeighbor(NodeId id, int layer, F f)
	{
		LoadNeighbors(id, layer);
		for (NodeId neighbor : neighbor_buffer_)
			f(neighbor);
	}
	NodeId VisitKey(NodeId id) const noexcept { return id; }

	// --- filtering (a scan with conditions on filter columns; nullptr: none) ---
	void SetFilter(const ScanFilter *filter) noexcept { filter_ = filter; }
	bool Filtering() const noexcept { return filter_ != nullptr; }
	// Whether the element meets the filter (read when not known yet).
	bool Matches(NodeId id) { return Lookup(id).info.matches; }
	// Of the last Distances batch, in its order.
	const std::uint8_t *BatchMatches() const noexcept { return batch_matches_.data(); }
	// Whether the filter's codes rule some elements out (hnsw_filter.hpp): only then does ForEachNeighborMayMatch
	// say false for any neighbour.
	bool CodesNarrow() const noexcept;
	// Each neighbour on a layer with whether it may meet the filter, from the code beside its link (layer 0).
	template <typename F> void ForEachNeighborMayMatch(NodeId id, int layer, F f)
	{
		LoadNeighbors(id, layer, CodesNarrow() && layer == 0);
		for (std::size_t i = 0; i < neighbor_buffer_.size(); i++)
			f(neighbor_buffer_[i], neighbor_codes_.empty() || MayMatchCode(neighbor_codes_[i]));
	}

	// --- filter codes, for a graph that writes lists of an index that keeps them (inserts, vacuum) ---
	// Elements read from here on learn their codes, and layer-0 lists are written with their neighbours' codes.
	void KeepFilterCodes(TupleDesc descriptor) noexcept { code_descriptor_ = descriptor; }
	std::size_t VisitCapacityHint() const noexcept { return expected_visits_; }

	// Sizes the visited set and the element cache for about `count` elements met per search (growing them
	// mid-search cost a tenth of a high-ef_search query in a profile).
	void ExpectVisits(std::size_t count);

	// --- insert concept ---
	// The pointer stays valid until Clear() (InsertNode holds it while it loads other elements).
	const void *Vector(NodeId id);
	float DistanceBetween(NodeId a, NodeId b);
	// Measured on the pages, as Distances, from `from`'s vector (loaded).
	void CoverDistances(NodeId from, std::span<const NodeId> ids, float *out);
	int Level(NodeId id);
	void CopyNeighbors(NodeId id, int layer, std::pmr::vector<NodeId> *out);
	void SetNeighbors(NodeId id, int layer, std::span<const NodeId> neighbors);
	// Inserts run side by side (core/hnsw/concurrent_links.hpp, kConcurrentWriters): a list is changed only if it still
	// is what the inserter read.
	bool ReplaceNeighbors(NodeId id, int layer, std::span<const NodeId> expected, std::span<const NodeId> next);

	bool Linkable(NodeId id) { return !Lookup(id).info.deleted; }

	// Records an element this backend just wrote (so its value and level need no read).
	void Remember(NodeId id, const void *value, const ElementInfo &info);

	// Whether the element had heap TIDs when last read (deleted elements route searches but are no result).
	bool IsLive(NodeId id);

	// Forgets cached elements (between scans: another backend may have changed the graph); keeps pins.
	void Clear();

	// About how much memory the cache of elements holds now (a pass over the whole index clears it when
	// this passes its share of maintenance_work_mem).
	std::size_t CachedBytes() const noexcept;

	// Releases the buffers this graph keeps pinned. PG regime; call before dropping the graph on the normal
	// path (on an error, transaction abort releases them; a destructor never does).
	void ReleasePins();

private:
	struct Known {
		ElementInfo info;
		const void *vector; // in vector_arena_, or null when not loaded
	};

	// The element's info, read (without its vector) when not known yet.
	Known &Lookup(NodeId id);
	void Measure(const void *query, std::span<const NodeId> ids, float *out,
	             const vecsearch::hnsw::ElementDistance &distance);
	// Reads the element's value into vector_arena_ (and its info, which may have changed since).
	const void *LoadVector(NodeId id, ElementInfo *info);
	// Reads a list into neighbor_buffer_, and with `codes` its filter codes into neighbor_codes_ (else empty).
	void LoadNeighbors(NodeId id, int layer, bool codes = false);
	bool MayMatchCode(std::uint8_t code) const noexcept;
	// The filter codes of `neighbors` (nullptr when this graph does not keep codes or `layer` is not 0).
	const std::uint8_t *CodesOf(std::span<const NodeId> neighbors, int layer);

	Relation index_;
	ElementShape shape_;
	int m_;
	vecsearch::hnsw::ElementDistance distance_;
	vecsearch::hnsw::ElementDistance cover_distance_;
	std::size_t expected_visits_ = 1024;
	vecsearch::hnsw::IdMap<Known> known_;
	// The loaded vectors: the core keeps Vector() pointers across later loads, so a vector never moves; an
	// arena, because most elements an insert meets are measured in place and never loaded (a zero-filled
	// vector per element met cost an insert into 768-d data a tenth of its time).
	std::pmr::monotonic_buffer_resource vector_arena_;
	std::size_t loaded_bytes_ = 0;
	std::pmr::vector<std::byte> sparse_scratch_; // a sparse element read before its size is known
	std::pmr::vector<NodeId> neighbor_buffer_;
	std::pmr::vector<std::uint32_t> order_; // batch positions sorted by block
	std::pmr::vector<NodeId> group_ids_;
	std::pmr::vector<float> group_distances_;
	std::pmr::vector<ElementInfo> group_infos_;
	std::pmr::vector<std::uint8_t> batch_matches_; // 1 where an element of the last batch matches
	std::pmr::vector<std::uint8_t> neighbor_codes_;
	std::pmr::vector<std::uint8_t> write_codes_;
	const ScanFilter *filter_ = nullptr;
	TupleDesc code_descriptor_ = nullptr;
	PinCache pins_;
};

// Changed by many backends at once, list by list with compare-and-write; no lock over lists, no cache.
static_assert(vecsearch::hnsw::InsertGraph<PageGraph> && vecsearch::hnsw::ConcurrentWritersGraph<PageGraph>);
static_assert(!vecsearch::hnsw::LockedListsGraph<PageGraph> && !vecsearch::hnsw::SelectionCacheGraph<PageGraph>);

} // namespace vecsearch::pg::hnsw
