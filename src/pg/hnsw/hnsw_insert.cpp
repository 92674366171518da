// aminsert: link one new row's vector into the graph on disk, in two phases. The neighbour search reads the
// graph like a scan, without the insert lock, so concurrent inserts search side by side; the writes (the new
// element, its lists, back-links, the entry point) happen under the insert lock, a heavyweight lock that
// serialises them, after the candidates are re-read from the pages as they are then.
#include <algorithm>

#include "core/hnsw/insert.hpp"
#include "core/hnsw/visited_set.hpp"
#include "core/vector/vector_ops.hpp"
#include "pg/boundary.hpp"
#include "pg/hnsw/hnsw_maintenance.hpp"
#include "pg/hnsw/hnsw_options.hpp"
#include "pg/hnsw/hnsw_page_graph.hpp"
#include "pg/memory.hpp"
#include "pg/vector_type.hpp"

#include "pg/prelude.hpp"

namespace vecsearch::pg::hnsw {
namespace {

vecsearch::hnsw::Params
ParamsOf(const MetaPageData &meta)
{
	vecsearch::hnsw::Params params;
	params.m = meta.m;
	params.ef_construction = meta.ef_construction;
	params.max_level = MaxLevelForM(meta.m);
	params.force_in_links = static_cast<Metric>(meta.metric) != Metric::kInnerProduct;
	return params;
}

// Elements inserted by others between the two phases are missing from the layer-0 candidates. Left out,
// they are also at risk: re-selecting a neighbour's list with this element may drop one as "reachable
// through the new element", which does not link to it, and leave it with no way in. Such elements show up in
// the candidates' current lists without having been visited by phase 1's search (which visited every
// neighbour of the candidates it expanded), so those join the candidates. `visited` is phase 1's set.
void
AddElementsLinkedSince(PageGraph &graph, const float *query, uint64 node, vecsearch::hnsw::HashVisitedSet &visited,
                       std::pmr::vector<vecsearch::hnsw::Candidate<uint64>> *candidates,
                       vecsearch::hnsw::InsertScratch<uint64> *scratch)
{
	auto &fresh = scratch->search.batch;
	fresh.clear();
	visited.Insert(node);
	const std::size_t count = candidates->size();
	for (std::size_t i = 0; i < count; i++) {
		graph.CopyNeighbors((*candidates)[i].id, 0, &scratch->neighbors);
		for (uint64 id : scratch->neighbors) {
			if (visited.Insert(id))
				fresh.push_back(id);
		}
	}
	if (fresh.empty())
		return;
	scratch->search.batch_distances.resize(fresh.size());
	graph.Distances(query, fresh, scratch->search.batch_distances.data());
	for (std::size_t i = 0; i < fresh.size(); i++)
		candidates->push_back({scratch->search.batch_distances[i], fresh[i]});
}

bool
SameEntry(const MetaPageData &a, const MetaPageData &b)
{
	return a.entry_block == b.entry_block && a.entry_offset == b.entry_offset && a.entry_level == b.entry_level;
}

// C++ regime: inserts `vector` (already normalised for cosine) for `heap_tid`. `meta` was read without the
// insert lock, which InsertVector takes for its second phase only.
void
InsertVector(Relation index, MetaPageData meta, std::span<const float> vector, ItemPointer heap_tid,
             std::pmr::memory_resource *memory)
{
	const int dims = static_cast<int>(meta.dims);
	const vecsearch::hnsw::Params params = ParamsOf(meta);
	PageGraph graph(index, dims, meta.m, KernelFor(static_cast<Metric>(meta.metric)), memory);
	vecsearch::hnsw::HashVisitedSet visited(memory);
	vecsearch::hnsw::InsertScratch<uint64> scratch(memory);
	const float *query = vector.data();
	auto find_candidates = [&](const MetaPageData &from, int level) {
		vecsearch::hnsw::FindNeighborCandidates(graph, query, std::optional<uint64>(), level,
		                                        NodeIdOf(from.entry_block, from.entry_offset), from.entry_level, params,
		                                        visited, scratch);
	};

	// The level decides which layers to search, so it is drawn first.
	double uniform = 0;
	PgCall([&] { uniform = 1.0 - pg_prng_double(&pg_global_prng_state); }); // (0, 1]; cannot raise
	int level = std::min(vecsearch::hnsw::SampleLevel(uniform, params.LevelMultiplier()), params.max_level);

	// A row whose vector is already indexed (a duplicate, or a non-HOT update that kept the vector) joins that
	// element: a greedy descent finds it, and AddHeapTid checks again under the page lock, which is all the
	// locking a heap TID needs. No insert lock, no neighbour search.
	if (meta.entry_level >= 0) {
		vecsearch::hnsw::SearchKnn(graph, query, NodeIdOf(meta.entry_block, meta.entry_offset), meta.entry_level, 1,
		                           visited, scratch.search);
		const uint64 nearest = scratch.search.found.front().id;
		if (std::memcmp(graph.Vector(nearest), query, sizeof(float) * vector.size()) == 0) {
			bool added = false;
			PgCall([&] { added = AddHeapTid(index, nearest, query, dims, heap_tid); });
			if (added) {
				graph.ReleasePins();
				return;
			}
		}
	}

	// Phase 1, no insert lock: the candidates on every layer the element will join.
	const MetaPageData searched = meta;
	if (searched.entry_level >= 0)
		find_candidates(searched, level);

	// Phase 2, under the insert lock. What phase 1 cached about elements may be stale now.
	PgCall([&] {
		LockPage(index, kMetaBlock, ExclusiveLock); // the insert lock; released below, or at abort on an error
		ReadMeta(index, &meta);
	});
	graph.Clear();
	const bool has_entry = meta.entry_level >= 0;
	if (has_entry && !SameEntry(searched, meta))
		find_candidates(meta, level); // the entry point moved (or the index was empty): search again, here

	ItemPointerData neighbors;
	uint64 node = 0;
	PgCall([&] { node = AppendElement(index, query, dims, &level, meta.m, heap_tid, &neighbors); });
	graph.Remember(node, query, ElementInfo{level, false, 1, neighbors});
	if (has_entry) {
		const int top = std::min(level, static_cast<int>(meta.entry_level));
		// A reused free slot keeps its own level, which may be above the one drawn: search again for it.
		if (static_cast<std::size_t>(top) >= scratch.layers.size())
			find_candidates(meta, level);
		// Distances again, from the pages as they are now: a slot may have been freed and reused since phase 1.
		for (int layer = 0; layer <= top; layer++) {
			auto &candidates = scratch.layers[static_cast<std::size_t>(layer)];
			// The new element may sit in a reused slot that phase 1 saw as the old element: never its own link.
			std::erase_if(candidates, [node](const auto &candidate) { return candidate.id == node; });
			scratch.ids.clear();
			for (const auto &candidate : candidates)
				scratch.ids.push_back(candidate.id);
			scratch.search.batch_distances.resize(scratch.ids.size());
			graph.Distances(query, scratch.ids, scratch.search.batch_distances.data());
			for (std::size_t i = 0; i < candidates.size(); i++)
				candidates[i].distance = scratch.search.batch_distances[i];
			if (layer == 0)
				AddElementsLinkedSince(graph, query, node, visited, &candidates, &scratch);
			std::stable_sort(candidates.begin(), candidates.end(),
			                 [](const auto &x, const auto &y) { return x.distance < y.distance; });
		}
		vecsearch::hnsw::LinkNode(graph, node, top, params, scratch);
	}
	if (level > meta.entry_level)
		PgCall([&] { SetEntryPoint(index, node, level); });
	graph.ReleasePins();
	PgCall([&] { UnlockPage(index, kMetaBlock, ExclusiveLock); });
}

} // namespace

bool
InsertRow(Relation index, Datum *values, bool *isnull, ItemPointer heap_tid)
{
	if (isnull[0])
		return false;
	MemoryContext context = nullptr;
	PgVector *vector = nullptr;
	MetaPageData meta{};
	PgCall([&] {
		context = AllocSetContextCreate(CurrentMemoryContext, "hnsw insert", ALLOCSET_DEFAULT_SIZES);
		vector = DatumGetVector(values[0]);
		ReadMeta(index, &meta);
	});

	{
		ContextMemoryResource memory(context);
		ThrowIfError(CheckExpectedDims(static_cast<std::int32_t>(meta.dims), vector->dim));
		std::pmr::vector<float> values_copy(vector->x, vector->x + vector->dim, &memory);
		bool indexable = true;
		if (static_cast<Metric>(meta.metric) == Metric::kCosine) {
			const double norm = VectorNorm(values_copy);
			indexable = norm > 0.0; // zero vectors are not indexed under cosine
			for (float &value : values_copy)
				value = indexable ? static_cast<float>(static_cast<double>(value) / norm) : 0.0f;
		}
		if (indexable)
			InsertVector(index, meta, values_copy, heap_tid, &memory);
	}
	PgCall([&] { MemoryContextDelete(context); });
	return false;
}

} // namespace vecsearch::pg::hnsw
