// Page operations of the HNSW index: each reads or changes one or two pages under buffer content locks and,
// for changes, writes one GenericXLog record. PG regime (C-shaped, may raise): C++-regime callers wrap each
// call in PgCall, so a guard sits at page-operation granularity (DESIGN.md section 2.3). Every read checks the
// page and tuple it touches and reports corruption as ERRCODE_INDEX_CORRUPTED rather than trusting bytes.
#pragma once

#include "core/hnsw/element_distance.hpp"
#include "pg/hnsw/hnsw_page.hpp"

namespace vecsearch::pg::hnsw {

struct ScanFilter; // hnsw_filter.hpp

// What a reader learns about an element besides its vector.
struct ElementInfo {
	int level;
	bool deleted;
	int heap_tid_count;
	ItemPointerData neighbors;
	bool matches = true; // its filter values meet the scan's conditions (true when there are none)
	uint8 code = 0;      // its filter code (hnsw_filter.hpp), when the reader asked for it
};

// Index buffers one search keeps pinned, so coming back to a page costs a content lock but no buffer-table
// lookup, pin or unpin. Plain data with no destructor: released by ReleasePins, or by transaction abort.
// Few slots on purpose: PostgreSQL tracks a backend's first 8 pins in an array and the rest in a hash table
// that every pin and unpin then searches; 4 slots answered 11-16 % more queries per second than 64 (glove,
// ef_search 40 and 160), and as many as 1 or 8.
struct PinCache {
	static constexpr int kSlots = 4; // direct-mapped by block number
	BlockNumber blocks[kSlots];
	Buffer buffers[kSlots];
};

void InitPinCache(PinCache *cache);
void ReleasePins(PinCache *cache);

// Most elements one distance batch can hold (a layer-0 neighbour list: 2 * m <= 200).
inline constexpr int kMaxBatch = 256;

// Distances from `query` (an element of the index's shape) to the elements ids[0..count) (count <= kMaxBatch,
// sorted by block): every page is
// pinned first (through the pin cache and the backend's buffer hints), the pages' headers, line pointers
// and tuples are prefetched across the whole batch, and only then each page is locked once and its
// elements measured, so the memory stalls of different pages overlap. Fills out[i] and infos[i]; with a
// `filter`, infos[i].matches says whether the element's filter values meet it (checked under the same lock);
// with a `code_descriptor` (FilterDescriptor), infos[i].code is the element's filter code.
void ReadDistancesBatch(Relation index, PinCache *cache, const uint64 *ids, int count, const void *query,
                        ElementShape shape, const vecsearch::hnsw::ElementDistance &distance, float *out,
                        ElementInfo *infos, const ScanFilter *filter = nullptr, TupleDesc code_descriptor = nullptr);

// Copies the element's value into `out` (room for shape.MaxBytes(); nothing when `out` is null) and sets *size to
// its bytes, and its info (matches and code as ReadDistancesBatch sets them), through the pin cache.
void ReadVectorCached(Relation index, PinCache *cache, uint64 id, ElementShape shape, void *out, ElementInfo *info,
                      Size *size, const ScanFilter *filter = nullptr, TupleDesc code_descriptor = nullptr);

// ReadNeighbors through the pin cache; with `codes`, also the filter codes of a layer-0 list (the index must
// keep them).
int ReadNeighborsCached(Relation index, PinCache *cache, ItemPointerData neighbors, int m, int layer, uint64 *out,
                        uint8 *codes = nullptr);

// Initialises an empty index page of the given kind in `page` (BLCKSZ bytes).
void InitPage(Page page, uint16 flags);

// Whether an element tuple's header fits the index: its dims field and heap TID count. Inline: every element a
// search measures is checked.
inline bool
ElementHeaderMatches(const ElementTuple *element, ElementShape shape)
{
	return element->dims == shape.HeaderDims() && element->heap_tid_count <= kMaxHeapTids;
}

// Whether a sparse element's count is within the limit and its item (`item_length` bytes) holds it.
bool SparseElementFits(const ElementTuple *element, Size item_length);

// Whether an element tuple of `item_length` bytes has the index's shape: the header, at least the size of the
// kind's smallest element, and room for its own (a sparse one's count read and bounded first). Cannot raise (the
// checker reports what it finds).
bool ElementMatchesShape(const ElementTuple *element, Size item_length, ElementShape shape);

// Copies the metapage's fields from a locked metapage (or a copy), filling in what version 1 did not store;
// false when its magic or version is not one this code reads.
bool CopyMeta(Page page, MetaPageData *meta);

// Reads the metapage, checking magic, version and that every field is within its limits.
void ReadMeta(Relation index, MetaPageData *meta);

// The name of the first metapage field outside its limits, or nullptr when all are sound (cannot raise).
// `filter_columns`: the index's key columns after the vector.
const char *InvalidMetaField(const MetaPageData &meta, int filter_columns);

// The element's level, state and neighbour tuple (its header only; the vector is not read).
ElementInfo ReadElementInfo(Relation index, uint64 id, ElementShape shape);

// The element's heap TIDs (up to kMaxHeapTids) into `out`; returns their count.
int ReadHeapTids(Relation index, uint64 id, ItemPointerData *out);

// The neighbour ids of one layer, from the neighbour tuple at `neighbors`; returns their count.
int ReadNeighbors(Relation index, ItemPointerData neighbors, int m, int layer, uint64 *out);

// Rewrites one layer's list in the neighbour tuple at `neighbors` (WAL-logged). `codes`: the filter codes of
// ids[0..count), for an index that keeps them (nullptr otherwise); written with a layer-0 list.
void WriteNeighbors(Relation index, ItemPointerData neighbors, int m, int layer, const uint64 *ids, int count,
                    const uint8 *codes);

// WriteNeighbors only if the list still holds expected[0..expected_count) (WAL-logged); false when another
// backend changed it since it was read (the caller reads it again and recomputes).
bool WriteNeighborsIfUnchanged(Relation index, ItemPointerData neighbors, int m, int layer, const uint64 *expected,
                               int expected_count, const uint64 *ids, int count, const uint8 *codes);

// Adds a heap TID to an element holding an identical value and identical filter values (`payload`, nullptr
// without filter columns), if it has room (WAL-logged). False when full or when the element does not match
// (it could have changed since it was found).
bool AddHeapTid(Relation index, uint64 id, const void *element, IndexTuple payload, ElementShape shape,
                ItemPointer heap_tid);

// Appends a new element (its value, one heap TID, level) with empty neighbour lists at the end of the index,
// extending it when the last page is full; returns its id and sets *neighbors to its neighbour tuple
// (WAL-logged; the metapage's last_block follows).
// A free slot left by vacuum is reused when one is within a few pages of the metapage's free hint; the
// element then takes that slot's level, which is written back to *level (a level drawn from the same
// distribution as the one asked for).
// `payload`: the row's filter values (hnsw_filter.hpp), stored after the element; nullptr without filter columns
// (with them, the neighbour tuple has room for filter codes).
uint64 AppendElement(Relation index, const void *element, IndexTuple payload, ElementShape shape, int *level, int m,
                     ItemPointer heap_tid, ItemPointerData *neighbors);

// Makes `id` at `level` the entry point, or leaves the index without one when level < 0 (WAL-logged).
void SetEntryPoint(Relation index, uint64 id, int level);

// Makes `id` the entry point only if `level` is above the current entry's (inserters that share the insert
// lock can race for it; the higher level wins).
void RaiseEntryPoint(Relation index, uint64 id, int level);

// Moves the metapage's free-slot hint down to `block` if it is above it or unset (WAL-logged).
void LowerFreeHint(Relation index, BlockNumber block);

// Copies a page image under a share lock, for code that parses it after letting go of the buffer.
void CopyPage(Relation index, BlockNumber block, BufferAccessStrategy strategy, char *out);

} // namespace vecsearch::pg::hnsw
