// VACUUM for hnsw: every element page is visited once; heap TIDs the table's vacuum reports dead are removed
// (one GenericXLog record per changed page); an element left with none is marked deleted. Deleted elements
// keep their links, so searches still route through them; reclaiming their space and repairing the links
// around them is not done yet. PG regime throughout (no C++ objects): the callback is PostgreSQL's.
#include "pg/hnsw/hnsw_maintenance.hpp"
#include "pg/hnsw/hnsw_page.hpp"

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

// Removes dead TIDs from every element of `page`; returns how many were removed and counts the survivors.
int
PruneElements(Page page, IndexBulkDeleteCallback callback, void *callback_state, bool apply, double *live)
{
	int removed = 0;
	const OffsetNumber max = PageGetMaxOffsetNumber(page);
	for (OffsetNumber offset = FirstOffsetNumber; offset <= max; offset = OffsetNumberNext(offset)) {
		ElementTuple *element = ElementAt(page, offset);
		if (element == nullptr)
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
				element->deleted = 1;
		}
		*live += kept;
	}
	return removed;
}

} // namespace

IndexBulkDeleteResult *
BulkDelete(IndexVacuumInfo *info, IndexBulkDeleteResult *stats, IndexBulkDeleteCallback callback, void *callback_state)
{
	Relation index = info->index;
	if (stats == nullptr)
		stats = static_cast<IndexBulkDeleteResult *>(palloc0(sizeof(IndexBulkDeleteResult)));
	const BlockNumber blocks = RelationGetNumberOfBlocks(index);
	double live = 0;
	for (BlockNumber block = kMetaBlock + 1; block < blocks; block++) {
		vacuum_delay_point();
		const Buffer buffer = ReadBufferExtended(index, MAIN_FORKNUM, block, RBM_NORMAL, info->strategy);
		LockBuffer(buffer, BUFFER_LOCK_EXCLUSIVE);
		Page page = BufferGetPage(buffer);
		if (PageIsNew(page) || GetOpaque(page)->page_id != kPageId || GetOpaque(page)->flags != kElementPageFlag) {
			UnlockReleaseBuffer(buffer);
			continue;
		}
		// First look (the callback is a pure lookup), then change the page only when something is dead.
		double counted = 0;
		if (PruneElements(page, callback, callback_state, false, &counted) > 0) {
			GenericXLogState *state = GenericXLogStart(index);
			page = GenericXLogRegisterBuffer(state, buffer, 0);
			counted = 0;
			stats->tuples_removed += PruneElements(page, callback, callback_state, true, &counted);
			GenericXLogFinish(state);
		}
		live += counted;
		UnlockReleaseBuffer(buffer);
	}
	stats->num_pages = blocks;
	stats->num_index_tuples = live;
	return stats;
}

IndexBulkDeleteResult *
VacuumCleanup(IndexVacuumInfo *info, IndexBulkDeleteResult *stats)
{
	if (info->analyze_only)
		return stats;
	if (stats == nullptr) {
		// No bulk delete ran (nothing was dead): report the index's size and its live TIDs.
		stats = static_cast<IndexBulkDeleteResult *>(palloc0(sizeof(IndexBulkDeleteResult)));
		Relation index = info->index;
		const BlockNumber blocks = RelationGetNumberOfBlocks(index);
		for (BlockNumber block = kMetaBlock + 1; block < blocks; block++) {
			vacuum_delay_point();
			const Buffer buffer = ReadBufferExtended(index, MAIN_FORKNUM, block, RBM_NORMAL, info->strategy);
			LockBuffer(buffer, BUFFER_LOCK_SHARE);
			const Page page = BufferGetPage(buffer);
			if (!PageIsNew(page) && GetOpaque(page)->page_id == kPageId) {
				const OffsetNumber max = PageGetMaxOffsetNumber(page);
				for (OffsetNumber offset = FirstOffsetNumber; offset <= max; offset = OffsetNumberNext(offset)) {
					if (const ElementTuple *element = ElementAt(page, offset))
						stats->num_index_tuples += element->heap_tid_count;
				}
			}
			UnlockReleaseBuffer(buffer);
		}
		stats->num_pages = blocks;
	}
	return stats;
}

} // namespace vecsearch::pg::hnsw
