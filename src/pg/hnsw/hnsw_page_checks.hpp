// Checked access to index pages, shared by the page operations (hnsw_page_reads.cpp, hnsw_page_cache.cpp,
// hnsw_page_writes.cpp): every page and tuple is verified before it is used, and damage is reported as
// ERRCODE_INDEX_CORRUPTED rather than trusted. PG regime (these raise); internal to the page operations.
#pragma once

#include "pg/hnsw/hnsw_pages.hpp"

namespace vecsearch::pg::hnsw {

[[noreturn]] void ReportCorruption(Relation index, BlockNumber block, OffsetNumber offset, const char *what);

// Raises unless `page` is an initialised index page of the given kind (kMetaPageFlag, kElementPageFlag).
void CheckPage(Relation index, Page page, BlockNumber block, uint16 expected_flags);

// The item at `offset` of a checked page, verified to be of `kind` and at least `min_size` bytes.
void *GetItem(Relation index, Page page, BlockNumber block, OffsetNumber offset, uint8 kind, Size min_size);

// The element tuple at `offset`, its size and header checked against the index's shape.
ElementTuple *GetElement(Relation index, Page page, BlockNumber block, OffsetNumber offset, ElementShape shape);

// The neighbour tuple at `offset`, checked to hold lists up to at least `min_level`.
NeighborTuple *GetNeighbors(Relation index, Page page, BlockNumber block, OffsetNumber offset, int m, int min_level);

// The ids of one layer's neighbours in the neighbour tuple at (block, offset) of a locked page; with `codes`,
// their filter codes too (layer 0 of an index that keeps them: the tuple is checked to have room).
int CopyNeighborIds(Relation index, Page page, BlockNumber block, OffsetNumber offset, int m, int layer, uint64 *out,
                    uint8 *codes = nullptr);

ElementInfo InfoOf(const ElementTuple *element);

// A pinned buffer of an element page, locked in `mode`.
Buffer LockedBuffer(Relation index, BlockNumber block, int mode);

} // namespace vecsearch::pg::hnsw
