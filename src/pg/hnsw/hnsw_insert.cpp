// aminsert: link one new row's vector into the graph on disk. Inserts run side by side: they share the
// insert lock (a heavyweight lock on block 0 that vacuum's graph repair takes exclusively and scans never
// take), search without any lock but page share locks, append under the metapage's buffer lock, and change
// each neighbour list by compare-and-write (core/hnsw/concurrent_links.hpp, AddBackLinkGuarded), which also keeps an
// element reachable when an insert that never saw it re-selects a list holding its last in-link. An insert
// into an empty index or above the entry point's level takes the insert lock exclusively, so the upper layers
// grow one element at a time. A vector that is already indexed (a duplicate, or a non-HOT update that kept
// it) only adds its heap TID, found among the candidates of the insert's own neighbour search, which runs
// before the element is appended and, for a level-0 element, starts narrow (16 candidates, where a non-HOT
// update finds its old element) and widens to ef_construction only when it must.
#include <algorithm>

#include "core/hnsw/insert.hpp"
#include "core/hnsw/visited_set.hpp"
#include "pg/boundary.hpp"
#include "pg/hnsw/hnsw_element_value.hpp"
#include "pg/hnsw/hnsw_filter.hpp"
#include "pg/hnsw/hnsw_maintenance.hpp"
#include "pg/hnsw/hnsw_options.hpp"
#include "pg/hnsw/hnsw_page_graph.hpp"
#include "pg/memory.hpp"

#include "pg/prelude.hpp"

namespace vecsearch::pg::hnsw {
namespace {

// Candidates of the search for an identical, already indexed vector.
constexpr std::size_t kDuplicateSearchEf = 16;

// C++ regime: adds `heap_tid` to an element among `found` (search results, nearest first) whose value is
// `query` and whose filter values are `payload`, under that element's page lock; false when there is none (or
// its heap TIDs are full). A non-HOT update that changes only a filter column gets an element of its own.
bool
AddToIdentical(Relation index, PageGraph &graph, std::span<const vecsearch::hnsw::Candidate<uint64>> found,
               const void *query, IndexTuple payload, ElementShape shape, ItemPointer heap_tid)
{
	for (const auto &candidate : found) {
		if (candidate.distance > found.front().distance)
			break; // identical values are all at the nearest distance
		const void *element = graph.Vector(candidate.id);
		if (shape.BytesOf(element) != shape.BytesOf(query) || std::memcmp(element, query, shape.BytesOf(query)) != 0)
			continue;
		bool added = false;
		PgCall([&] { added = AddHeapTid(index, candidate.id, query, payload, shape, heap_tid); });
		if (added)
			return true;
	}
	return false;
}

// C++ regime: inserts `element` (ElementValue::PrepareRow) for `heap_tid`. `meta` was read without the insert
// lock, which InsertElement takes before it reads the metapage again.
void
InsertElement(Relation index, MetaPageData meta, const void *element, IndexTuple payload, ItemPointer heap_tid,
              std::pmr::memory_resource *memory)
{
	const ElementShape shape = ShapeOf(meta);
	const vecsearch::hnsw::Params params = GraphParamsOf(meta);
	PageGraph graph(index, shape, meta.m, DistanceOf(meta), CoverDistanceOf(meta), memory);
	uint8 code = 0; // the new element's filter code, written beside every layer-0 link to it
	if (payload != nullptr) {
		TupleDesc descriptor = nullptr;
		PgCall([&] {
			descriptor = FilterDescriptor(index);
			code = FilterCodeOf(descriptor, payload);
		});
		graph.KeepFilterCodes(descriptor);
	}
	vecsearch::hnsw::HashVisitedSet visited(memory);
	vecsearch::hnsw::InsertScratch<uint64> scratch(memory);
	const void *query = element;

	// Under the insert lock: shared, unless this element may become the entry point.
	double uniform = 0;
	LOCKMODE lock_mode = ShareLock;
	PgCall([&] {
		uniform = 1.0 - pg_prng_double(&pg_global_prng_state); // (0, 1]
		LockPage(index, kMetaBlock, lock_mode);                // released below, or at abort on an error
		ReadMeta(index, &meta);
	});
	int level = std::min(vecsearch::hnsw::SampleLevel(uniform, params.LevelMultiplier()), params.max_level);
	if (meta.entry_level < 0 || level > meta.entry_level) {
		PgCall([&] {
			UnlockPage(index, kMetaBlock, lock_mode);
			lock_mode = ExclusiveLock;
			LockPage(index, kMetaBlock, lock_mode);
			ReadMeta(index, &meta);
		});
	}
	const bool has_entry = meta.entry_level >= 0;
	const uint64 entry = has_entry ? NodeIdOf(meta.entry_block, meta.entry_offset) : 0;
	const auto found_identical = [&](std::span<const vecsearch::hnsw::Candidate<uint64>> found) {
		if (!AddToIdentical(index, graph, found, query, payload, shape, heap_tid))
			return false;
		graph.ReleasePins();
		PgCall([&] { UnlockPage(index, kMetaBlock, lock_mode); });
		return true;
	};
	// The neighbour search runs before the element exists, and an identical vector (a non-HOT update, a
	// duplicate) only gains the heap TID. A level-0 element (most) first searches layer 0 with a few
	// candidates, which is where a non-HOT update finds its old element and stops, then widens that search to
	// ef_construction without measuring anything twice; a higher one searches its layers in full.
	int searched_level = level;
	if (has_entry && level == 0) {
		scratch.measured.Clear();
		vecsearch::hnsw::SearchKnn(graph, query, entry, meta.entry_level,
		                           std::min<std::size_t>(kDuplicateSearchEf, meta.ef_construction), visited,
		                           scratch.search, &scratch.measured);
		if (found_identical(scratch.search.found))
			return;
		vecsearch::hnsw::WidenToNeighborCandidates(graph, query, params, visited, scratch);
	} else if (has_entry) {
		vecsearch::hnsw::FindNeighborCandidates(graph, query, std::nullopt, level, entry, meta.entry_level, params,
		                                        visited, scratch);
	}
	if (has_entry && found_identical(scratch.layers.front()))
		return;
	ItemPointerData neighbors;
	uint64 node = 0;
	PgCall([&] { node = AppendElement(index, query, payload, shape, &level, meta.m, heap_tid, &neighbors); });
	graph.Remember(node, query, ElementInfo{level, false, 1, neighbors, true, code});
	// A reused free slot brings its own level: the layers above the one searched need candidates too.
	if (has_entry && level > searched_level && searched_level < meta.entry_level)
		vecsearch::hnsw::FindNeighborCandidates(graph, query, std::optional<uint64>(node), level, entry,
		                                        meta.entry_level, params, visited, scratch);
	const bool new_entry = !has_entry || level > meta.entry_level;
	if (has_entry)
		vecsearch::hnsw::LinkNode(graph, node, std::min(level, static_cast<int>(meta.entry_level)), params, scratch,
		                          new_entry ? std::optional<uint64>(entry) : std::nullopt);
	// Under the shared lock a reused free slot's level can still top the entry point: the higher level wins.
	if (new_entry)
		PgCall([&] { RaiseEntryPoint(index, node, level); });
	graph.ReleasePins();
	PgCall([&] { UnlockPage(index, kMetaBlock, lock_mode); });
}

} // namespace

void
InsertPrepared(Relation index, const void *element, IndexTuple payload, ItemPointer heap_tid)
{
	MemoryContext context = nullptr;
	MetaPageData meta{};
	PgCall([&] {
		context = AllocSetContextCreate(CurrentMemoryContext, "hnsw insert", ALLOCSET_DEFAULT_SIZES);
		ReadMeta(index, &meta);
	});
	{
		ContextMemoryResource memory(context);
		InsertElement(index, meta, element, payload, heap_tid, &memory);
	}
	PgCall([&] { MemoryContextDelete(context); });
}

bool
InsertRow(Relation index, Datum *values, bool *isnull, ItemPointer heap_tid)
{
	if (isnull[0])
		return false;
	MemoryContext context = nullptr;
	MetaPageData meta{};
	PgCall([&] {
		context = AllocSetContextCreate(CurrentMemoryContext, "hnsw insert", ALLOCSET_DEFAULT_SIZES);
		ReadMeta(index, &meta);
	});
	{
		ContextMemoryResource memory(context);
		// A detoasted copy is freed at once (Release): the caller's context lives for the whole statement (an
		// UPDATE of a million rows would keep a million out-of-line vectors).
		ElementValue row(ShapeOf(meta), static_cast<Metric>(meta.metric), &memory);
		const void *element = row.PrepareRow(values[0]);
		if (element != nullptr) { // a zero vector is not indexed under cosine
			IndexTuple payload = nullptr;
			const ElementShape shape = ShapeOf(meta);
			PgCall([&] { // in the insert's context, freed with it
				const MemoryContext old = MemoryContextSwitchTo(context);
				payload = FormPayload(index, values, isnull, shape.BytesOf(element));
				MemoryContextSwitchTo(old);
			});
			InsertElement(index, meta, element, payload, heap_tid, &memory);
		}
		row.Release();
	}
	PgCall([&] { MemoryContextDelete(context); });
	return false;
}

} // namespace vecsearch::pg::hnsw
