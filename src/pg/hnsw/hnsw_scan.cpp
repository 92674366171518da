// The HNSW index scan. Its state is a C++ object placement-constructed in a memory context of its own, whose
// reset callback runs the destructor, so an aborted query frees it like any other memory (DESIGN.md 2.5).
#include "pg/hnsw/hnsw_scan.hpp"

#include <algorithm>
#include <new>

#include "core/hnsw/iterative_search.hpp"
#include "core/hnsw/scan_cost.hpp"
#include "core/hnsw/visited_set.hpp"
#include "pg/boundary.hpp"
#include "pg/hnsw/hnsw_element_value.hpp"
#include "pg/hnsw/hnsw_filter.hpp"
#include "pg/hnsw/hnsw_options.hpp"
#include "pg/hnsw/hnsw_page_graph.hpp"
#include "pg/memory.hpp"

#include "pg/prelude.hpp"

namespace vecsearch::pg::hnsw {
namespace {

using Candidate = vecsearch::hnsw::Candidate<uint64>;

// The most elements a search sizes its visited set and element cache for before it starts (about 5 MB).
constexpr std::size_t kMaxExpectedVisits = std::size_t{1} << 16;

class ScanState {
public:
	ScanState(Relation index, MemoryContext context)
	    : memory_(context), index_(index), results_(&memory_), visited_(&memory_), search_(&memory_)
	{
		PgCall([&] { ReadMeta(index, &meta_); });
		graph_.emplace(index, ShapeOf(meta_), meta_.m, DistanceOf(meta_), CoverDistanceOf(meta_), &memory_);
		query_value_.emplace(ShapeOf(meta_), static_cast<Metric>(meta_.metric), &memory_);
	}

	// Takes the query from the ORDER BY scan key and the conditions on filter columns (`filter`, nullptr for
	// none; in memory that lives until the next rescan) and forgets any previous results. The entry point is read
	// again: a rescan (each outer row of a LATERAL join) can come after a vacuum moved it.
	void SetQuery(ScanKey orderby, const ScanFilter *filter)
	{
		filter_ = filter;
		graph_->SetFilter(filter);
		PgCall([&] { ReadMeta(index_, &meta_); });
		results_.clear();
		next_result_ = 0;
		tid_count_ = next_tid_ = 0;
		searched_ = false;
		last_distance_ = -std::numeric_limits<float>::infinity(); // strict order starts over at each rescan
		graph_->Clear();
		has_query_ = true;
		const bool isnull = orderby == nullptr || (orderby->sk_flags & SK_ISNULL) != 0;
		query_ = query_value_->PrepareQuery(isnull ? Datum(0) : orderby->sk_argument, isnull);
	}

	// Lets go of the index pages the search keeps pinned (normal end of the scan).
	void ReleasePins() { graph_->ReleasePins(); }

	// Elements measured by the searches since the last rescan (for DEBUG2 logs).
	std::size_t Measured() const noexcept { return searched_ ? search_.Measured() : 0; }

	// The next heap TID in distance order, or false when the scan is done.
	bool Next(ItemPointer out)
	{
		for (;;) {
			if (next_tid_ < tid_count_) {
				*out = tids_[next_tid_++];
				return true;
			}
			if (next_result_ >= results_.size() && !Search())
				return false;
			const Candidate result = results_[next_result_++];
			last_distance_ = result.distance;
			PgCall([&] { tid_count_ = ReadHeapTids(index_, result.id, tids_); });
			next_tid_ = 0;
		}
	}

private:
	// Finds the next batch of results: the search's first ef_search, then, for iterative scans, batch after
	// batch (core/hnsw/iterative_search.hpp) until hnsw.max_scan_tuples elements were measured or the scan's
	// memory passes work_mem * hnsw.scan_mem_multiplier, as pgvector counts them; after that what was already
	// measured comes out, nearest first, without another graph step. False when nothing more can come.
	//
	// With conditions on filter columns the search returns only elements that meet them, routing through the
	// others, and goes on batch after batch by itself (as relaxed_order does, or strict_order when that is set)
	// until the executor has its rows; hnsw.max_scan_tuples bounds its work from the first batch on.
	bool Search()
	{
		if (!has_query_ || meta_.entry_level < 0 || (filter_ != nullptr && filter_->never))
			return false;
		const bool filtered = filter_ != nullptr;
		auto mode = static_cast<IterativeScan>(iterative_scan);
		if (filtered && mode == IterativeScan::kOff)
			mode = IterativeScan::kRelaxedOrder;
		const auto batch = static_cast<std::size_t>(ef_search);
		for (;;) {
			if (!searched_) {
				searched_ = true;
				// A search meets about 16-25 elements per ef_search at m = 16 (glove: 1,019 at 40, 3,064 at 160,
				// 6,505 at 400); sized up front to a bound, the tables grow as later batches need.
				graph_->ExpectVisits(
				    std::min<std::size_t>(batch * static_cast<std::size_t>(meta_.m) + 1024, kMaxExpectedVisits));
				const uint64 entry = NodeIdOf(meta_.entry_block, meta_.entry_offset);
				search_.SetBudget(filtered ? static_cast<std::size_t>(max_scan_tuples) : SIZE_MAX);
				if (filtered)
					search_.SetGraphSize(EstimatedElements());
				search_.Start(*graph_, query_, entry, meta_.entry_level,
				              filtered ? vecsearch::hnsw::FilteredFirstBatch(batch) : batch, visited_,
				              mode != IterativeScan::kOff, filtered);
			} else if (mode == IterativeScan::kOff || search_.Exhausted()) {
				return false;
			} else if (search_.Measured() >= static_cast<std::size_t>(max_scan_tuples) || OverMemoryBudget()) {
				search_.Drain(*graph_, batch);
			} else {
				search_.Resume(*graph_, query_, batch, visited_);
			}
			results_.clear();
			next_result_ = 0;
			for (const Candidate &found : search_.Found()) {
				if (!graph_->IsLive(found.id))
					continue;
				// Strict order: a result nearer than what was already returned comes too late to be in order.
				if (mode == IterativeScan::kStrictOrder && found.distance < last_distance_)
					continue;
				results_.push_back(found);
			}
			if (!results_.empty())
				return true;
		}
	}

	// About how many elements the index holds: its pages times what a page holds of elements with their neighbour
	// tuples at level 0 (a filtered walk judges from it whether matching elements are few).
	std::size_t EstimatedElements()
	{
		BlockNumber blocks = 0;
		PgCall([&] { blocks = RelationGetNumberOfBlocks(index_); });
		const bool codes = (meta_.flags & kMetaFlagFilterCodes) != 0;
		const Size per_element = MAXALIGN(ElementTupleSize(ShapeOf(meta_))) + 16 * meta_.filter_columns +
		                         MAXALIGN(NeighborTupleSize(meta_.m, 0, codes)) + 2 * sizeof(ItemIdData);
		return static_cast<std::size_t>(blocks) * ((BLCKSZ - SizeOfPageHeaderData) / per_element);
	}

	// Whether the scan's memory (queues, visited set, element cache: all in its context) has passed
	// work_mem * hnsw.scan_mem_multiplier. MemoryContextMemAllocated only walks the context tree: it cannot raise.
	bool OverMemoryBudget() const
	{
		const double budget = static_cast<double>(work_mem) * 1024.0 * scan_mem_multiplier;
		return static_cast<double>(MemoryContextMemAllocated(memory_.context(), true)) > budget;
	}

	ContextMemoryResource memory_;
	Relation index_;
	MetaPageData meta_{};
	std::optional<PageGraph> graph_;
	std::optional<ElementValue> query_value_;
	const void *query_ = nullptr; // in query_value_
	const ScanFilter *filter_ = nullptr;
	bool has_query_ = false;
	bool searched_ = false;
	std::pmr::vector<Candidate> results_;
	std::size_t next_result_ = 0;
	vecsearch::hnsw::HashVisitedSet visited_;
	vecsearch::hnsw::IterativeSearch<uint64> search_;
	ItemPointerData tids_[kMaxHeapTids]{};
	int tid_count_ = 0;
	int next_tid_ = 0;
	float last_distance_ = -std::numeric_limits<float>::infinity();
};

// Reset callback of the scan's context: runs the destructor (it never raises or throws).
void
DestroyScanState(void *arg)
{
	static_cast<ScanState *>(arg)->~ScanState();
}

struct ScanOpaque {
	MemoryContext context;
	MemoryContext keys_context; // the prepared conditions of the current rescan
	ScanState *state;
	bool started; // the first tuple of this rescan was asked for (and the scan counted)
};

} // namespace

IndexScanDesc
BeginScan(Relation index, int nkeys, int norderbys)
{
	IndexScanDesc scan = nullptr;
	ScanOpaque *opaque = nullptr;
	void *storage = nullptr;
	PgCall([&] {
		scan = RelationGetIndexScan(index, nkeys, norderbys);
		opaque = static_cast<ScanOpaque *>(palloc0(sizeof(ScanOpaque)));
		opaque->context = AllocSetContextCreate(CurrentMemoryContext, "hnsw scan", ALLOCSET_DEFAULT_SIZES);
		opaque->keys_context = AllocSetContextCreate(opaque->context, "hnsw scan keys", ALLOCSET_SMALL_SIZES);
		storage = MemoryContextAlloc(opaque->context, sizeof(ScanState));
	});
	opaque->state = new (storage) ScanState(index, opaque->context);
	PgCall([&] {
		auto *callback =
		    static_cast<MemoryContextCallback *>(MemoryContextAlloc(opaque->context, sizeof(MemoryContextCallback)));
		callback->func = DestroyScanState;
		callback->arg = opaque->state;
		MemoryContextRegisterResetCallback(opaque->context, callback);
		scan->opaque = opaque;
	});
	return scan;
}

void
Rescan(IndexScanDesc scan, ScanKey keys, int nkeys, ScanKey orderbys, int norderbys)
{
	PgCall([&] {
		if (keys != nullptr && scan->numberOfKeys > 0)
			std::memmove(scan->keyData, keys, scan->numberOfKeys * sizeof(ScanKeyData));
		if (orderbys != nullptr && scan->numberOfOrderBys > 0)
			std::memmove(scan->orderByData, orderbys, scan->numberOfOrderBys * sizeof(ScanKeyData));
	});
	auto *opaque = static_cast<ScanOpaque *>(scan->opaque);
	opaque->started = false;
	ScanFilter *filter = nullptr;
	PgCall([&] {
		MemoryContextReset(opaque->keys_context);
		const MemoryContext old = MemoryContextSwitchTo(opaque->keys_context);
		filter = PrepareScanFilter(scan->indexRelation, scan->keyData, scan->numberOfKeys);
		MemoryContextSwitchTo(old);
	});
	opaque->state->SetQuery(scan->numberOfOrderBys > 0 ? scan->orderByData : nullptr, filter);
}

bool
GetTuple(IndexScanDesc scan, ScanDirection direction)
{
	if (direction != ForwardScanDirection)
		ThrowIfError(Status::Error(ErrorCode::kInternal, "hnsw index scans only go forward"));
	auto *opaque = static_cast<ScanOpaque *>(scan->opaque);
	if (!opaque->started) {
		opaque->started = true;
		PgCall([&] {
			// Results are taken from the graph as it was when they were found, and the heap decides what is
			// visible: that needs an MVCC snapshot (a vacuum can free and reuse an element mid-scan).
			if (!IsMVCCSnapshot(scan->xs_snapshot))
				ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR),
				                errmsg("non-MVCC snapshots are not supported with hnsw"))); // pgvector's words
			pgstat_count_index_scan(scan->indexRelation); // idx_scan in pg_stat_user_indexes
		});
	}
	PollInterrupts();
	if (!opaque->state->Next(&scan->xs_heaptid))
		return false;
	scan->xs_recheck = false;
	scan->xs_recheckorderby = false;
	return true;
}

void
EndScan(IndexScanDesc scan)
{
	auto *opaque = static_cast<ScanOpaque *>(scan->opaque);
	const std::size_t measured = opaque->state->Measured();
	opaque->state->ReleasePins();
	PgCall([&] { elog(DEBUG2, "hnsw scan measured %zu elements", measured); });
	PgCall([&] {
		MemoryContextDelete(opaque->context); // runs DestroyScanState
		pfree(opaque);
		scan->opaque = nullptr;
	});
}

} // namespace vecsearch::pg::hnsw
