// An HNSW graph that several builders fill at once: threads of one process, or PostgreSQL's parallel
// maintenance workers, each of which maps the same shared memory at its own address. So the graph lives in
// one caller-provided region of fixed capacity, holds offsets (never pointers), and synchronises through
// lock-free atomics only, which work across processes. Each builder attaches its own SharedGraph view.
//
// Concurrency: a node's vector and level are written before anyone can reach it (it becomes reachable only
// through a neighbour-list write under a lock, or through the entry point, both release/acquire). Each node
// has one spin lock guarding its lists; searches copy a list under it, inserts hold it across each
// read-modify-write (selection.hpp, NeighborListLock). No code path holds two locks, so none can deadlock.
// A builder that runs out of capacity marks the graph overflowed; the caller then builds another way.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory_resource>
#include <optional>
#include <random>
#include <span>
#include <vector>

#include "core/hnsw/element_distance.hpp"
#include "core/hnsw/hnsw_params.hpp"
#include "core/hnsw/insert.hpp"
#include "core/hnsw/list_slots.hpp"
#include "core/hnsw/visited_set.hpp"
#include "core/simd/kernels.hpp"

namespace vecsearch::hnsw {

static_assert(std::atomic<std::uint32_t>::is_always_lock_free && std::atomic<std::uint64_t>::is_always_lock_free,
              "the shared graph needs address-free atomics to work across processes");

class SharedGraph {
public:
	using NodeId = std::uint32_t;

	// Bytes of a region for `capacity` nodes of `kind` (a fixed-size kind: a region cannot grow, so sparse
	// elements are built serially); upper layers get room for several times their expected size.
	static std::size_t RegionBytes(std::size_t capacity, std::size_t dims, const Params &params,
	                               ElementKind kind = ElementKind::kFloat32) noexcept;

	// Formats `region` (RegionBytes long, 64-byte aligned or better): an empty graph. Once, before attaching.
	static void Initialize(void *region, std::size_t capacity, std::size_t dims, const Params &params,
	                       ElementKind kind = ElementKind::kFloat32) noexcept;

	// A view of an initialised region; `distance` as for InMemoryGraph, of the region's kind (each process
	// passes its own kernel).
	SharedGraph(void *region, ElementDistance distance) noexcept;

	// Reserves a node, copies its element and level; nullopt (and the graph is marked overflowed) when full.
	std::optional<NodeId> AddElement(const void *element, int level) noexcept;
	std::optional<NodeId> AddNode(std::span<const float> vector, int level) noexcept
	{
		return AddElement(vector.data(), level);
	}

	// Nodes added so far (all complete once every builder has finished).
	std::size_t Size() const noexcept;
	std::size_t Capacity() const noexcept { return capacity_; }
	std::size_t Dims() const noexcept { return dims_; }
	const Params &GraphParams() const noexcept { return params_; }
	bool Overflowed() const noexcept;

	// --- the search and insert concepts (search.hpp, insert.hpp) ---
	const void *Vector(NodeId id) const noexcept { return vectors_ + static_cast<std::size_t>(id) * element_bytes_; }
	float Distance(const void *query, NodeId id) const noexcept { return distance_(query, Vector(id), dims_); }
	float DistanceBetween(NodeId a, NodeId b) const noexcept { return distance_(Vector(a), Vector(b), dims_); }
	void Distances(const void *query, std::span<const NodeId> ids, float *out) const noexcept
	{
		PrefetchedDistances(
		    distance_, [this](NodeId id) { return Vector(id); }, element_bytes_, dims_, query, ids, out);
	}
	// The cover rule's order (concurrent_links.hpp): only graphs with concurrent writers need it to be a metric.
	void CoverDistances(NodeId from, std::span<const NodeId> ids, float *out) const noexcept
	{
		Distances(Vector(from), ids, out);
	}
	NodeId VisitKey(NodeId id) const noexcept { return id; }
	std::size_t VisitCapacityHint() const noexcept { return capacity_; }
	int Level(NodeId id) const noexcept { return levels_[id]; }
	bool Linkable(NodeId) const noexcept { return true; }

	// Searches read a consistent copy of the list, taken under the node's lock.
	template <typename F> void ForEachNeighbor(NodeId id, int layer, F f) const
	{
		NodeId copy[1 + 2 * kMaxM];
		std::uint32_t count;
		SpinLock(id);
		const NodeId *list = List(id, layer);
		count = list[0];
		std::copy(list + 1, list + 1 + count, copy);
		SpinUnlock(id);
		for (std::uint32_t i = 0; i < count; i++)
			f(copy[i]);
	}
	// The caller holds the node's lock, or no builder is running.
	void CopyNeighbors(NodeId id, int layer, std::pmr::vector<NodeId> *out) const
	{
		const std::span<const NodeId> neighbors = Neighbors(id, layer);
		out->assign(neighbors.begin(), neighbors.end());
	}
	void SetNeighbors(NodeId id, int layer, std::span<const NodeId> neighbors) noexcept
	{
		Slots(id, layer).Write(neighbors);
	}
	// The selection cache of insert.hpp (the caller holds the node's lock).
	bool LoadSelection(NodeId id, int layer, std::pmr::vector<Candidate<NodeId>> *entries, std::size_t *diverse) const
	{
		return Slots(id, layer).LoadSelection(entries, diverse);
	}
	void StoreSelection(NodeId id, int layer, std::span<const Candidate<NodeId>> entries, std::size_t diverse) noexcept
	{
		Slots(id, layer).StoreSelection(entries, diverse);
	}
	void LockNeighbors(NodeId id) const noexcept { SpinLock(id); }
	void UnlockNeighbors(NodeId id) const noexcept { SpinUnlock(id); }

	// Unlocked view of a list: only when no builder is running (layout, repair, writing pages).
	std::span<const NodeId> Neighbors(NodeId id, int layer) const noexcept { return Slots(id, layer).Ids(); }

	struct Entry {
		NodeId id;
		int level;
	};
	std::optional<NodeId> EntryPoint() const noexcept;
	std::optional<Entry> LoadEntry() const noexcept;
	// Makes `id` the entry point of an empty graph; false when another builder's node got there first.
	bool SetFirstEntryPoint(NodeId id, int level) noexcept;
	// Makes `id` the entry point unless one at `level` or higher is already there (another builder's).
	// Returns true when `id` became the entry.
	bool RaiseEntryPoint(NodeId id, int level) noexcept;

private:
	struct Header;

	// A list's slot offset in layer0_ (layer 0) or upper_, and its index among the lists of its kind.
	std::size_t ListIndex(NodeId id, int layer) const noexcept
	{
		return layer == 0 ? id : static_cast<std::size_t>(upper_first_[id]) + static_cast<std::size_t>(layer - 1);
	}
	std::size_t ListOffset(NodeId id, int layer) const noexcept
	{
		return ListIndex(id, layer) * (1 + static_cast<std::size_t>(params_.MaxNeighbors(layer)));
	}
	NodeId *List(NodeId id, int layer) const noexcept
	{
		return (layer == 0 ? layer0_ : upper_) + ListOffset(id, layer);
	}
	ListSlots Slots(NodeId id, int layer) const noexcept
	{
		const std::size_t offset = ListOffset(id, layer);
		return layer == 0 ? ListSlots{layer0_ + offset, layer0_distances_ + offset, layer0_chosen_ + id}
		                  : ListSlots{upper_ + offset, upper_distances_ + offset, upper_chosen_ + ListIndex(id, layer)};
	}
	void SpinLock(NodeId id) const noexcept;
	void SpinUnlock(NodeId id) const noexcept { locks_[id].store(0, std::memory_order_release); }

	Header *header_;
	std::size_t capacity_;
	std::size_t dims_;
	std::size_t element_bytes_;
	Params params_;
	ElementDistance distance_;
	std::byte *vectors_;
	std::uint8_t *levels_;
	std::uint32_t *upper_first_;
	NodeId *layer0_;
	NodeId *upper_;
	float *layer0_distances_; // selection cache, parallel to the list slots
	float *upper_distances_;
	std::uint8_t *layer0_chosen_; // per list, kUnknownSelection when not cached
	std::uint8_t *upper_chosen_;
	std::atomic<std::uint32_t> *locks_;
};

// One builder's handle on a shared graph: its own level generator, visited set and scratch space.
// Inserted into by several builders at once: a lock per list, and the selection cache.
static_assert(InsertGraph<SharedGraph> && LockedListsGraph<SharedGraph> && SelectionCacheGraph<SharedGraph>);
static_assert(!ConcurrentWritersGraph<SharedGraph>);

class SharedGraphBuilder {
public:
	// Builders of one graph need distinct seeds, or they draw the same levels.
	SharedGraphBuilder(SharedGraph *graph, std::uint64_t seed, std::pmr::memory_resource *memory);

	// Adds and links `element`, returning its node; nullopt when the graph is full (then nothing was linked).
	std::optional<SharedGraph::NodeId> InsertElement(const void *element);
	std::optional<SharedGraph::NodeId> Insert(std::span<const float> vector) { return InsertElement(vector.data()); }

	// After every builder has finished: the repair of GraphBuilder::LinkUnreachableNodes.
	std::size_t LinkUnreachableNodes();

private:
	SharedGraph *graph_;
	std::mt19937_64 random_;
	DenseVisitedSet visited_;
	InsertScratch<SharedGraph::NodeId> scratch_;
};

} // namespace vecsearch::hnsw
