// Page operations that change the index, each one GenericXLog record (the WAL table of README.md maps onto
// this file): neighbour lists, heap TIDs, appending or reusing an element, the entry point and free-slot hint.
// Each takes and releases its own pins and content locks; on an error they are released by transaction abort.
// Changes go through GenericXLog, so standbys and crash recovery need no code of ours. PG regime.
#include "core/hnsw/hnsw_params.hpp"
#include "pg/hnsw/hnsw_filter.hpp"
#include "pg/hnsw/hnsw_page_checks.hpp"

#include "pg/prelude.hpp"

namespace vecsearch::pg::hnsw {
namespace {

// A new, exclusively locked page at the end of the index.
Buffer
ExtendIndex(Relation index)
{
	LockRelationForExtension(index, ExclusiveLock);
	const Buffer buffer = ReadBuffer(index, P_NEW);
	UnlockRelationForExtension(index, ExclusiveLock);
	LockBuffer(buffer, BUFFER_LOCK_EXCLUSIVE);
	return buffer;
}

// Adds an item, which must fit (checked by the caller), at the expected offset.
void
AddItemAt(Relation index, Page page, const void *item, Size size, OffsetNumber expected)
{
	if (PageAddItem(page, static_cast<Item>(const_cast<void *>(item)), size, InvalidOffsetNumber, false, false) !=
	    expected)
		elog(ERROR, "failed to add item to hnsw index \"%s\"", RelationGetRelationName(index));
}

// The most pages one insert reads looking for a free slot. It reads them under the metapage's exclusive lock,
// which every other insert waits for, so the search must stay short whatever vacuum left behind; the hint then
// moves past the pages read, and the next insert goes on from there. A free slot further on is reused a few
// inserts later, and the elements appended meanwhile cost a little space, never a long wait.
constexpr BlockNumber kFreeSlotSearchPages = 8;

// Fills a free element slot with a new element, if one exists within kFreeSlotSearchPages pages from the
// metapage's free hint (every slot fits: the new element takes the slot's level). The metapage buffer is
// exclusively locked by the caller; the record covers the metapage (its hint moves), the element's page and,
// when elsewhere, its neighbour tuple's page.
bool
ReuseFreeSlot(Relation index, Buffer meta_buffer, const void *value, IndexTuple payload, ElementShape shape, int *level,
              int m, ItemPointer heap_tid, uint64 *id_out, ItemPointerData *neighbors_out)
{
	const Size element_bytes = shape.BytesOf(value);
	const Size tuple_size = ElementTupleSizeWith(element_bytes, PayloadSize(payload));
	const BlockNumber hint = GetMeta(BufferGetPage(meta_buffer))->free_hint;
	const BlockNumber blocks = RelationGetNumberOfBlocks(index);
	const BlockNumber stop =
	    hint >= blocks || blocks - hint <= kFreeSlotSearchPages ? blocks : hint + kFreeSlotSearchPages;
	for (BlockNumber block = hint; block < stop; block++) {
		const Buffer buffer = LockedBuffer(index, block, BUFFER_LOCK_EXCLUSIVE);
		const Page page = BufferGetPage(buffer);
		if (PageIsNew(page)) {
			// An extension whose first WAL record never made it (a crash): an unused, all-zero page.
			UnlockReleaseBuffer(buffer);
			continue;
		}
		CheckPage(index, page, block, kElementPageFlag);
		const OffsetNumber max = PageGetMaxOffsetNumber(page);
		for (OffsetNumber offset = FirstOffsetNumber; offset <= max; offset = OffsetNumberNext(offset)) {
			const ItemId item = PageGetItemId(page, offset);
			const auto *bytes = reinterpret_cast<const uint8 *>(PageGetItem(page, item));
			if (!ItemIdIsNormal(item) || bytes[0] != kElementTupleKind)
				continue;
			const ElementTuple *free_element = GetElement(index, page, block, offset, shape);
			// A tuple keeps its size: an element fits only a slot at least its size (with filter values or sparse
			// elements, sizes differ; fixed kinds alone always fit).
			if (free_element->deleted != kElementFree || ItemIdGetLength(item) < tuple_size)
				continue;
			// Found. The new element takes the slot's level: that level was drawn from the same distribution,
			// so levels stay as random as ever, and the neighbour tuple fits exactly.
			*level = free_element->level;
			const ItemPointerData where = free_element->neighbors;
			const BlockNumber neighbor_block = ItemPointerGetBlockNumberNoCheck(&where);
			const Buffer neighbor_buffer =
			    neighbor_block == block ? buffer : LockedBuffer(index, neighbor_block, BUFFER_LOCK_EXCLUSIVE);
			GenericXLogState *state = GenericXLogStart(index);
			const Page meta_page = GenericXLogRegisterBuffer(state, meta_buffer, 0);
			const Page element_page = GenericXLogRegisterBuffer(state, buffer, 0);
			const Page neighbor_page =
			    neighbor_buffer == buffer ? element_page : GenericXLogRegisterBuffer(state, neighbor_buffer, 0);
			ElementTuple *element = GetElement(index, element_page, block, offset, shape);
			element->deleted = kElementLive;
			element->heap_tid_count = 1;
			element->heap_tids[0] = *heap_tid;
			for (int i = 1; i < kMaxHeapTids; i++)
				ItemPointerSetInvalid(&element->heap_tids[i]);
			std::memcpy(element->vector, value, element_bytes);
			// Whatever the slot's last element left after this one is cleared (its old filter values).
			const Size used = offsetof(ElementTuple, vector) + element_bytes;
			std::memset(reinterpret_cast<char *>(element) + used, 0, ItemIdGetLength(item) - used);
			if (payload != nullptr)
				std::memcpy(reinterpret_cast<char *>(element) + PayloadOffset(element_bytes), payload,
				            PayloadSize(payload));
			NeighborTuple *neighbors = GetNeighbors(index, neighbor_page, neighbor_block,
			                                        ItemPointerGetOffsetNumberNoCheck(&where), m, *level);
			for (int i = 0; i < NeighborSlotCount(m, *level); i++)
				ItemPointerSetInvalid(&neighbors->slots[i]);
			if (payload != nullptr) // filter codes: the tuple was made with room for them
				std::memset(LayerZeroCodes(neighbors, m, *level), 0, static_cast<Size>(2 * m));
			GetMeta(meta_page)->free_hint = block; // this page may hold more free slots
			GenericXLogFinish(state);
			if (neighbor_buffer != buffer)
				UnlockReleaseBuffer(neighbor_buffer);
			UnlockReleaseBuffer(buffer);
			*id_out = NodeIdOf(block, offset);
			*neighbors_out = where;
			return true;
		}
		UnlockReleaseBuffer(buffer);
	}
	// Nothing free in the pages read: the next insert starts after them, or, at the end of the index, none
	// searches until vacuum frees a slot again.
	GenericXLogState *state = GenericXLogStart(index);
	GetMeta(GenericXLogRegisterBuffer(state, meta_buffer, 0))->free_hint = stop < blocks ? stop : InvalidBlockNumber;
	GenericXLogFinish(state);
	return false;
}

} // namespace

namespace {

// WriteNeighbors, and with `compare` WriteNeighborsIfUnchanged.
bool
RewriteNeighbors(Relation index, ItemPointerData neighbors, int m, int layer, bool compare, const uint64 *expected,
                 int expected_count, const uint64 *ids, int count, const uint8 *codes)
{
	const BlockNumber block = ItemPointerGetBlockNumberNoCheck(&neighbors);
	const OffsetNumber offset = ItemPointerGetOffsetNumberNoCheck(&neighbors);
	Assert(count <= LayerSlotCount(m, layer));
	const Buffer buffer = LockedBuffer(index, block, BUFFER_LOCK_EXCLUSIVE);
	CheckPage(index, BufferGetPage(buffer), block, kElementPageFlag);
	if (compare) {
		uint64 current[2 * vecsearch::hnsw::kMaxM];
		const int current_count = CopyNeighborIds(index, BufferGetPage(buffer), block, offset, m, layer, current);
		if (current_count != expected_count ||
		    (current_count > 0 &&
		     std::memcmp(current, expected, sizeof(uint64) * static_cast<Size>(current_count)) != 0)) {
			UnlockReleaseBuffer(buffer);
			return false;
		}
	}
	GenericXLogState *state = GenericXLogStart(index);
	const Page page = GenericXLogRegisterBuffer(state, buffer, 0);
	NeighborTuple *tuple = GetNeighbors(index, page, block, offset, m, layer);
	ItemPointerData *slots = tuple->slots + LayerFirstSlot(m, layer);
	for (int i = 0; i < LayerSlotCount(m, layer); i++) {
		if (i < count)
			ItemPointerSet(&slots[i], NodeBlock(ids[i]), NodeOffset(ids[i]));
		else
			ItemPointerSetInvalid(&slots[i]);
	}
	if (codes != nullptr && layer == 0) {
		if (ItemIdGetLength(PageGetItemId(page, offset)) < NeighborTupleSize(m, tuple->level, true))
			ReportCorruption(index, block, offset, "neighbour tuple has no room for filter codes");
		uint8 *slot_codes = LayerZeroCodes(tuple, m, tuple->level);
		std::memcpy(slot_codes, codes, static_cast<Size>(count));
		std::memset(slot_codes + count, 0, static_cast<Size>(2 * m - count));
	}
	GenericXLogFinish(state);
	UnlockReleaseBuffer(buffer);
	return true;
}

} // namespace

void
WriteNeighbors(Relation index, ItemPointerData neighbors, int m, int layer, const uint64 *ids, int count,
               const uint8 *codes)
{
	RewriteNeighbors(index, neighbors, m, layer, false, nullptr, 0, ids, count, codes);
}

bool
WriteNeighborsIfUnchanged(Relation index, ItemPointerData neighbors, int m, int layer, const uint64 *expected,
                          int expected_count, const uint64 *ids, int count, const uint8 *codes)
{
	return RewriteNeighbors(index, neighbors, m, layer, true, expected, expected_count, ids, count, codes);
}

bool
AddHeapTid(Relation index, uint64 id, const void *value, IndexTuple payload, ElementShape shape, ItemPointer heap_tid)
{
	const Buffer buffer = LockedBuffer(index, NodeBlock(id), BUFFER_LOCK_EXCLUSIVE);
	const Page current_page = BufferGetPage(buffer);
	CheckPage(index, current_page, NodeBlock(id), kElementPageFlag);
	const ElementTuple *current = GetElement(index, current_page, NodeBlock(id), NodeOffset(id), shape);
	const Size item_length = ItemIdGetLength(PageGetItemId(current_page, NodeOffset(id)));
	if (current->heap_tid_count >= kMaxHeapTids || current->deleted ||
	    shape.BytesOf(current->vector) != shape.BytesOf(value) ||
	    std::memcmp(current->vector, value, shape.BytesOf(value)) != 0 ||
	    (payload != nullptr && !SamePayload(PayloadOf(current, item_length, shape.BytesOf(value)), payload))) {
		UnlockReleaseBuffer(buffer);
		return false;
	}
	GenericXLogState *state = GenericXLogStart(index);
	const Page page = GenericXLogRegisterBuffer(state, buffer, 0);
	ElementTuple *element = GetElement(index, page, NodeBlock(id), NodeOffset(id), shape);
	element->heap_tids[element->heap_tid_count++] = *heap_tid;
	GenericXLogFinish(state);
	UnlockReleaseBuffer(buffer);
	return true;
}

uint64
AppendElement(Relation index, const void *value, IndexTuple payload, ElementShape shape, int *level_inout, int m,
              ItemPointer heap_tid, ItemPointerData *neighbors_out)
{
	const int level = *level_inout;
	const Size element_size = ElementTupleSizeWith(shape.BytesOf(value), PayloadSize(payload));
	const Size neighbor_size = NeighborTupleSize(m, level, payload != nullptr);

	// Both tuples, built in local memory first.
	auto *element = static_cast<ElementTuple *>(palloc0(element_size));
	element->kind = kElementTupleKind;
	element->level = static_cast<uint8>(level);
	element->heap_tid_count = 1;
	element->heap_tids[0] = *heap_tid;
	element->dims = shape.HeaderDims();
	std::memcpy(element->vector, value, shape.BytesOf(value));
	if (payload != nullptr)
		std::memcpy(reinterpret_cast<char *>(element) + PayloadOffset(shape.BytesOf(value)), payload,
		            PayloadSize(payload));
	auto *neighbors = static_cast<NeighborTuple *>(palloc0(neighbor_size));
	neighbors->kind = kNeighborTupleKind;
	neighbors->level = static_cast<uint8>(level);
	for (int i = 0; i < NeighborSlotCount(m, level); i++)
		ItemPointerSetInvalid(&neighbors->slots[i]);

	// The metapage lock orders appends; scans never wait on it for long (they copy the metapage and go).
	const Buffer meta_buffer = ReadBuffer(index, kMetaBlock);
	LockBuffer(meta_buffer, BUFFER_LOCK_EXCLUSIVE);
	CheckPage(index, BufferGetPage(meta_buffer), kMetaBlock, kMetaPageFlag);
	if (GetMeta(BufferGetPage(meta_buffer))->free_hint != InvalidBlockNumber) {
		uint64 reused = 0;
		if (ReuseFreeSlot(index, meta_buffer, value, payload, shape, level_inout, m, heap_tid, &reused,
		                  neighbors_out)) {
			UnlockReleaseBuffer(meta_buffer);
			pfree(element);
			pfree(neighbors);
			return reused;
		}
	}
	const BlockNumber last = GetMeta(BufferGetPage(meta_buffer))->last_block;
	Buffer last_buffer = InvalidBuffer;
	if (last != InvalidBlockNumber) {
		last_buffer = LockedBuffer(index, last, BUFFER_LOCK_EXCLUSIVE);
		CheckPage(index, BufferGetPage(last_buffer), last, kElementPageFlag);
	}
	const Size needed = MAXALIGN(element_size) + MAXALIGN(neighbor_size) + sizeof(ItemIdData);
	const bool fits_last = last_buffer != InvalidBuffer && PageGetFreeSpace(BufferGetPage(last_buffer)) >= needed;
	const bool fits_one_page = needed <= kMaxItemSize; // an empty page's free space is kMaxItemSize

	// Pages that receive the two tuples: the last page, or one new page, or (huge vectors) two new pages.
	Buffer element_buffer = fits_last ? last_buffer : ExtendIndex(index);
	Buffer neighbor_buffer = fits_last || fits_one_page ? element_buffer : ExtendIndex(index);

	GenericXLogState *state = GenericXLogStart(index);
	const Page meta_page = GenericXLogRegisterBuffer(state, meta_buffer, 0);
	const bool element_page_new = element_buffer != last_buffer;
	const Page element_page =
	    GenericXLogRegisterBuffer(state, element_buffer, element_page_new ? GENERIC_XLOG_FULL_IMAGE : 0);
	Page neighbor_page = element_page;
	if (neighbor_buffer != element_buffer)
		neighbor_page = GenericXLogRegisterBuffer(state, neighbor_buffer, GENERIC_XLOG_FULL_IMAGE);
	if (element_page_new)
		InitPage(element_page, kElementPageFlag);
	if (neighbor_page != element_page)
		InitPage(neighbor_page, kElementPageFlag);

	const BlockNumber element_block = BufferGetBlockNumber(element_buffer);
	const BlockNumber neighbor_block = BufferGetBlockNumber(neighbor_buffer);
	const OffsetNumber element_offset = OffsetNumberNext(PageGetMaxOffsetNumber(element_page));
	const OffsetNumber neighbor_offset = neighbor_page == element_page
	                                         ? OffsetNumberNext(element_offset)
	                                         : OffsetNumberNext(PageGetMaxOffsetNumber(neighbor_page));
	ItemPointerSet(&element->neighbors, neighbor_block, neighbor_offset);
	AddItemAt(index, element_page, element, element_size, element_offset);
	AddItemAt(index, neighbor_page, neighbors, neighbor_size, neighbor_offset);
	GetMeta(meta_page)->last_block = neighbor_block;
	// pd_lower must cover the metapage contents or GenericXLog would treat them as a hole.
	reinterpret_cast<PageHeader>(meta_page)->pd_lower = static_cast<LocationIndex>(
	    reinterpret_cast<char *>(GetMeta(meta_page)) + sizeof(MetaPageData) - static_cast<char *>(meta_page));
	GenericXLogFinish(state);

	if (neighbor_buffer != element_buffer)
		UnlockReleaseBuffer(neighbor_buffer);
	UnlockReleaseBuffer(element_buffer);
	if (last_buffer != InvalidBuffer && last_buffer != element_buffer)
		UnlockReleaseBuffer(last_buffer);
	UnlockReleaseBuffer(meta_buffer);
	*neighbors_out = element->neighbors;
	pfree(element);
	pfree(neighbors);
	return NodeIdOf(element_block, element_offset);
}

void
LowerFreeHint(Relation index, BlockNumber block)
{
	const Buffer buffer = ReadBuffer(index, kMetaBlock);
	LockBuffer(buffer, BUFFER_LOCK_EXCLUSIVE);
	CheckPage(index, BufferGetPage(buffer), kMetaBlock, kMetaPageFlag);
	const BlockNumber current = GetMeta(BufferGetPage(buffer))->free_hint;
	if (current == InvalidBlockNumber || block < current) {
		GenericXLogState *state = GenericXLogStart(index);
		GetMeta(GenericXLogRegisterBuffer(state, buffer, 0))->free_hint = block;
		GenericXLogFinish(state);
	}
	UnlockReleaseBuffer(buffer);
}

namespace {

// SetEntryPoint, and with `only_upward` RaiseEntryPoint.
void
WriteEntryPoint(Relation index, uint64 id, int level, bool only_upward)
{
	const Buffer buffer = ReadBuffer(index, kMetaBlock);
	LockBuffer(buffer, BUFFER_LOCK_EXCLUSIVE);
	CheckPage(index, BufferGetPage(buffer), kMetaBlock, kMetaPageFlag);
	if (!only_upward || GetMeta(BufferGetPage(buffer))->entry_level < level) {
		GenericXLogState *state = GenericXLogStart(index);
		MetaPageData *meta = GetMeta(GenericXLogRegisterBuffer(state, buffer, 0));
		meta->entry_block = level >= 0 ? NodeBlock(id) : InvalidBlockNumber;
		meta->entry_offset = level >= 0 ? NodeOffset(id) : InvalidOffsetNumber;
		meta->entry_level = static_cast<int16>(level < 0 ? -1 : level);
		GenericXLogFinish(state);
	}
	UnlockReleaseBuffer(buffer);
}

} // namespace

void
RaiseEntryPoint(Relation index, uint64 id, int level)
{
	WriteEntryPoint(index, id, level, true);
}

void
SetEntryPoint(Relation index, uint64 id, int level)
{
	WriteEntryPoint(index, id, level, false);
}

} // namespace vecsearch::pg::hnsw
