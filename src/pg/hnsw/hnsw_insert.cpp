// aminsert: link one new row's vector into the graph on disk. Inserts into one index are serialised by a
// heavyweight lock (scans never take it), which keeps neighbour-list updates simple and race-free; the
// price is that concurrent inserts into the same index wait for each other.
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

// C++ regime: inserts `vector` (already normalised for cosine) for `heap_tid`, under the insert lock.
void
InsertVector(Relation index, const MetaPageData &meta, std::span<const float> vector, ItemPointer heap_tid,
             std::pmr::memory_resource *memory)
{
	const int dims = static_cast<int>(meta.dims);
	vecsearch::hnsw::Params params;
	params.m = meta.m;
	params.ef_construction = meta.ef_construction;
	params.max_level = MaxLevelForM(meta.m);
	params.force_in_links = static_cast<Metric>(meta.metric) != Metric::kInnerProduct;
	PageGraph graph(index, dims, meta.m, KernelFor(static_cast<Metric>(meta.metric)), memory);
	vecsearch::hnsw::HashVisitedSet visited(memory);
	vecsearch::hnsw::InsertScratch<uint64> scratch(memory);
	const bool has_entry = meta.entry_level >= 0;
	const uint64 entry = has_entry ? NodeIdOf(meta.entry_block, meta.entry_offset) : 0;

	// A row whose vector is already indexed (a duplicate, or a non-HOT update that kept the vector) joins that
	// element: a greedy descent finds it without the full insert's search and neighbour updates.
	if (has_entry) {
		vecsearch::hnsw::SearchKnn(graph, vector.data(), entry, meta.entry_level, 1, visited, scratch.search);
		const auto &nearest = scratch.search.found.front();
		// An identical vector is at distance 0 under L2 and L1 but at -|v|^2 under (negative) inner product
		// and cosine, so compare the vectors themselves (AddHeapTid does, under the page lock).
		if (std::memcmp(graph.Vector(nearest.id), vector.data(), sizeof(float) * vector.size()) == 0) {
			bool added = false;
			PgCall([&] { added = AddHeapTid(index, nearest.id, vector.data(), dims, heap_tid); });
			if (added) {
				graph.ReleasePins();
				return;
			}
		}
	}

	double uniform = 0;
	PgCall([&] { uniform = 1.0 - pg_prng_double(&pg_global_prng_state); }); // (0, 1]; cannot raise
	int level = std::min(vecsearch::hnsw::SampleLevel(uniform, params.LevelMultiplier()), params.max_level);
	ItemPointerData neighbors;
	uint64 node = 0;
	PgCall([&] { node = AppendElement(index, vector.data(), dims, &level, meta.m, heap_tid, &neighbors); });
	graph.Remember(node, vector.data(), ElementInfo{level, false, 1, neighbors});

	const bool new_entry =
	    vecsearch::hnsw::InsertNode(graph, node, has_entry, entry, meta.entry_level, params, visited, scratch);
	if (new_entry)
		PgCall([&] { SetEntryPoint(index, node, level); });
	graph.ReleasePins();
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
		LockPage(index, kMetaBlock, ExclusiveLock); // the insert lock; released below or at abort
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
	PgCall([&] {
		UnlockPage(index, kMetaBlock, ExclusiveLock);
		MemoryContextDelete(context);
	});
	return false;
}

} // namespace vecsearch::pg::hnsw
