// Changes to a built index: aminsert (one row at a time, through the core's insert over PageGraph) and
// VACUUM (removing dead heap TIDs). Both keep the graph navigable: a vacuumed element whose rows are all gone
// stays in the graph as a routing node, marked deleted, and is never returned by a scan.
#pragma once

#include "pg/prelude.hpp"

namespace vecsearch::pg::hnsw {

// C++ regime (called from the guarded aminsert).
bool InsertRow(Relation index, Datum *values, bool *isnull, ItemPointer heap_tid);

// C++ regime: inserts an element already made ready for the index (ElementValue::PrepareRow) with its filter
// values (`payload`, nullptr without filter columns) for `heap_tid`, as aminsert does; for a build whose
// in-memory graph outgrew maintenance_work_mem.
void InsertPrepared(Relation index, const void *element, IndexTuple payload, ItemPointer heap_tid);

// C++ regime: ambulkdelete and amvacuumcleanup (called from the guarded AM callbacks).
IndexBulkDeleteResult *BulkDelete(IndexVacuumInfo *info, IndexBulkDeleteResult *stats, IndexBulkDeleteCallback callback,
                                  void *callback_state);
IndexBulkDeleteResult *VacuumCleanup(IndexVacuumInfo *info, IndexBulkDeleteResult *stats);

} // namespace vecsearch::pg::hnsw
