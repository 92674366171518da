// Page operations of the HNSW index: each reads or changes one or two pages under buffer content locks and,
// for changes, writes one GenericXLog record. PG regime (C-shaped, may raise): C++-regime callers wrap each
// call in PgCall, so a guard sits at page-operation granularity (DESIGN.md section 2.3). Every read checks the
// page and tuple it touches and reports corruption as ERRCODE_INDEX_CORRUPTED rather than trusting bytes.
#pragma once

#include "core/simd/kernels.hpp"
#include "pg/hnsw/hnsw_page.hpp"

namespace vecsearch::pg::hnsw {

// What a reader learns about an element besides its vector.
struct ElementInfo {
	int level;
	bool deleted;
	int heap_tid_count;
	ItemPointerData neighbors;
};

// Initialises an empty index page of the given kind in `page` (BLCKSZ bytes).
void InitPage(Page page, uint16 flags);

// Reads the metapage, checking magic and version.
void ReadMeta(Relation index, MetaPageData *meta);

// Distance from `query` to the element `id` under `kernel`, plus what the element says about itself.
float ReadDistance(Relation index, uint64 id, const float *query, int dims, simd::PairKernel kernel, ElementInfo *info);

// Copies the element's vector into `out` (dims floats).
void ReadVector(Relation index, uint64 id, int dims, float *out, ElementInfo *info);

// The element's heap TIDs (up to kMaxHeapTids) into `out`; returns their count.
int ReadHeapTids(Relation index, uint64 id, ItemPointerData *out);

// The neighbour ids of one layer, from the neighbour tuple at `neighbors`; returns their count.
int ReadNeighbors(Relation index, ItemPointerData neighbors, int m, int layer, uint64 *out);

// Rewrites one layer's list in the neighbour tuple at `neighbors` (WAL-logged).
void WriteNeighbors(Relation index, ItemPointerData neighbors, int m, int layer, const uint64 *ids, int count);

// Adds a heap TID to an element holding an identical vector, if it has room (WAL-logged). False when full
// or when the element no longer matches (it could have changed since it was found).
bool AddHeapTid(Relation index, uint64 id, const float *vector, int dims, ItemPointer heap_tid);

// Appends a new element (vector, one heap TID, level) with empty neighbour lists at the end of the index,
// extending it when the last page is full; returns its id and sets *neighbors to its neighbour tuple
// (WAL-logged; the metapage's last_block follows).
// A free slot left by vacuum is reused when there is one; the element then takes that slot's level, which
// is written back to *level (a level drawn from the same distribution as the one asked for).
uint64 AppendElement(Relation index, const float *vector, int dims, int *level, int m, ItemPointer heap_tid,
                     ItemPointerData *neighbors);

// Makes `id` at `level` the entry point, or leaves the index without one when level < 0 (WAL-logged).
void SetEntryPoint(Relation index, uint64 id, int level);

// Moves the metapage's free-slot hint down to `block` if it is above it or unset (WAL-logged).
void LowerFreeHint(Relation index, BlockNumber block);

// Copies a page image under a share lock, for code that parses it after letting go of the buffer.
void CopyPage(Relation index, BlockNumber block, BufferAccessStrategy strategy, char *out);

} // namespace vecsearch::pg::hnsw
