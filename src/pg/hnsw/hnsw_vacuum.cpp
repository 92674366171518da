// VACUUM for hnsw, in four passes over the index (design: README.md, "Vacuum"):
//   1. remove the heap TIDs the table's vacuum reports dead; an element left without any becomes deleted;
//   2. under the insert lock, move the entry point off a deleted element, and re-link every live element
//      that links to a deleted one (the core's INSERT over pages: fresh neighbours, fresh back-links);
//   3. re-link live elements a search could no longer reach on layer 0;
//   4. free the deleted elements, whose slots later inserts reuse.
// Deleted elements stay traversable until pass 4, so searches running meanwhile keep working. C++ regime;
// the callback and page changes run inside PgCall, one page at a time.
#include "core/hnsw/insert.hpp"
#include "core/hnsw/visited_set.hpp"
#include "pg/boundary.hpp"
#include "pg/hnsw/hnsw_maintenance.hpp"
#include "pg/hnsw/hnsw_options.hpp"
#include "pg/hnsw/hnsw_page_graph.hpp"
#include "pg/memory.hpp"

#include "pg/prelude.hpp"

namespace vecsearch::pg::hnsw {
namespace {

// The element tuple at `offset`, or NULL when the item is not an element.
ElementTuple *
ElementAt(Page page, OffsetNumber offset)
{
	const ItemId item = PageGetItemId(page, offset);
	if (!ItemIdIsNormal(item) || ItemIdGetLength(item) < offsetof(ElementTuple, vector))
		return nullptr;
	auto *element = reinterpret_cast<ElementTuple *>(PageGetItem(page, item));
	if (element->kind != kElementTupleKind || element->heap_tid_count > kMaxHeapTids)
		return nullptr;
	return element;
}

bool
IsElementPage(Page page)
{
	return !PageIsNew(page) && PageGetSpecialSize(page) == MAXALIGN(sizeof(PageOpaque)) &&
	       GetOpaque(page)->page_id == kPageId && GetOpaque(page)->flags == kElementPageFlag;
}

// PG regime: removes dead TIDs from every element of `page` (only counting when !apply).
int
PruneElements(Page page, IndexBulkDeleteCallback callback, void *callback_state, bool apply, double *live)
{
	int removed = 0;
	const OffsetNumber max = PageGetMaxOffsetNumber(page);
	for (OffsetNumber offset = FirstOffsetNumber; offset <= max; offset = OffsetNumberNext(offset)) {
		ElementTuple *element = ElementAt(page, offset);
		if (element == nullptr || element->deleted != kElementLive)
			continue;
		int kept = 0;
		for (int i = 0; i < element->heap_tid_count; i++) {
			if (callback(&element->heap_tids[i], callback_state)) {
				removed++;
				continue;
			}
			if (apply)
				element->heap_tids[kept] = element->heap_tids[i];
			kept++;
		}
		if (apply) {
			for (int i = kept; i < element->heap_tid_count; i++)
				ItemPointerSetInvalid(&element->heap_tids[i]);
			element->heap_tid_count = static_cast<uint8>(kept);
			if (kept == 0)
				element->deleted = kElementDeleted;
		}
		*live += kept;
	}
	return removed;
}

// PG regime: pass 1 on one page (one WAL record when something died).
void
PrunePage(Relation index, BlockNumber block, BufferAccessStrategy strategy, IndexBulkDeleteCallback callback,
          void *callback_state, IndexBulkDeleteResult *stats, double *live)
{
	vacuum_delay_point();
	const Buffer buffer = ReadBufferExtended(index, MAIN_FORKNUM, block, RBM_NORMAL, strategy);
	LockBuffer(buffer, BUFFER_LOCK_EXCLUSIVE);
	Page page = BufferGetPage(buffer);
	if (IsElementPage(page)) {
		double counted = 0;
		// The callback is a pure lookup: look first, and change the page only when something is dead.
		if (PruneElements(page, callback, callback_state, false, &counted) > 0) {
			GenericXLogState *state = GenericXLogStart(index);
			page = GenericXLogRegisterBuffer(state, buffer, 0);
			counted = 0;
			stats->tuples_removed += PruneElements(page, callback, callback_state, true, &counted);
			GenericXLogFinish(state);
		}
		*live += counted;
	}
	UnlockReleaseBuffer(buffer);
}

// PG regime: pass 4 on one page; returns whether it freed anything.
bool
FreeDeletedOnPage(Relation index, BlockNumber block, BufferAccessStrategy strategy)
{
	vacuum_delay_point();
	const Buffer buffer = ReadBufferExtended(index, MAIN_FORKNUM, block, RBM_NORMAL, strategy);
	LockBuffer(buffer, BUFFER_LOCK_EXCLUSIVE);
	Page page = BufferGetPage(buffer);
	bool any = false;
	if (IsElementPage(page)) {
		const OffsetNumber max = PageGetMaxOffsetNumber(page);
		for (OffsetNumber offset = FirstOffsetNumber; offset <= max && !any; offset = OffsetNumberNext(offset)) {
			const ElementTuple *element = ElementAt(page, offset);
			any = element != nullptr && element->deleted == kElementDeleted;
		}
		if (any) {
			GenericXLogState *state = GenericXLogStart(index);
			page = GenericXLogRegisterBuffer(state, buffer, 0);
			for (OffsetNumber offset = FirstOffsetNumber; offset <= max; offset = OffsetNumberNext(offset)) {
				ElementTuple *element = ElementAt(page, offset);
				if (element != nullptr && element->deleted == kElementDeleted)
					element->deleted = kElementFree;
			}
			GenericXLogFinish(state);
		}
	}
	UnlockReleaseBuffer(buffer);
	return any;
}

// One element as the repair passes see it (from a page image).
struct ElementSummary {
	uint64 id;
	int level;
	uint8 state;
	ItemPointerData neighbors;
};

class Vacuum {
public:
	Vacuum(IndexVacuumInfo *info, std::pmr::memory_resource *memory)
	    : info_(info), index_(info->index), memory_(memory), removed_(memory), image_(BLCKSZ, memory),
	      elements_(memory), links_(memory)
	{
	}

	// Pass 1; returns whether any element is waiting to be unlinked and freed.
	bool Prune(IndexBulkDeleteCallback callback, void *callback_state, IndexBulkDeleteResult *stats)
	{
		double live = 0;
		PgCall([&] { blocks_ = RelationGetNumberOfBlocks(index_); });
		for (BlockNumber block = kMetaBlock + 1; block < blocks_; block++) {
			PgCall([&] { PrunePage(index_, block, info_->strategy, callback, callback_state, stats, &live); });
			PollInterrupts();
		}
		stats->num_pages = blocks_;
		stats->num_index_tuples = live;
		ReadElements();
		for (const ElementSummary &element : elements_) {
			if (element.state == kElementDeleted)
				removed_.insert(element.id);
		}
		return !removed_.empty();
	}

	// Passes 2-4, under the insert lock.
	void Repair()
	{
		PgCall([&] {
			LockPage(index_, kMetaBlock, ExclusiveLock);
			ReadMeta(index_, &meta_);
		});
		ReadElements(); // again: inserts may have run between pass 1 and taking the lock
		params_.m = meta_.m;
		params_.ef_construction = meta_.ef_construction;
		params_.max_level = MaxLevelForM(meta_.m);
		params_.force_in_links = static_cast<Metric>(meta_.metric) != Metric::kInnerProduct;
		MoveEntryPoint();
		if (meta_.entry_level >= 0) {
			PageGraph graph(index_, static_cast<int>(meta_.dims), meta_.m, KernelFor(static_cast<Metric>(meta_.metric)),
			                memory_);
			vecsearch::hnsw::HashVisitedSet visited(memory_);
			vecsearch::hnsw::InsertScratch<uint64> scratch(memory_);
			for (const ElementSummary &element : elements_) {
				if (element.state == kElementLive && LinksToRemoved(element))
					Relink(graph, visited, scratch, element.id);
			}
			for (uint64 id : UnreachableLiveElements())
				Relink(graph, visited, scratch, id);
			graph.ReleasePins();
		}
		BlockNumber first_freed = InvalidBlockNumber;
		for (BlockNumber block = kMetaBlock + 1; block < blocks_; block++) {
			bool freed = false;
			PgCall([&] { freed = FreeDeletedOnPage(index_, block, info_->strategy); });
			if (freed && first_freed == InvalidBlockNumber)
				first_freed = block;
		}
		PgCall([&] {
			if (first_freed != InvalidBlockNumber)
				LowerFreeHint(index_, first_freed);
			UnlockPage(index_, kMetaBlock, ExclusiveLock);
		});
	}

private:
	// Every element's summary and layer-0 links, from page images.
	void ReadElements()
	{
		elements_.clear();
		links_.clear();
		PgCall([&] { blocks_ = RelationGetNumberOfBlocks(index_); });
		for (BlockNumber block = kMetaBlock + 1; block < blocks_; block++) {
			char *target = image_.data();
			PgCall([&] { CopyPage(index_, block, info_->strategy, target); });
			const Page page = image_.data();
			if (!IsElementPage(page))
				continue;
			const OffsetNumber max = PageGetMaxOffsetNumber(page);
			for (OffsetNumber offset = FirstOffsetNumber; offset <= max; offset = OffsetNumberNext(offset)) {
				if (const ElementTuple *element = ElementAt(page, offset))
					elements_.push_back(
					    {NodeIdOf(block, offset), element->level, element->deleted, element->neighbors});
			}
		}
	}

	// Neighbour ids of every layer of `element`, read from its neighbour tuple.
	void ReadLinks(const ElementSummary &element, std::pmr::vector<uint64> *out)
	{
		out->clear();
		uint64 buffer[2 * vecsearch::hnsw::kMaxM];
		for (int layer = 0; layer <= element.level; layer++) {
			int count = 0;
			const int m = meta_.m;
			PgCall([&] { count = ReadNeighbors(index_, element.neighbors, m, layer, buffer); });
			out->insert(out->end(), buffer, buffer + count);
		}
	}

	bool LinksToRemoved(const ElementSummary &element)
	{
		ReadLinks(element, &links_);
		return std::any_of(links_.begin(), links_.end(), [this](uint64 id) { return removed_.count(id) != 0; });
	}

	// A deleted entry point hands over to the live element on the highest level (or to none).
	void MoveEntryPoint()
	{
		const uint64 entry = NodeIdOf(meta_.entry_block, meta_.entry_offset);
		if (meta_.entry_level >= 0 && removed_.count(entry) == 0)
			return;
		const ElementSummary *best = nullptr;
		for (const ElementSummary &element : elements_) {
			if (element.state == kElementLive && (best == nullptr || element.level > best->level))
				best = &element;
		}
		const uint64 id = best != nullptr ? best->id : 0;
		const int level = best != nullptr ? best->level : -1;
		PgCall([&] { SetEntryPoint(index_, id, level); });
		meta_.entry_block = NodeBlock(id);
		meta_.entry_offset = NodeOffset(id);
		meta_.entry_level = static_cast<int16>(level);
	}

	// Recomputes an element's neighbours by searching the graph, never linking to deleted elements.
	void Relink(PageGraph &graph, vecsearch::hnsw::HashVisitedSet &visited,
	            vecsearch::hnsw::InsertScratch<uint64> &scratch, uint64 id)
	{
		PgCall([&] { vacuum_delay_point(); });
		PollInterrupts();
		const uint64 entry = NodeIdOf(meta_.entry_block, meta_.entry_offset);
		vecsearch::hnsw::InsertNode(graph, id, true, entry, meta_.entry_level, params_, visited, scratch);
	}

	// Live elements a layer-0 walk from the entry point through live elements does not reach.
	std::pmr::vector<uint64> UnreachableLiveElements()
	{
		ReadElements();
		std::pmr::unordered_map<uint64, const ElementSummary *> by_id(memory_);
		for (const ElementSummary &element : elements_)
			by_id.emplace(element.id, &element);
		std::pmr::unordered_set<uint64> reached(memory_);
		std::pmr::vector<uint64> stack(memory_);
		const uint64 entry = NodeIdOf(meta_.entry_block, meta_.entry_offset);
		reached.insert(entry);
		stack.push_back(entry);
		uint64 buffer[2 * vecsearch::hnsw::kMaxM];
		while (!stack.empty()) {
			const auto found = by_id.find(stack.back());
			stack.pop_back();
			if (found == by_id.end())
				continue;
			int count = 0;
			const ItemPointerData where = found->second->neighbors;
			const int m = meta_.m;
			PgCall([&] { count = ReadNeighbors(index_, where, m, 0, buffer); });
			for (int i = 0; i < count; i++) {
				const auto next = by_id.find(buffer[i]);
				if (next != by_id.end() && next->second->state == kElementLive && reached.insert(buffer[i]).second)
					stack.push_back(buffer[i]);
			}
		}
		std::pmr::vector<uint64> unreachable(memory_);
		for (const ElementSummary &element : elements_) {
			if (element.state == kElementLive && reached.count(element.id) == 0)
				unreachable.push_back(element.id);
		}
		return unreachable;
	}

	IndexVacuumInfo *info_;
	Relation index_;
	std::pmr::memory_resource *memory_;
	BlockNumber blocks_ = 0;
	MetaPageData meta_{};
	vecsearch::hnsw::Params params_;
	std::pmr::unordered_set<uint64> removed_;
	std::pmr::vector<char> image_;
	std::pmr::vector<ElementSummary> elements_;
	std::pmr::vector<uint64> links_;
};

} // namespace

IndexBulkDeleteResult *
BulkDelete(IndexVacuumInfo *info, IndexBulkDeleteResult *stats, IndexBulkDeleteCallback callback, void *callback_state)
{
	MemoryContext context = nullptr;
	PgCall([&] {
		if (stats == nullptr)
			stats = static_cast<IndexBulkDeleteResult *>(palloc0(sizeof(IndexBulkDeleteResult)));
		context = AllocSetContextCreate(CurrentMemoryContext, "hnsw vacuum", ALLOCSET_DEFAULT_SIZES);
	});
	{
		ContextMemoryResource memory(context);
		Vacuum vacuum(info, &memory);
		if (vacuum.Prune(callback, callback_state, stats))
			vacuum.Repair();
	}
	PgCall([&] { MemoryContextDelete(context); });
	return stats;
}

IndexBulkDeleteResult *
VacuumCleanup(IndexVacuumInfo *info, IndexBulkDeleteResult *stats)
{
	if (info->analyze_only)
		return stats;
	if (stats == nullptr) {
		// No bulk delete ran (nothing was dead): report the index's size and its live TIDs.
		PgCall([&] {
			stats = static_cast<IndexBulkDeleteResult *>(palloc0(sizeof(IndexBulkDeleteResult)));
			Relation index = info->index;
			const BlockNumber blocks = RelationGetNumberOfBlocks(index);
			for (BlockNumber block = kMetaBlock + 1; block < blocks; block++) {
				vacuum_delay_point();
				const Buffer buffer = ReadBufferExtended(index, MAIN_FORKNUM, block, RBM_NORMAL, info->strategy);
				LockBuffer(buffer, BUFFER_LOCK_SHARE);
				const Page page = BufferGetPage(buffer);
				if (IsElementPage(page)) {
					const OffsetNumber max = PageGetMaxOffsetNumber(page);
					for (OffsetNumber offset = FirstOffsetNumber; offset <= max; offset = OffsetNumberNext(offset)) {
						if (const ElementTuple *element = ElementAt(page, offset))
							stats->num_index_tuples += element->heap_tid_count;
					}
				}
				UnlockReleaseBuffer(buffer);
			}
			stats->num_pages = blocks;
		});
	}
	return stats;
}

} // namespace vecsearch::pg::hnsw
