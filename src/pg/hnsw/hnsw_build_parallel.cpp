// Parallel index build: the leader and PostgreSQL parallel maintenance workers scan the table together (one
// parallel heap scan) and insert into one core SharedGraph in the parallel context's dynamic shared memory.
// When every participant is done, the leader repairs reachability and writes the pages exactly as the serial
// build does. The graph's capacity comes from the row estimate; if the table holds more rows than that, the
// graph refuses them and the caller rebuilds serially, so an estimate can cost time but never rows. A graph
// larger than maintenance_work_mem, or shared memory the system cannot give, also means a serial build. With
// filter columns, each row's filter values (its payload) go to a shared arena sized from the columns' widths,
// found by node; an arena that fills up means a serial build too.
#include "core/hnsw/shared_graph.hpp"
#include "pg/boundary.hpp"
#include "pg/hnsw/hnsw_build.hpp"
#include "pg/hnsw/hnsw_build_shared.hpp"
#include "pg/hnsw/hnsw_element_value.hpp"
#include "pg/hnsw/hnsw_filter.hpp"
#include "pg/hnsw/hnsw_page.hpp"
#include "pg/memory.hpp"

#include "pg/prelude.hpp"

namespace vecsearch::pg::hnsw {
namespace {

using SharedGraph = vecsearch::hnsw::SharedGraph;

// Keys of the parallel context's table of contents.
constexpr uint64 kKeyShared = UINT64CONST(0xA7C3000000000001);
constexpr uint64 kKeyGraph = UINT64CONST(0xA7C3000000000002);
constexpr uint64 kKeyHeapTids = UINT64CONST(0xA7C3000000000003);
constexpr uint64 kKeyPayloads = UINT64CONST(0xA7C3000000000004);

// Room for this many more rows than estimated, so a slightly stale estimate does not cost a rebuild.
constexpr double kCapacitySlack = 1.1;
constexpr double kCapacityMargin = 1000;

// What every participant reads and the leader sums; the parallel heap scan descriptor follows it.
struct ParallelShared {
	Oid heap_relid;
	Oid index_relid;
	bool concurrent;
	ElementShape shape;
	Metric metric;
	slock_t mutex;      // guards the sums below
	double heap_tuples; // rows scanned by every participant that has finished
	// Filter values (indexes with filter columns): the arena after the node offsets (kKeyPayloads).
	bool filtered;
	std::size_t capacity;              // nodes the graph has room for (offsets in the arena's chunk)
	std::size_t payload_bytes;         // bytes of the arena
	pg_atomic_uint64 payload_used;     // bytes handed out
	pg_atomic_uint32 payload_overflow; // some row's payload did not fit: the build goes serial
};

// The payload chunk: capacity node offsets (uint64), then the arena.
uint64 *
PayloadOffsets(void *chunk)
{
	return static_cast<uint64 *>(chunk);
}
char *
PayloadArena(void *chunk, std::size_t capacity)
{
	return static_cast<char *>(chunk) + MAXALIGN(capacity * sizeof(uint64));
}

ParallelTableScanDesc
ScanOf(ParallelShared *shared)
{
	return reinterpret_cast<ParallelTableScanDesc>(reinterpret_cast<char *>(shared) +
	                                               BUFFERALIGN(sizeof(ParallelShared)));
}

// One participant's side of the build: its view of the graph and its builder.
struct Participant {
	Participant(ParallelShared *shared_in, void *region, ItemPointerData *heap_tids_in, void *payloads_in,
	            Relation index_in, std::uint64_t seed, bool leader_in, std::pmr::memory_resource *memory)
	    : shared(shared_in), graph(region, DistanceFor(shared_in->shape.kind, shared_in->metric)),
	      builder(&graph, seed, memory), heap_tids(heap_tids_in), payloads(payloads_in), index(index_in),
	      row(shared_in->shape, shared_in->metric, memory), leader(leader_in)
	{
	}

	ParallelShared *shared;
	SharedGraph graph;
	vecsearch::hnsw::SharedGraphBuilder builder;
	ItemPointerData *heap_tids; // per node, in shared memory
	void *payloads;             // the payload chunk (nullptr without filter columns)
	Relation index;
	ElementValue row;
	bool leader;
	double heap_tuples = 0;
};

// C++ regime: copies a row's filter values into the shared arena for `node`, or marks the arena overflowed.
void
StorePayload(Participant &participant, std::size_t node, Datum *values, bool *isnull, Size element_bytes)
{
	ParallelShared *shared = participant.shared;
	PgCall([&] {
		IndexTuple payload = FormPayload(participant.index, values, isnull, element_bytes);
		const Size size = IndexTupleSize(payload);
		const uint64 offset = pg_atomic_fetch_add_u64(&shared->payload_used, MAXALIGN(size));
		if (offset + size > shared->payload_bytes) {
			pg_atomic_write_u32(&shared->payload_overflow, 1);
		} else {
			std::memcpy(PayloadArena(participant.payloads, shared->capacity) + offset, payload, size);
			PayloadOffsets(participant.payloads)[node] = offset;
		}
		pfree(payload);
	});
}

// table_index_build_scan's per-row callback in every participant: an entry point PostgreSQL calls, so guarded.
void
ParallelBuildCallback(Relation, ItemPointer tid, Datum *values, bool *isnull, bool, void *opaque)
{
	Guard([&] {
		auto &participant = *static_cast<Participant *>(opaque);
		participant.heap_tuples++;
		if (!isnull[0]) {
			const void *element = participant.row.PrepareRow(values[0]);
			if (element != nullptr) {
				// A full graph refuses the row; the scan goes on cheaply and the leader rebuilds serially.
				if (const auto node = participant.builder.InsertElement(element)) {
					participant.heap_tids[*node] = *tid;
					if (participant.shared->filtered)
						StorePayload(participant, *node, values, isnull, participant.shared->shape.BytesOf(element));
				}
			}
			participant.row.Release();
		}
		if (static_cast<std::uint64_t>(participant.heap_tuples) % 256 == 0) {
			// Only the leader reports progress, for everyone: the graph knows how many nodes all have added.
			if (participant.leader)
				pgstat_progress_update_param(PROGRESS_CREATEIDX_TUPLES_DONE,
				                             static_cast<int64>(participant.graph.Size()));
			PollInterrupts();
		}
	});
}

// C++ regime: scans this participant's share of the table into the graph, and adds its row count.
void
ScanIntoGraph(Relation heap, Relation index, IndexInfo *index_info, ParallelShared *shared, void *region,
              ItemPointerData *heap_tids, void *payloads, int participant_number)
{
	MemoryContext context = nullptr;
	PgCall(
	    [&] { context = AllocSetContextCreate(CurrentMemoryContext, "hnsw parallel build", ALLOCSET_DEFAULT_SIZES); });
	{
		ContextMemoryResource memory(context);
		Participant participant(shared, region, heap_tids, payloads, index,
		                        kBuildSeed + static_cast<std::uint64_t>(participant_number) + 1, participant_number < 0,
		                        &memory);
		PgCall([&] {
			TableScanDesc scan = table_beginscan_parallel(heap, ScanOf(shared));
			table_index_build_scan(heap, index, index_info, true, participant.leader, ParallelBuildCallback,
			                       &participant, scan);
			SpinLockAcquire(&shared->mutex);
			shared->heap_tuples += participant.heap_tuples;
			SpinLockRelease(&shared->mutex);
		});
	}
	PgCall([&] { MemoryContextDelete(context); });
}

// A parallel worker's body (see VECSEARCH_PG_PARALLEL_ENTRY below).
void
ParallelBuildMain(dsm_segment *, shm_toc *toc)
{
	ParallelShared *shared = nullptr;
	void *region = nullptr;
	ItemPointerData *heap_tids = nullptr;
	void *payloads = nullptr;
	Relation heap = nullptr;
	Relation index = nullptr;
	IndexInfo *index_info = nullptr;
	LOCKMODE heap_lock = NoLock;
	LOCKMODE index_lock = NoLock;
	PgCall([&] {
		shared = static_cast<ParallelShared *>(shm_toc_lookup(toc, kKeyShared, false));
		region = shm_toc_lookup(toc, kKeyGraph, false);
		heap_tids = static_cast<ItemPointerData *>(shm_toc_lookup(toc, kKeyHeapTids, false));
		payloads = shared->filtered ? shm_toc_lookup(toc, kKeyPayloads, false) : nullptr;
		// The leader holds these locks already; the group locking of parallel workers grants them again.
		heap_lock = shared->concurrent ? ShareUpdateExclusiveLock : ShareLock;
		index_lock = shared->concurrent ? RowExclusiveLock : AccessExclusiveLock;
		heap = table_open(shared->heap_relid, heap_lock);
		index = index_open(shared->index_relid, index_lock);
		index_info = BuildIndexInfo(index);
		index_info->ii_Concurrent = shared->concurrent;
	});
	ScanIntoGraph(heap, index, index_info, shared, region, heap_tids, payloads, ParallelWorkerNumber);
	PgCall([&] {
		index_close(index, index_lock);
		table_close(heap, heap_lock);
	});
}

} // namespace

int
PlanParallelWorkers(Relation heap, Relation index, IndexInfo *index_info, double tuples, ElementShape shape)
{
	// The shared graph is one region of fixed size: sparse elements, of any size, are built serially.
	if (!shape.FixedSize())
		return 0;
	if (max_parallel_maintenance_workers <= 0 || !IsNormalProcessingMode() || IsInParallelMode() ||
	    heap->rd_rel->relpersistence == RELPERSISTENCE_TEMP) // workers cannot read the leader's local buffers
		return 0;
	// Expressions and predicates are evaluated by every participant: all of them must be parallel safe.
	if (index_info->ii_Expressions != NIL || index_info->ii_Predicate != NIL) {
		PlannerGlobal glob{};
		PlannerInfo root{};
		glob.type = T_PlannerGlobal;
		// Left unset (as btree's planner state leaves it): is_parallel_safe trusts an expression without looking
		// whenever the query's hazard is already known to be PROPARALLEL_SAFE, which is what presetting it said.
		glob.maxParallelHazard = 0;
		root.type = T_PlannerInfo;
		root.glob = &glob;
		if (!is_parallel_safe(&root, reinterpret_cast<Node *>(RelationGetIndexExpressions(index))) ||
		    !is_parallel_safe(&root, reinterpret_cast<Node *>(RelationGetIndexPredicate(index))))
			return 0;
	}
	// ALTER TABLE ... SET (parallel_workers = n) decides, as for other parallel operations.
	const int chosen = RelationGetParallelWorkers(heap, -1);
	if (chosen >= 0)
		return std::min(chosen, max_parallel_maintenance_workers);
	// Size from the work, not the heap: the bytes of element data the graph links (768-d vectors live in TOAST
	// and leave the heap small). One worker from min_parallel_table_scan_size of it (8 MB by default, some 15k
	// vectors of 128 dimensions), one more per tripling.
	const double work_pages = tuples * static_cast<double>(ElementTupleSize(shape)) / BLCKSZ;
	double threshold = std::max(min_parallel_table_scan_size, 1);
	if (work_pages < threshold)
		return 0;
	int workers = 1;
	while (work_pages >= threshold * 3 && workers < max_parallel_maintenance_workers) {
		workers++;
		threshold *= 3;
	}
	return std::min(workers, max_parallel_maintenance_workers);
}

namespace {

// PG regime. Whether a dynamic shared memory segment of `bytes` can be created now: tried in a subtransaction,
// so a shortfall (Docker's 64 MB /dev/shm, a file size limit) is a NOTICE and a serial build, not an error.
// InitializeParallelDSM would raise it where nothing can catch it: the parallel context cannot outlive a
// subtransaction around it.
bool
SharedMemoryAvailable(Size bytes)
{
	const MemoryContext caller_context = CurrentMemoryContext;
	const ResourceOwner caller_owner = CurrentResourceOwner;
	volatile bool available = false; // set inside PG_TRY, read after it
	BeginInternalSubTransaction(nullptr);
	PG_TRY();
	{
		dsm_segment *segment = dsm_create(bytes, DSM_CREATE_NULL_IF_MAXSEGMENTS);
		if (segment != nullptr)
			dsm_detach(segment);
		available = segment != nullptr;
		ReleaseCurrentSubTransaction();
	}
	PG_CATCH();
	{
		MemoryContextSwitchTo(caller_context);
		ErrorData *error = CopyErrorData();
		FlushErrorState();
		RollbackAndReleaseCurrentSubTransaction();
		ereport(NOTICE, (errmsg("hnsw index build is not run in parallel: %s", error->message),
		                 errhint("Building serially. Parallel builds need shared memory for the whole graph "
		                         "(/dev/shm, or dynamic_shared_memory_type).")));
		FreeErrorData(error);
	}
	PG_END_TRY();
	MemoryContextSwitchTo(caller_context);
	CurrentResourceOwner = caller_owner;
	return available;
}

// PG regime: the bytes the filter values of one row are expected to take as a payload: each filter column's
// width (from the table's statistics, else the type's typical width), aligned, and the tuple's header and null
// bitmap; 0 without filter columns.
double
ExpectedPayloadBytes(Relation heap, Relation index, IndexInfo *index_info)
{
	const int columns = IndexRelationGetNumberOfKeyAttributes(index);
	if (columns < 2)
		return 0;
	double bytes = MAXALIGN(sizeof(IndexTupleData) + (columns + 7) / 8);
	for (int column = 2; column <= columns; column++) {
		const Form_pg_attribute attribute = TupleDescAttr(RelationGetDescr(index), column - 1);
		int32 width = attribute->attlen;
		if (width < 0) {
			const AttrNumber heap_column = index_info->ii_IndexAttrNumbers[column - 1];
			width = heap_column > 0 ? get_attavgwidth(RelationGetRelid(heap), heap_column) : 0;
			if (width <= 0)
				width = get_typavgwidth(attribute->atttypid, attribute->atttypmod);
		}
		bytes += MAXALIGN(width);
	}
	return bytes;
}

} // namespace

bool
BuildParallel(Relation heap, Relation index, IndexInfo *index_info, int workers, double tuples, ElementShape shape,
              Metric metric, const vecsearch::hnsw::Params &params, IndexBuildResult *result)
{
	// Sized in doubles first: a row estimate can be anything, and only a graph within maintenance_work_mem is
	// built in parallel (the serial build says up front what it needs when the graph does not fit).
	const double capacity_wanted = tuples * kCapacitySlack + kCapacityMargin;
	const double budget = static_cast<double>(maintenance_work_mem) * 1024.0;
	// Filter values: room for half as much again as expected (widths vary), and an offset per node.
	double payload_per_node = 0;
	PgCall([&] { payload_per_node = ExpectedPayloadBytes(heap, index, index_info); });
	const bool filtered = payload_per_node > 0;
	if (filtered)
		payload_per_node = payload_per_node * 1.5 + sizeof(uint64);
	const double bytes_per_node =
	    static_cast<double>(SharedGraph::RegionBytes(1024, static_cast<std::size_t>(shape.dims), params, shape.kind)) /
	        1024.0 +
	    sizeof(ItemPointerData) + payload_per_node;
	if (capacity_wanted > static_cast<double>(UINT32_MAX - 1) || capacity_wanted * bytes_per_node > budget) {
		PgCall([&] {
			ereport(DEBUG1, (errmsg("hnsw parallel build would need about %.0f MB of shared memory, more than "
			                        "maintenance_work_mem; building serially",
			                        capacity_wanted * bytes_per_node / (1024.0 * 1024.0))));
		});
		return false;
	}
	const auto capacity = static_cast<std::size_t>(capacity_wanted);
	const std::size_t region_bytes =
	    SharedGraph::RegionBytes(capacity, static_cast<std::size_t>(shape.dims), params, shape.kind);
	const std::size_t arena_bytes =
	    filtered ? static_cast<std::size_t>(capacity_wanted * (payload_per_node - sizeof(uint64))) : 0;
	const std::size_t payload_chunk_bytes = filtered ? MAXALIGN(capacity * sizeof(uint64)) + arena_bytes : 0;
	bool available = false;
	PgCall([&] {
		available = SharedMemoryAvailable(
		    add_size(add_size(add_size(region_bytes, mul_size(capacity, sizeof(ItemPointerData))), payload_chunk_bytes),
		             BLCKSZ * 16)); // and the parallel context's own few kB
	});
	if (!available)
		return false;
	ParallelContext *context = nullptr;
	Snapshot snapshot = nullptr;
	ParallelShared *shared = nullptr;
	void *region = nullptr;
	ItemPointerData *heap_tids = nullptr;
	void *payloads = nullptr;
	bool have_segment = false;
	PgCall([&] {
		EnterParallelMode();
		context = CreateParallelContext("vecsearch", "vecsearch_hnsw_parallel_build_main", workers);
		// A plain build sees every tuple that may still be visible to someone (as the serial scan does); a
		// concurrent one uses an MVCC snapshot, shared with the workers.
		snapshot = index_info->ii_Concurrent ? RegisterSnapshot(GetTransactionSnapshot()) : SnapshotAny;
		const Size shared_bytes =
		    add_size(BUFFERALIGN(sizeof(ParallelShared)), table_parallelscan_estimate(heap, snapshot));
		shm_toc_estimate_chunk(&context->estimator, shared_bytes);
		shm_toc_estimate_chunk(&context->estimator, region_bytes);
		shm_toc_estimate_chunk(&context->estimator, mul_size(capacity, sizeof(ItemPointerData)));
		if (filtered)
			shm_toc_estimate_chunk(&context->estimator, payload_chunk_bytes);
		shm_toc_estimate_keys(&context->estimator, filtered ? 4 : 3);
		InitializeParallelDSM(context);
		have_segment = context->seg != nullptr;
		if (!have_segment)
			return;
		shared = static_cast<ParallelShared *>(shm_toc_allocate(context->toc, shared_bytes));
		shared->heap_relid = RelationGetRelid(heap);
		shared->index_relid = RelationGetRelid(index);
		shared->concurrent = index_info->ii_Concurrent;
		shared->shape = shape;
		shared->metric = metric;
		SpinLockInit(&shared->mutex);
		shared->heap_tuples = 0;
		shared->filtered = filtered;
		shared->capacity = capacity;
		shared->payload_bytes = arena_bytes;
		pg_atomic_init_u64(&shared->payload_used, 0);
		pg_atomic_init_u32(&shared->payload_overflow, 0);
		table_parallelscan_initialize(heap, ScanOf(shared), snapshot);
		region = shm_toc_allocate(context->toc, region_bytes);
		heap_tids =
		    static_cast<ItemPointerData *>(shm_toc_allocate(context->toc, mul_size(capacity, sizeof(ItemPointerData))));
		if (filtered)
			payloads = shm_toc_allocate(context->toc, payload_chunk_bytes);
	});
	auto finish = [&] {
		PgCall([&] {
			DestroyParallelContext(context);
			if (IsMVCCSnapshot(snapshot))
				UnregisterSnapshot(snapshot);
			ExitParallelMode();
		});
	};
	if (!have_segment) {
		finish();
		return false;
	}
	SharedGraph::Initialize(region, capacity, static_cast<std::size_t>(shape.dims), params, shape.kind);
	PgCall([&] {
		shm_toc_insert(context->toc, kKeyShared, shared);
		shm_toc_insert(context->toc, kKeyGraph, region);
		shm_toc_insert(context->toc, kKeyHeapTids, heap_tids);
		if (filtered)
			shm_toc_insert(context->toc, kKeyPayloads, payloads);
		LaunchParallelWorkers(context);
		ereport(DEBUG1,
		        (errmsg("hnsw build with %d parallel workers (%d planned)", context->nworkers_launched, workers)));
	});

	// The leader takes its share of the scan too, then waits for the workers (their errors surface here).
	ScanIntoGraph(heap, index, index_info, shared, region, heap_tids, payloads, -1);
	PgCall([&] { WaitForParallelWorkersToFinish(context); });

	SharedGraph graph(region, DistanceFor(shape.kind, metric));
	const bool complete = !graph.Overflowed() && pg_atomic_read_u32(&shared->payload_overflow) == 0;
	if (complete) {
		PgCall([&] { pgstat_progress_update_param(PROGRESS_CREATEIDX_SUBPHASE, kPhaseWriting); });
		MemoryContext write_context = nullptr;
		PgCall([&] {
			write_context = AllocSetContextCreate(CurrentMemoryContext, "hnsw build write", ALLOCSET_DEFAULT_SIZES);
		});
		{
			ContextMemoryResource memory(write_context);
			vecsearch::hnsw::SharedGraphBuilder repair(&graph, kBuildSeed, &memory);
			repair.LinkUnreachableNodes();
			std::pmr::vector<const IndexTupleData *> node_payloads(&memory);
			if (filtered) {
				node_payloads.resize(graph.Size());
				for (std::size_t node = 0; node < graph.Size(); node++)
					node_payloads[node] = reinterpret_cast<const IndexTupleData *>(PayloadArena(payloads, capacity) +
					                                                               PayloadOffsets(payloads)[node]);
			}
			WriteGraph(index, graph, std::span<const ItemPointerData>(heap_tids, graph.Size()),
			           std::span<const IndexTupleData *const>(node_payloads), shape, metric, params, &memory);
		}
		PgCall([&] { MemoryContextDelete(write_context); });
		result->heap_tuples = shared->heap_tuples;
		result->index_tuples = static_cast<double>(graph.Size());
	} else {
		PgCall([&] {
			ereport(DEBUG1, (errmsg("hnsw parallel build found more rows than the %zu it made room for, or more "
			                        "filter values than the %zu bytes; building serially",
			                        capacity, arena_bytes)));
			pgstat_progress_update_param(PROGRESS_CREATEIDX_TUPLES_DONE, 0);
		});
	}
	finish();
	return complete;
}

} // namespace vecsearch::pg::hnsw

VECSEARCH_PG_PARALLEL_ENTRY(vecsearch_hnsw_parallel_build_main, vecsearch::pg::hnsw::ParallelBuildMain)
