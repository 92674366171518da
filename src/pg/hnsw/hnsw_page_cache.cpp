// The scan's page access: a few pinned buffers kept between batches (PinCache), a backend-wide table of
// block -> buffer hints so a page is re-pinned without a buffer-table search, and distance batches that pin,
// prefetch and then lock each page once. PG regime; see hnsw_pages.hpp and README.md ("Scans").
#include "pg/hnsw/hnsw_filter.hpp"
#include "pg/hnsw/hnsw_page_checks.hpp"

#include "pg/prelude.hpp"

namespace vecsearch::pg::hnsw {

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

// The payload of the element at `offset` of a locked page of a filtered index; none is corruption.
const IndexTupleData *
CheckedPayload(Relation index, Page page, BlockNumber block, OffsetNumber offset, const ElementTuple *element,
               ElementShape shape)
{
	const IndexTupleData *payload =
	    PayloadOf(element, ItemIdGetLength(PageGetItemId(page, offset)), shape.BytesOf(element->vector));
	if (payload == nullptr)
		ReportCorruption(index, block, offset, "element has no room for its filter values");
	return payload;
}

// What a filtered reader learns from an element's payload: whether it meets `filter`, and its code.
void
ReadPayload(Relation index, Page page, BlockNumber block, OffsetNumber offset, const ElementTuple *element,
            ElementShape shape, const ScanFilter *filter, TupleDesc code_descriptor, ElementInfo *info)
{
	if (filter == nullptr && code_descriptor == nullptr)
		return;
	if (filter != nullptr && filter->descriptor == nullptr) { // conditions on the vector column only
		info->matches = FilterMatches(filter, nullptr);
		return;
	}
	const IndexTupleData *payload = CheckedPayload(index, page, block, offset, element, shape);
	if (filter != nullptr)
		info->matches = FilterMatches(filter, payload);
	if (code_descriptor != nullptr)
		info->code = FilterCodeOf(code_descriptor, payload);
}

} // namespace

void
ReadDistancesBatch(Relation index, PinCache *cache, const uint64 *ids, int count, const void *query, ElementShape shape,
                   const vecsearch::hnsw::ElementDistance &distance, float *out, ElementInfo *infos,
                   const ScanFilter *filter, TupleDesc code_descriptor)
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
		// With a filter the payload after the element is read too.
		const Size bytes = filter != nullptr ? ItemIdGetLength(item) : ElementTupleSize(shape);
		if (ItemIdGetOffset(item) + bytes <= BLCKSZ)
			PrefetchRange(page + ItemIdGetOffset(item), bytes);
	}
	// 3. One share lock per page; every element checked before it is used.
	const simd::PairKernel floats = distance.FloatKernel();
	for (int start = 0; start < count;) {
		const BlockNumber block = NodeBlock(ids[start]);
		const Buffer buffer = buffers[start];
		LockBuffer(buffer, BUFFER_LOCK_SHARE);
		const Page page = BufferGetPage(buffer);
		CheckPage(index, page, block, kElementPageFlag);
		int end = start;
		for (; end < count && NodeBlock(ids[end]) == block; end++) {
			const ElementTuple *element = GetElement(index, page, block, NodeOffset(ids[end]), shape);
			out[end] = floats != nullptr
			               ? floats(static_cast<const float *>(query), reinterpret_cast<const float *>(element->vector),
			                        static_cast<std::size_t>(shape.dims))
			               : distance(query, element->vector, static_cast<std::size_t>(shape.dims));
			infos[end] = InfoOf(element);
			ReadPayload(index, page, block, NodeOffset(ids[end]), element, shape, filter, code_descriptor, &infos[end]);
		}
		LockBuffer(buffer, BUFFER_LOCK_UNLOCK);
		start = end;
	}
	for (int i = 0; i < extra_count; i++)
		ReleaseBuffer(extra_pins[i]);
}

void
ReadVectorCached(Relation index, PinCache *cache, uint64 id, ElementShape shape, void *out, ElementInfo *info,
                 Size *size, const ScanFilter *filter, TupleDesc code_descriptor)
{
	const BlockNumber block = NodeBlock(id);
	const Buffer buffer = PinnedBuffer(index, cache, block);
	LockBuffer(buffer, BUFFER_LOCK_SHARE);
	const Page page = BufferGetPage(buffer);
	CheckPage(index, page, block, kElementPageFlag);
	const ElementTuple *element = GetElement(index, page, block, NodeOffset(id), shape);
	if (out != nullptr) {
		*size = shape.BytesOf(element->vector); // at most shape.MaxBytes(): GetElement checked the count
		std::memcpy(out, element->vector, *size);
	}
	*info = InfoOf(element);
	ReadPayload(index, page, block, NodeOffset(id), element, shape, filter, code_descriptor, info);
	LockBuffer(buffer, BUFFER_LOCK_UNLOCK);
}

int
ReadNeighborsCached(Relation index, PinCache *cache, ItemPointerData neighbors, int m, int layer, uint64 *out,
                    uint8 *codes)
{
	const BlockNumber block = ItemPointerGetBlockNumberNoCheck(&neighbors);
	const OffsetNumber offset = ItemPointerGetOffsetNumberNoCheck(&neighbors);
	const Buffer buffer = PinnedBuffer(index, cache, block);
	LockBuffer(buffer, BUFFER_LOCK_SHARE);
	const int count = CopyNeighborIds(index, BufferGetPage(buffer), block, offset, m, layer, out, codes);
	LockBuffer(buffer, BUFFER_LOCK_UNLOCK);
	return count;
}

} // namespace vecsearch::pg::hnsw
