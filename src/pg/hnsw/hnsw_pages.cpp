// HNSW page operations (see hnsw_pages.hpp). Each function takes and releases its own buffer pins and content
// locks; on an error they are released by transaction abort. Changes go through GenericXLog, so standbys and
// crash recovery need no code of ours.
#include "pg/hnsw/hnsw_pages.hpp"
#include "core/hnsw/hnsw_params.hpp"

#include "pg/prelude.hpp"

namespace vecsearch::pg::hnsw {
namespace {

[[noreturn]] void
ReportCorruption(Relation index, BlockNumber block, OffsetNumber offset, const char *what)
{
	ereport(ERROR, (errcode(ERRCODE_INDEX_CORRUPTED), errmsg("hnsw index \"%s\" is corrupted: %s at (%u,%u)",
	                                                         RelationGetRelationName(index), what, block, offset)));
	pg_unreachable();
}

void
CheckPage(Relation index, Page page, BlockNumber block, uint16 expected_flags)
{
	if (PageIsNew(page) || PageGetSpecialSize(page) != MAXALIGN(sizeof(PageOpaque)) ||
	    GetOpaque(page)->page_id != kPageId || GetOpaque(page)->flags != expected_flags)
		ReportCorruption(index, block, 0, "unexpected page");
}

// The item at `offset` of a checked page, verified to be of `kind` and at least `min_size` bytes.
void *
GetItem(Relation index, Page page, BlockNumber block, OffsetNumber offset, uint8 kind, Size min_size)
{
	if (offset < FirstOffsetNumber || offset > PageGetMaxOffsetNumber(page))
		ReportCorruption(index, block, offset, "item pointer out of range");
	const ItemId item = PageGetItemId(page, offset);
	if (!ItemIdIsNormal(item) || ItemIdGetLength(item) < min_size)
		ReportCorruption(index, block, offset, "bad item");
	auto *bytes = reinterpret_cast<uint8 *>(PageGetItem(page, item));
	if (bytes[0] != kind)
		ReportCorruption(index, block, offset, "unexpected tuple kind");
	return bytes;
}

ElementTuple *
GetElement(Relation index, Page page, BlockNumber block, OffsetNumber offset, int dims)
{
	auto *element =
	    static_cast<ElementTuple *>(GetItem(index, page, block, offset, kElementTupleKind, ElementTupleSize(dims)));
	if (element->dims != dims || element->heap_tid_count > kMaxHeapTids)
		ReportCorruption(index, block, offset, "element header does not match the index");
	return element;
}

NeighborTuple *
GetNeighbors(Relation index, Page page, BlockNumber block, OffsetNumber offset, int m, int min_level)
{
	auto *neighbors = static_cast<NeighborTuple *>(
	    GetItem(index, page, block, offset, kNeighborTupleKind, NeighborTupleSize(m, min_level)));
	if (neighbors->level < min_level ||
	    ItemIdGetLength(PageGetItemId(page, offset)) < NeighborTupleSize(m, neighbors->level))
		ReportCorruption(index, block, offset, "neighbour tuple too small");
	return neighbors;
}

// The ids of one layer's neighbours in the neighbour tuple at (block, offset) of a locked page.
int
CopyNeighborIds(Relation index, Page page, BlockNumber block, OffsetNumber offset, int m, int layer, uint64 *out)
{
	CheckPage(index, page, block, kElementPageFlag);
	const NeighborTuple *tuple = GetNeighbors(index, page, block, offset, m, layer);
	const ItemPointerData *slots = tuple->slots + LayerFirstSlot(m, layer);
	int count = 0;
	for (; count < LayerSlotCount(m, layer) && ItemPointerIsValid(&slots[count]); count++)
		out[count] = NodeIdOf(ItemPointerGetBlockNumber(&slots[count]), ItemPointerGetOffsetNumber(&slots[count]));
	return count;
}

ElementInfo
InfoOf(const ElementTuple *element)
{
	return ElementInfo{element->level, element->deleted != 0, element->heap_tid_count, element->neighbors};
}

Buffer
LockedBuffer(Relation index, BlockNumber block, int mode)
{
	// Past the end, ReadBuffer raises its own error; the metapage is never an element page.
	if (block == kMetaBlock || block == InvalidBlockNumber)
		ereport(ERROR,
		        (errcode(ERRCODE_INDEX_CORRUPTED), errmsg("hnsw index \"%s\" is corrupted: block %u out of range",
		                                                  RelationGetRelationName(index), block)));
	const Buffer buffer = ReadBuffer(index, block);
	LockBuffer(buffer, mode);
	return buffer;
}

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

// Fills a free element slot with a new element, if one with a large enough neighbour tuple exists at or
// after the metapage's free hint. The metapage buffer is exclusively locked by the caller; the record covers
// the metapage (its hint moves), the element's page and, when elsewhere, its neighbour tuple's page.
bool
ReuseFreeSlot(Relation index, Buffer meta_buffer, const float *vector, int dims, int *level, int m,
              ItemPointer heap_tid, uint64 *id_out, ItemPointerData *neighbors_out)
{
	const BlockNumber hint = GetMeta(BufferGetPage(meta_buffer))->free_hint;
	const BlockNumber blocks = RelationGetNumberOfBlocks(index);
	bool saw_free = false;
	for (BlockNumber block = hint; block < blocks; block++) {
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
			const ElementTuple *free_element = GetElement(index, page, block, offset, dims);
			if (free_element->deleted != kElementFree)
				continue;
			// Found. The new element takes the slot's level: that level was drawn from the same distribution,
			// so levels stay as random as ever, and the neighbour tuple fits exactly.
			saw_free = true;
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
			ElementTuple *element = GetElement(index, element_page, block, offset, dims);
			element->deleted = kElementLive;
			element->heap_tid_count = 1;
			element->heap_tids[0] = *heap_tid;
			for (int i = 1; i < kMaxHeapTids; i++)
				ItemPointerSetInvalid(&element->heap_tids[i]);
			std::memcpy(element->vector, vector, sizeof(float) * static_cast<Size>(dims));
			NeighborTuple *neighbors = GetNeighbors(index, neighbor_page, neighbor_block,
			                                        ItemPointerGetOffsetNumberNoCheck(&where), m, *level);
			for (int i = 0; i < NeighborSlotCount(m, *level); i++)
				ItemPointerSetInvalid(&neighbors->slots[i]);
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
	if (!saw_free) {
		// Nothing free from the hint on: forget the hint so later inserts skip the search.
		GenericXLogState *state = GenericXLogStart(index);
		GetMeta(GenericXLogRegisterBuffer(state, meta_buffer, 0))->free_hint = InvalidBlockNumber;
		GenericXLogFinish(state);
	}
	return false;
}

} // namespace

void
InitPinCache(PinCache *cache)
{
	for (int i = 0; i < PinCache::kSlots; i++) {
		cache->blocks[i] = InvalidBlockNumber;
		cache->buffers[i] = InvalidBuffer;
	}
}

void
ReleasePins(PinCache *cache)
{
	for (int i = 0; i < PinCache::kSlots; i++) {
		if (cache->buffers[i] != InvalidBuffer)
			ReleaseBuffer(cache->buffers[i]);
		cache->blocks[i] = InvalidBlockNumber;
		cache->buffers[i] = InvalidBuffer;
	}
}

namespace {

// Block -> buffer hints for the whole backend, kept across scans: a hinted buffer is re-pinned with
// ReadRecentBuffer, which checks the buffer's tag instead of searching the shared buffer table (the most
// expensive step of a page visit). A stale hint only costs that check. Two-way set-associative (a page
// evicts only the older of its set's two hints, so two hot pages that hash alike do not evict each other
// on every visit), in TopMemoryContext.
struct BufferHint {
	Oid relation;
	BlockNumber block;
	Buffer buffer;
};
struct alignas(32) HintSet {
	BufferHint ways[2]; // ways[0] the more recently read
};
constexpr uint32 kHintSets = 1u << 15;
HintSet *buffer_hints = nullptr;

HintSet &
HintSetFor(Relation index, BlockNumber block)
{
	if (buffer_hints == nullptr) { // never freed; aligned by hand so no set straddles two cache lines
		void *memory = MemoryContextAllocZero(TopMemoryContext, sizeof(HintSet) * kHintSets + alignof(HintSet));
		buffer_hints = reinterpret_cast<HintSet *>(TYPEALIGN(alignof(HintSet), memory));
	}
	const uint32 key = static_cast<uint32>(index->rd_node.relNode) * 0x9E3779B1u ^ block * 0x85EBCA77u;
	return buffer_hints[(key ^ (key >> 16)) & (kHintSets - 1)];
}

// The hint of `block` in its set, or nullptr.
BufferHint *
HintOf(HintSet &set, Relation index, BlockNumber block)
{
	for (BufferHint &hint : set.ways) {
		if (hint.block == block && hint.relation == index->rd_node.relNode)
			return &hint;
	}
	return nullptr;
}

// A pinned buffer for a shared-buffer page of the index, using the hint when it is still right.
Buffer
ReadHintedBuffer(Relation index, BlockNumber block)
{
	if (RelationUsesLocalBuffers(index))
		return ReadBuffer(index, block);
	HintSet &set = HintSetFor(index, block);
	BufferHint *hint = HintOf(set, index, block);
	if (hint != nullptr && hint->buffer != InvalidBuffer &&
	    ReadRecentBuffer(index->rd_node, MAIN_FORKNUM, block, hint->buffer))
		return hint->buffer;
	const Buffer buffer = ReadBuffer(index, block);
	if (hint != nullptr) { // a stale hint of this block: corrected in place
		hint->buffer = buffer;
	} else {
		set.ways[1] = set.ways[0];
		set.ways[0] = BufferHint{index->rd_node.relNode, block, buffer};
	}
	return buffer;
}

// A pinned (not locked) buffer for `block`, from the cache or read and cached, evicting the slot's old pin.
Buffer
PinnedBuffer(Relation index, PinCache *cache, BlockNumber block)
{
	const int slot = static_cast<int>(block % PinCache::kSlots);
	if (cache->blocks[slot] == block)
		return cache->buffers[slot];
	if (block == kMetaBlock || block == InvalidBlockNumber)
		ReportCorruption(index, block, 0, "element pointer to a non-element block");
	const Buffer buffer = ReadHintedBuffer(index, block);
	if (cache->buffers[slot] != InvalidBuffer)
		ReleaseBuffer(cache->buffers[slot]);
	cache->blocks[slot] = block;
	cache->buffers[slot] = buffer;
	return buffer;
}

void
PrefetchRange(const void *start, Size bytes)
{
	const char *p = static_cast<const char *>(start);
	for (Size offset = 0; offset < bytes; offset += 64)
		__builtin_prefetch(p + offset);
}

} // namespace

void
ReadDistancesBatch(Relation index, PinCache *cache, const uint64 *ids, int count, const float *query, int dims,
                   simd::PairKernel kernel, float *out, ElementInfo *infos)
{
	if (count > kMaxBatch)
		elog(ERROR, "hnsw distance batch of %d elements is too large", count);
	// 1. Pin every page (consecutive ids share a page: the caller sorted them by block). Two pages of the batch
	// may map to one cache slot: the second then gets a pin of its own, dropped at the end, so no page of the
	// batch loses its pin while the batch still needs it.
	Buffer buffers[kMaxBatch];
	Buffer extra_pins[kMaxBatch];
	int extra_count = 0;
	// 0. The pages not pinned yet: prefetch their hint slots, then the buffer descriptors the hints name, so the
	// tag checks below find them in the CPU cache instead of stalling on each in turn.
	const bool hinted = !RelationUsesLocalBuffers(index);
	for (int i = 0; hinted && i < count; i++) {
		const BlockNumber block = NodeBlock(ids[i]);
		if (cache->blocks[block % PinCache::kSlots] != block)
			__builtin_prefetch(&HintSetFor(index, block));
	}
	for (int i = 0; hinted && i < count; i++) {
		const BlockNumber block = NodeBlock(ids[i]);
		if (cache->blocks[block % PinCache::kSlots] == block)
			continue;
		const BufferHint *hint = HintOf(HintSetFor(index, block), index, block);
		if (hint != nullptr && hint->buffer > 0)
			__builtin_prefetch(GetBufferDescriptor(hint->buffer - 1));
	}
	uint64 claimed_slots = 0;
	static_assert(PinCache::kSlots <= 64, "claimed_slots is a 64-bit mask");
	for (int i = 0; i < count; i++) {
		const BlockNumber block = NodeBlock(ids[i]);
		if (i > 0 && NodeBlock(ids[i - 1]) == block) {
			buffers[i] = buffers[i - 1];
			continue;
		}
		const int slot = static_cast<int>(block % PinCache::kSlots);
		const uint64 bit = uint64{1} << slot;
		if ((claimed_slots & bit) != 0 && cache->blocks[slot] != block) {
			if (block == kMetaBlock || block == InvalidBlockNumber)
				ReportCorruption(index, block, 0, "element pointer to a non-element block");
			buffers[i] = extra_pins[extra_count++] = ReadHintedBuffer(index, block);
			continue;
		}
		claimed_slots |= bit;
		buffers[i] = PinnedBuffer(index, cache, block);
	}
	// 2. Prefetch page headers, line pointers and the special space at the page's end (CheckPage reads it:
	// unprefetched, that first touch was the costliest line of a search in a profile), then (reading line
	// pointers without a lock: only an address for a prefetch, checked again under the lock below) the
	// tuples' headers and vectors.
	for (int i = 0; i < count; i++) {
		const Page page = BufferGetPage(buffers[i]);
		__builtin_prefetch(page);
		__builtin_prefetch(PageGetItemId(page, NodeOffset(ids[i])));
		__builtin_prefetch(page + BLCKSZ - MAXALIGN(sizeof(PageOpaque)));
	}
	for (int i = 0; i < count; i++) {
		const Page page = BufferGetPage(buffers[i]);
		const ItemId item = PageGetItemId(page, NodeOffset(ids[i]));
		if (ItemIdGetOffset(item) + ElementTupleSize(dims) <= BLCKSZ)
			PrefetchRange(page + ItemIdGetOffset(item), ElementTupleSize(dims));
	}
	// 3. One share lock per page; every element checked before it is used.
	for (int start = 0; start < count;) {
		const BlockNumber block = NodeBlock(ids[start]);
		const Buffer buffer = buffers[start];
		LockBuffer(buffer, BUFFER_LOCK_SHARE);
		const Page page = BufferGetPage(buffer);
		CheckPage(index, page, block, kElementPageFlag);
		int end = start;
		for (; end < count && NodeBlock(ids[end]) == block; end++) {
			const ElementTuple *element = GetElement(index, page, block, NodeOffset(ids[end]), dims);
			out[end] = kernel(query, element->vector, static_cast<std::size_t>(dims));
			infos[end] = InfoOf(element);
		}
		LockBuffer(buffer, BUFFER_LOCK_UNLOCK);
		start = end;
	}
	for (int i = 0; i < extra_count; i++)
		ReleaseBuffer(extra_pins[i]);
}

void
ReadVectorCached(Relation index, PinCache *cache, uint64 id, int dims, float *out, ElementInfo *info)
{
	const BlockNumber block = NodeBlock(id);
	const Buffer buffer = PinnedBuffer(index, cache, block);
	LockBuffer(buffer, BUFFER_LOCK_SHARE);
	const Page page = BufferGetPage(buffer);
	CheckPage(index, page, block, kElementPageFlag);
	const ElementTuple *element = GetElement(index, page, block, NodeOffset(id), dims);
	std::memcpy(out, element->vector, sizeof(float) * static_cast<Size>(dims));
	*info = InfoOf(element);
	LockBuffer(buffer, BUFFER_LOCK_UNLOCK);
}

int
ReadNeighborsCached(Relation index, PinCache *cache, ItemPointerData neighbors, int m, int layer, uint64 *out)
{
	const BlockNumber block = ItemPointerGetBlockNumberNoCheck(&neighbors);
	const OffsetNumber offset = ItemPointerGetOffsetNumberNoCheck(&neighbors);
	const Buffer buffer = PinnedBuffer(index, cache, block);
	LockBuffer(buffer, BUFFER_LOCK_SHARE);
	const int count = CopyNeighborIds(index, BufferGetPage(buffer), block, offset, m, layer, out);
	LockBuffer(buffer, BUFFER_LOCK_UNLOCK);
	return count;
}

void
InitPage(Page page, uint16 flags)
{
	PageInit(page, BLCKSZ, sizeof(PageOpaque));
	PageOpaque *opaque = GetOpaque(page);
	opaque->reserved = 0;
	opaque->flags = flags;
	opaque->page_id = kPageId;
}

const char *
InvalidMetaField(const MetaPageData &meta)
{
	// Every reader sizes lists, layers and vectors from these fields: a damaged metapage must be caught here,
	// not overrun a buffer sized for the limits.
	if (meta.dims < 1 || meta.dims > static_cast<uint32>(kMaxDims))
		return "dimensions";
	if (meta.m < vecsearch::hnsw::kMinM || meta.m > vecsearch::hnsw::kMaxM)
		return "m";
	if (meta.ef_construction < vecsearch::hnsw::kMinEfConstruction ||
	    meta.ef_construction > vecsearch::hnsw::kMaxEfConstruction)
		return "ef_construction";
	if (meta.metric < static_cast<uint32>(Metric::kL2) || meta.metric > static_cast<uint32>(Metric::kL1))
		return "metric";
	if (meta.entry_level < -1 || meta.entry_level > MaxLevelForM(meta.m))
		return "entry point level";
	if (meta.entry_level >= 0 && (meta.entry_block == kMetaBlock || meta.entry_block == InvalidBlockNumber ||
	                              meta.entry_offset < FirstOffsetNumber))
		return "entry point";
	return nullptr;
}

void
ReadMeta(Relation index, MetaPageData *meta)
{
	const Buffer buffer = ReadBuffer(index, kMetaBlock);
	LockBuffer(buffer, BUFFER_LOCK_SHARE);
	const Page page = BufferGetPage(buffer);
	CheckPage(index, page, kMetaBlock, kMetaPageFlag);
	*meta = *GetMeta(page);
	UnlockReleaseBuffer(buffer);
	if (meta->magic != kMetaMagic || meta->version != kFormatVersion)
		ereport(ERROR, (errcode(ERRCODE_INDEX_CORRUPTED),
		                errmsg("hnsw index \"%s\" has an unknown format (magic %08x, version %u)",
		                       RelationGetRelationName(index), meta->magic, meta->version),
		                errhint("REINDEX the index.")));
	if (const char *bad = InvalidMetaField(*meta))
		ereport(ERROR, (errcode(ERRCODE_INDEX_CORRUPTED),
		                errmsg("hnsw index \"%s\" is corrupted: metapage has an invalid %s",
		                       RelationGetRelationName(index), bad),
		                errhint("REINDEX the index.")));
}

ElementInfo
ReadElementInfo(Relation index, uint64 id, int dims)
{
	const Buffer buffer = LockedBuffer(index, NodeBlock(id), BUFFER_LOCK_SHARE);
	const Page page = BufferGetPage(buffer);
	CheckPage(index, page, NodeBlock(id), kElementPageFlag);
	const ElementInfo info = InfoOf(GetElement(index, page, NodeBlock(id), NodeOffset(id), dims));
	UnlockReleaseBuffer(buffer);
	return info;
}

int
ReadHeapTids(Relation index, uint64 id, ItemPointerData *out)
{
	const Buffer buffer = LockedBuffer(index, NodeBlock(id), BUFFER_LOCK_SHARE);
	const Page page = BufferGetPage(buffer);
	CheckPage(index, page, NodeBlock(id), kElementPageFlag);
	// The dims check needs the index's dims; the header alone suffices here.
	const auto *element = static_cast<const ElementTuple *>(
	    GetItem(index, page, NodeBlock(id), NodeOffset(id), kElementTupleKind, offsetof(ElementTuple, vector)));
	const int count = element->heap_tid_count <= kMaxHeapTids ? element->heap_tid_count : 0;
	for (int i = 0; i < count; i++)
		out[i] = element->heap_tids[i];
	UnlockReleaseBuffer(buffer);
	return count;
}

int
ReadNeighbors(Relation index, ItemPointerData neighbors, int m, int layer, uint64 *out)
{
	const BlockNumber block = ItemPointerGetBlockNumberNoCheck(&neighbors);
	const OffsetNumber offset = ItemPointerGetOffsetNumberNoCheck(&neighbors);
	const Buffer buffer = LockedBuffer(index, block, BUFFER_LOCK_SHARE);
	const int count = CopyNeighborIds(index, BufferGetPage(buffer), block, offset, m, layer, out);
	UnlockReleaseBuffer(buffer);
	return count;
}

namespace {

// WriteNeighbors, and with `compare` WriteNeighborsIfUnchanged.
bool
RewriteNeighbors(Relation index, ItemPointerData neighbors, int m, int layer, bool compare, const uint64 *expected,
                 int expected_count, const uint64 *ids, int count)
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
	GenericXLogFinish(state);
	UnlockReleaseBuffer(buffer);
	return true;
}

} // namespace

void
WriteNeighbors(Relation index, ItemPointerData neighbors, int m, int layer, const uint64 *ids, int count)
{
	RewriteNeighbors(index, neighbors, m, layer, false, nullptr, 0, ids, count);
}

bool
WriteNeighborsIfUnchanged(Relation index, ItemPointerData neighbors, int m, int layer, const uint64 *expected,
                          int expected_count, const uint64 *ids, int count)
{
	return RewriteNeighbors(index, neighbors, m, layer, true, expected, expected_count, ids, count);
}

bool
AddHeapTid(Relation index, uint64 id, const float *vector, int dims, ItemPointer heap_tid)
{
	const Buffer buffer = LockedBuffer(index, NodeBlock(id), BUFFER_LOCK_EXCLUSIVE);
	CheckPage(index, BufferGetPage(buffer), NodeBlock(id), kElementPageFlag);
	const ElementTuple *current = GetElement(index, BufferGetPage(buffer), NodeBlock(id), NodeOffset(id), dims);
	if (current->heap_tid_count >= kMaxHeapTids || current->deleted ||
	    std::memcmp(current->vector, vector, sizeof(float) * static_cast<Size>(dims)) != 0) {
		UnlockReleaseBuffer(buffer);
		return false;
	}
	GenericXLogState *state = GenericXLogStart(index);
	const Page page = GenericXLogRegisterBuffer(state, buffer, 0);
	ElementTuple *element = GetElement(index, page, NodeBlock(id), NodeOffset(id), dims);
	element->heap_tids[element->heap_tid_count++] = *heap_tid;
	GenericXLogFinish(state);
	UnlockReleaseBuffer(buffer);
	return true;
}

uint64
AppendElement(Relation index, const float *vector, int dims, int *level_inout, int m, ItemPointer heap_tid,
              ItemPointerData *neighbors_out)
{
	const int level = *level_inout;
	const Size element_size = ElementTupleSize(dims);
	const Size neighbor_size = NeighborTupleSize(m, level);

	// Both tuples, built in local memory first.
	auto *element = static_cast<ElementTuple *>(palloc0(element_size));
	element->kind = kElementTupleKind;
	element->level = static_cast<uint8>(level);
	element->heap_tid_count = 1;
	element->heap_tids[0] = *heap_tid;
	element->dims = static_cast<uint16>(dims);
	std::memcpy(element->vector, vector, sizeof(float) * static_cast<Size>(dims));
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
		if (ReuseFreeSlot(index, meta_buffer, vector, dims, level_inout, m, heap_tid, &reused, neighbors_out)) {
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

void
CopyPage(Relation index, BlockNumber block, BufferAccessStrategy strategy, char *out)
{
	const Buffer buffer = ReadBufferExtended(index, MAIN_FORKNUM, block, RBM_NORMAL, strategy);
	LockBuffer(buffer, BUFFER_LOCK_SHARE);
	std::memcpy(out, BufferGetPage(buffer), BLCKSZ);
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
