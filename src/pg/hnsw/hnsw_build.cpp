// Index build: scan the table, insert every vector into an in-memory graph (core/hnsw) with the SIMD
// kernels, then lay the graph out on pages and write them in order. The pages are WAL-logged in one pass
// afterwards (log_newpage_range), as nothing else can see the index before the build commits. A graph that
// outgrows maintenance_work_mem is written out as it is, and the remaining rows are inserted on pages.
#include "pg/hnsw/hnsw_build.hpp"
#include "core/hnsw/in_memory_graph.hpp"
#include "core/hnsw/shared_graph.hpp"
#include "core/vector/vector_ops.hpp"
#include "pg/boundary.hpp"
#include "pg/hnsw/hnsw_build_shared.hpp"
#include "pg/hnsw/hnsw_element_value.hpp"
#include "pg/hnsw/hnsw_filter.hpp"
#include "pg/hnsw/hnsw_maintenance.hpp"
#include "pg/hnsw/hnsw_options.hpp"
#include "pg/hnsw/hnsw_pages.hpp"
#include "pg/memory.hpp"
#include "pg/vector_type.hpp"

#include "pg/prelude.hpp"

namespace vecsearch::pg::hnsw {
namespace {

using Graph = vecsearch::hnsw::InMemoryGraph;

// A serial build: rows go into an in-memory graph while it fits maintenance_work_mem (max_nodes); then the
// graph is written to pages and the remaining rows are inserted there, one by one, as aminsert does.
struct BuildState {
	BuildState(Relation index_in, ElementShape shape_in, Metric metric_in, const vecsearch::hnsw::Params &params_in,
	           std::size_t max_nodes_in, double budget_in, std::pmr::memory_resource *memory_in)
	    : index(index_in), shape(shape_in), metric(metric_in), params(params_in), max_nodes(max_nodes_in),
	      budget(budget_in), memory(memory_in), heap_tids(memory_in), payload_arena(memory_in), payloads(memory_in),
	      row(shape_in, metric_in, memory_in)
	{
		graph.emplace(static_cast<std::size_t>(shape.dims), params, DistanceFor(shape.kind, metric), memory);
		builder.emplace(&*graph, kBuildSeed, memory);
	}

	Relation index;
	ElementShape shape;
	Metric metric;
	vecsearch::hnsw::Params params;
	std::size_t max_nodes;
	double budget; // maintenance_work_mem in bytes
	std::pmr::memory_resource *memory;
	std::optional<Graph> graph; // empty once the build went on on pages
	std::optional<vecsearch::hnsw::GraphBuilder> builder;
	std::pmr::vector<ItemPointerData> heap_tids; // per node of the in-memory graph
	// Filter values per node of the in-memory graph (none without filter columns), copied into an arena whose
	// chunks never move.
	std::pmr::monotonic_buffer_resource payload_arena;
	std::pmr::vector<const IndexTupleData *> payloads;
	std::size_t payload_bytes = 0;
	bool filtered = false; // the index has filter columns
	ElementValue row;
	double heap_tuples = 0;
	double rows_on_pages = 0;  // rows indexed by page inserts
	double nodes_in_graph = 0; // rows the in-memory graph held when it was written out
};

// Where a node's two tuples go.
struct Placement {
	BlockNumber element_block;
	OffsetNumber element_offset;
	BlockNumber neighbor_block;
	OffsetNumber neighbor_offset;
};

constexpr Size kEmptyPageSpace = BLCKSZ - MAXALIGN(SizeOfPageHeaderData) - MAXALIGN(sizeof(PageOpaque));

// C++ regime: repairs the in-memory graph, writes it to pages and frees it.
void
WriteOutGraph(BuildState &state)
{
	state.builder->LinkUnreachableNodes();
	WriteGraph(state.index, *state.graph, std::span<const ItemPointerData>(state.heap_tids),
	           std::span<const IndexTupleData *const>(state.payloads), state.shape, state.metric, state.params,
	           state.memory);
	state.nodes_in_graph = static_cast<double>(state.graph->Size());
	state.builder.reset();
	state.graph.reset();
	std::pmr::vector<ItemPointerData>(state.memory).swap(state.heap_tids);
	std::pmr::vector<const IndexTupleData *>(state.memory).swap(state.payloads);
	state.payload_arena.release();
	state.payload_bytes = 0;
}

// C++ regime: the in-memory graph is full: tell the user (pgvector's words), write it out; the remaining rows
// go on on pages.
void
MoveToPages(BuildState &state)
{
	const double nodes = static_cast<double>(state.graph->Size());
	PgCall([&] {
		ereport(NOTICE, (errmsg("hnsw graph no longer fits into maintenance_work_mem after %.0f tuples", nodes),
		                 errdetail("Building will take significantly more time."),
		                 errhint("Increase maintenance_work_mem to speed up builds.")));
	});
	WriteOutGraph(state);
}

// C++ regime: adds one table row (its index values) to the graph, in memory or, once that is full, on pages.
void
AddRow(BuildState &state, Datum *values, bool *isnull, ItemPointer tid)
{
	const void *element = state.row.PrepareRow(values[0]);
	if (element != nullptr) {
		IndexTuple payload = nullptr;
		if (state.filtered) {
			const Size element_bytes = state.shape.BytesOf(element);
			PgCall([&] { payload = FormPayload(state.index, values, isnull, element_bytes); });
		}
		// Sparse elements and filter values vary in size: max_nodes came from an expected size, the bytes held
		// decide as well.
		if (state.graph &&
		    (state.graph->Size() >= state.max_nodes ||
		     ((!state.shape.FixedSize() || state.filtered) &&
		      static_cast<double>(state.graph->MemoryBytes() + state.heap_tids.capacity() * sizeof(ItemPointerData) +
		                          state.payloads.capacity() * sizeof(void *) + state.payload_bytes) >= state.budget)))
			MoveToPages(state);
		if (state.graph && state.graph->Size() == state.graph->ReservedNodes()) {
			// The row estimate was low: grow in steps, never past what the budget pays for.
			const std::size_t nodes = std::min(state.max_nodes, 2 * state.graph->Size() + 1024);
			state.graph->Reserve(nodes);
			state.heap_tids.reserve(nodes);
			if (state.filtered)
				state.payloads.reserve(nodes);
		}
		if (state.graph) {
			state.builder->InsertElement(element);
			state.heap_tids.push_back(*tid);
			if (state.filtered) {
				const Size size = IndexTupleSize(payload);
				void *copy = state.payload_arena.allocate(size, MAXIMUM_ALIGNOF);
				std::memcpy(copy, payload, size);
				state.payloads.push_back(static_cast<const IndexTupleData *>(copy));
				state.payload_bytes += size;
			}
		} else {
			InsertPrepared(state.index, element, payload, tid);
			state.rows_on_pages++;
		}
		if (payload != nullptr)
			PgCall([&] { pfree(payload); });
	}
	state.row.Release();
}
// PG regime: about how many rows the table holds now. Statistics give a rows-per-page density that is
// scaled to the current size (as the planner does); a table never analysed gets one from the value's own
// width (about `element_bytes`): inline up to the TOAST threshold, an out-of-line pointer beyond it. Other
// columns are ignored, so that guess errs high rather than low.
double
EstimateRows(Relation heap, Size element_bytes)
{
	const BlockNumber pages = RelationGetNumberOfBlocks(heap);
	if (heap->rd_rel->reltuples >= 0 && heap->rd_rel->relpages > 0)
		return std::ceil(heap->rd_rel->reltuples / heap->rd_rel->relpages * pages);
	const Size vector_bytes = VARHDRSZ + 4 + element_bytes;
	const Size stored_bytes = vector_bytes > TOAST_TUPLE_THRESHOLD ? TOAST_POINTER_SIZE : vector_bytes;
	const Size row_bytes = MAXALIGN(SizeofHeapTupleHeader) + MAXALIGN(stored_bytes) + sizeof(ItemIdData);
	return static_cast<double>(pages) * static_cast<double>(BLCKSZ - SizeOfPageHeaderData) /
	       static_cast<double>(row_bytes);
}

// PG regime: the bytes the build expects an element to take: a fixed-size kind's; for sparse elements, from the
// column's average width in the table's statistics (a sparsevec datum is 16 + 8 * nnz bytes, its element
// 4 + 8 * nnz), or the largest element without statistics (an index expression has none), so that the number
// of nodes reserved in memory errs low.
Size
ExpectedElementBytes(Relation heap, IndexInfo *index_info, ElementShape shape)
{
	if (shape.FixedSize())
		return shape.Bytes();
	const AttrNumber column = index_info->ii_IndexAttrNumbers[0];
	const int32 width = column > 0 ? get_attavgwidth(RelationGetRelid(heap), column) : 0;
	if (width <= 12)
		return shape.MaxBytes();
	return std::clamp<Size>(static_cast<Size>(width) - 12, shape.Bytes(), shape.MaxBytes());
}

// table_index_build_scan's per-row callback: an entry point PostgreSQL calls, so guarded.
void
BuildCallback(Relation index, ItemPointer tid, Datum *values, bool *isnull, bool tuple_is_alive, void *opaque)
{
	Guard([&] {
		auto &state = *static_cast<BuildState *>(opaque);
		state.heap_tuples++;
		if (!isnull[0])
			AddRow(state, values, isnull, tid);
		const auto nodes = static_cast<std::size_t>(state.graph ? static_cast<double>(state.graph->Size())
		                                                        : state.nodes_in_graph + state.rows_on_pages);
		if (nodes % 256 == 0) {
			// Progress counters are plain shared-memory stores: they cannot raise.
			pgstat_progress_update_param(PROGRESS_CREATEIDX_TUPLES_DONE, static_cast<int64>(nodes));
			PollInterrupts();
		}
	});
}

// The order nodes go to pages in: breadth-first over layer 0 from the entry point, so a node and its
// neighbours tend to share pages. A search then touches fewer distinct pages, and the pages it comes back to
// are still pinned and in the CPU's caches (in insertion order, neighbours are scattered over the index).
template <typename Graph>
void
LayoutOrder(const Graph &graph, std::pmr::vector<typename Graph::NodeId> *order)
{
	using NodeId = typename Graph::NodeId;
	order->clear();
	order->reserve(graph.Size());
	std::pmr::vector<bool> placed(graph.Size(), false, order->get_allocator().resource());
	auto visit_from = [&](NodeId start) {
		const std::size_t first = order->size();
		placed[start] = true;
		order->push_back(start);
		for (std::size_t next = first; next < order->size(); next++) {
			for (NodeId neighbor : graph.Neighbors((*order)[next], 0)) {
				if (!placed[neighbor]) {
					placed[neighbor] = true;
					order->push_back(neighbor);
				}
			}
		}
	};
	if (const auto entry = graph.EntryPoint())
		visit_from(*entry);
	for (NodeId node = 0; node < graph.Size(); node++) {
		if (!placed[node])
			visit_from(node);
	}
}

// Lays nodes out in `order`: both tuples of a node on one page whenever they fit together. With payloads,
// neighbour tuples have room for filter codes.
template <typename Graph>
void
PlanPages(const Graph &graph, std::span<const typename Graph::NodeId> order,
          std::span<const IndexTupleData *const> payloads, ElementShape shape, int m,
          std::pmr::vector<Placement> *where)
{
	const bool codes = !payloads.empty();
	where->resize(graph.Size());
	BlockNumber block = 1;
	Size space = kEmptyPageSpace;
	OffsetNumber items = 0;
	for (const typename Graph::NodeId node : order) {
		const Size payload_size = payloads.empty() ? 0 : IndexTupleSize(payloads[node]);
		const Size element_size =
		    MAXALIGN(ElementTupleSizeWith(shape.BytesOf(graph.Vector(node)), payload_size)) + sizeof(ItemIdData);
		const Size neighbor_size = MAXALIGN(NeighborTupleSize(m, graph.Level(node), codes)) + sizeof(ItemIdData);
		if (element_size + neighbor_size > space && items > 0) {
			block++;
			space = kEmptyPageSpace;
			items = 0;
		}
		Placement &place = (*where)[node];
		place.element_block = block;
		place.element_offset = ++items;
		space -= element_size;
		if (neighbor_size > space) { // only a huge vector: its neighbour tuple starts the next page
			block++;
			space = kEmptyPageSpace;
			items = 0;
		}
		place.neighbor_block = block;
		place.neighbor_offset = ++items;
		space -= neighbor_size;
	}
}

// PG regime: appends a page image at the end of the index (blocks are written strictly in order).
void
WritePage(Relation index, Page image, BlockNumber expected)
{
	const Buffer buffer = ReadBufferExtended(index, MAIN_FORKNUM, P_NEW, RBM_NORMAL, nullptr);
	if (BufferGetBlockNumber(buffer) != expected)
		elog(ERROR, "hnsw build expected block %u, got %u", expected, BufferGetBlockNumber(buffer));
	LockBuffer(buffer, BUFFER_LOCK_EXCLUSIVE);
	std::memcpy(BufferGetPage(buffer), image, BLCKSZ);
	MarkBufferDirty(buffer);
	UnlockReleaseBuffer(buffer);
}

// PG regime: fills `page` as the metapage of an index with `filter_columns` key columns after the vector.
void
InitMetaPage(Page page, ElementShape shape, const vecsearch::hnsw::Params &params, Metric metric, int filter_columns)
{
	InitPage(page, kMetaPageFlag);
	MetaPageData *meta = GetMeta(page);
	meta->magic = kMetaMagic;
	meta->version = kFormatVersion;
	meta->dims = static_cast<uint32>(shape.dims);
	meta->element_kind = static_cast<uint16>(shape.kind);
	meta->m = static_cast<uint16>(params.m);
	meta->ef_construction = static_cast<uint16>(params.ef_construction);
	meta->entry_block = InvalidBlockNumber;
	meta->entry_offset = InvalidOffsetNumber;
	meta->entry_level = -1;
	meta->last_block = InvalidBlockNumber;
	meta->metric = static_cast<uint32>(metric);
	meta->free_hint = InvalidBlockNumber;
	meta->filter_columns = static_cast<uint16>(filter_columns);
	meta->flags = filter_columns > 0 ? kMetaFlagFilterCodes : 0;
	reinterpret_cast<PageHeader>(page)->pd_lower =
	    static_cast<LocationIndex>(reinterpret_cast<char *>(meta) + sizeof(MetaPageData) - static_cast<char *>(page));
}

} // namespace

template <typename Graph>
void
WriteGraph(Relation index, const Graph &graph, std::span<const ItemPointerData> heap_tids,
           std::span<const IndexTupleData *const> payloads, ElementShape shape, Metric metric,
           const vecsearch::hnsw::Params &params, std::pmr::memory_resource *memory)
{
	using NodeId = typename Graph::NodeId;
	const int m = params.m;
	std::pmr::vector<NodeId> order(memory);
	LayoutOrder(graph, &order);
	std::pmr::vector<Placement> where(memory);
	PlanPages(graph, std::span<const NodeId>(order), payloads, shape, m, &where);

	std::pmr::vector<char> page_bytes(BLCKSZ, memory);
	std::pmr::vector<char> element_bytes(BLCKSZ, memory); // an element tuple, its filter values included
	const int filter_columns = IndexRelationGetNumberOfKeyAttributes(index) - 1;
	const bool codes = !payloads.empty();
	std::pmr::vector<char> neighbor_bytes(NeighborTupleSize(m, vecsearch::hnsw::kMaxLevel, codes), memory);
	const Page page = page_bytes.data();
	// Every node's filter code, written beside each layer-0 link to it.
	std::pmr::vector<uint8> node_codes(memory);
	if (codes) {
		node_codes.resize(graph.Size());
		PgCall([&] {
			TupleDesc descriptor = FilterDescriptor(index);
			for (std::size_t node = 0; node < graph.Size(); node++)
				node_codes[node] = FilterCodeOf(descriptor, payloads[node]);
		});
	}

	// Block 0: the metapage, with the entry point and the last page already known.
	PgCall([&] {
		InitMetaPage(page, shape, params, metric, filter_columns);
		MetaPageData *meta = GetMeta(page);
		if (const auto entry = graph.EntryPoint()) {
			meta->entry_block = where[*entry].element_block;
			meta->entry_offset = where[*entry].element_offset;
			meta->entry_level = static_cast<int16>(graph.Level(*entry));
			meta->last_block = where[order.back()].neighbor_block; // the last node laid out
		}
		WritePage(index, page, kMetaBlock);
	});

	BlockNumber current = InvalidBlockNumber;
	auto flush = [&] {
		if (current != InvalidBlockNumber)
			PgCall([&] { WritePage(index, page, current); });
	};
	auto start_page = [&](BlockNumber block) {
		if (block == current)
			return;
		flush();
		current = block;
		InitPage(page, kElementPageFlag); // PageInit and our special space: no error paths
	};
	auto add_item = [&](const void *item, Size size, OffsetNumber expected) {
		OffsetNumber offset = InvalidOffsetNumber;
		PgCall([&] {
			offset = PageAddItem(page, static_cast<Item>(const_cast<void *>(item)), size, expected, false, false);
		});
		if (offset != expected)
			throw StatusThrown{Status::Error(ErrorCode::kInternal, "hnsw build misplaced an item")};
	};

	for (const NodeId id : order) {
		const std::size_t node = id;
		const Placement &place = where[node];
		const int level = graph.Level(id);

		auto *element = reinterpret_cast<ElementTuple *>(element_bytes.data());
		std::memset(element, 0, element_bytes.size());
		element->kind = kElementTupleKind;
		element->level = static_cast<uint8>(level);
		element->heap_tid_count = 1;
		element->heap_tids[0] = heap_tids[node];
		ItemPointerSet(&element->neighbors, place.neighbor_block, place.neighbor_offset);
		element->dims = shape.HeaderDims();
		const Size vector_bytes = shape.BytesOf(graph.Vector(id));
		std::memcpy(element->vector, graph.Vector(id), vector_bytes);
		Size payload_size = 0;
		if (!payloads.empty()) {
			payload_size = IndexTupleSize(payloads[node]);
			std::memcpy(element_bytes.data() + PayloadOffset(vector_bytes), payloads[node], payload_size);
		}
		start_page(place.element_block);
		add_item(element, ElementTupleSizeWith(vector_bytes, payload_size), place.element_offset);

		auto *neighbors = reinterpret_cast<NeighborTuple *>(neighbor_bytes.data());
		neighbors->kind = kNeighborTupleKind;
		neighbors->level = static_cast<uint8>(level);
		neighbors->unused = 0;
		for (int layer = 0; layer <= level; layer++) {
			ItemPointerData *slots = neighbors->slots + LayerFirstSlot(m, layer);
			const std::span<const NodeId> links = graph.Neighbors(id, layer);
			for (int i = 0; i < LayerSlotCount(m, layer); i++) {
				if (static_cast<std::size_t>(i) < links.size())
					ItemPointerSet(&slots[i], where[links[i]].element_block, where[links[i]].element_offset);
				else
					ItemPointerSetInvalid(&slots[i]);
			}
		}
		if (codes) {
			uint8 *slot_codes = LayerZeroCodes(neighbors, m, level);
			const std::span<const NodeId> links = graph.Neighbors(id, 0);
			for (int i = 0; i < 2 * m; i++)
				slot_codes[i] = static_cast<std::size_t>(i) < links.size() ? node_codes[links[i]] : 0;
		}
		start_page(place.neighbor_block);
		add_item(neighbors, NeighborTupleSize(m, level, codes), place.neighbor_offset);
	}
	flush();
}

template void WriteGraph(Relation, const vecsearch::hnsw::InMemoryGraph &, std::span<const ItemPointerData>,
                         std::span<const IndexTupleData *const>, ElementShape, Metric, const vecsearch::hnsw::Params &,
                         std::pmr::memory_resource *);
template void WriteGraph(Relation, const vecsearch::hnsw::SharedGraph &, std::span<const ItemPointerData>,
                         std::span<const IndexTupleData *const>, ElementShape, Metric, const vecsearch::hnsw::Params &,
                         std::pmr::memory_resource *);

IndexBuildResult *
BuildIndex(Relation heap, Relation index, IndexInfo *index_info)
{
	ElementShape shape{};
	vecsearch::hnsw::Params params;
	Metric metric = Metric::kL2;
	MemoryContext build_context = nullptr;
	double rows_estimate = 0;
	Size element_bytes = 0;
	int filter_columns = 0;
	PgCall([&] {
		if (RelationGetNumberOfBlocks(index) != 0)
			elog(ERROR, "index \"%s\" already contains data", RelationGetRelationName(index));
		filter_columns = FilterColumnCount(index);
		const OpclassShape opclass = OpclassShapeOf(index);
		shape = ColumnShape(index, opclass.kind);
		metric = opclass.metric;
		params = ReadParams(index);
		element_bytes = ExpectedElementBytes(heap, index_info, shape);
		rows_estimate = EstimateRows(heap, element_bytes);
		build_context = AllocSetContextCreate(CurrentMemoryContext, "hnsw build", ALLOCSET_DEFAULT_SIZES);
		pgstat_progress_update_param(PROGRESS_CREATEIDX_SUBPHASE, kPhaseLoading);
		pgstat_progress_update_param(PROGRESS_CREATEIDX_TUPLES_TOTAL, static_cast<int64>(rows_estimate));
	});
	params = GraphParams(params.m, params.ef_construction, metric, filter_columns > 0);

	// The in-memory graph holds as many nodes as maintenance_work_mem pays for (each with its heap TID).
	const double budget = static_cast<double>(maintenance_work_mem) * 1024.0;
	const double bytes_per_node = static_cast<double>(Graph::EstimateMemoryBytes(
	                                  1024, element_bytes + (shape.FixedSize() ? 0 : sizeof(void *)), params)) /
	                                  1024.0 +
	                              sizeof(ItemPointerData);
	const auto max_nodes = static_cast<std::size_t>(std::max(budget / bytes_per_node, 64.0));

	auto *result = static_cast<IndexBuildResult *>(palloc0(sizeof(IndexBuildResult)));
	int workers = 0;
	PgCall([&] { workers = PlanParallelWorkers(heap, index, index_info, rows_estimate, shape); });
	const bool built_in_parallel =
	    workers > 0 && BuildParallel(heap, index, index_info, workers, rows_estimate, shape, metric, params, result);
	if (!built_in_parallel) {
		ContextMemoryResource memory(build_context);
		BuildState state(index, shape, metric, params, max_nodes, budget, &memory);
		state.filtered = filter_columns > 0;
		const auto reserved = static_cast<std::size_t>(
		    std::min(static_cast<double>(max_nodes), std::max(rows_estimate, 0.0) * 1.05 + 1024.0));
		state.graph->Reserve(reserved);
		state.heap_tids.reserve(reserved);
		if (state.filtered)
			state.payloads.reserve(reserved);
		PgCall([&] {
			table_index_build_scan(heap, index, index_info, true, true, BuildCallback, &state, nullptr);
			pgstat_progress_update_param(PROGRESS_CREATEIDX_SUBPHASE, kPhaseWriting);
		});
		if (state.graph) // it all fitted in memory
			WriteOutGraph(state);
		result->heap_tuples = state.heap_tuples;
		result->index_tuples = state.nodes_in_graph + state.rows_on_pages;
	}
	PgCall([&] {
		if (RelationNeedsWAL(index))
			log_newpage_range(index, MAIN_FORKNUM, 0, RelationGetNumberOfBlocks(index), true);
		MemoryContextDelete(build_context);
	});
	return result;
}

void
BuildEmptyIndex(Relation index)
{
	PgCall([&] {
		const int filter_columns = FilterColumnCount(index);
		const OpclassShape opclass = OpclassShapeOf(index);
		const ElementShape shape = ColumnShape(index, opclass.kind);
		const vecsearch::hnsw::Params params = ReadParams(index);
		const Page page = static_cast<Page>(palloc(BLCKSZ));
		InitMetaPage(page, shape, params, opclass.metric, filter_columns);
		PageSetChecksumInplace(page, kMetaBlock);
		smgrwrite(RelationGetSmgr(index), INIT_FORKNUM, kMetaBlock, page, true);
		log_newpage(&RelationGetSmgr(index)->smgr_rnode.node, INIT_FORKNUM, kMetaBlock, page, true);
		smgrimmedsync(RelationGetSmgr(index), INIT_FORKNUM);
		pfree(page);
	});
}

const char *
BuildPhaseName(int64 phase)
{
	switch (phase) {
	case PROGRESS_CREATEIDX_SUBPHASE_INITIALIZE: return "initializing";
	case kPhaseLoading: return "loading tuples";
	case kPhaseWriting: return "writing pages";
	}
	return nullptr;
}

} // namespace vecsearch::pg::hnsw
