// An HNSW graph held in memory: the index build fills one with the SIMD kernels and then writes it to pages;
// unit tests and micro-benchmarks search it directly. Node ids are dense (0..n-1) in insertion order.
// Single-threaded; memory comes from the caller's memory_resource.
#pragma once

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

class InMemoryGraph {
public:
	using NodeId = std::uint32_t;

	// `distance` orders nodes (smaller is closer) and says how elements are stored (its kind): squared L2,
	// negative inner product, or L1; cosine is negative inner product over vectors the caller has normalised.
	InMemoryGraph(std::size_t dims, const Params &params, ElementDistance distance, std::pmr::memory_resource *memory);

	// Appends a node (its element, ElementSize of the graph's kind, copied; no links yet) and returns its id.
	NodeId AddElement(const void *element, int level);
	// The same for a float32 graph.
	NodeId AddNode(std::span<const float> vector, int level) { return AddElement(vector.data(), level); }

	std::size_t Size() const noexcept { return levels_.size(); }
	std::size_t Dims() const noexcept { return dims_; }
	const ElementDistance &DistanceFunction() const noexcept { return distance_; }
	const Params &GraphParams() const noexcept { return params_; }

	// Makes room for `nodes` nodes in all (upper-layer lists for the expected share of them), so that a graph
	// grown to that size has allocated about EstimateMemoryBytes(nodes) and never held two copies of an array
	// while growing.
	void Reserve(std::size_t nodes);
	std::size_t ReservedNodes() const noexcept { return levels_.capacity(); }

	// Bytes held by the graph's arrays, for memory budgeting.
	std::size_t MemoryBytes() const noexcept;

	// Estimated bytes for `nodes` nodes of `element_bytes` each with these parameters (before building).
	static std::size_t EstimateMemoryBytes(std::size_t nodes, std::size_t element_bytes, const Params &params) noexcept;

	// --- the search and insert concepts (search.hpp, insert.hpp) ---
	// The node's element (a float array in a float32 graph).
	const void *Vector(NodeId id) const noexcept
	{
		return fixed_size_ ? vectors_.data() + static_cast<std::size_t>(id) * element_bytes_ : element_at_[id];
	}
	float Distance(const void *query, NodeId id) const noexcept { return distance_(query, Vector(id), dims_); }
	float DistanceBetween(NodeId a, NodeId b) const noexcept { return distance_(Vector(a), Vector(b), dims_); }
	void Distances(const void *query, std::span<const NodeId> ids, float *out) const noexcept
	{
		PrefetchedDistances(
		    distance_, [this](NodeId id) { return Vector(id); }, fixed_size_ ? element_bytes_ : 64, dims_, query, ids,
		    out);
	}
	// The cover rule's order (concurrent_links.hpp): only graphs with concurrent writers need it to be a metric.
	void CoverDistances(NodeId from, std::span<const NodeId> ids, float *out) const noexcept
	{
		Distances(Vector(from), ids, out);
	}
	NodeId VisitKey(NodeId id) const noexcept { return id; }
	std::size_t VisitCapacityHint() const noexcept { return Size(); }
	int Level(NodeId id) const noexcept { return levels_[id]; }
	std::span<const NodeId> Neighbors(NodeId id, int layer) const noexcept
	{
		const NodeId *list = (layer == 0 ? layer0_.data() : upper_.data()) + ListOffset(id, layer);
		return {list + 1, static_cast<std::size_t>(list[0])};
	}

	template <typename F> void ForEachNeighbor(NodeId id, int layer, F f) const
	{
		for (NodeId neighbor : Neighbors(id, layer))
			f(neighbor);
	}
	void CopyNeighbors(NodeId id, int layer, std::pmr::vector<NodeId> *out) const
	{
		const std::span<const NodeId> neighbors = Neighbors(id, layer);
		out->assign(neighbors.begin(), neighbors.end());
	}
	void SetNeighbors(NodeId id, int layer, std::span<const NodeId> neighbors) noexcept
	{
		Slots(id, layer).Write(neighbors);
	}
	bool Linkable(NodeId) const noexcept { return true; }
	// The selection cache of insert.hpp: per entry its distance to the owner, per list the chosen count.
	bool LoadSelection(NodeId id, int layer, std::pmr::vector<Candidate<NodeId>> *entries, std::size_t *diverse)
	{
		return Slots(id, layer).LoadSelection(entries, diverse);
	}
	void StoreSelection(NodeId id, int layer, std::span<const Candidate<NodeId>> entries, std::size_t diverse) noexcept
	{
		Slots(id, layer).StoreSelection(entries, diverse);
	}

	std::optional<NodeId> EntryPoint() const noexcept { return entry_point_; }
	void SetEntryPoint(NodeId id) noexcept { entry_point_ = id; }

private:
	// Slot layout of one neighbour list: [count, id_0, ..., id_{capacity-1}].
	std::size_t ListOffset(NodeId id, int layer) const noexcept
	{
		if (layer == 0)
			return static_cast<std::size_t>(id) * (1 + static_cast<std::size_t>(params_.MaxNeighbors(0)));
		return upper_offsets_[id] + static_cast<std::size_t>(layer - 1) * (1 + static_cast<std::size_t>(params_.m));
	}

	// Index of a list's selection-cache byte: node for layer 0, upper list number (offset / list size) above.
	std::size_t SelectionIndex(NodeId id, int layer) const noexcept
	{
		return layer == 0 ? id : ListOffset(id, layer) / (1 + static_cast<std::size_t>(params_.m));
	}
	ListSlots Slots(NodeId id, int layer) noexcept
	{
		const std::size_t offset = ListOffset(id, layer);
		return layer == 0 ? ListSlots{layer0_.data() + offset, layer0_distances_.data() + offset, &layer0_chosen_[id]}
		                  : ListSlots{upper_.data() + offset, upper_distances_.data() + offset,
		                              &upper_chosen_[SelectionIndex(id, layer)]};
	}

	std::size_t dims_;
	Params params_;
	ElementDistance distance_;
	std::size_t element_bytes_; // of every element, when fixed_size_
	bool fixed_size_;
	std::pmr::vector<std::byte> vectors_; // fixed-size elements, one after another
	// Variable-size elements (sparse): copied into chunks that never move once allocated, found by element_at_.
	std::pmr::vector<std::pmr::vector<std::byte>> chunks_;
	std::pmr::vector<const std::byte *> element_at_;
	std::pmr::vector<std::uint8_t> levels_;
	std::pmr::vector<NodeId> layer0_;
	std::pmr::vector<std::size_t> upper_offsets_;
	std::pmr::vector<NodeId> upper_;
	// Selection cache: distances parallel to layer0_/upper_ slots; chosen counts per list (kUnknownSelection).
	std::pmr::vector<float> layer0_distances_;
	std::pmr::vector<float> upper_distances_;
	std::pmr::vector<std::uint8_t> layer0_chosen_;
	std::pmr::vector<std::uint8_t> upper_chosen_;
	std::optional<NodeId> entry_point_;
};

// Searched and inserted into by one thread, with the selection cache.
static_assert(InsertGraph<InMemoryGraph> && SelectionCacheGraph<InMemoryGraph>);
static_assert(!LockedListsGraph<InMemoryGraph> && !ConcurrentWritersGraph<InMemoryGraph>);

// Inserts vectors one by one into an InMemoryGraph: samples levels with a seeded generator, keeps the entry
// point, and reuses its scratch space across inserts.
class GraphBuilder {
public:
	GraphBuilder(InMemoryGraph *graph, std::uint64_t seed, std::pmr::memory_resource *memory);

	// Adds `element` (of the graph's kind) and links it; returns its node id.
	InMemoryGraph::NodeId InsertElement(const void *element);
	InMemoryGraph::NodeId Insert(std::span<const float> vector) { return InsertElement(vector.data()); }

	// Gives every node a layer-0 path from the entry point: nodes whose in-links were all pruned away by
	// later inserts get one from the nearest reachable node. Returns how many nodes needed it.
	std::size_t LinkUnreachableNodes();

private:
	InMemoryGraph *graph_;
	std::mt19937_64 random_;
	DenseVisitedSet visited_;
	InsertScratch<InMemoryGraph::NodeId> scratch_;
};

// The k nearest nodes to `query` (ef >= k candidates explored), nearest first, into `out`.
void SearchInMemory(const InMemoryGraph &graph, const void *query, std::size_t k, std::size_t ef,
                    DenseVisitedSet &visited, SearchScratch<InMemoryGraph::NodeId> &scratch,
                    std::pmr::vector<Candidate<InMemoryGraph::NodeId>> *out);

} // namespace vecsearch::hnsw
