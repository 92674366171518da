// Page operations that read: the checked access every page operation shares (hnsw_page_checks.hpp), the
// metapage, an element's header, heap TIDs and neighbour lists, whole page images. Each takes and releases its
// own pin and share lock. PG regime; see hnsw_pages.hpp.
#include "core/hnsw/hnsw_params.hpp"
#include "pg/hnsw/hnsw_page_checks.hpp"

#include "pg/prelude.hpp"

namespace vecsearch::pg::hnsw {

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

bool
SparseElementFits(const ElementTuple *element, Size item_length)
{
	const std::size_t count = vecsearch::hnsw::SparseElementCount(element->vector);
	return count <= kMaxSparseNonZeros &&
	       item_length >= offsetof(ElementTuple, vector) + vecsearch::hnsw::SparseElementBytes(count);
}

bool
ElementMatchesShape(const ElementTuple *element, Size item_length, ElementShape shape)
{
	return ElementHeaderMatches(element, shape) && item_length >= ElementTupleSize(shape) &&
	       (shape.FixedSize() || SparseElementFits(element, item_length));
}

ElementTuple *
GetElement(Relation index, Page page, BlockNumber block, OffsetNumber offset, ElementShape shape)
{
	auto *element =
	    static_cast<ElementTuple *>(GetItem(index, page, block, offset, kElementTupleKind, ElementTupleSize(shape)));
	// The header first, inline (this runs for every element a search measures); GetItem checked the size a
	// fixed-size element needs, a sparse one's own size is checked from its count.
	if (!ElementHeaderMatches(element, shape) ||
	    (!shape.FixedSize() && !SparseElementFits(element, ItemIdGetLength(PageGetItemId(page, offset)))))
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
CopyNeighborIds(Relation index, Page page, BlockNumber block, OffsetNumber offset, int m, int layer, uint64 *out,
                uint8 *codes)
{
	CheckPage(index, page, block, kElementPageFlag);
	const NeighborTuple *tuple = GetNeighbors(index, page, block, offset, m, layer);
	const ItemPointerData *slots = tuple->slots + LayerFirstSlot(m, layer);
	int count = 0;
	for (; count < LayerSlotCount(m, layer) && ItemPointerIsValid(&slots[count]); count++)
		out[count] = NodeIdOf(ItemPointerGetBlockNumber(&slots[count]), ItemPointerGetOffsetNumber(&slots[count]));
	if (codes != nullptr && layer == 0) {
		if (ItemIdGetLength(PageGetItemId(page, offset)) < NeighborTupleSize(m, tuple->level, true))
			ReportCorruption(index, block, offset, "neighbour tuple has no room for filter codes");
		std::memcpy(codes, LayerZeroCodes(tuple, m, tuple->level), static_cast<Size>(count));
	}
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
InvalidMetaField(const MetaPageData &meta, int filter_columns)
{
	// Every reader sizes lists, layers and vectors from these fields: a damaged metapage must be caught here,
	// not overrun a buffer sized for the limits.
	if (meta.element_kind < static_cast<uint16>(vecsearch::hnsw::ElementKind::kFloat32) ||
	    meta.element_kind > static_cast<uint16>(vecsearch::hnsw::ElementKind::kSparse))
		return "element kind";
	if (meta.dims < 1 || meta.dims > static_cast<uint32>(MaxDimsFor(ShapeOf(meta).kind)))
		return "dimensions";
	if (meta.m < vecsearch::hnsw::kMinM || meta.m > vecsearch::hnsw::kMaxM)
		return "m";
	if (meta.ef_construction < vecsearch::hnsw::kMinEfConstruction ||
	    meta.ef_construction > vecsearch::hnsw::kMaxEfConstruction)
		return "ef_construction";
	const bool bits = ShapeOf(meta).kind == vecsearch::hnsw::ElementKind::kBits;
	if (meta.metric < static_cast<uint32>(bits ? Metric::kHamming : Metric::kL2) ||
	    meta.metric > static_cast<uint32>(bits ? Metric::kJaccard : Metric::kL1))
		return "metric";
	// The filter columns the index was built with are its key columns after the vector.
	if (meta.filter_columns != filter_columns)
		return "filter column count";
	// Parts of version 2 that no code writes yet: an index that has them came from a later version.
	if (meta.code_kind != 0 || meta.code_bytes != 0 || (meta.flags & ~kKnownMetaFlags) != 0)
		return "feature field";
	// Filter codes come with filter columns, and only with them.
	if (((meta.flags & kMetaFlagFilterCodes) != 0) != (meta.filter_columns > 0))
		return "flags";
	if (meta.entry_level < -1 || meta.entry_level > MaxLevelForM(meta.m, (meta.flags & kMetaFlagFilterCodes) != 0))
		return "entry point level";
	if (meta.entry_level >= 0 && (meta.entry_block == kMetaBlock || meta.entry_block == InvalidBlockNumber ||
	                              meta.entry_offset < FirstOffsetNumber))
		return "entry point";
	return nullptr;
}

bool
CopyMeta(Page page, MetaPageData *meta)
{
	*meta = *GetMeta(page);
	if (meta->magic == kMetaMagic && meta->version == 1) {
		// Version 1 stored float32 elements only and ended its metapage before the kind: whatever follows on
		// the page is not a field.
		meta->element_kind = static_cast<uint16>(vecsearch::hnsw::ElementKind::kFloat32);
		meta->filter_columns = meta->code_kind = meta->code_bytes = 0;
		meta->flags = 0;
	}
	return meta->magic == kMetaMagic && meta->version >= kOldestReadableVersion && meta->version <= kFormatVersion;
}

void
ReadMeta(Relation index, MetaPageData *meta)
{
	const Buffer buffer = ReadBuffer(index, kMetaBlock);
	LockBuffer(buffer, BUFFER_LOCK_SHARE);
	const Page page = BufferGetPage(buffer);
	CheckPage(index, page, kMetaBlock, kMetaPageFlag);
	const bool readable = CopyMeta(page, meta);
	UnlockReleaseBuffer(buffer);
	if (!readable)
		ereport(ERROR, (errcode(ERRCODE_INDEX_CORRUPTED),
		                errmsg("hnsw index \"%s\" has an unknown format (magic %08x, version %u)",
		                       RelationGetRelationName(index), meta->magic, meta->version),
		                errhint("REINDEX the index.")));
	if (const char *bad = InvalidMetaField(*meta, IndexRelationGetNumberOfKeyAttributes(index) - 1))
		ereport(ERROR, (errcode(ERRCODE_INDEX_CORRUPTED),
		                errmsg("hnsw index \"%s\" is corrupted: metapage has an invalid %s",
		                       RelationGetRelationName(index), bad),
		                errhint("REINDEX the index.")));
}

ElementInfo
ReadElementInfo(Relation index, uint64 id, ElementShape shape)
{
	const Buffer buffer = LockedBuffer(index, NodeBlock(id), BUFFER_LOCK_SHARE);
	const Page page = BufferGetPage(buffer);
	CheckPage(index, page, NodeBlock(id), kElementPageFlag);
	const ElementInfo info = InfoOf(GetElement(index, page, NodeBlock(id), NodeOffset(id), shape));
	UnlockReleaseBuffer(buffer);
	return info;
}

int
ReadHeapTids(Relation index, uint64 id, ItemPointerData *out)
{
	const Buffer buffer = LockedBuffer(index, NodeBlock(id), BUFFER_LOCK_SHARE);
	const Page page = BufferGetPage(buffer);
	CheckPage(index, page, NodeBlock(id), kElementPageFlag);
	// The dims check needs the index's shape; the header alone suffices here.
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

void
CopyPage(Relation index, BlockNumber block, BufferAccessStrategy strategy, char *out)
{
	const Buffer buffer = ReadBufferExtended(index, MAIN_FORKNUM, block, RBM_NORMAL, strategy);
	LockBuffer(buffer, BUFFER_LOCK_SHARE);
	std::memcpy(out, BufferGetPage(buffer), BLCKSZ);
	UnlockReleaseBuffer(buffer);
}

} // namespace vecsearch::pg::hnsw
