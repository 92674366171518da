// The planner's side of filter columns: PostgreSQL 15 never makes `column = ANY(array)` (or `IN (...)`) on an
// index column after the first an index condition of an ordered scan (a rule for btree's sort order, which
// does not bind an index ordered by a distance operator), nor `WHERE flag` on a boolean column (matched to
// btree's boolean family only). A set_rel_pathlist hook adds those conditions to the hnsw scans the planner
// built, so they are checked during the walk like every other filter condition.
#pragma once

#include "pg/prelude.hpp"

namespace vecsearch::pg::hnsw {

// PG regime: installs the hook (from _PG_init), chaining to any hook installed before.
void InstallPathHook();

// Whether the planner's index is one of ours (hnsw_am.cpp).
bool IsHnswIndex(const IndexOptInfo *index);

// For the cost model (hnsw_am.cpp), PG regime: whether an index condition narrows the filter codes, so the walk
// goes two hops; and whether another hnsw index of the table would check a condition this path leaves to a filter.
bool NarrowsFilterCodes(IndexOptInfo *info, List *index_clauses);
bool FilteredIndexWouldCheckMore(IndexPath *path);

} // namespace vecsearch::pg::hnsw
