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

} // namespace vecsearch::pg::hnsw
